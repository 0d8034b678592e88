// Package xlsxbook reads XLSX workbooks for the procurement-sheet decoder
// (hwsheet.Options.Workbooks): the sheet names, the date system and each
// sheet's raw cell values. It reads the parts straight from the zip with
// encoding/xml, streaming each sheet, with no spreadsheet library and no
// temporary file.
//
// What it returns is what the spreadsheet library excelize returned for
// raw values (Options.RawCellValue), which the decoder was built on: the
// tests compare the two on every workbook in the repository and in fuzzed
// ones. The package reads cells only; it must not evaluate formulas
// (a formula cell gives its cached value) or follow external links.
package xlsxbook

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/vendorcheck/vendorcheck/pkg/ingest/hwsheet"
)

// Bounds on a workbook, besides the unzip limit Open is given.
const (
	// MaxParts bounds the parts (zip entries) of a workbook.
	MaxParts = hwsheet.MaxXLSXEntries
	// MaxPartSize bounds a part that is read whole: the relationships,
	// the workbook part and the shared-strings table. Sheets are streamed.
	MaxPartSize = 64 << 20
	// MaxDepth bounds the nesting of elements in a part.
	MaxDepth = 128
	// MaxTextRun bounds a run of text, a comment or a tag in a part (the
	// bytes between two markup characters), which the XML tokenizer holds
	// whole: no longer than a part read whole may be. A cell holds at most
	// 32,767 characters.
	MaxTextRun = MaxPartSize
)

// maxRows and maxColumns are a worksheet's limits.
const (
	maxRows    = 1 << 20
	maxColumns = 16384
)

// The namespaces that matter, transitional and strict.
const (
	nsMain         = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsMainStrict   = "http://purl.oclc.org/ooxml/spreadsheetml/main"
	nsRel          = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsRelStrict    = "http://purl.oclc.org/ooxml/officeDocument/relationships"
	nsPkgRel       = "http://schemas.openxmlformats.org/package/2006/relationships"
	relOfficeDoc   = nsRel + "/officeDocument"
	relOfficeDocSt = nsRelStrict + "/officeDocument"
	relSharedStr   = nsRel + "/sharedStrings"
	relSharedStrSt = nsRelStrict + "/sharedStrings"
)

var _ hwsheet.OpenWorkbook = Open

// Open opens a workbook from its bytes; unzipLimit bounds what its parts
// may inflate to, together, as the zip directory declares it (archive/zip
// refuses a part that inflates past its declared size). The workbook, its
// relationships and the shared strings are read here; each sheet is read
// from the zip when Rows asks for it.
func Open(data []byte, unzipLimit int64) (hwsheet.Workbook, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	if len(zr.File) > MaxParts {
		return nil, fmt.Errorf("more than %d parts in the workbook", MaxParts)
	}
	b := &book{parts: make(map[string]*zip.File, len(zr.File))}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if unzipLimit < 0 || total > uint64(unzipLimit) {
			return nil, fmt.Errorf("the workbook's parts inflate to more than %d bytes", unzipLimit)
		}
		name := strings.ReplaceAll(f.Name, `\`, "/")
		if strings.EqualFold(name, "xl/sharedStrings.xml") {
			name = "xl/sharedStrings.xml"
		}
		b.parts[name] = f // a name given twice: the last part
	}
	if err := b.readWorkbook(); err != nil {
		return nil, err
	}
	return b, nil
}

type book struct {
	parts    map[string]*zip.File
	sheets   []string
	paths    map[string]string // sheet name -> part
	date1904 bool
	strs     *sharedStrings
}

func (b *book) Sheets() []string { return b.sheets }
func (b *book) Date1904() bool   { return b.date1904 }
func (b *book) Close() error     { return nil }

// readWorkbook finds the workbook part from the package relationships,
// reads its sheets and date system, resolves each sheet's part through the
// workbook's relationships, and reads the shared strings.
func (b *book) readWorkbook() error {
	// The workbook part is the package's officeDocument. A package
	// without relationships has no workbook, and so no sheets.
	var wbPath string
	if b.parts["_rels/.rels"] != nil {
		rels, err := b.readRels("_rels/.rels")
		if err != nil {
			return err
		}
		for _, r := range rels {
			if r.typ == relOfficeDoc || r.typ == relOfficeDocSt {
				wbPath = strings.TrimPrefix(r.target, "/")
				break
			}
		}
	}
	type sheetRef struct{ name, id string }
	var refs []sheetRef
	if b.parts[wbPath] != nil { // even a part named "", as excelize reads it
		err := b.readPart(wbPath, func(d *decoder) error {
			if ok, err := d.rootIs(wbPath, "workbook", "a workbook", nsMain, nsMainStrict); !ok || err != nil {
				return err
			}
			return d.children(1, func(el xml.StartElement) error {
				switch el.Name.Local {
				case "workbookPr":
					if v, ok := attr(el, "date1904"); ok {
						t, err := parseBool(v)
						if err != nil {
							return fmt.Errorf("%s: workbookPr date1904=%q is not a boolean", wbPath, v)
						}
						b.date1904 = t
					}
				case "sheets":
					return d.children(2, func(el xml.StartElement) error {
						if el.Name.Local != "sheet" {
							return nil
						}
						var s sheetRef
						for _, a := range el.Attr {
							switch {
							case a.Name.Local == "name":
								s.name = a.Value
							case a.Name.Local == "id" && (a.Name.Space == nsRel || a.Name.Space == nsRelStrict):
								s.id = a.Value
							case a.Name.Local == "sheetId":
								if _, err := parseInt(a.Value); err != nil {
									return fmt.Errorf("%s: sheetId=%q is not a number", wbPath, a.Value)
								}
							}
						}
						refs = append(refs, s)
						return nil
					})
				}
				return nil
			})
		})
		if err != nil {
			return err
		}
	}
	for _, s := range refs {
		b.sheets = append(b.sheets, s.name)
	}

	// Each sheet's part, through the workbook's relationships.
	dir := path.Dir(wbPath)
	relsPath := strings.TrimPrefix(dir+"/_rels/"+path.Base(wbPath)+".rels", "/")
	if dir == "." {
		relsPath = "_rels/" + path.Base(wbPath) + ".rels"
	}
	b.paths = map[string]string{}
	strsPath := "xl/sharedStrings.xml"
	if b.parts[relsPath] != nil {
		rels, err := b.readRels(relsPath)
		if err != nil {
			return err
		}
		for _, s := range refs {
			for _, r := range rels {
				if r.id == s.id {
					if p := partPath(dir, r.target); b.parts[p] != nil {
						b.paths[s.name] = p
					}
				}
			}
		}
		for _, r := range rels {
			if r.typ == relSharedStr || r.typ == relSharedStrSt {
				if p := partPath(dir, r.target); b.parts[p] != nil {
					strsPath = p
				}
				break
			}
		}
	}
	if b.parts[strsPath] != nil {
		strs, err := b.readSharedStrings(strsPath)
		if err != nil {
			return err
		}
		b.strs = strs
	}
	return nil
}

// partPath resolves a relationship's target against the directory of the
// part that holds the relationships: an absolute target from the
// package's root.
func partPath(dir, target string) string {
	target = strings.ReplaceAll(target, `\`, "/")
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return strings.TrimPrefix(path.Clean(dir+"/"+target), "/")
}

type relationship struct{ id, typ, target string }

// readRels reads a relationships part.
func (b *book) readRels(name string) ([]relationship, error) {
	var rels []relationship
	if b.parts[name] == nil {
		return nil, fmt.Errorf("no part %s", name)
	}
	err := b.readPart(name, func(d *decoder) error {
		if ok, err := d.rootIs(name, "Relationships", "relationships", nsPkgRel); !ok || err != nil {
			return err
		}
		return d.children(1, func(el xml.StartElement) error {
			if el.Name.Local != "Relationship" {
				return nil
			}
			var r relationship
			for _, a := range el.Attr {
				switch a.Name.Local {
				case "Id":
					r.id = a.Value
				case "Type":
					r.typ = a.Value
				case "Target":
					r.target = a.Value
				}
			}
			rels = append(rels, r)
			return nil
		})
	})
	return rels, err
}

// readPart reads a part whole (within MaxPartSize) with fn.
func (b *book) readPart(name string, fn func(*decoder) error) error {
	f := b.parts[name]
	if f.UncompressedSize64 > MaxPartSize {
		return fmt.Errorf("%s inflates to %d bytes, more than %d", name, f.UncompressedSize64, MaxPartSize)
	}
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, MaxPartSize+1))
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := fn(newDecoder(bytes.NewReader(data), name)); err != nil {
		return err
	}
	return nil
}

// sharedStrings is the shared-strings table: the texts end to end in one
// string, and where each ends.
type sharedStrings struct {
	text string
	ends []int
}

func (s *sharedStrings) get(i int) (string, bool) {
	if s == nil || i < 0 || i >= len(s.ends) {
		return "", false
	}
	start := 0
	if i > 0 {
		start = s.ends[i-1]
	}
	return s.text[start:s.ends[i]], true
}

// readSharedStrings reads the table: each entry's text is its <t>, then
// the <t> of each of its rich-text runs <r>; phonetic runs are not text.
func (b *book) readSharedStrings(name string) (*sharedStrings, error) {
	var buf []byte
	var ends []int
	err := b.readPart(name, func(d *decoder) error {
		if ok, err := d.rootIs(name, "sst", "a shared-strings table", nsMain, nsMainStrict); !ok || err != nil {
			return err
		}
		var si richText
		return d.children(1, func(el xml.StartElement) error {
			if el.Name.Local != "si" {
				return nil
			}
			si.reset()
			if err := si.read(d, 2); err != nil {
				return err
			}
			buf = appendUnescaped(buf, si.text())
			ends = append(ends, len(buf))
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return &sharedStrings{text: string(buf), ends: ends}, nil
}

// richText is a string item (<si>, <is>): its own text and its runs'.
// Read twice into one item (a second <is> in a cell), a later <t>
// replaces the text and runs add up.
type richText struct {
	t    []byte
	runs []byte
	has  bool
}

func (r *richText) reset() { r.t, r.runs, r.has = r.t[:0], r.runs[:0], false }

func (r *richText) text() []byte {
	if len(r.runs) == 0 {
		return r.t
	}
	return append(r.t, r.runs...)
}

// read reads the item's children; the decoder is inside the item, at
// depth.
func (r *richText) read(d *decoder, depth int) error {
	return d.children(depth, func(el xml.StartElement) error {
		switch el.Name.Local {
		case "t":
			t, err := d.text(r.t[:0], depth+1)
			r.t, r.has = t, true
			return err
		case "r":
			var t []byte
			seen := false
			err := d.children(depth+1, func(el xml.StartElement) error {
				if el.Name.Local != "t" {
					return nil
				}
				var err error
				t, err = d.text(t[:0], depth+2)
				seen = true
				return err
			})
			if seen {
				r.runs = append(r.runs, t...)
			}
			return err
		}
		return nil
	})
}

// appendUnescaped appends s with each "_xHHHH_" (H hexadecimal) replaced
// by the character HHHH, the escape SpreadsheetML gives characters that
// XML cannot hold ("_x005F_" is the underscore; a surrogate, no
// character, is dropped).
func appendUnescaped(dst, s []byte) []byte {
	if !bytes.Contains(s, []byte("_x")) {
		return append(dst, s...)
	}
	for i := 0; i < len(s); {
		if isEscape(s, i) {
			v, _ := strconv.ParseUint(string(s[i+2:i+6]), 16, 32)
			if r := rune(v); utf8.ValidRune(r) {
				dst = utf8.AppendRune(dst, r)
			}
			i += 7
			continue
		}
		dst = append(dst, s[i])
		i++
	}
	return dst
}

func isEscape(s []byte, i int) bool {
	if len(s)-i < 7 || s[i] != '_' || s[i+1] != 'x' || s[i+6] != '_' {
		return false
	}
	for _, c := range s[i+2 : i+6] {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// checkSheetName refuses what Excel does not allow as a sheet name.
func checkSheetName(name string) error {
	switch {
	case name == "":
		return errors.New("the sheet name is empty")
	case len(utf16.Encode([]rune(name))) > 31:
		return fmt.Errorf("the sheet name %q is longer than 31 characters", name)
	case strings.HasPrefix(name, "'") || strings.HasSuffix(name, "'"):
		return fmt.Errorf("the sheet name %q begins or ends with an apostrophe", name)
	case strings.ContainsAny(name, `:\/?*[]`):
		return fmt.Errorf("the sheet name %q holds one of : \\ / ? * [ ]", name)
	}
	return nil
}

// Rows reads the raw cell values: numbers as stored (a date cell is its
// serial number), text as written, a formula's cached value, no number
// formats applied. A row missing from the sheet is given as a row
// without cells, so that row numbers count from the top; a cell missing
// within a row is an empty string; a row ends at its last cell with a
// value (or formula).
func (b *book) Rows(sheet string, fn func(row int, cells []string) error) error {
	if err := checkSheetName(sheet); err != nil {
		return err
	}
	p, ok := b.paths[sheet]
	if !ok {
		for name, q := range b.paths {
			if strings.EqualFold(name, sheet) {
				p, ok = q, true
				break
			}
		}
	}
	if !ok {
		return fmt.Errorf("sheet %s does not exist", sheet)
	}
	rc, err := b.parts[p].Open()
	if err != nil {
		return fmt.Errorf("%s: %w", p, err)
	}
	defer rc.Close()
	return b.readSheet(newDecoder(rc, p), fn)
}

// cellState is the cell being read.
type cellState struct {
	ref, typ string
	v        []byte
	formula  bool
	is       richText
	hasIS    bool
}

func (b *book) readSheet(d *decoder, fn func(row int, cells []string) error) error {
	var (
		row     int // the current row's number; 0 before the first
		inRow   bool
		cells   []string
		cellCol int
		c       cellState
	)
	emit := func() error {
		if !inRow {
			return nil
		}
		inRow = false
		out := cells
		cells = nil
		return fn(row, out)
	}
	rowErr := func(err error) error { return &hwsheet.RowError{Row: row, Err: err} }
	for {
		tok, err := d.next()
		if err == io.EOF {
			return emit()
		}
		if err != nil {
			return err
		}
		switch el := tok.(type) {
		case xml.EndElement:
			if el.Name.Local == "sheetData" {
				return emit()
			}
		case xml.StartElement:
			switch el.Name.Local {
			case "row":
				// A row lasts until the next row starts: the cells
				// are read wherever they stand before it.
				n := row + 1
				if v, ok := attr(el, "r"); ok {
					r, err := strconv.Atoi(v)
					switch {
					case err != nil && !errors.Is(err, strconv.ErrRange):
						return rowErr(fmt.Errorf("row number %q is not a number", v))
					case err != nil || r > maxRows:
						return fmt.Errorf("row number %s is past the last row of a sheet, %d", v, maxRows)
					case r < 0:
						return rowErr(fmt.Errorf("row number %d is negative", r))
					case r > 0:
						n = r
					}
				}
				if n <= row {
					return rowErr(fmt.Errorf("row %d follows row %d: the rows are out of order", n, row))
				}
				if err := emit(); err != nil {
					return err
				}
				for row++; row < n; row++ {
					if err := fn(row, nil); err != nil {
						return err
					}
				}
				inRow, cellCol = true, 0
			case "c":
				if !inRow {
					continue
				}
				cellCol++
				c = cellState{v: c.v[:0], is: c.is}
				c.is.reset()
				whole := true
				for _, a := range el.Attr {
					switch a.Name.Local {
					case "r":
						c.ref = a.Value
					case "t":
						c.typ = a.Value
					case "s":
						if _, err := strconv.ParseInt(a.Value, 10, 64); err != nil {
							whole = false // a broken style: the cell is not read
						}
					}
					if !whole {
						break
					}
				}
				if whole {
					if err := b.readCell(d, el, &c); err != nil {
						return err
					}
				}
				if c.ref != "" {
					col, r, err := cellName(c.ref)
					if err != nil {
						return rowErr(err)
					}
					if r > maxRows {
						return fmt.Errorf("cell %s is past the last row of a sheet, %d", c.ref, maxRows)
					}
					cellCol = col
				}
				if !whole {
					continue
				}
				if val := b.value(&c); val != "" || c.formula {
					for len(cells) < cellCol-1 {
						cells = append(cells, "")
					}
					cells = append(cells, val)
				}
			}
		}
	}
}

// readCell reads a cell's value, formula and inline string, wherever they
// stand within it, up to its end.
func (b *book) readCell(d *decoder, start xml.StartElement, c *cellState) error {
	for {
		tok, err := d.next()
		if err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
		switch el := tok.(type) {
		case xml.EndElement:
			if el.Name == start.Name {
				return nil
			}
		case xml.StartElement:
			switch el.Name.Local {
			case "v":
				if c.v, err = d.text(c.v[:0], d.depth); err != nil {
					return err
				}
			case "f":
				c.formula = true
				if err := checkFormulaAttrs(el); err != nil {
					// As the reference reader: a formula it cannot
					// read ends the cell there.
					return nil
				}
				if err := d.skip(); err != nil {
					return err
				}
			case "is":
				c.hasIS = true
				if err := c.is.read(d, d.depth); err != nil {
					return err
				}
			}
		}
	}
}

// checkFormulaAttrs checks the formula's typed attributes.
func checkFormulaAttrs(el xml.StartElement) error {
	for _, a := range el.Attr {
		switch a.Name.Local {
		case "aca", "dt2D", "dtr", "del1", "del2", "ca", "bx":
			if _, err := parseBool(a.Value); err != nil {
				return err
			}
		case "si":
			if _, err := parseInt(a.Value); err != nil {
				return err
			}
		}
	}
	return nil
}

// value is the cell's raw value by its type.
func (b *book) value(c *cellState) string {
	switch c.typ {
	case "s":
		if len(c.v) == 0 {
			return ""
		}
		// An entry that does not exist reads as an empty cell, as
		// excelize read it.
		i, _ := strconv.Atoi(strings.TrimSpace(string(c.v)))
		s, _ := b.strs.get(i)
		return s
	case "inlineStr":
		if c.hasIS {
			return string(appendUnescaped(nil, c.is.text()))
		}
	}
	return string(c.v)
}

// cellName gives the column and row of a cell reference such as B7 or
// $B$7.
func cellName(ref string) (col, row int, err error) {
	alpha := func(r rune) bool { return 'A' <= r && r <= 'Z' || 'a' <= r && r <= 'z' || r == '$' }
	bad := fmt.Errorf("cell reference %q is not a cell", ref)
	if strings.IndexFunc(ref, alpha) != 0 {
		return 0, 0, bad
	}
	i := strings.LastIndexFunc(ref, alpha)
	if i >= len(ref)-1 {
		return 0, 0, bad
	}
	name := strings.ReplaceAll(ref[:i+1], "$", "")
	row, err = strconv.Atoi(ref[i+1:])
	if err != nil || row <= 0 {
		return 0, 0, bad
	}
	if name == "" {
		return 0, 0, bad
	}
	for j := 0; j < len(name); j++ {
		ch := name[j] | 0x20
		if ch < 'a' || ch > 'z' {
			return 0, 0, bad
		}
	}
	mul := 1
	for j := len(name) - 1; j >= 0; j-- {
		col += int(name[j]|0x20-'a'+1) * mul
		if col > maxColumns {
			return 0, 0, fmt.Errorf("cell reference %q is past the last column, XFD", ref)
		}
		mul *= 26
	}
	return col, row, nil
}

// parseBool and parseInt read typed attributes as encoding/xml reads them
// into Go values: empty is false or 0, spaces around are allowed.
func parseBool(v string) (bool, error) {
	if v == "" {
		return false, nil
	}
	return strconv.ParseBool(strings.TrimSpace(v))
}

func parseInt(v string) (int64, error) {
	if v == "" {
		return 0, nil
	}
	return strconv.ParseInt(strings.TrimSpace(v), 10, 64)
}

func attr(el xml.StartElement, local string) (string, bool) {
	v, ok := "", false
	for _, a := range el.Attr {
		if a.Name.Local == local {
			v, ok = a.Value, true
		}
	}
	return v, ok
}

// decoder is encoding/xml's tokenizer over a part, with its depth bounded
// and its text runs bounded (runGuard).
type decoder struct {
	x     *xml.Decoder
	name  string
	depth int
}

func newDecoder(r io.Reader, name string) *decoder {
	x := xml.NewDecoder(&runGuard{r: bufio.NewReaderSize(r, 64<<10)})
	x.CharsetReader = charsetReader
	return &decoder{x: x, name: name}
}

// next is the next token (a copy is not made: a token is valid until the
// next call), with the depth kept.
func (d *decoder) next() (xml.Token, error) {
	tok, err := d.x.Token()
	if err != nil {
		if err != io.EOF {
			err = fmt.Errorf("%s: %w", d.name, err)
		}
		return nil, err
	}
	switch tok.(type) {
	case xml.StartElement:
		d.depth++
		if d.depth > MaxDepth {
			return nil, fmt.Errorf("%s: elements nested more than %d deep", d.name, MaxDepth)
		}
	case xml.EndElement:
		d.depth--
	}
	return tok, nil
}

// root is the part's root element, or nil for an empty part.
func (d *decoder) root() (*xml.StartElement, error) {
	for {
		tok, err := d.next()
		if err == io.EOF {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		if el, ok := tok.(xml.StartElement); ok {
			return &el, nil
		}
	}
}

// rootIs reads part's root element and checks that it is <local> in one
// of spaces; what names the element the part should hold in the error. ok
// is false for a part without elements (read as empty) and on an error.
func (d *decoder) rootIs(part, local, what string, spaces ...string) (ok bool, err error) {
	root, err := d.root()
	if err != nil || root == nil {
		return false, err
	}
	if root.Name.Local != local || !slices.Contains(spaces, root.Name.Space) {
		return false, fmt.Errorf("%s: the root element is <%s>, not %s", part, root.Name.Local, what)
	}
	return true, nil
}

// children calls fn with each element directly inside the element the
// decoder is in (at depth), up to its end. fn may read the child's
// content; what it leaves is skipped.
func (d *decoder) children(depth int, fn func(xml.StartElement) error) error {
	for {
		tok, err := d.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch el := tok.(type) {
		case xml.EndElement:
			if d.depth < depth {
				return nil
			}
		case xml.StartElement:
			if d.depth != depth+1 {
				continue
			}
			if err := fn(el); err != nil {
				return err
			}
			if d.depth > depth {
				if err := d.skip(); err != nil {
					return err
				}
			}
		}
	}
}

// skip reads to the end of the element the decoder is in.
func (d *decoder) skip() error {
	depth := d.depth
	for d.depth >= depth {
		if _, err := d.next(); err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
	}
	return nil
}

// text appends the character data directly inside the element the
// decoder is in (at depth; not that of elements inside it) to dst, up to
// the element's end.
func (d *decoder) text(dst []byte, depth int) ([]byte, error) {
	for {
		tok, err := d.next()
		if err == io.EOF {
			return dst, nil
		}
		if err != nil {
			return dst, err
		}
		switch el := tok.(type) {
		case xml.CharData:
			if d.depth == depth {
				dst = append(dst, el...)
			}
		case xml.EndElement:
			if d.depth < depth {
				return dst, nil
			}
		}
	}
}

// charsetReader reads the single-byte encodings a part may declare
// besides UTF-8, which encoding/xml reads itself.
func charsetReader(label string, r io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "us-ascii", "ascii", "iso-8859-1", "iso8859-1", "latin1", "l1":
		return charmap.ISO8859_1.NewDecoder().Reader(r), nil
	case "windows-1252", "cp1252", "x-cp1252":
		return charmap.Windows1252.NewDecoder().Reader(r), nil
	}
	return nil, fmt.Errorf("unsupported encoding %q", label)
}

// runGuard passes bytes through, failing when more than MaxTextRun bytes
// pass without a '<' or '>': encoding/xml would hold such a run whole.
type runGuard struct {
	r   io.Reader
	run int
}

func (g *runGuard) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	b := p[:n]
	long := false
	for len(b) > 0 {
		i := bytes.IndexAny(b, "<>")
		if i < 0 {
			g.run += len(b)
			break
		}
		long = long || g.run+i > MaxTextRun
		g.run = 0
		b = b[i+1:]
	}
	if long || g.run > MaxTextRun {
		// No bytes with the error: a reader that buffers would read
		// on before it sees the error.
		return 0, fmt.Errorf("more than %d bytes of text or markup without a tag", MaxTextRun)
	}
	return n, err
}
