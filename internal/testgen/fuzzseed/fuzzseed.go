// Package fuzzseed seeds fuzz targets from files in the repository and
// checks the invariants of the strict loaders (policy lists, catalog
// entities, waivers, config): no panic, an error that names the file, the
// same answer twice. It is imported only by *_fuzz_test.go files.
package fuzzseed

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// AddFiles adds every file under dir whose name ends in one of exts, and
// the extra seeds; a target with no seed fails.
func AddFiles(f *testing.F, dir string, exts []string, extra ...string) {
	f.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		for _, e := range exts {
			if strings.HasSuffix(path, e) {
				data, err := os.ReadFile(path)
				if err != nil {
					return err
				}
				f.Add(data)
				n++
				break
			}
		}
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		f.Fatal(err)
	}
	for _, s := range extra {
		f.Add([]byte(s))
		n++
	}
	if n == 0 {
		f.Fatalf("no seeds under %s", dir)
	}
}

// Name is the file name every fuzzed input is parsed under.
const Name = "fuzz.yaml"

// Parse checks a loader: the error, if any, names the file, and a second
// parse gives the same answer.
func Parse(t *testing.T, data []byte, parse func(name string, data []byte) error) {
	t.Helper()
	err1 := parse(Name, data)
	err2 := parse(Name, data)
	if (err1 == nil) != (err2 == nil) || (err1 != nil && err1.Error() != err2.Error()) {
		t.Fatalf("not deterministic: %v, then %v", err1, err2)
	}
	if err1 != nil && !strings.Contains(err1.Error(), Name) {
		t.Fatalf("error does not name the file: %v", err1)
	}
}
