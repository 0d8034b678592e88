package xlsxbook

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

// FuzzReadWorkbook reads any input as a workbook: as a zip when it is
// one, else as the sheet data and shared-strings entries of a one-sheet
// workbook, split at the first NUL byte (so that the fuzzer works on the
// XML and not on deflated bytes). The reader must not panic, and wherever
// both it and excelize read the workbook, they must read the same
// (scripts/fuzz-smoke.sh; seeds: every reference workbook, in both forms).
func FuzzReadWorkbook(f *testing.F) {
	for _, data := range referenceWorkbooks(f) {
		f.Add(data)
	}
	for _, parts := range handMade() {
		var sheet, sst string
		for _, p := range parts {
			switch p.name {
			case "xl/worksheets/sheet1.xml":
				sheet = strings.TrimSuffix(strings.TrimPrefix(p.body, wsHead), wsTail)
			case "xl/sharedStrings.xml":
				sst = strings.TrimSuffix(strings.TrimPrefix(p.body, sstHead), `</sst>`)
			}
		}
		f.Add([]byte(sheet + "\x00" + sst))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		book := data
		if !bytes.HasPrefix(data, []byte("PK")) {
			sheet, sst, _ := bytes.Cut(data, []byte{0})
			book = zipParts(t, oneSheet(string(sheet), string(sst)))
		}
		got := readContent(Open, book)
		want := excelizeContent(book)
		if bothRead(got, want) && !sameNames(got.Sheets) && !reflect.DeepEqual(got, want) {
			t.Errorf("this reader and excelize differ:\ngot  %+v\nwant %+v", got, want)
		}
	})
}

// excelizeContent is excelize's reading, or a failure where it panics.
func excelizeContent(book []byte) (c bookContent) {
	defer func() {
		if recover() != nil {
			c = bookContent{OpenErr: true}
		}
	}()
	return readContent(excelizeOpen, book)
}

// sameNames reports two sheet names equal but for case: excelize then
// picks either sheet's part at random.
func sameNames(sheets []string) bool {
	for i := range sheets {
		for j := i + 1; j < len(sheets); j++ {
			if strings.EqualFold(sheets[i], sheets[j]) {
				return true
			}
		}
	}
	return false
}
