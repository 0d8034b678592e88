package cyclonedx_test

import (
	"testing"

	"github.com/vendorcheck/vendorcheck/internal/testgen/fuzzcheck"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/cyclonedx"
)

// The fuzz targets check every decoder of this package on any input: no
// panic, errors that name the input or wrap an ingest sentinel, and the
// same result twice (scripts/fuzz-smoke.sh; docs/robustness.md).

var seedDirs = []string{"testdata/corpus", "testdata/fixtures"}

func FuzzDecodeJSONInvariants(f *testing.F) {
	fuzzcheck.Seed(f, seedDirs)
	d := cyclonedx.NewJSON()
	f.Fuzz(func(t *testing.T, data []byte) { fuzzcheck.Decode(t, d, data) })
}

func FuzzDecodeXML(f *testing.F) {
	fuzzcheck.Seed(f, seedDirs)
	d := cyclonedx.NewXML()
	f.Fuzz(func(t *testing.T, data []byte) { fuzzcheck.Decode(t, d, data) })
}
