package lshw

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
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
