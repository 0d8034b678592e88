package sysprofiler_test

import (
	"testing"

	"github.com/vendorcheck/vendorcheck/internal/testgen/fuzzcheck"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/sysprofiler"
)

// The fuzz targets check each decoder on any input: no panic, errors that
// name the input or wrap an ingest sentinel, and the same result twice
// (scripts/fuzz-smoke.sh; docs/robustness.md).

var seedDirs = []string{"testdata/fixtures", "testdata/corpus"}

func FuzzDecodeJSON(f *testing.F) {
	fuzzcheck.Seed(f, seedDirs)
	d := sysprofiler.NewJSON()
	f.Fuzz(func(t *testing.T, data []byte) { fuzzcheck.Decode(t, d, data) })
}

func FuzzDecodeText(f *testing.F) {
	fuzzcheck.Seed(f, seedDirs)
	d := sysprofiler.NewText()
	f.Fuzz(func(t *testing.T, data []byte) { fuzzcheck.Decode(t, d, data) })
}

func FuzzDecodeXML(f *testing.F) {
	fuzzcheck.Seed(f, seedDirs)
	d := sysprofiler.NewXML()
	f.Fuzz(func(t *testing.T, data []byte) { fuzzcheck.Decode(t, d, data) })
}
