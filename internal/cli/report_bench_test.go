package cli

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/vendorcheck/vendorcheck/internal/testgen/sbomgen"
	"github.com/vendorcheck/vendorcheck/pkg/report"
	"github.com/vendorcheck/vendorcheck/pkg/scan"
)

// BenchmarkJSONReport1k writes the JSON report of a generated
// 1,000-component SBOM's scan.
//
//	go test ./internal/cli -run '^$' -bench JSONReport1k
func BenchmarkJSONReport1k(b *testing.B) {
	var doc bytes.Buffer
	if err := sbomgen.CycloneDXJSON(&doc, 1000, 1); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "sbom-1k.cdx.json")
	if err := os.WriteFile(path, doc.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	opt, err := scan.Prepare(scan.Options{})
	if err != nil {
		b.Fatal(err)
	}
	res, err := scan.Run(context.Background(), opt, path)
	if err != nil {
		b.Fatal(err)
	}
	if len(res.Verdicts) == 0 {
		b.Fatal("no verdicts: the report would be nearly empty")
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := (report.JSON{}).Render(io.Discard, res, report.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
