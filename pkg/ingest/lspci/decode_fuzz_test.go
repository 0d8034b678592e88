package lspci_test

import (
	"testing"

	"github.com/vendorcheck/vendorcheck/internal/testgen/fuzzcheck"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/lspci"
)

// The fuzz targets check every decoder of this package on any input: no
// panic, errors that name the input or wrap an ingest sentinel, and the
// same result twice (scripts/fuzz-smoke.sh; docs/robustness.md).

var seedDirs = []string{"testdata/corpus", "testdata/fixtures"}

func FuzzDecode(f *testing.F) {
	fuzzcheck.Seed(f, seedDirs)
	d := lspci.New()
	f.Fuzz(func(t *testing.T, data []byte) { fuzzcheck.Decode(t, d, data) })
}
