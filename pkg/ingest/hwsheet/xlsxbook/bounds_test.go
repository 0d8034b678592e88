package xlsxbook

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
)

// readErr opens a workbook and reads its sheets, giving the first error.
func readErr(data []byte, unzipLimit int64) error {
	wb, err := Open(data, unzipLimit)
	if err != nil {
		return err
	}
	defer wb.Close()
	for _, s := range wb.Sheets() {
		if err := wb.Rows(s, func(int, []string) error { return nil }); err != nil {
			return err
		}
	}
	return nil
}

// withLargePart is the one-sheet workbook with the part name replaced by
// head, n bytes of fill and tail, deflated as it is written.
func withLargePart(t *testing.T, name, head string, fill byte, n int, tail string) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, p := range oneSheet(`<row r="1"><c r="A1"><v>1</v></c></row>`, "") {
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		if p.name != name {
			io.WriteString(w, p.body)
			continue
		}
		io.WriteString(w, head)
		w.Write(bytes.Repeat([]byte{fill}, n))
		io.WriteString(w, tail)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Each bound on a workbook is an error that names it, never a panic or a
// read past it; rows out of order and impossible row numbers are errors.
func TestBounds(t *testing.T) {
	sheet := func(rows string) []byte { return zipParts(t, oneSheet(rows, "")) }
	var many []part
	for i := 0; i <= MaxParts; i++ {
		many = append(many, part{fmt.Sprintf("x/%d", i), ""})
	}
	for _, c := range []struct {
		name  string
		data  []byte
		limit int64
		want  string
	}{
		{"parts", zipParts(t, many), 1 << 30, "more than 10000 parts"},
		{"unzip limit", sheet(`<row r="1"/>`), 100, "the workbook's parts inflate to more than 100 bytes"},
		{"depth", sheet(`<row r="1">` + strings.Repeat("<x>", MaxDepth) + strings.Repeat("</x>", MaxDepth) + `</row>`), 1 << 30, "elements nested more than 128 deep"},
		{"part size", withLargePart(t, "xl/workbook.xml", "", ' ', MaxPartSize+1, ""), 1 << 30, "xl/workbook.xml inflates to 67108865 bytes, more than 67108864"},
		{"text run", withLargePart(t, "xl/worksheets/sheet1.xml", wsHead+"<!--", 'x', MaxTextRun+1, "-->"+wsTail), 1 << 30, "more than 67108864 bytes of text or markup without a tag"},
		{"rows out of order", sheet(`<row r="5"/><row r="3"/>`), 1 << 30, "row 3 follows row 5: the rows are out of order"},
		{"row again", sheet(`<row r="2"/><row r="2"/>`), 1 << 30, "row 2 follows row 2"},
		{"negative row", sheet(`<row r="-1"/>`), 1 << 30, "row number -1 is negative"},
		{"row past the last", sheet(`<row r="1048577"/>`), 1 << 30, "row number 1048577 is past the last row of a sheet"},
		{"cell past the last column", sheet(`<row r="1"><c r="XFE1"><v>1</v></c></row>`), 1 << 30, `cell reference "XFE1" is past the last column`},
		{"not XML", sheet(`<row r="1"><c></row>`), 1 << 30, "xl/worksheets/sheet1.xml: XML syntax error"},
	} {
		err := readErr(c.data, c.limit)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error with %q", c.name, err, c.want)
		}
	}
	// Within the bounds, the same shapes read.
	if err := readErr(sheet(`<row r="1">`+strings.Repeat("<x>", MaxDepth-3)+strings.Repeat("</x>", MaxDepth-3)+`</row><row r="3"/>`), 1<<30); err != nil {
		t.Errorf("within the bounds: %v", err)
	}
}

// A part whose root element is not the one it must hold is refused,
// naming the part and what it should be.
func TestWrongRootElement(t *testing.T) {
	for i, want := range map[int]string{
		1: `_rels/.rels: the root element is <worksheet>, not relationships`,
		2: `xl/workbook.xml: the root element is <worksheet>, not a workbook`,
		4: `xl/sharedStrings.xml: the root element is <worksheet>, not a shared-strings table`,
	} {
		parts := oneSheet(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`, `<si><t>x</t></si>`)
		parts[i].body = wsHead + wsTail
		err := readErr(zipParts(t, parts), 1<<30)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s replaced: error %v, want one with %q", parts[i].name, err, want)
		}
	}
}
