package dmidecode

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
)

func BenchmarkDecode(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "corpus", "huawei-2288H-V5_94600F3C6456.txt"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := New().Decode(context.Background(), bytes.NewReader(data), "x"); err != nil {
			b.Fatal(err)
		}
	}
}
