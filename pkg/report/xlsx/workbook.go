package xlsx

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The workbook is written as SpreadsheetML by hand, a sheet at a time
// straight into the zip, so that a report of a million rows never exists
// whole in memory and no spreadsheet library is linked. The parts are the
// minimum Excel and LibreOffice need: content types, the package and
// workbook relationships, the workbook, a style sheet of three cell
// formats and the worksheets. Text goes into inline strings.

// maxRows is the last row a worksheet may have.
const maxRows = 1 << 20

// Cell formats of the style sheet (cellXfs), by index.
const (
	styleNone = 0
	styleHead = 1 // bold on a light fill
	styleDate = 2 // yyyy-mm-dd
)

// zipTime is every part's modification time, so that the same result gives
// the same bytes.
var zipTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const (
	nsMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPkg  = "http://schemas.openxmlformats.org/package/2006/relationships"
	ctMain = "application/vnd.openxmlformats-officedocument.spreadsheetml."
)

// bookWriter writes the parts of a workbook into a zip.
type bookWriter struct {
	zw *zip.Writer
	bw *bufio.Writer // the current part's buffer
}

func newBookWriter(w io.Writer) *bookWriter {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	return &bookWriter{zw: zw, bw: bufio.NewWriterSize(nil, 64<<10)}
}

// part starts a part and returns the writer for its content, valid until
// the next part.
func (b *bookWriter) part(name string) (*bufio.Writer, error) {
	if err := b.bw.Flush(); err != nil {
		return nil, err
	}
	w, err := b.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: zipTime})
	if err != nil {
		return nil, err
	}
	b.bw.Reset(w)
	return b.bw, nil
}

func (b *bookWriter) close() error {
	if err := b.bw.Flush(); err != nil {
		return err
	}
	return b.zw.Close()
}

// sheetInfo is what the workbook part needs of a sheet.
type sheetInfo struct {
	name string
	cols int
	rows int // with the header
}

// writeFrame writes every part but the worksheets: sheet i is
// xl/worksheets/sheet<i+1>.xml, the first sheet is the active one, and
// each sheet's autofilter has its hidden defined name, as Excel keeps it.
func (b *bookWriter) writeFrame(sheets []sheetInfo) error {
	w, err := b.part("[Content_Types].xml")
	if err != nil {
		return err
	}
	w.WriteString(xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="` + ctMain + `sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="` + ctMain + `styles+xml"/>` +
		`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>`)
	for i := range sheets {
		fmt.Fprintf(w, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="%sworksheet+xml"/>`, i+1, ctMain)
	}
	w.WriteString(`</Types>`)

	if w, err = b.part("_rels/.rels"); err != nil {
		return err
	}
	w.WriteString(xmlHeader + `<Relationships xmlns="` + nsPkg + `">` +
		`<Relationship Id="rId1" Type="` + nsRel + `/officeDocument" Target="xl/workbook.xml"/>` +
		`<Relationship Id="rId2" Type="` + nsRel + `/extended-properties" Target="docProps/app.xml"/>` +
		`</Relationships>`)

	if w, err = b.part("docProps/app.xml"); err != nil {
		return err
	}
	w.WriteString(xmlHeader + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
		`<Application>vendorcheck</Application></Properties>`)

	if w, err = b.part("xl/workbook.xml"); err != nil {
		return err
	}
	w.WriteString(xmlHeader + `<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `">` +
		`<bookViews><workbookView activeTab="0"/></bookViews><sheets>`)
	for i, s := range sheets {
		fmt.Fprintf(w, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, escapeAttr(s.name), i+1, i+1)
	}
	w.WriteString(`</sheets><definedNames>`)
	for i, s := range sheets {
		fmt.Fprintf(w, `<definedName name="_xlnm._FilterDatabase" localSheetId="%d" hidden="1">%s!%s</definedName>`,
			i, escapeText("'"+strings.ReplaceAll(s.name, "'", "''")+"'"), absRange(s.cols, max(s.rows, 2)))
	}
	w.WriteString(`</definedNames></workbook>`)

	if w, err = b.part("xl/_rels/workbook.xml.rels"); err != nil {
		return err
	}
	w.WriteString(xmlHeader + `<Relationships xmlns="` + nsPkg + `">`)
	for i := range sheets {
		fmt.Fprintf(w, `<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, nsRel, i+1)
	}
	fmt.Fprintf(w, `<Relationship Id="rId%d" Type="%s/styles" Target="styles.xml"/></Relationships>`, len(sheets)+1, nsRel)

	if w, err = b.part("xl/styles.xml"); err != nil {
		return err
	}
	w.WriteString(xmlHeader + `<styleSheet xmlns="` + nsMain + `">` +
		`<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>` +
		`<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>` +
		`<font><b val="1"/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
		`<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>` +
		`<fill><patternFill patternType="solid"><fgColor rgb="FFE8ECF1"/></patternFill></fill></fills>` +
		`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
		`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
		`<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
		`<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>` +
		`<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>` +
		`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
		`</styleSheet>`)
	return nil
}

// sheetWriter writes one worksheet's XML.
type sheetWriter struct {
	w    *bufio.Writer
	num  [24]byte // scratch for a cell's number
	rnum [24]byte // scratch for row numbers
	ref  []byte   // scratch for cell references
	cols []string // column names, A, B, ...
}

// startSheet writes the worksheet up to its first row: the frozen header
// row (and, for the first sheet, the selected tab) and the column widths.
func (b *bookWriter) startSheet(index int, cols int, rows int, widths []float64) (*sheetWriter, error) {
	w, err := b.part(fmt.Sprintf("xl/worksheets/sheet%d.xml", index+1))
	if err != nil {
		return nil, err
	}
	sw := &sheetWriter{w: w, cols: make([]string, cols)}
	for i := range sw.cols {
		sw.cols[i] = columnName(i + 1)
	}
	w.WriteString(xmlHeader + `<worksheet xmlns="` + nsMain + `" xmlns:r="` + nsRel + `">`)
	fmt.Fprintf(w, `<dimension ref="A1:%s%d"/><sheetViews><sheetView `, sw.cols[cols-1], rows)
	if index == 0 {
		w.WriteString(`tabSelected="1" `)
	}
	w.WriteString(`workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>` +
		`<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>` +
		`<sheetFormatPr defaultRowHeight="15"/><cols>`)
	for i, width := range widths {
		fmt.Fprintf(w, `<col min="%d" max="%d" width="%s" customWidth="1"/>`, i+1, i+1, strconv.FormatFloat(width, 'f', -1, 64))
	}
	w.WriteString(`</cols><sheetData>`)
	return sw, nil
}

// finish closes the sheet data and adds the autofilter over the header
// and the rows (at least one).
func (sw *sheetWriter) finish(rows int) error {
	fmt.Fprintf(sw.w, `</sheetData><autoFilter ref="A1:%s%d"/></worksheet>`, sw.cols[len(sw.cols)-1], max(rows, 2))
	return nil
}

func (sw *sheetWriter) startRow(r int) {
	sw.w.WriteString(`<row r="`)
	sw.w.Write(strconv.AppendInt(sw.rnum[:0], int64(r), 10))
	sw.w.WriteString(`">`)
}

func (sw *sheetWriter) endRow() { sw.w.WriteString(`</row>`) }

// startCell writes `<c r="B7"` with the style and the type, if any.
func (sw *sheetWriter) startCell(col, row, style int, typ string) {
	sw.ref = append(append(sw.ref[:0], sw.cols[col]...), strconv.AppendInt(sw.rnum[:0], int64(row), 10)...)
	sw.w.WriteString(`<c r="`)
	sw.w.Write(sw.ref)
	sw.w.WriteByte('"')
	if style != styleNone {
		sw.w.WriteString(` s="`)
		sw.w.WriteByte(byte('0' + style))
		sw.w.WriteByte('"')
	}
	if typ != "" {
		sw.w.WriteString(` t="`)
		sw.w.WriteString(typ)
		sw.w.WriteByte('"')
	}
}

// blank writes a cell with a style and no value.
func (sw *sheetWriter) blank(col, row, style int) {
	sw.startCell(col, row, style, "")
	sw.w.WriteString(`/>`)
}

// number writes a number cell; v is its decimal text.
func (sw *sheetWriter) number(col, row, style int, v []byte) {
	sw.startCell(col, row, style, "")
	sw.w.WriteString(`><v>`)
	sw.w.Write(v)
	sw.w.WriteString(`</v></c>`)
}

func (sw *sheetWriter) boolean(col, row, style int, v bool) {
	sw.startCell(col, row, style, "b")
	if v {
		sw.w.WriteString(`><v>1</v></c>`)
	} else {
		sw.w.WriteString(`><v>0</v></c>`)
	}
}

// text writes an inline string cell.
func (sw *sheetWriter) text(col, row, style int, s string) {
	sw.startCell(col, row, style, "inlineStr")
	if s != "" && (isSpace(s[0]) || isSpace(s[len(s)-1])) {
		sw.w.WriteString(`><is><t xml:space="preserve">`)
	} else {
		sw.w.WriteString(`><is><t>`)
	}
	writeCellText(sw.w, s)
	sw.w.WriteString(`</t></is></c>`)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// writeCellText writes s as the text of a cell: XML's five characters
// escaped, a carriage return as a reference (a raw one would be read as
// a line feed), every character XML 1.0 cannot hold (controls, U+FFFE,
// U+FFFF, bytes that are not UTF-8) as U+FFFD, and the underscore of
// every "_xHHHH_" in the text escaped as "_x005F_", because a reader
// takes "_xHHHH_" for the character HHHH.
func writeCellText(w *bufio.Writer, s string) {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		var esc string
		width := 1
		switch {
		case c == '&':
			esc = "&amp;"
		case c == '<':
			esc = "&lt;"
		case c == '>':
			esc = "&gt;"
		case c == '\r':
			esc = "&#xD;"
		case c == '\t' || c == '\n':
		case c < 0x20:
			esc = "\uFFFD"
		case c == '_':
			if bstrAt(s, i) {
				esc = "_x005F_"
			}
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRuneInString(s[i:])
			width = n
			if (r == utf8.RuneError && n == 1) || r == 0xFFFE || r == 0xFFFF {
				esc = "\uFFFD"
			}
		}
		if esc == "" {
			i += width
			continue
		}
		w.WriteString(s[last:i])
		w.WriteString(esc)
		i += width
		last = i
	}
	w.WriteString(s[last:])
}

// bstrAt reports whether s holds "_xHHHH_" at i (HHHH hexadecimal).
func bstrAt(s string, i int) bool {
	if len(s)-i < 7 || s[i] != '_' || s[i+1] != 'x' || s[i+6] != '_' {
		return false
	}
	for _, c := range []byte(s[i+2 : i+6]) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

var attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

func escapeAttr(s string) string { return attrEscaper.Replace(s) }
func escapeText(s string) string { return attrEscaper.Replace(s) }

// columnName is the name of the 1-based column n: A, ..., Z, AA, ...
func columnName(n int) string {
	var b []byte
	for ; n > 0; n = (n - 1) / 26 {
		b = append([]byte{byte('A' + (n-1)%26)}, b...)
	}
	return string(b)
}

// absRange is the absolute reference $A$1:$<col>$<rows>.
func absRange(cols, rows int) string {
	return "$A$1:$" + columnName(cols) + "$" + strconv.Itoa(rows)
}

// excelDate is the serial number Excel gives the day of t (1900 date
// system, with its 29 February 1900), or false for a day before 31
// December 1899, which Excel cannot show as a date.
func excelDate(t time.Time) (int64, bool) {
	first := time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)
	if t.Before(first) {
		return 0, false
	}
	days := (t.Unix() - first.Unix()) / 86400
	if !t.Before(time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC)) {
		days++
	}
	return days, days > 0
}

var errTooManyRows = errors.New("more than 1048576 rows, the most a worksheet holds")
