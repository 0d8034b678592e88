//go:build unix

package xlsxbook

import (
	"bytes"
	"syscall"
	"testing"
	"time"

	"github.com/vendorcheck/vendorcheck/internal/testgen/hostilegen"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/hwsheet"
)

// BenchmarkReadSheet reads a generated sheet of 100,000 rows (three text
// cells a row, inline or shared) through this reader and through excelize,
// every row's cells as the decoder gets them; cpu-ns/op is the process's
// CPU time per read, steadier than wall time on a shared machine:
//
//	go test ./pkg/ingest/hwsheet/xlsxbook -run '^$' -bench ReadSheet -benchmem
func BenchmarkReadSheet(b *testing.B) {
	for _, c := range []struct {
		name string
		wb   hostilegen.Workbook
	}{
		{"inline", hostilegen.Workbook{Rows: 100_000}},
		{"shared", hostilegen.Workbook{Rows: 100_000, SharedStrings: 1}},
	} {
		var buf bytes.Buffer
		if err := c.wb.Write(&buf); err != nil {
			b.Fatal(err)
		}
		data := buf.Bytes()
		for _, r := range []struct {
			name string
			open hwsheet.OpenWorkbook
		}{{"xlsxbook", Open}, {"excelize", excelizeOpen}} {
			b.Run(c.name+"/"+r.name, func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				start := processCPU()
				for i := 0; i < b.N; i++ {
					wb, err := r.open(data, hwsheet.MaxXLSXUncompressed)
					if err != nil {
						b.Fatal(err)
					}
					cells := 0
					for _, s := range wb.Sheets() {
						if err := wb.Rows(s, func(_ int, row []string) error { cells += len(row); return nil }); err != nil {
							b.Fatal(err)
						}
					}
					wb.Close()
					if cells < 300_000 {
						b.Fatalf("%d cells", cells)
					}
				}
				b.ReportMetric(float64(processCPU()-start)/float64(b.N), "cpu-ns/op")
			})
		}
	}
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
