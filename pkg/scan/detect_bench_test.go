package scan

import (
	"bytes"
	"io"
	"testing"

	"github.com/vendorcheck/vendorcheck/internal/testgen/sbomgen"
	"github.com/vendorcheck/vendorcheck/pkg/ingest"
)

// BenchmarkDetectAll measures format detection on the head of a generated
// 1,000-component document of each common format: every decoder's Identify
// runs on every input, so a detector's cost is paid by every other format.
//
//	go test ./pkg/scan -run '^$' -bench DetectAll
func BenchmarkDetectAll(b *testing.B) {
	gens := []struct {
		name string
		gen  func(io.Writer, int, int64) error
	}{
		{"cdx-json", sbomgen.CycloneDXJSON},
		{"cdx-xml", sbomgen.CycloneDXXML},
		{"spdx-json", sbomgen.SPDXJSON},
	}
	reg := Decoders(DecoderOptions{})
	for _, g := range gens {
		var doc bytes.Buffer
		if err := g.gen(&doc, 1000, 1); err != nil {
			b.Fatal(err)
		}
		head := doc.Bytes()[:min(doc.Len(), ingest.HeadSize)]
		b.Run(g.name, func(b *testing.B) {
			if ds := reg.DetectAll(head); len(ds) != 1 {
				b.Fatalf("%d decoders identify the %s head, want 1", len(ds), g.name)
			}
			for b.Loop() {
				reg.DetectAll(head)
			}
		})
	}
}
