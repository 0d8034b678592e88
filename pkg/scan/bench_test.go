package scan

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/vendorcheck/vendorcheck/internal/testgen/sbomgen"
)

// The benchmarks compare a whole scan (detect, decode, match, evaluate
// against every shipped list) with cyclonedx-go's decode alone, on the same
// generated 100k-component CycloneDX JSON SBOM. The data is generated, not
// committed: go run ./internal/testgen/sbomgen/cmd -n 100000 -o /tmp/sbom.json makes
// the same file for timing the binary.

var (
	genOnce sync.Once
	genPath string
	genData []byte
)

func sbom100k(b *testing.B) (string, []byte) {
	genOnce.Do(func() {
		var buf bytes.Buffer
		if err := sbomgen.CycloneDXJSON(&buf, 100_000, 1); err != nil {
			b.Fatal(err)
		}
		genData = buf.Bytes()
		dir, err := os.MkdirTemp("", "vendorcheck-bench-")
		if err != nil {
			b.Fatal(err)
		}
		genPath = filepath.Join(dir, "sbom-100k.cdx.json")
		if err := os.WriteFile(genPath, genData, 0o644); err != nil {
			b.Fatal(err)
		}
	})
	return genPath, genData
}

func BenchmarkScan100k(b *testing.B) {
	path, data := sbom100k(b)
	cfg := config(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		ins, _ := Expand([]string{path}, nil)
		res := RunConfig(context.Background(), cfg, ins)
		if len(res.Errors) > 0 || res.Summary.Components < 100_000 {
			b.Fatalf("scan: %+v %v", res.Summary, res.Errors)
		}
	}
}

func BenchmarkCycloneDXGoDecode100k(b *testing.B) {
	_, data := sbom100k(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		var bom cdx.BOM
		if err := cdx.NewBOMDecoder(bytes.NewReader(data), cdx.BOMFileFormatJSON).Decode(&bom); err != nil {
			b.Fatal(err)
		}
	}
}
