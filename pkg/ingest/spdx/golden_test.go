package spdx

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGolden compares the normalized inventory of small documents with
// testdata/golden/TestGolden_<file>.golden (JSON). Run with -update to refresh them.
// Input names are relative and inventories hold no timestamps, so nothing
// needs normalising before the comparison.
func TestGolden(t *testing.T) {
	for _, path := range []string{
		filepath.Join("testdata", "corpus", "hello.spdx"),
		filepath.Join("testdata", "corpus", "SPDXYAMLExample-2.3.spdx.yaml"),
		filepath.Join("testdata", "fixtures", "parties.spdx.json"),
	} {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			inv, err := decodeFile(t, path)
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(inv, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", "golden", "TestGolden_"+name+".golden")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("inventory differs from %s (run go test -update if the change is intended):\n%s", golden, got)
			}
		})
	}
}
