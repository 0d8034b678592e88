package hwsheet

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// identifyXLSX accepts a zip whose head names the workbook part. Parts are
// usually stored workbook-first; a zip that is not a workbook (a .docx, a
// .jar) has no xl/ parts.
func identifyXLSX(head []byte) bool {
	if !bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		return false
	}
	for _, p := range []string{"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/"} {
		if bytes.Contains(head, []byte(p)) {
			return true
		}
	}
	return false
}

// checkZip rejects archives that are not workbooks or that would inflate
// past MaxXLSXUncompressed, before the workbook reader reads them.
func checkZip(data []byte, name string) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return &ingest.DecodeError{File: name, Format: XLSXID, Err: fmt.Errorf("%w: not a zip archive: %v", ingest.ErrMalformed, err)}
	}
	if len(zr.File) > MaxXLSXEntries {
		return &ingest.DecodeError{File: name, Format: XLSXID, Err: fmt.Errorf("%w: more than %d parts in the workbook", ingest.ErrTooLarge, MaxXLSXEntries)}
	}
	var total uint64
	workbook := false
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > MaxXLSXUncompressed {
			return &ingest.DecodeError{File: name, Format: XLSXID, Err: fmt.Errorf("%w: workbook inflates to more than %d bytes", ingest.ErrTooLarge, MaxXLSXUncompressed)}
		}
		if strings.EqualFold(f.Name, "xl/workbook.xml") {
			workbook = true
		}
	}
	if !workbook {
		return &ingest.DecodeError{File: name, Format: XLSXID, Err: fmt.Errorf("%w: zip archive without xl/workbook.xml is not an XLSX workbook", ingest.ErrUnknownFormat)}
	}
	return checkSharedStrings(zr, name)
}

// checkSharedStrings bounds the shared-strings table (MaxXLSXSharedStrings,
// MaxXLSXSharedStringCount) before the workbook reader reads it: a
// table of hundreds of MiB deflates to a MiB or two.
func checkSharedStrings(zr *zip.Reader, name string) error {
	tooLarge := func(format string, args ...any) error {
		return &ingest.DecodeError{File: name, Format: XLSXID, Err: fmt.Errorf("%w: %s", ingest.ErrTooLarge, fmt.Sprintf(format, args...))}
	}
	parts := sharedStringsParts(zr)
	for _, f := range zr.File {
		if !parts[strings.ToLower(f.Name)] {
			continue
		}
		if f.UncompressedSize64 > MaxXLSXSharedStrings {
			return tooLarge("shared-strings table %s inflates to %d bytes, more than %s", f.Name, f.UncompressedSize64, ingest.FormatSize(MaxXLSXSharedStrings))
		}
		rc, err := f.Open()
		if err != nil {
			return &ingest.DecodeError{File: name, Format: XLSXID, Err: fmt.Errorf("%w: %s: %v", ingest.ErrMalformed, f.Name, err)}
		}
		n, err := countElements(rc, "si", MaxXLSXSharedStringCount)
		rc.Close()
		if err != nil {
			return &ingest.DecodeError{File: name, Format: XLSXID, Err: fmt.Errorf("%w: %s: %v", ingest.ErrMalformed, f.Name, err)}
		}
		if n > MaxXLSXSharedStringCount {
			return tooLarge("shared-strings table %s has more than %d entries", f.Name, MaxXLSXSharedStringCount)
		}
	}
	return nil
}

// sharedStringsParts names (in lower case) the parts that may hold the
// shared-strings table: the usual xl/sharedStrings.xml, and the target
// of the workbook's sharedStrings relationship, which xlsxbook follows.
func sharedStringsParts(zr *zip.Reader) map[string]bool {
	parts := map[string]bool{"xl/sharedstrings.xml": true}
	for _, f := range zr.File {
		if !strings.EqualFold(f.Name, "xl/_rels/workbook.xml.rels") || f.UncompressedSize64 > 1<<20 {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			continue
		}
		var rels struct {
			Rel []struct {
				Type   string `xml:"Type,attr"`
				Target string `xml:"Target,attr"`
			} `xml:"Relationship"`
		}
		err = xml.NewDecoder(io.LimitReader(rc, 1<<20)).Decode(&rels)
		rc.Close()
		if err != nil {
			continue
		}
		for _, r := range rels.Rel {
			if strings.HasSuffix(r.Type, "/sharedStrings") {
				t := strings.TrimPrefix(r.Target, "/")
				if !strings.HasPrefix(r.Target, "/") {
					t = path.Join("xl", r.Target)
				}
				parts[strings.ToLower(t)] = true
			}
		}
	}
	return parts
}

// countElements counts the elements named local (any prefix) in the XML
// read from r, stopping past limit. It looks only at tag names, so a
// comment or CDATA section that holds "<si>" counts too: a bound, not an
// exact count.
func countElements(r io.Reader, local string, limit int) (int, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	n := 0
	for n <= limit {
		if _, err := br.ReadSlice('<'); err != nil {
			if errors.Is(err, bufio.ErrBufferFull) {
				continue
			}
			if errors.Is(err, io.EOF) {
				return n, nil
			}
			return n, err
		}
		head, _ := br.Peek(64)
		end := bytes.IndexAny(head, " \t\r\n/>")
		if end < 0 {
			continue
		}
		tag := head[:end]
		if i := bytes.LastIndexByte(tag, ':'); i >= 0 {
			tag = tag[i+1:]
		}
		if string(tag) == local {
			n++
		}
	}
	return n, nil
}

// skippedSheet records why a sheet was not read, for the error when no
// sheet could be.
type skippedSheet struct {
	sheet   string
	headers []string
	found   bool // a header was found, but no signal column
	line    int
}

func (d *decoder) decodeXLSX(ctx context.Context, r io.Reader, name string) (*inventory.Inventory, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxXLSXSize+1))
	if err != nil {
		return nil, &ingest.DecodeError{File: name, Format: XLSXID, Err: err}
	}
	if len(data) > MaxXLSXSize {
		return nil, &ingest.DecodeError{File: name, Format: XLSXID, Err: fmt.Errorf("%w: more than %d bytes of XLSX", ingest.ErrTooLarge, MaxXLSXSize)}
	}
	if err := checkZip(data, name); err != nil {
		return nil, err
	}
	if d.opts.Workbooks == nil {
		return nil, &ingest.DecodeError{File: name, Format: XLSXID, Err: ErrNoWorkbookReader}
	}
	f, err := d.opts.Workbooks(data, MaxXLSXUncompressed)
	if err != nil {
		return nil, &ingest.DecodeError{File: name, Format: XLSXID, Err: fmt.Errorf("%w: %v", ingest.ErrMalformed, err)}
	}
	defer f.Close()
	date1904 := f.Date1904()
	inv := &inventory.Inventory{Source: name, Format: XLSXID, Components: []inventory.Component{}}
	var skipped []skippedSheet
	read, rows, cells := 0, 0, 0
	for _, sheet := range f.Sheets() {
		t := &table{file: name, format: XLSXID, sheet: sheet, date1904: date1904}
		if err := readSheet(ctx, f, t, &rows, &cells); err != nil {
			return nil, err
		}
		h, m := t.findHeader(d.opts.Columns)
		if h < 0 {
			skipped = append(skipped, skippedSheet{sheet: sheet, headers: t.firstHeaders()})
			continue
		}
		if !m.hasSignal() {
			skipped = append(skipped, skippedSheet{sheet: sheet, headers: m.headers, found: true, line: t.lines[h]})
			continue
		}
		comps, err := t.components(h, m, false)
		if err != nil {
			return nil, err
		}
		inv.Components = append(inv.Components, comps...)
		read++
	}
	if read == 0 {
		// Sheets without a usable header are skipped only when another
		// sheet was read; a workbook with none is an error.
		for _, s := range skipped {
			if s.found {
				err := noSignalError(name, XLSXID, s.line, s.headers).(*ingest.DecodeError)
				err.Err = fmt.Errorf("sheet %q: %w", s.sheet, err.Err)
				return nil, err
			}
		}
		var first []string
		var names []string
		for _, s := range skipped {
			names = append(names, fmt.Sprintf("%q", s.sheet))
			if first == nil {
				first = s.headers
			}
		}
		err := noHeaderError(name, XLSXID, first, d.opts.Columns).(*ingest.DecodeError)
		err.Err = fmt.Errorf("sheets %s: %w", strings.Join(names, ", "), err.Err)
		return nil, err
	}
	return inv, nil
}

// readSheet reads a sheet's raw cell values: numbers as stored (a date cell
// is its serial number), text as written, no number formats applied.
func readSheet(ctx context.Context, f Workbook, t *table, total, cells *int) error {
	err := f.Rows(t.sheet, func(row int, cols []string) error {
		*total++
		if *total > MaxRows {
			return &ingest.DecodeError{File: t.file, Format: XLSXID, Err: fmt.Errorf("%w: more than %d rows", ingest.ErrTooLarge, MaxRows)}
		}
		if *total%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		for len(cols) > 0 && cols[len(cols)-1] == "" {
			cols = cols[:len(cols)-1]
		}
		*cells += len(cols)
		if *cells > MaxCells {
			return &ingest.DecodeError{File: t.file, Line: row, Format: XLSXID, Err: fmt.Errorf("%w: more than %d cells", ingest.ErrTooLarge, MaxCells)}
		}
		for c, v := range cols {
			if len(v) > MaxCellSize {
				return &ingest.DecodeError{File: t.file, Line: row, Format: XLSXID, Err: fmt.Errorf("%w: %s: cell longer than %d bytes", ingest.ErrTooLarge, sheetRef(t.sheet, c, row), MaxCellSize)}
			}
		}
		t.rows = append(t.rows, cols)
		t.lines = append(t.lines, row)
		return nil
	})
	var de *ingest.DecodeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &de), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	}
	var re *RowError
	if errors.As(err, &re) {
		return &ingest.DecodeError{File: t.file, Line: re.Row, Format: XLSXID, Err: fmt.Errorf("%w: sheet %q: %v", ingest.ErrMalformed, t.sheet, re.Err)}
	}
	return &ingest.DecodeError{File: t.file, Format: XLSXID, Err: fmt.Errorf("%w: sheet %q: %v", ingest.ErrMalformed, t.sheet, err)}
}

// RowError is a workbook reader's error in one row of a sheet.
type RowError struct {
	Row int
	Err error
}

func (e *RowError) Error() string { return fmt.Sprintf("row %d: %v", e.Row, e.Err) }
func (e *RowError) Unwrap() error { return e.Err }
