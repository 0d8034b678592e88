// Command cmd writes a generated SBOM for benchmarks:
//
//	go run ./internal/sbomgen/cmd -n 100000 -o /tmp/x.json
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/vendorcheck/vendorcheck/internal/sbomgen"
)

func main() {
	n := flag.Int("n", 1000, "number of components")
	seed := flag.Int64("seed", 1, "random seed")
	out := flag.String("o", "-", "output file (- for stdout)")
	flag.Parse()
	if err := run(*n, *seed, *out); err != nil {
		fmt.Fprintln(os.Stderr, "sbomgen:", err)
		os.Exit(1)
	}
}

func run(n int, seed int64, out string) error {
	var w io.Writer = os.Stdout
	if out != "-" {
		f, err := os.Create(out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
		if err := sbomgen.CycloneDXJSON(w, n, seed); err != nil {
			return err
		}
		return f.Close()
	}
	return sbomgen.CycloneDXJSON(w, n, seed)
}
