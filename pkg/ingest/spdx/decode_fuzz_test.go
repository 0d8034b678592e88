package spdx_test

import (
	"testing"

	"github.com/vendorcheck/vendorcheck/internal/testgen/fuzzcheck"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/spdx"
)

// The fuzz targets check every decoder of this package on any input: no
// panic, errors that name the input or wrap an ingest sentinel, and the
// same result twice (scripts/fuzz-smoke.sh; docs/robustness.md).

var seedDirs = []string{"testdata/corpus", "testdata/fixtures"}

func FuzzDecodeJSON(f *testing.F) {
	fuzzcheck.Seed(f, seedDirs)
	d := spdx.NewJSON()
	f.Fuzz(func(t *testing.T, data []byte) { fuzzcheck.Decode(t, d, data) })
}

func FuzzDecodeTagValue(f *testing.F) {
	fuzzcheck.Seed(f, seedDirs)
	d := spdx.NewTagValue()
	f.Fuzz(func(t *testing.T, data []byte) { fuzzcheck.Decode(t, d, data) })
}

func FuzzDecodeYAML(f *testing.F) {
	fuzzcheck.Seed(f, seedDirs)
	d := spdx.NewYAML()
	f.Fuzz(func(t *testing.T, data []byte) { fuzzcheck.Decode(t, d, data) })
}

func FuzzDecodeRDF(f *testing.F) {
	fuzzcheck.Seed(f, seedDirs)
	d := spdx.NewRDF()
	f.Fuzz(func(t *testing.T, data []byte) { fuzzcheck.Decode(t, d, data) })
}
