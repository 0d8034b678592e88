// Command fleetgen writes a small deterministic fleet of inventories (see
// package fleet) for the audit's tests, screenshot and benchmarks:
//
//	go run ./internal/testgen/fleetgen -o testdata/fleet/generated
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/vendorcheck/vendorcheck/internal/testgen/fleetgen/fleet"
)

func main() {
	out := flag.String("o", "", "write the fleet into `DIR`")
	n := flag.Int("n", 24, "number of hosts")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: fleetgen -o DIR [-n HOSTS] [-seed N]")
		os.Exit(2)
	}
	paths, err := fleet.Write(*out, *n, *seed)
	if err != nil {
		fmt.Fprintf(os.Stderr, "fleetgen: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("fleetgen: wrote %d file(s) to %s\n", len(paths), *out)
}
