package lshw

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/vendorcheck/vendorcheck/internal/testgen/hwgen"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

func BenchmarkDecodeJSON(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "corpus", "ironlib-supermicro-x11dph-t.lshw.json"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := NewJSON().Decode(context.Background(), bytes.NewReader(data), "x"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeXML(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "corpus", "dl360p-gen8.lshw.xml"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := NewXML().Decode(context.Background(), bytes.NewReader(data), "x"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkXMLLarge reads a generated machine of 20,000 device nodes
// (internal/testgen/hwgen, about 15 MB) with the streaming decoder and
// with the encoding/xml reference it replaced.
func BenchmarkXMLLarge(b *testing.B) {
	var buf bytes.Buffer
	if err := hwgen.LshwXML(&buf, 20_000, 1); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	for _, d := range []struct {
		name   string
		decode func(context.Context, io.Reader, string) (*inventory.Inventory, error)
	}{{"xmlscan", NewXML().Decode}, {"encoding-xml", decodeXMLReference}} {
		b.Run(d.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				inv, err := d.decode(context.Background(), bytes.NewReader(data), "x")
				if err != nil || len(inv.Components) < 20_000 {
					b.Fatal(err)
				}
			}
		})
	}
}
