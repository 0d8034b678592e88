package hwsheet_test

import (
	"testing"

	"github.com/vendorcheck/vendorcheck/internal/testgen/fuzzcheck"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/hwsheet"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/hwsheet/xlsxbook"
)

// The fuzz targets check every decoder of this package on any input: no
// panic, errors that name the input or wrap an ingest sentinel, and the
// same result twice (scripts/fuzz-smoke.sh; docs/robustness.md).

var seedDirs = []string{"testdata/corpus", "testdata/fixtures"}

func FuzzDecodeCSV(f *testing.F) {
	fuzzcheck.Seed(f, seedDirs)
	d := hwsheet.NewCSV(hwsheet.Options{})
	f.Fuzz(func(t *testing.T, data []byte) { fuzzcheck.Decode(t, d, data) })
}

func FuzzDecodeXLSX(f *testing.F) {
	fuzzcheck.Seed(f, seedDirs)
	d := hwsheet.NewXLSX(hwsheet.Options{Workbooks: xlsxbook.Open})
	f.Fuzz(func(t *testing.T, data []byte) { fuzzcheck.Decode(t, d, data) })
}
