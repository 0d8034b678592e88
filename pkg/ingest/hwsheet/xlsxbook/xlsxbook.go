// Package xlsxbook reads XLSX workbooks for the procurement-sheet decoder
// (hwsheet.Options.Workbooks) with excelize. It is a package of its own so
// that only programs that read workbooks link the spreadsheet library.
package xlsxbook

import (
	"bytes"
	"os"

	"github.com/xuri/excelize/v2"

	"github.com/vendorcheck/vendorcheck/pkg/ingest/hwsheet"
)

var _ hwsheet.OpenWorkbook = Open

// Open opens a workbook from its bytes; unzipLimit bounds what its parts
// may inflate to. Large sheet parts stream from temporary files, which go
// into a directory of the workbook's own, removed by Close and on every
// failure, so that a corrupt workbook leaves nothing behind (excelize does
// not remove them when opening fails).
func Open(data []byte, unzipLimit int64) (hwsheet.Workbook, error) {
	dir, err := os.MkdirTemp("", "vendorcheck-xlsx-")
	if err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    unzipLimit,
		UnzipXMLSizeLimit: 16 << 20, // larger sheets stream from a temporary file
		TmpDir:            dir,
	})
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return book{f: f, dir: dir}, nil
}

type book struct {
	f   *excelize.File
	dir string // the temporary files' directory
}

func (b book) Sheets() []string { return b.f.GetSheetList() }

func (b book) Date1904() bool {
	props, err := b.f.GetWorkbookProps()
	return err == nil && props.Date1904 != nil && *props.Date1904
}

// Rows reads the raw cell values: numbers as stored (a date cell is its
// serial number), text as written, no number formats applied.
func (b book) Rows(sheet string, fn func(row int, cells []string) error) error {
	rs, err := b.f.Rows(sheet)
	if err != nil {
		return err
	}
	defer rs.Close()
	row := 0
	for rs.Next() {
		row++
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

func (b book) Close() error {
	err := b.f.Close()
	if rerr := os.RemoveAll(b.dir); err == nil {
		err = rerr
	}
	return err
}
