// Command benchdecode decodes one file with one library and reports the
// time and allocations, for scripts/bench.sh (which adds peak RSS with
// /usr/bin/time -v):
//
//	go run ./scripts/benchdecode -lib cyclonedx-go-json sbom.cdx.json
//
// Libraries: cyclonedx-go-json, cyclonedx-go-xml, tools-golang-json (the
// format libraries alone) and vendorcheck (detect and decode, no matching).
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"time"

	cdx "github.com/CycloneDX/cyclonedx-go"
	spdxjson "github.com/spdx/tools-golang/json"

	"github.com/vendorcheck/vendorcheck/pkg/ingest/hwsheet/xlsxbook"
	"github.com/vendorcheck/vendorcheck/pkg/scan"
)

func main() {
	lib := flag.String("lib", "vendorcheck", "cyclonedx-go-json, cyclonedx-go-xml, tools-golang-json or vendorcheck")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: benchdecode -lib LIB FILE")
		os.Exit(2)
	}
	if err := run(*lib, flag.Arg(0)); err != nil {
		fmt.Fprintln(os.Stderr, "benchdecode:", err)
		os.Exit(1)
	}
}

func run(lib, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	n, err := decode(lib, r, path)
	if err != nil {
		return err
	}
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	fmt.Printf("%s\t%s\t%d items\t%.3f s\t%d MB allocated\t%d allocs\n", lib, path, n, elapsed.Seconds(),
		(after.TotalAlloc-before.TotalAlloc)>>20, after.Mallocs-before.Mallocs)
	return nil
}

func decode(lib string, r io.Reader, name string) (int, error) {
	switch lib {
	case "cyclonedx-go-json", "cyclonedx-go-xml":
		format := cdx.BOMFileFormatJSON
		if lib == "cyclonedx-go-xml" {
			format = cdx.BOMFileFormatXML
		}
		var bom cdx.BOM
		if err := cdx.NewBOMDecoder(r, format).Decode(&bom); err != nil {
			return 0, err
		}
		if bom.Components == nil {
			return 0, nil
		}
		return len(*bom.Components), nil
	case "tools-golang-json":
		doc, err := spdxjson.Read(r)
		if err != nil {
			return 0, err
		}
		return len(doc.Packages), nil
	case "vendorcheck":
		inv, err := scan.Decoders(scan.DecoderOptions{Workbooks: xlsxbook.Open}).Decode(context.Background(), r, name)
		if err != nil {
			return 0, err
		}
		return len(inv.Components), nil
	}
	return 0, fmt.Errorf("unknown -lib %q", lib)
}
