package xlsxbook_test

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/ingest/hwsheet"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/hwsheet/xlsxbook"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/hwtext/hwgolden"
)

// The workbook fixture of package hwsheet, read through this reader,
// gives the same inventory as its golden file.
func TestFixtureMatchesGolden(t *testing.T) {
	const fixture = "../testdata/fixtures/micron-dimms.xlsx"
	data, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	inv, err := hwsheet.NewXLSX(hwsheet.Options{Workbooks: xlsxbook.Open}).Decode(context.Background(), bytes.NewReader(data), "testdata/fixtures/micron-dimms.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../testdata/golden/fixtures-micron-dimms.xlsx.golden.json")
	if err != nil {
		t.Fatal(err)
	}
	if got := hwgolden.JSON(inv); !bytes.Equal(got, want) {
		t.Errorf("inventory differs from the golden file:\n%s", got)
	}
}

// A zip that is not a workbook is an error, not a panic.
func TestNotAWorkbook(t *testing.T) {
	if _, err := xlsxbook.Open([]byte("PK\x03\x04 not really"), 1<<20); err == nil {
		t.Error("no error for a broken zip")
	}
}
