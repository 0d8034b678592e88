// Command cmd writes one input of the memory cases of the bad-input
// catalogue, to measure a run by hand:
//
//	go run ./internal/testgen/hostilegen/cmd -case xml-name -o /tmp/name.cdx.xml
//	/usr/bin/time -v vendorcheck scan -o sarif=/dev/null /tmp/name.cdx.xml
//
// Cases (sizes as in docs/robustness.md; -n changes the count or size):
//
//	xml-name          a 100 MB name in CycloneDX XML
//	json-name         a 60 MB name in CycloneDX JSON
//	json-names        60 names of 1,000,000 bytes each (just under the per-value limit)
//	shared-ref        1,000,000 components sharing one bom-ref
//	xlsx-strings      a 1.2 MB XLSX with a 500 MiB shared-strings table
//	xlsx-tiny-strings a shared-strings table of 1,000,000 entries of one letter
//	xlsx-large-sheet  a 300,000-row sheet, one Huawei row (its part over 16 MiB, streamed from the zip)
//	xlsx-corrupt      the same sheet cut short near its end
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/vendorcheck/vendorcheck/internal/testgen/hostilegen"
)

func main() {
	c := flag.String("case", "", "which input (see the package doc)")
	n := flag.Int("n", 0, "the count or size instead of the documented one")
	out := flag.String("o", "-", "output file (- for stdout)")
	flag.Parse()
	or := func(def int) int {
		if *n > 0 {
			return *n
		}
		return def
	}
	gens := map[string]func(io.Writer) error{
		"xml-name":     func(w io.Writer) error { return hostilegen.CycloneDXXMLName(w, or(100_000_000)) },
		"json-name":    func(w io.Writer) error { return hostilegen.CycloneDXJSONName(w, or(60_000_000)) },
		"json-names":   func(w io.Writer) error { return hostilegen.CycloneDXJSONNames(w, or(60), 1_000_000) },
		"shared-ref":   func(w io.Writer) error { return hostilegen.CycloneDXSharedRef(w, or(1_000_000)) },
		"xlsx-strings": func(w io.Writer) error { return hostilegen.Workbook{Rows: 10, SharedStrings: or(500 << 20)}.Write(w) },
		"xlsx-tiny-strings": func(w io.Writer) error {
			return hostilegen.Workbook{Rows: 10, SharedStrings: or(1_000_000) * 17, EntrySize: 17}.Write(w)
		},
		"xlsx-large-sheet": func(w io.Writer) error { return hostilegen.Workbook{Rows: or(300_000), HuaweiRows: 1}.Write(w) },
		"xlsx-corrupt": func(w io.Writer) error {
			return hostilegen.Workbook{Rows: or(300_000), HuaweiRows: 1, CorruptTail: true}.Write(w)
		},
	}
	gen, ok := gens[*c]
	if !ok {
		fmt.Fprintf(os.Stderr, "cmd: unknown -case %q\n", *c)
		os.Exit(2)
	}
	w := os.Stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(os.Stderr, "cmd:", err)
			os.Exit(1)
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	if err := gen(bw); err != nil {
		fmt.Fprintln(os.Stderr, "cmd:", err)
		os.Exit(1)
	}
	if err := bw.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "cmd:", err)
		os.Exit(1)
	}
}
