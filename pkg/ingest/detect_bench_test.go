package ingest_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/vendorcheck/vendorcheck/internal/testgen/sbomgen"
	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/scan"
)

// BenchmarkDetectAll: format detection of one input, every reader's
// Identify over the first HeadSize bytes of a 1,000-component SBOM (what
// each scanned file pays before it is read).
func BenchmarkDetectAll(b *testing.B) {
	reg := scan.Decoders(scan.DecoderOptions{})
	for _, f := range []struct {
		name string
		gen  func(io.Writer, int, int64) error
	}{
		{"cyclonedx-json", sbomgen.CycloneDXJSON},
		{"cyclonedx-xml", sbomgen.CycloneDXXML},
		{"spdx-json", sbomgen.SPDXJSON},
	} {
		var doc bytes.Buffer
		if err := f.gen(&doc, 1000, 1); err != nil {
			b.Fatal(err)
		}
		head := doc.Bytes()[:min(doc.Len(), ingest.HeadSize)]
		b.Run(f.name, func(b *testing.B) {
			for b.Loop() {
				if len(reg.DetectAll(head)) != 1 {
					b.Fatal("not detected as one format")
				}
			}
		})
	}
}
