package xlsxbook

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/vendorcheck/vendorcheck/internal/testgen/hostilegen"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/hwsheet"
)

// The reader the package had before it read workbooks itself: excelize
// with raw cell values. The tests compare the two.

func excelizeOpen(data []byte, unzipLimit int64) (hwsheet.Workbook, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    unzipLimit,
		UnzipXMLSizeLimit: 16 << 20,
		TmpDir:            os.TempDir(),
	})
	if err != nil {
		return nil, err
	}
	return excelizeBook{f}, nil
}

type excelizeBook struct{ f *excelize.File }

func (b excelizeBook) Sheets() []string { return b.f.GetSheetList() }
func (b excelizeBook) Date1904() bool {
	p, err := b.f.GetWorkbookProps()
	return err == nil && p.Date1904 != nil && *p.Date1904
}
func (b excelizeBook) Close() error { return b.f.Close() }
func (b excelizeBook) Rows(sheet string, fn func(int, []string) error) error {
	rs, err := b.f.Rows(sheet)
	if err != nil {
		return err
	}
	defer rs.Close()
	for row := 1; rs.Next(); row++ {
		cols, err := rs.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return &hwsheet.RowError{Row: row, Err: err}
		}
		if err := fn(row, cols); err != nil {
			return err
		}
	}
	return rs.Error()
}

// bookContent is all a workbook reader gives: the sheets, the date system
// and each sheet's rows, or its error.
type bookContent struct {
	OpenErr  bool
	Sheets   []string
	Date1904 bool
	Rows     map[string][]string // sheet -> "row: cells" lines
	Errs     map[string]bool     // sheet -> its rows failed
}

// maxReadRows bounds the rows read of one sheet (a fuzzed row number
// can ask for a million empty rows).
const maxReadRows = 5000

var errEnough = errors.New("enough rows")

func readContent(open hwsheet.OpenWorkbook, data []byte) bookContent {
	var c bookContent
	wb, err := open(data, hwsheet.MaxXLSXUncompressed)
	if err != nil {
		c.OpenErr = true
		return c
	}
	defer wb.Close()
	c.Sheets, c.Date1904 = wb.Sheets(), wb.Date1904()
	c.Rows, c.Errs = map[string][]string{}, map[string]bool{}
	for _, s := range c.Sheets {
		var lines []string
		err := wb.Rows(s, func(row int, cells []string) error {
			if row > maxReadRows {
				return errEnough
			}
			// Trailing empty cells are not part of a row's content: the
			// decoder drops them.
			for len(cells) > 0 && cells[len(cells)-1] == "" {
				cells = cells[:len(cells)-1]
			}
			lines = append(lines, fmt.Sprintf("%d: %q", row, cells))
			return nil
		})
		c.Rows[s] = lines
		c.Errs[s] = err != nil && !errors.Is(err, errEnough)
	}
	return c
}

// comparable reports whether both readers read the workbook (opened it
// and every sheet): only then must they agree. Where excelize reads what
// is not well-formed XML (it stops at the first error and keeps what it
// read) or rows out of order (it merges them), this reader refuses it.
func bothRead(a, b bookContent) bool {
	if a.OpenErr || b.OpenErr {
		return false
	}
	for s := range a.Errs {
		if a.Errs[s] || b.Errs[s] {
			return false
		}
	}
	return true
}

// referenceWorkbooks are the workbooks the two readers are compared on:
// every XLSX file in the repository's test data and the shared corpus,
// workbooks excelize writes, the generated hostile ones, and hand-made
// parts for each rule of reading (sparse cells, missing rows, rich text,
// inline strings, types, formulas, escapes, strict namespaces, targets).
func referenceWorkbooks(t testing.TB) map[string][]byte {
	books := map[string][]byte{}
	var files []string
	for _, g := range []string{"testdata/real/*.xlsx", "../testdata/*/*.xlsx", "/work/shared/corpus/**/*.xlsx", "../../../../testdata/**/*.xlsx"} {
		m, _ := filepath.Glob(g)
		files = append(files, m...)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		books[f] = data
	}
	for name, wb := range map[string]hostilegen.Workbook{
		"hostilegen inline":         {Rows: 30},
		"hostilegen shared strings": {Rows: 30, SharedStrings: 4096},
	} {
		var b bytes.Buffer
		if err := wb.Write(&b); err != nil {
			t.Fatal(err)
		}
		books[name] = b.Bytes()
	}
	books["excelize written"] = excelizeWritten(t)
	for name, parts := range handMade() {
		books[name] = zipParts(t, parts)
	}
	return books
}

// excelizeWritten is a workbook excelize writes: several sheets, every
// kind of value, rich text, formulas, a gap and sparse cells, 1904 dates.
func excelizeWritten(t testing.TB) []byte {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Inventar 2023")
	f.NewSheet("Notes")
	f.NewSheet("Leer")
	f.SetSheetRow("Inventar 2023", "A1", &[]any{"Manufacturer", "Model", "Bought", "Count", "Ok", "Price"})
	f.SetSheetRow("Inventar 2023", "A2", &[]any{"Huawei", "S5720", time.Date(2022, 6, 1, 0, 0, 0, 0, time.UTC), 3, true, 12.5})
	f.SetSheetRow("Inventar 2023", "B4", &[]any{"  spaced  ", nil, "_x0041_ literal", -1, false, 1e21})
	f.SetCellFormula("Inventar 2023", "D5", "SUM(D2:D4)")
	f.SetCellRichText("Inventar 2023", "A6", []excelize.RichTextRun{{Text: "Hua"}, {Text: "wei", Font: &excelize.Font{Bold: true}}})
	f.SetCellValue("Inventar 2023", "H9", "far")
	f.SetCellValue("Notes", "C3", "line\nbreak & <tags>")
	f.SetCellStr("Notes", "A1", "漢字 ✓")
	f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: boolPtr(true)})
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func boolPtr(b bool) *bool { return &b }

const (
	ct      = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/></Types>`
	pkgRels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	wbOne   = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`
	wbRels  = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`
	sstHead = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`
	wsHead  = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	wsTail  = `</sheetData></worksheet>`
)

// part is one zip entry of a hand-made workbook.
type part struct{ name, body string }

// oneSheet is a workbook of one sheet with the given sheet data and
// shared-strings entries.
func oneSheet(sheetData, sst string) []part {
	return []part{
		{"[Content_Types].xml", ct}, {"_rels/.rels", pkgRels}, {"xl/workbook.xml", wbOne},
		{"xl/_rels/workbook.xml.rels", wbRels},
		{"xl/sharedStrings.xml", sstHead + sst + `</sst>`},
		{"xl/worksheets/sheet1.xml", wsHead + sheetData + wsTail},
	}
}

func handMade() map[string][]part {
	const sst = `<si><t>Manufacturer</t></si><si><t xml:space="preserve"> Hua </t></si>` +
		`<si><r><t>Hua</t></r><r><rPr><b/></rPr><t xml:space="preserve">wei </t></r></si>` +
		`<si><t>ZTE</t><rPh sb="0" eb="1"><t>zi</t></rPh><phoneticPr fontId="1"/></si>` +
		`<si><t>first</t><t>second</t></si><si><t>a<x>b</x>c</t></si>` +
		`<si><t><![CDATA[<cdata>]]> &amp; &#x41;</t></si><si><t>_x0041__x005F_x0042__xD800_</t></si><si/>`
	books := map[string][]part{
		"types": oneSheet(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v> 1 </v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>`+
			`<row r="2"><c r="A2" t="b"><v>1</v></c><c r="B2" t="e"><v>#N/A</v></c><c r="C2"><v>1.50</v></c><c r="D2" t="n"><v>4.2E+21</v></c><c r="E2" t="d"><v>2022-06-01T00:00:00Z</v></c></row>`+
			`<row r="3"><c r="A3" t="str"><f>A1&amp;"x"</f><v>Manufacturerx</v></c><c r="B3"><f>1/0</f></c><c r="C3" t="s"><v>4</v></c><c r="D3" t="s"><v>5</v></c><c r="E3" t="s"><v>6</v></c><c r="F3" t="s"><v>7</v></c><c r="G3" t="s"><v>8</v></c><c r="H3" t="s"><v>x</v></c></row>`+
			`<row r="4"><c r="A4" t="inlineStr"><is><t>in</t><r><t>line</t></r></is></c><c r="B4" t="inlineStr"><v>v only</v></c><c r="C4" t="inlineStr"><is><t>_x0041_</t></is></c><c r="D4" t="s"><v></v></c></row>`, sst),
		"sparse and gaps": oneSheet(`<row r="3"><c r="C3"><v>1</v></c><c r="A3"><v>2</v></c><c r="E3"><v>3</v></c></row>`+
			`<row><c><v>4</v></c><c/><c><v>5</v></c><c r="$F$4"><v>6</v></c><c><v>7</v></c></row>`+
			`<row r="0"><c r="b5"><v>8</v></c></row><row r="9" spans="1:2"/><row r="10"><c r="A10"><v></v></c><c r="C10"><v>9</v></c><c r="D10"></c></row>`, sst),
		"cells around rows":     oneSheet(`<c r="A1"><v>before</v></c><row r="1"><c r="A1"><v>1</v></c></row><c r="B1"><v>between</v></c><row r="2"><x><c r="A2"><v>deep</v></c></x></row>`, sst),
		"no shared strings":     oneSheet(`<row r="1"><c r="A1" t="inlineStr"><is><t>only inline</t></is></c></row>`, ""),
		"comments and entities": oneSheet(`<!-- a comment --><row r="1"><c r="A1" t="inlineStr"><is><t>a<!-- c -->b &lt;&gt; &#x1F600;</t></is></c><?pi x?></row>`, sst),
		"bad index":             oneSheet(`<row r="1"><c r="A1" t="s"><v>99</v></c></row>`, sst),
		"bad cell ref":          oneSheet(`<row r="1"><c r="1A"><v>1</v></c></row>`, sst),
		"bad style":             oneSheet(`<row r="1"><c r="B1" s="x"><v>1</v></c><c r="C1"><v>2</v></c></row>`, sst),
		"formula attrs":         oneSheet(`<row r="1"><c r="A1"><v>1</v><f ca="maybe">A2</f><v>2</v></c><c r="B1"><f t="shared" si="0" ref="B1:B2">A1</f><v>3</v></c></row>`, sst),
	}

	strict := oneSheet(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`, `<si><t>strict</t></si>`)
	strict[2].body = `<workbook xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main" xmlns:r="http://purl.oclc.org/ooxml/officeDocument/relationships"><workbookPr date1904="1"/><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`
	strict[3].body = strings.ReplaceAll(wbRels, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/", "http://purl.oclc.org/ooxml/officeDocument/relationships/")
	strict[1].body = strings.ReplaceAll(pkgRels, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/", "http://purl.oclc.org/ooxml/officeDocument/relationships/")
	strict[4].body = strings.ReplaceAll(strict[4].body, "http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main")
	books["strict namespaces"] = strict

	// Three sheets listed in an order other than their parts', with
	// absolute, relative and backslashed targets, one part missing.
	targets := oneSheet(`<row r="1"><c r="A1" t="inlineStr"><is><t>one</t></is></c></row>`, `<si><t>x</t></si>`)
	targets[1].body = strings.Replace(pkgRels, `Target="xl/workbook.xml"`, `Target="/xl/workbook.xml"`, 1)
	targets[2].body = `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="false"/><sheets>` +
		`<sheet name="Zwei" sheetId="2" r:id="rId2"/><sheet name="Sheet1" sheetId="1" r:id="rId1"/><sheet name="Drei" sheetId="3" r:id="rId3"/></sheets></workbook>`
	targets[3].body = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="./worksheets/../worksheets/zwei.xml"/>` +
		`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/missing.xml"/></Relationships>`
	targets = append(targets, part{`xl\worksheets\zwei.xml`, wsHead + `<row r="2"><c r="B2" t="inlineStr"><is><t>zwei</t></is></c></row>` + wsTail})
	books["targets"] = targets
	return books
}

func zipParts(t testing.TB, parts []part) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(p.body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestMatchesExcelize reads every reference workbook with this reader and
// with excelize: the sheets, the date system and every row must be the
// same; where excelize fails to open a workbook or read a sheet, this
// reader must fail too.
func TestMatchesExcelize(t *testing.T) {
	books := referenceWorkbooks(t)
	if len(books) < 20 {
		t.Fatalf("only %d workbooks", len(books))
	}
	compared, rows := 0, 0
	for name, data := range books {
		want := readContent(excelizeOpen, data)
		got := readContent(Open, data)
		if !bothRead(want, want) {
			if bothRead(got, got) {
				t.Errorf("%s: excelize fails (%+v) and this reader does not: %+v", name, want, got)
			}
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\ngot  %+v\nwant %+v", name, got, want)
			continue
		}
		compared++
		for _, r := range got.Rows {
			rows += len(r)
		}
	}
	t.Logf("%d workbooks compared, %d rows", compared, rows)
	if compared < 15 || rows < 150 {
		t.Errorf("only %d workbooks and %d rows compared", compared, rows)
	}
}
