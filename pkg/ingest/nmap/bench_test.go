package nmap

import (
	"bytes"
	"context"
	"testing"

	"github.com/vendorcheck/vendorcheck/internal/testgen/hwgen"
)

// BenchmarkLarge reads a generated scan of 20,000 hosts
// (internal/testgen/hwgen, about 30 MB) with the streaming decoder and
// with the encoding/xml reference it replaced.
func BenchmarkLarge(b *testing.B) {
	var buf bytes.Buffer
	if err := hwgen.NmapXML(&buf, 20_000, 1); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	for _, d := range []struct {
		name   string
		decode func(context.Context, *bytes.Reader) error
	}{
		{"xmlscan", func(ctx context.Context, r *bytes.Reader) error {
			_, err := decode(ctx, r, "x", MaxDocumentSize)
			return err
		}},
		{"encoding-xml", func(ctx context.Context, r *bytes.Reader) error {
			_, err := decodeReference(ctx, r, "x", MaxDocumentSize)
			return err
		}},
	} {
		b.Run(d.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if err := d.decode(context.Background(), bytes.NewReader(data)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
