package cyclonedx

import (
	"bytes"
	"context"
	"sync"
	"testing"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/vendorcheck/vendorcheck/internal/testgen/sbomgen"
	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

var bench100k = sync.OnceValue(func() []byte {
	var b bytes.Buffer
	if err := sbomgen.CycloneDXJSON(&b, 100_000, 1); err != nil {
		panic(err)
	}
	return b.Bytes()
})

// BenchmarkDecodeJSON100k is our decoder on a generated 100k-component BOM.
func BenchmarkDecodeJSON100k(b *testing.B) {
	data := bench100k()
	dec := NewJSON()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		inv, err := dec.Decode(context.Background(), bytes.NewReader(data), "bench.json")
		if err != nil {
			b.Fatal(err)
		}
		if len(inv.Components) != 100_001 {
			b.Fatalf("got %d components", len(inv.Components))
		}
	}
}

// BenchmarkCycloneDXGoDecode100k is cyclonedx-go alone on the same bytes:
// the bar our decoder must beat.
func BenchmarkCycloneDXGoDecode100k(b *testing.B) {
	data := bench100k()
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

var bench1k = sync.OnceValue(func() []byte {
	var b bytes.Buffer
	if err := sbomgen.CycloneDXJSON(&b, 1000, 1); err != nil {
		panic(err)
	}
	return b.Bytes()
})

// BenchmarkStreamJSON1k is what a scan of a 1,000-component BOM asks of
// ingest: detection, the head read first, the guard, and every component
// streamed (and dropped).
func BenchmarkStreamJSON1k(b *testing.B) {
	data := bench1k()
	reg := ingest.NewRegistry(NewJSON())
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		n := 0
		ctx := ingest.WithSizeHint(context.Background(), int64(len(data)))
		_, err := reg.StreamWithLimit(ctx, bytes.NewReader(data), "bench.json", 0, func(int64, *inventory.Component) error {
			n++
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		if n != 1001 {
			b.Fatalf("got %d components", n)
		}
	}
}
