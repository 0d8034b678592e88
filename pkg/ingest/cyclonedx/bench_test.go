package cyclonedx

import (
	"bytes"
	"context"
	"sync"
	"testing"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/vendorcheck/vendorcheck/internal/testgen/sbomgen"
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
