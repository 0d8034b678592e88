// Command cmd writes a generated SBOM for benchmarks:
//
//	go run ./internal/testgen/sbomgen/cmd -n 100000 -format cdx-json -o /tmp/x.json
//
// Formats: cdx-json (default), cdx-xml, spdx-json.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/vendorcheck/vendorcheck/internal/testgen/sbomgen"
)

var formats = map[string]func(io.Writer, int, int64) error{
	"cdx-json":  sbomgen.CycloneDXJSON,
	"cdx-xml":   sbomgen.CycloneDXXML,
	"spdx-json": sbomgen.SPDXJSON,
}

// capped are the formats that take -max-restricted.
var capped = map[string]func(io.Writer, int, int64, sbomgen.Options) error{
	"cdx-json": sbomgen.CycloneDXJSONWith,
	"cdx-xml":  sbomgen.CycloneDXXMLWith,
}

func main() {
	n := flag.Int("n", 1000, "number of components")
	seed := flag.Int64("seed", 1, "random seed")
	out := flag.String("o", "-", "output file (- for stdout)")
	format := flag.String("format", "cdx-json", "document format: cdx-json, cdx-xml or spdx-json")
	maxRestricted := flag.Int("max-restricted", 0, "at most this many restricted-vendor components (cdx-json, cdx-xml; 0: no cap)")
	flag.Parse()
	gen, ok := formats[*format]
	if !ok {
		fmt.Fprintf(os.Stderr, "sbomgen: unknown -format %q: want cdx-json, cdx-xml or spdx-json\n", *format)
		os.Exit(2)
	}
	if *maxRestricted > 0 {
		c, ok := capped[*format]
		if !ok {
			fmt.Fprintf(os.Stderr, "sbomgen: -max-restricted is for cdx-json and cdx-xml\n")
			os.Exit(2)
		}
		o := sbomgen.Options{MaxRestricted: *maxRestricted}
		gen = func(w io.Writer, n int, seed int64) error { return c(w, n, seed, o) }
	}
	if err := run(gen, *n, *seed, *out); err != nil {
		fmt.Fprintln(os.Stderr, "sbomgen:", err)
		os.Exit(1)
	}
}

func run(gen func(io.Writer, int, int64) error, n int, seed int64, out string) error {
	if out == "-" {
		return gen(os.Stdout, n, seed)
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	if err := gen(f, n, seed); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
