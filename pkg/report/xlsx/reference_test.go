package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/vendorcheck/vendorcheck/internal/testgen/reportfixture"
	"github.com/vendorcheck/vendorcheck/pkg/report"
)

// referenceResults are the results both writers render: the pipeline's
// real results, an empty one, the hostile one, and one whose text tests
// the cell text rules (long text, "_xHHHH_", characters XML cannot hold,
// spaces at the ends, carriage returns, dates Excel cannot show).
func referenceResults(t *testing.T) map[string]*report.Result {
	hostile := reportfixture.HostileResult()
	report.ComputeGroups(hostile)
	report.ComputeDeadlines(hostile, nil)

	text := reportfixture.HostileResult()
	for i := range text.Findings {
		text.Findings[i].Own()
	}
	f := &text.Findings[0]
	f.Component.Name = strings.Repeat("long ", 10000)
	f.Component.Version = "_X0041_ and _x00zz_ and _x041_"
	f.Component.Kind = "\uFFFE\uFFFF not XML"
	f.Component.Host = "  spaced  "
	f.Component.Site = "line\r\nbreak"
	f.Effective = "1899-06-30" // before Excel's first day
	f.Deadline = "soon"        // not a date
	f.JudgedAt = "1900-02-28"
	text.Parameters.AsOf = "1900-03-01"
	report.ComputeGroups(text)

	return map[string]*report.Result{
		"rich":    reportfixture.Rich(t),
		"empty":   reportfixture.Empty(),
		"hostile": hostile,
		"text":    text,
	}
}

// TestWorkbookMatchesReference renders results with this package's writer
// and with excelize as the renderer used it (excelize_reference_test.go),
// opens both with excelize, and compares what a spreadsheet shows: the
// sheets and the active one; every cell's raw and formatted value, its
// type and its style (bold, fill, number format), blank styled cells
// included; the column widths; the frozen panes; the autofilters and
// their defined names.
func TestWorkbookMatchesReference(t *testing.T) {
	for name, res := range referenceResults(t) {
		t.Run(name, func(t *testing.T) {
			var ours, ref bytes.Buffer
			if err := (Format{}).Render(&ours, res, report.Options{}); err != nil {
				t.Fatal(err)
			}
			if err := referenceRender(&ref, report.SafeResult(res)); err != nil {
				t.Fatal(err)
			}
			compareWorkbooks(t, ref.Bytes(), ours.Bytes())
		})
	}
}

func compareWorkbooks(t *testing.T, refData, ourData []byte) {
	t.Helper()
	ref, err := excelize.OpenReader(bytes.NewReader(refData))
	if err != nil {
		t.Fatal(err)
	}
	defer ref.Close()
	ours, err := excelize.OpenReader(bytes.NewReader(ourData))
	if err != nil {
		t.Fatal(err)
	}
	defer ours.Close()

	if a, b := ref.GetSheetList(), ours.GetSheetList(); !slices.Equal(a, b) || !slices.Equal(b, Sheets) {
		t.Fatalf("sheets %v, reference %v", b, a)
	}
	if a, b := ref.GetActiveSheetIndex(), ours.GetActiveSheetIndex(); a != b {
		t.Errorf("active sheet %d, reference %d", b, a)
	}
	if a, b := definedNames(ref), definedNames(ours); !slices.Equal(a, b) {
		t.Errorf("defined names %q, reference %q", b, a)
	}
	if a, b := autoFilters(t, refData), autoFilters(t, ourData); !slices.Equal(a, b) || len(b) != len(Sheets) {
		t.Errorf("autofilters %q, reference %q", b, a)
	}
	refFills, ourFills := xfFills(t, refData), xfFills(t, ourData)
	cells := 0
	for _, sheet := range Sheets {
		rp, err := ref.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		op, err := ours.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(rp, op) {
			t.Errorf("%s: panes %+v, reference %+v", sheet, op, rp)
		}
		rawRef, _ := ref.GetRows(sheet, excelize.Options{RawCellValue: true})
		rawOurs, _ := ours.GetRows(sheet, excelize.Options{RawCellValue: true})
		if !reflect.DeepEqual(rawRef, rawOurs) {
			t.Errorf("%s: raw rows differ:\n%q\nreference\n%q", sheet, rawOurs, rawRef)
		}
		shownRef, _ := ref.GetRows(sheet)
		shownOurs, _ := ours.GetRows(sheet)
		if !reflect.DeepEqual(shownRef, shownOurs) {
			t.Errorf("%s: shown rows differ:\n%q\nreference\n%q", sheet, shownOurs, shownRef)
		}
		cols, err := ref.GetCols(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for c := 1; c <= max(len(cols), 1); c++ {
			col := columnName(c)
			a, _ := ref.GetColWidth(sheet, col)
			b, _ := ours.GetColWidth(sheet, col)
			if a != b {
				t.Errorf("%s: column %s is %v wide, reference %v", sheet, col, b, a)
			}
			for r := 1; r <= len(rawRef)+1; r++ {
				cell := fmt.Sprintf("%s%d", col, r)
				cells++
				if a, b := cellType(t, ref, sheet, cell), cellType(t, ours, sheet, cell); a != b {
					t.Errorf("%s %s: type %s, reference %s", sheet, cell, b, a)
				}
				if a, b := cellStyle(t, ref, refFills, sheet, cell), cellStyle(t, ours, ourFills, sheet, cell); a != b {
					t.Errorf("%s %s: style %s, reference %s", sheet, cell, b, a)
				}
			}
		}
	}
	if cells < 100 {
		t.Errorf("only %d cells compared", cells)
	}
}

// cellType is the cell's type, with the two kinds of string (shared,
// inline) as one.
func cellType(t *testing.T, f *excelize.File, sheet, cell string) string {
	typ, err := f.GetCellType(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	// A cell holding an empty string and a blank cell look the same;
	// the writer writes no cell for an empty string.
	if v, _ := f.GetCellValue(sheet, cell); v == "" {
		return "blank"
	}
	switch typ {
	case excelize.CellTypeSharedString, excelize.CellTypeInlineString:
		return "string"
	}
	return fmt.Sprint(typ)
}

// cellStyle is what the cell's style shows: bold, fill, number format.
// The fill's colour is read from the style sheet (fills), as excelize
// reports colours only for a workbook with a theme part.
func cellStyle(t *testing.T, f *excelize.File, fills []string, sheet, cell string) string {
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	bold := st.Font != nil && st.Font.Bold
	numFmt := fmt.Sprint(st.NumFmt)
	if st.CustomNumFmt != nil {
		numFmt = *st.CustomNumFmt
	}
	fill := ""
	if st.Fill.Type != "" && st.Fill.Pattern != 0 {
		fill = fmt.Sprintf("%s/%d/%s", st.Fill.Type, st.Fill.Pattern, fills[id])
	}
	return fmt.Sprintf("bold=%v fill=%q format=%q", bold, fill, numFmt)
}

func definedNames(f *excelize.File) []string {
	var out []string
	for _, d := range f.GetDefinedName() {
		out = append(out, fmt.Sprintf("%s %s %s", d.Name, d.Scope, strings.ReplaceAll(d.RefersTo, "$", "")))
	}
	return out
}

var autoFilterRef = regexp.MustCompile(`<autoFilter ref="([^"]*)"`)

func autoFilters(t *testing.T, data []byte) []string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := range Sheets {
		f, err := zr.Open(fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(f)
		f.Close()
		for _, m := range autoFilterRef.FindAllSubmatch(b, -1) {
			out = append(out, fmt.Sprintf("%d %s", i, strings.ReplaceAll(string(m[1]), "$", "")))
		}
	}
	return out
}

// xfFills are the fill colours (fgColor rgb) of the style sheet's cell
// formats, by index.
func xfFills(t *testing.T, data []byte) []string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := zr.Open("xl/styles.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var ss struct {
		Fills []struct {
			FgColor struct {
				RGB string `xml:"rgb,attr"`
			} `xml:"patternFill>fgColor"`
		} `xml:"fills>fill"`
		Xfs []struct {
			FillID int `xml:"fillId,attr"`
		} `xml:"cellXfs>xf"`
	}
	if err := xml.NewDecoder(f).Decode(&ss); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, xf := range ss.Xfs {
		out = append(out, ss.Fills[xf.FillID].FgColor.RGB)
	}
	return out
}
