// Package hostilegen writes the inputs of the memory cases of the
// bad-input catalogue (docs/robustness.md): documents built to make a
// reader or a report spend memory — one huge value, many values just under
// the per-value limit, a million components sharing one reference, a small
// workbook whose shared-strings table inflates to hundreds of MiB. They are
// generated at test time and never committed.
//
// It is a test helper: nothing in the scanner imports it.
package hostilegen

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// repeat writes n bytes of c.
func repeat(w io.Writer, c byte, n int) error {
	chunk := []byte(strings.Repeat(string(c), 64<<10))
	for n > 0 {
		k := min(n, len(chunk))
		if _, err := w.Write(chunk[:k]); err != nil {
			return err
		}
		n -= k
	}
	return nil
}

// CycloneDXXMLName writes a CycloneDX 1.5 XML document whose one
// component, supplied by ZTE, has a name of nameSize bytes; the name is on
// line 5.
func CycloneDXXMLName(w io.Writer, nameSize int) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\" version=\"1\">\n<components>\n" +
		"<component type=\"device\"><supplier><name>ZTE Corporation</name></supplier>\n<name>ZTE ")
	if err := repeat(bw, 'a', nameSize-len("ZTE ")); err != nil {
		return err
	}
	bw.WriteString("</name><version>1</version></component>\n</components>\n</bom>\n")
	return bw.Flush()
}

// CycloneDXJSONName writes a CycloneDX 1.5 JSON document whose one
// component, supplied by ZTE, has a name of nameSize bytes, on line 2.
func CycloneDXJSONName(w io.Writer, nameSize int) error {
	return CycloneDXJSONNames(w, 1, nameSize)
}

// CycloneDXJSONNames writes a CycloneDX 1.5 JSON document of n components
// supplied by ZTE, each with a name of nameSize bytes (at least 16), one
// component a line from line 2.
func CycloneDXJSONNames(w io.Writer, n, nameSize int) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(`{"bomFormat":"CycloneDX","specVersion":"1.5","components":[` + "\n")
	for i := range n {
		if i > 0 {
			bw.WriteString(",\n")
		}
		prefix := "ZTE modem " + strconv.Itoa(i) + " "
		bw.WriteString(`{"type":"device","supplier":{"name":"ZTE Corporation"},"name":"` + prefix)
		if err := repeat(bw, 'a', nameSize-len(prefix)); err != nil {
			return err
		}
		bw.WriteString(`","version":"1"}`)
	}
	bw.WriteString("\n]}\n")
	return bw.Flush()
}

// CycloneDXSharedRef writes a CycloneDX 1.5 JSON document of n library
// components that all carry the bom-ref "shared", one a line from line 2.
// Every thousandth has a purl of the Huawei HMS SDK, so that the run has
// findings to report.
func CycloneDXSharedRef(w io.Writer, n int) error {
	bw := bufio.NewWriterSize(w, 256<<10)
	bw.WriteString(`{"bomFormat":"CycloneDX","specVersion":"1.5","components":[` + "\n")
	for i := range n {
		if i > 0 {
			bw.WriteString(",\n")
		}
		s := strconv.Itoa(i)
		if i%1000 == 0 {
			bw.WriteString(`{"type":"library","bom-ref":"shared","name":"hms-` + s + `","version":"1.0.` + s + `","purl":"pkg:maven/com.huawei.hms/base@6.11.0.` + s + `"}`)
			continue
		}
		bw.WriteString(`{"type":"library","bom-ref":"shared","name":"lib-` + s + `","version":"1.0.` + s + `"}`)
	}
	bw.WriteString("\n]}\n")
	return bw.Flush()
}

// Workbook describes an XLSX file for Write.
type Workbook struct {
	// Rows of the one sheet after its header (Manufacturer, Model,
	// Serial): a Huawei switch every tenth row, other makers between.
	Rows int
	// HuaweiRows, if above 0, makes only the first HuaweiRows rows
	// Huawei's (fewer findings to report for a large sheet).
	HuaweiRows int
	// SharedStrings is how many bytes of shared-strings table to write:
	// the strings the sheet uses, then filler entries of 64 bytes each up
	// to this size. 0 writes the sheet's text inline.
	SharedStrings int
	// EntrySize is the size of one filler entry (<si><t>x...</t></si>),
	// 64 bytes if 0; at least 17.
	EntrySize int
	// Padding is the size of an XML comment written before the sheet's
	// rows: a large sheet part, whatever its rows (the spreadsheet
	// library read a part over 16 MiB through a temporary file; xlsxbook
	// streams every sheet from the zip).
	Padding int
	// CorruptTail cuts the compressed sheet part short near its end, so
	// that the archive opens but the sheet does not read to its end.
	CorruptTail bool
}

const (
	xlsxNS  = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	relNS   = `xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	relType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
)

// Write writes the workbook wb as an XLSX file. Parts are deflated with
// the best compression, so that 500 MiB of repeated shared strings take
// about a MiB.
func (wb Workbook) Write(w io.Writer) error {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestCompression)
	})
	part := func(name, body string) error {
		pw, err := zw.Create(name)
		if err != nil {
			return err
		}
		_, err = io.WriteString(pw, body)
		return err
	}
	ssOverride, ssRel := "", ""
	if wb.SharedStrings > 0 {
		ssOverride = `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`
		ssRel = `<Relationship Id="rId2" Type="` + relType + `sharedStrings" Target="sharedStrings.xml"/>`
	}
	for _, p := range [][2]string{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
			`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
			ssOverride + `</Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="` + relType + `officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
			`<workbook ` + xlsxNS + ` ` + relNS + `><sheets><sheet name="Assets" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="` + relType + `worksheet" Target="worksheets/sheet1.xml"/>` +
			ssRel + `</Relationships>`},
	} {
		if err := part(p[0], p[1]); err != nil {
			return err
		}
	}
	if err := wb.sheet(zw); err != nil {
		return err
	}
	if wb.SharedStrings > 0 {
		if err := wb.sharedStrings(zw); err != nil {
			return err
		}
	}
	return zw.Close()
}

// makers are the manufacturers of the rows, in turn; shared strings 0-2
// are the header.
var makers = []string{"Huawei", "Cisco", "Juniper", "Arista", "Dell", "HPE", "Lenovo", "Supermicro", "Netgear", "Ubiquiti"}

func (wb Workbook) cell(row int, col byte, text string) string {
	ref := string(col) + strconv.Itoa(row)
	if wb.SharedStrings > 0 {
		// Header and makers are shared strings 0-2 and 3-12.
		idx := map[string]int{"Manufacturer": 0, "Model": 1, "Serial": 2}
		if i, ok := idx[text]; ok {
			return `<c r="` + ref + `" t="s"><v>` + strconv.Itoa(i) + `</v></c>`
		}
		for i, m := range makers {
			if m == text {
				return `<c r="` + ref + `" t="s"><v>` + strconv.Itoa(3+i) + `</v></c>`
			}
		}
	}
	return `<c r="` + ref + `" t="inlineStr"><is><t>` + text + `</t></is></c>`
}

func (wb Workbook) sheet(zw *zip.Writer) error {
	if !wb.CorruptTail {
		sw, err := zw.Create("xl/worksheets/sheet1.xml")
		if err != nil {
			return err
		}
		return wb.sheetXML(sw)
	}
	// Deflate the sheet into memory, then store it cut short.
	cut := &cutWriter{}
	fw, err := flate.NewWriter(cut, flate.BestCompression)
	if err != nil {
		return err
	}
	size := &countWriter{w: fw}
	if err := wb.sheetXML(size); err != nil {
		return err
	}
	if err := fw.Close(); err != nil {
		return err
	}
	return cut.writeCut(zw, size.n)
}

// countWriter counts what passes through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func (wb Workbook) sheetXML(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<worksheet ` + xlsxNS + `>`)
	if wb.Padding > 0 {
		bw.WriteString("<!--")
		if err := repeat(bw, ' ', wb.Padding); err != nil {
			return err
		}
		bw.WriteString("-->")
	}
	bw.WriteString(`<sheetData>`)
	bw.WriteString(`<row r="1">` + wb.cell(1, 'A', "Manufacturer") + wb.cell(1, 'B', "Model") + wb.cell(1, 'C', "Serial") + `</row>`)
	for i := range wb.Rows {
		r := i + 2
		maker := makers[i%len(makers)]
		if wb.HuaweiRows > 0 && i >= wb.HuaweiRows && maker == "Huawei" {
			maker = makers[1]
		}
		model := "S5720-" + strconv.Itoa(i%97) + "-EI"
		if maker != "Huawei" {
			model = "Model " + strconv.Itoa(i%89)
		}
		bw.WriteString(`<row r="` + strconv.Itoa(r) + `">` + wb.cell(r, 'A', maker) + wb.cell(r, 'B', model) +
			wb.cell(r, 'C', fmt.Sprintf("SN%09d", i)) + "</row>\n")
	}
	bw.WriteString(`</sheetData></worksheet>`)
	return bw.Flush()
}

func (wb Workbook) sharedStrings(zw *zip.Writer) error {
	sw, err := zw.Create("xl/sharedStrings.xml")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(sw, 256<<10)
	n := 0
	write := func(s string) {
		k, _ := bw.WriteString(s)
		n += k
	}
	write(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<sst ` + xlsxNS + `>`)
	for _, s := range append([]string{"Manufacturer", "Model", "Serial"}, makers...) {
		write("<si><t>" + s + "</t></si>")
	}
	// Filler: entries none of which the sheet uses.
	size := wb.EntrySize
	if size == 0 {
		size = 64
	}
	filler := "<si><t>" + strings.Repeat("x", max(size, 17)-len("<si><t></t></si>")) + "</t></si>"
	for n+len(filler)+len("</sst>") <= wb.SharedStrings {
		write(filler)
	}
	write("</sst>")
	return bw.Flush()
}

// cutWriter holds a deflated part to store it cut short.
type cutWriter struct{ b []byte }

func (c *cutWriter) Write(p []byte) (int, error) { c.b = append(c.b, p...); return len(p), nil }

// writeCut stores the part as raw deflate data without its last 64 bytes,
// declaring the whole part's size: the archive's directory is intact, the
// sheet's data ends early.
func (c *cutWriter) writeCut(zw *zip.Writer, size int64) error {
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
		CompressedSize64: uint64(len(c.b) - 64), UncompressedSize64: uint64(size)})
	if err != nil {
		return err
	}
	_, err = w.Write(c.b[:len(c.b)-64])
	return err
}
