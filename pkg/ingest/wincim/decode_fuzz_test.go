package wincim_test

import (
	"testing"

	"github.com/vendorcheck/vendorcheck/internal/testgen/fuzzcheck"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/wincim"
)

// The fuzz targets check each decoder on any input: no panic, errors that
// name the input or wrap an ingest sentinel, and the same result twice
// (scripts/fuzz-smoke.sh; docs/robustness.md).

var seedDirs = []string{"testdata/fixtures"}

func FuzzDecodeJSON(f *testing.F) {
	fuzzcheck.Seed(f, seedDirs)
	d := wincim.NewJSON()
	f.Fuzz(func(t *testing.T, data []byte) { fuzzcheck.Decode(t, d, data) })
}

func FuzzDecodeCSV(f *testing.F) {
	fuzzcheck.Seed(f, seedDirs)
	d := wincim.NewCSV()
	f.Fuzz(func(t *testing.T, data []byte) { fuzzcheck.Decode(t, d, data) })
}
