package scan

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	cdx "github.com/CycloneDX/cyclonedx-go"
	spdxjson "github.com/spdx/tools-golang/json"

	"github.com/vendorcheck/vendorcheck/internal/testgen/sbomgen"
)

// Benchmarks by format and size: a whole scan (BenchmarkScanSize) beside the
// format library's decode alone (BenchmarkLibraryDecode) and vendorcheck's
// decode alone (BenchmarkDecodeSize), on documents from internal/testgen/sbomgen.
// Select with -bench, e.g. -bench 'Size/cdx-json/100k|Library/cdx-json/100k'.
// docs/performance.md has the numbers of one run and scripts/bench.sh
// measures the binary.

var benchSizes = []struct {
	name string
	n    int
}{{"1k", 1_000}, {"10k", 10_000}, {"100k", 100_000}, {"500k", 500_000}}

var benchFormats = []struct {
	name string
	gen  func(w *bytes.Buffer, n int) error
}{
	{"cdx-json", func(w *bytes.Buffer, n int) error { return sbomgen.CycloneDXJSON(w, n, 1) }},
	{"cdx-xml", func(w *bytes.Buffer, n int) error { return sbomgen.CycloneDXXML(w, n, 1) }},
	{"spdx-json", func(w *bytes.Buffer, n int) error { return sbomgen.SPDXJSON(w, n, 1) }},
}

var (
	benchDocsMu sync.Mutex
	benchDocs   = map[string]string{} // format/size -> file
	benchDir    string
)

// benchDoc generates (once per process) the document and returns its path
// and bytes.
func benchDoc(b *testing.B, format string, n int) (string, []byte) {
	b.Helper()
	benchDocsMu.Lock()
	defer benchDocsMu.Unlock()
	key := fmt.Sprintf("%s-%d", format, n)
	if p, ok := benchDocs[key]; ok {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		return p, data
	}
	if benchDir == "" {
		d, err := os.MkdirTemp("", "vendorcheck-bench-")
		if err != nil {
			b.Fatal(err)
		}
		benchDir = d
	}
	var buf bytes.Buffer
	for _, f := range benchFormats {
		if f.name == format {
			if err := f.gen(&buf, n); err != nil {
				b.Fatal(err)
			}
		}
	}
	p := filepath.Join(benchDir, key)
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	benchDocs[key] = p
	return p, buf.Bytes()
}

func BenchmarkScanSize(b *testing.B) {
	cfg := config(b)
	for _, f := range benchFormats {
		for _, s := range benchSizes {
			b.Run(f.name+"/"+s.name, func(b *testing.B) {
				path, data := benchDoc(b, f.name, s.n)
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				runtime.GC() // the generator's garbage is not this benchmark's CPU time
				b.ResetTimer()
				cpu := processCPU()
				for b.Loop() {
					ins, _ := Expand([]string{path}, nil)
					res := RunConfig(context.Background(), cfg, ins)
					if len(res.Errors) > 0 || res.Summary.Components < s.n {
						b.Fatalf("scan: %+v %v", res.Summary, res.Errors)
					}
				}
				reportCPU(b, cpu)
			})
		}
	}
}

func BenchmarkDecodeSize(b *testing.B) {
	reg := Decoders(DecoderOptions{})
	for _, f := range benchFormats {
		for _, s := range benchSizes {
			b.Run(f.name+"/"+s.name, func(b *testing.B) {
				_, data := benchDoc(b, f.name, s.n)
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				runtime.GC() // the generator's garbage is not this benchmark's CPU time
				b.ResetTimer()
				cpu := processCPU()
				for b.Loop() {
					inv, err := reg.Decode(context.Background(), bytes.NewReader(data), "bench")
					if err != nil || len(inv.Components) < s.n {
						b.Fatalf("decode: %v", err)
					}
				}
				reportCPU(b, cpu)
			})
		}
	}
}

// BenchmarkLibraryDecode is cyclonedx-go's and tools-golang's decode alone.
func BenchmarkLibraryDecode(b *testing.B) {
	for _, f := range benchFormats {
		for _, s := range benchSizes {
			b.Run(f.name+"/"+s.name, func(b *testing.B) {
				_, data := benchDoc(b, f.name, s.n)
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				runtime.GC() // the generator's garbage is not this benchmark's CPU time
				b.ResetTimer()
				cpu := processCPU()
				for b.Loop() {
					switch f.name {
					case "cdx-json", "cdx-xml":
						format := cdx.BOMFileFormatJSON
						if f.name == "cdx-xml" {
							format = cdx.BOMFileFormatXML
						}
						var bom cdx.BOM
						if err := cdx.NewBOMDecoder(bytes.NewReader(data), format).Decode(&bom); err != nil {
							b.Fatal(err)
						}
					case "spdx-json":
						if _, err := spdxjson.Read(bytes.NewReader(data)); err != nil {
							b.Fatal(err)
						}
					}
				}
				reportCPU(b, cpu)
			})
		}
	}
}
