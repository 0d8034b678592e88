package hwsheet

import (
	"bytes"

	"github.com/xuri/excelize/v2"
)

// The package's own tests read workbooks through this reader: the real
// one, package xlsxbook, imports this package, so it cannot be imported
// here. xlsxbook's tests decode the same fixtures through it.

func testWorkbooks(data []byte, unzipLimit int64) (Workbook, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: unzipLimit, UnzipXMLSizeLimit: 16 << 20})
	if err != nil {
		return nil, err
	}
	return testBook{f}, nil
}

type testBook struct{ f *excelize.File }

func (b testBook) Sheets() []string { return b.f.GetSheetList() }
func (b testBook) Date1904() bool {
	p, err := b.f.GetWorkbookProps()
	return err == nil && p.Date1904 != nil && *p.Date1904
}
func (b testBook) Close() error { return b.f.Close() }
func (b testBook) Rows(sheet string, fn func(int, []string) error) error {
	rs, err := b.f.Rows(sheet)
	if err != nil {
		return err
	}
	defer rs.Close()
	for row := 1; rs.Next(); row++ {
		cols, err := rs.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return &RowError{Row: row, Err: err}
		}
		if err := fn(row, cols); err != nil {
			return err
		}
	}
	return rs.Error()
}
