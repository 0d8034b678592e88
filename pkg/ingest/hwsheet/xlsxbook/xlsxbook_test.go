package xlsxbook_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/internal/testgen/hostilegen"
	"github.com/vendorcheck/vendorcheck/pkg/ingest"

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

// No temporary file is left behind, whether the workbook is read, cut
// short near its end, or no workbook at all.
func TestNoTemporaryFilesLeft(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	data, err := os.ReadFile("../testdata/fixtures/micron-dimms.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	dec := hwsheet.NewXLSX(hwsheet.Options{Workbooks: xlsxbook.Open})
	if _, err := dec.Decode(context.Background(), bytes.NewReader(data), "book.xlsx"); err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][]byte{data[:len(data)-40], data[:len(data)/2], []byte("PK\x03\x04 not really")} {
		if _, err := dec.Decode(context.Background(), bytes.NewReader(bad), "bad.xlsx"); err == nil {
			t.Errorf("no error for a workbook of %d bytes cut from %d", len(bad), len(data))
		}
	}
	left, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range left {
		t.Errorf("left in the temporary directory: %s", e.Name())
	}
}

// The shared-strings table is bounded before the library reads it: in
// bytes (a 1.5 MB workbook can hold 500 MiB of strings) and in entries.
// Within both, a workbook with a table is read.
func TestSharedStringsBounded(t *testing.T) {
	dec := hwsheet.NewXLSX(hwsheet.Options{Workbooks: xlsxbook.Open})
	for _, c := range []struct {
		name string
		wb   hostilegen.Workbook
		want string // "" when the workbook must be read
	}{
		{"bytes", hostilegen.Workbook{Rows: 10, SharedStrings: hwsheet.MaxXLSXSharedStrings + 1000}, "shared-strings table xl/sharedStrings.xml inflates to"},
		{"entries", hostilegen.Workbook{Rows: 10, SharedStrings: 17 * (hwsheet.MaxXLSXSharedStringCount + 100), EntrySize: 17}, "has more than 2000000 entries"},
		{"within", hostilegen.Workbook{Rows: 30, SharedStrings: 1 << 20}, ""},
	} {
		var b bytes.Buffer
		if err := c.wb.Write(&b); err != nil {
			t.Fatal(err)
		}
		inv, err := dec.Decode(context.Background(), bytes.NewReader(b.Bytes()), "strings.xlsx")
		if c.want == "" {
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			huawei := 0
			for _, comp := range inv.Components {
				for _, p := range comp.Parties {
					if p.Name == "Huawei" {
						huawei++
					}
				}
			}
			if len(inv.Components) != 30 || huawei != 3 {
				t.Errorf("%s: %d components, %d by Huawei; want 30 and 3", c.name, len(inv.Components), huawei)
			}
			continue
		}
		if !errors.Is(err, ingest.ErrTooLarge) || !strings.HasPrefix(err.Error(), "strings.xlsx: xlsx: input too large: ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s (%d bytes of XLSX): got %v, want a too-large error with %q", c.name, b.Len(), err, c.want)
		}
	}
}
