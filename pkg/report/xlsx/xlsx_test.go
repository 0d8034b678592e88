package xlsx_test

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/vendorcheck/vendorcheck/internal/testgen/reportfixture"
	"github.com/vendorcheck/vendorcheck/pkg/report"
	"github.com/vendorcheck/vendorcheck/pkg/report/xlsx"
)

func renderXLSX(t *testing.T, res *report.Result) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := (xlsx.Format{}).Render(&b, res, report.Options{}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestXLSXWorkbook: the sheets in order, each with a frozen header and an
// autofilter; dates are date cells; text from the inputs stays text.
func TestXLSXWorkbook(t *testing.T) {
	res := reportfixture.HostileResult()
	res.Findings[0].Component.Name = "=HYPERLINK(\"http://x\",\"click\")"
	report.ComputeGroups(res)
	report.ComputeDeadlines(res, nil)
	data := renderXLSX(t, res)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, xlsx.Sheets) {
		t.Fatalf("sheets %v, want %v", got, xlsx.Sheets)
	}
	for _, name := range xlsx.Sheets {
		p, err := f.GetPanes(name)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Freeze || p.YSplit != 1 {
			t.Errorf("%s: header row not frozen: %+v", name, p)
		}
	}
	// Autofilters, from the sheets' XML: one per sheet.
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	filters := 0
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if regexp.MustCompile(`<autoFilter ref="\$?A\$?1:\$?[A-Z]+\$?[0-9]+"`).Match(b) {
			filters++
		}
		if bytes.Contains(b, []byte("<f>")) {
			t.Errorf("%s holds a formula", zf.Name)
		}
	}
	if filters != len(xlsx.Sheets) {
		t.Errorf("%d sheets have an autofilter, want %d", filters, len(xlsx.Sheets))
	}
	rows, err := f.GetRows("Findings")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows[0], xlsx.FindingColumns) {
		t.Errorf("Findings header %v", rows[0])
	}
	if len(rows) != len(res.Findings)+1 {
		t.Fatalf("%d finding rows, want %d", len(rows)-1, len(res.Findings))
	}
	col := func(name string) int { return slices.Index(xlsx.FindingColumns, name) }
	if got := rows[1][col("Component")]; got != res.Findings[0].Component.Name {
		t.Errorf("component %q, want the text %q", got, res.Findings[0].Component.Name)
	}
	// The deadline is a date cell: a serial number shown as YYYY-MM-DD.
	cell, _ := excelize.CoordinatesToCellName(col("Deadline")+1, 3)
	shown, _ := f.GetCellValue("Findings", cell)
	raw, _ := f.GetCellValue("Findings", cell, excelize.Options{RawCellValue: true})
	if shown != "2027-12-31" || raw != "46752" {
		t.Errorf("deadline cell shows %q (raw %q), want 2027-12-31 (46752)", shown, raw)
	}
	// The same result gives the same bytes.
	if !bytes.Equal(data, renderXLSX(t, res)) {
		t.Errorf("two renderings differ")
	}
}
