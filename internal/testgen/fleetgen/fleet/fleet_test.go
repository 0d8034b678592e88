package fleet

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestCommittedFleet: testdata/fleet/generated is what the generator
// writes with its defaults (regenerate with
// `go run ./internal/testgen/fleetgen -o testdata/fleet/generated`).
func TestCommittedFleet(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "..", "testdata", "fleet", "generated")
	files := Generate(24, 1)
	n := 0
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != len(files) {
		t.Errorf("%s holds %d files, the generator makes %d", dir, n, len(files))
	}
	for _, f := range files {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
		if err != nil {
			t.Error(err)
			continue
		}
		if !bytes.Equal(got, f.Data) {
			t.Errorf("%s differs from the generator's output", f.Path)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a, b := Generate(50, 7), Generate(50, 7)
	if len(a) != 50+len(Sites) {
		t.Fatalf("%d files for 50 hosts, want %d", len(a), 50+len(Sites))
	}
	for i := range a {
		if a[i].Path != b[i].Path || !bytes.Equal(a[i].Data, b[i].Data) {
			t.Fatalf("file %d differs between two runs", i)
		}
	}
	if c := Generate(50, 8); bytes.Equal(c[0].Data, a[0].Data) && bytes.Equal(c[1].Data, a[1].Data) && bytes.Equal(c[2].Data, a[2].Data) {
		t.Errorf("another seed gives the same files")
	}
}
