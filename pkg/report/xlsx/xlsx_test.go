package xlsx_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
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

// openXLSX opens a rendered workbook with excelize, closed when the test ends.
func openXLSX(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// sheetRows is a sheet's rows as excelize reads them.
func sheetRows(t *testing.T, f *excelize.File, sheet string, opts ...excelize.Options) [][]string {
	t.Helper()
	rows, err := f.GetRows(sheet, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestXLSXWorkbook: the sheets in order, each with a frozen header and an
// autofilter; dates are date cells; text from the inputs stays text.
func TestXLSXWorkbook(t *testing.T) {
	res := reportfixture.HostileResult()
	res.Findings[0].Own()
	res.Findings[0].Component.Name = "=HYPERLINK(\"http://x\",\"click\")"
	report.ComputeGroups(res)
	report.ComputeDeadlines(res, nil)
	data := renderXLSX(t, res)
	f := openXLSX(t, data)
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
	rows := sheetRows(t, f, "Findings")
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

// TestXLSXNumberFormats reads the workbook back and checks the number
// format of every cell of the Summary and Parameters sheets: counts are
// numbers, dates are dates, whatever else the column holds. (A column
// styled as dates because one of its cells is a date showed "43 inputs" as
// 1900-02-12.)
func TestXLSXNumberFormats(t *testing.T) {
	res := &report.Result{
		SchemaVersion: report.SchemaVersion,
		Tool:          report.Tool{Name: "vendorcheck", Version: "v1.0.0", DataReviewed: "2026-10-01"},
		Parameters:    report.Parameters{AsOf: "2026-11-27", FailOn: "deny", MinConfidence: "medium"},
		Summary: report.Summary{Files: 43, FilesFailed: 1, Components: 1234, Attributed: 56, Unassessed: 7,
			Findings: map[string]int{"deny": 12, "warn": 3, "info": 0}, Failing: 12, FailOnAction: "deny"},
	}
	f := openXLSX(t, renderXLSX(t, res))

	// kindOf says how a cell is shown: "date" for a date number format,
	// "number" for General or another number format, by the built-in id or
	// the custom code.
	kindOf := func(sheet, cell string) string {
		id, err := f.GetCellStyle(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if st.CustomNumFmt != nil {
			if strings.ContainsAny(strings.ToLower(*st.CustomNumFmt), "ymd") {
				return "date"
			}
			return "number"
		}
		switch {
		case st.NumFmt >= 14 && st.NumFmt <= 22, st.NumFmt >= 45 && st.NumFmt <= 47:
			return "date"
		}
		return "number"
	}
	check := func(sheet string, want map[string]struct{ kind, shown string }) {
		t.Helper()
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		seen := 0
		for i, row := range rows[1:] {
			w, ok := want[row[0]]
			if !ok {
				continue
			}
			seen++
			cell := fmt.Sprintf("B%d", i+2)
			if got := kindOf(sheet, cell); got != w.kind {
				t.Errorf("%s %s (%s): number format is a %s, want a %s", sheet, cell, row[0], got, w.kind)
			}
			if got, _ := f.GetCellValue(sheet, cell); got != w.shown {
				t.Errorf("%s %s (%s) shows %q, want %q", sheet, cell, row[0], got, w.shown)
			}
		}
		if seen != len(want) {
			t.Errorf("%s: %d of %d expected rows found", sheet, seen, len(want))
		}
	}
	check("Summary", map[string]struct{ kind, shown string }{
		"As of":                            {"date", "2026-11-27"},
		"Inputs":                           {"number", "43"},
		"Inputs that could not be checked": {"number", "1"},
		"Components":                       {"number", "1234"},
		"Attributed to a listed entity":    {"number", "56"},
		"Unassessed (no vendor signal)":    {"number", "7"},
		"Rule hits: deny":                  {"number", "12"},
		"Components flagged":               {"number", "0"},
		"Rule hits: info":                  {"number", "0"},
		"Hosts, sites and files":           {"number", "0"},
	})
	check("Parameters", map[string]struct{ kind, shown string }{
		"As of":                {"date", "2026-11-27"},
		"Policy data reviewed": {"date", "2026-10-01"},
		"Schema version":       {"number", report.SchemaVersion},
	})
}

// Unassessed components past --max-unassessed are counted on the Summary
// sheet; the Unassessed sheet holds only components.
func TestXLSXUnlistedUnassessed(t *testing.T) {
	res := reportfixture.HostileResult()
	res.UnlistedUnassessed = []report.UnlistedCount{{File: "a.json", Components: 3}}
	res.Summary.Unassessed, res.Summary.UnassessedUnlisted = 4, 3
	f := openXLSX(t, renderXLSX(t, res))
	rows := sheetRows(t, f, "Summary")
	found := false
	for _, r := range rows {
		if len(r) == 2 && r[0] == "Unassessed not listed (--max-unassessed)" && r[1] == "3" {
			found = true
		}
	}
	if !found {
		t.Errorf("the Summary sheet does not count the 3 unlisted: %q", rows)
	}
	un := sheetRows(t, f, "Unassessed")
	if len(un) != 1+len(res.Unassessed) {
		t.Errorf("the Unassessed sheet has %d rows, want the header and %d components", len(un), len(res.Unassessed))
	}
}

// Text that looks like SpreadsheetML's character escape ("_x0041_" is
// read as "A") is written so that it reads back as written; the
// spreadsheet library the package used before wrote the first such
// escape unprotected, and its reader showed "A".
func TestXLSXEscapeLikeText(t *testing.T) {
	res := reportfixture.HostileResult()
	res.Findings[0].Own()
	want := "_x0041_ _x005F_x0041_ _x005f_ _xD800_ _x00zz_"
	res.Findings[0].Component.Name = want
	f := openXLSX(t, renderXLSX(t, res))
	rows := sheetRows(t, f, "Findings", excelize.Options{RawCellValue: true})
	if got := rows[1][slices.Index(xlsx.FindingColumns, "Component")]; got != want {
		t.Errorf("component %q, want %q", got, want)
	}
}

// Text longer than Excel's cell limit is cut to half of it and an
// ellipsis; text of many bytes but few characters is kept whole (the
// cut counted bytes and panicked on it). Every part of the workbook is
// well-formed XML, and every part has the same fixed time.
func TestXLSXLongTextAndParts(t *testing.T) {
	res := reportfixture.HostileResult()
	for i := range res.Findings {
		res.Findings[i].Own()
	}
	few := strings.Repeat("😀", 10000)  // 40,000 bytes, 10,000 characters
	many := strings.Repeat("ü", 20000) // 40,000 bytes, 20,000 characters
	res.Findings[0].Component.Name, res.Findings[1].Component.Name = few, many
	data := renderXLSX(t, res)
	f := openXLSX(t, data)
	rows := sheetRows(t, f, "Findings")
	col := slices.Index(xlsx.FindingColumns, "Component")
	if got := rows[1][col]; got != few {
		t.Errorf("10,000 four-byte characters: got %d bytes, want them whole", len(got))
	}
	if got, want := rows[2][col], strings.Repeat("ü", 32767/2)+"…"; got != want {
		t.Errorf("20,000 characters: got %d characters, want 16,383 and an ellipsis", len([]rune(got)))
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if !zf.Modified.Equal(zr.File[0].Modified) || zf.Modified.Year() != 1980 {
			t.Errorf("%s: modified %v", zf.Name, zf.Modified)
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		d := xml.NewDecoder(rc)
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Errorf("%s: %v", zf.Name, err)
				break
			}
		}
		rc.Close()
	}
}
