// Package hwgolden is the golden-file and corpus helper shared by the tests
// of the hardware and sheet decoders. It is imported only from tests.
package hwgolden

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// Update rewrites golden files instead of comparing them (go test -update).
var Update = flag.Bool("update", false, "rewrite golden files")

// CorpusFiles lists testdata/corpus, without SOURCES.md.
func CorpusFiles(t *testing.T) []string {
	t.Helper()
	ents, err := os.ReadDir(filepath.Join("testdata", "corpus"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if e.IsDir() || e.Name() == "SOURCES.md" {
			continue
		}
		out = append(out, filepath.Join("testdata", "corpus", e.Name()))
	}
	sort.Strings(out)
	if len(out) == 0 {
		t.Fatal("no corpus files")
	}
	return out
}

// DecodeFile identifies and decodes path with d, failing the test if d does
// not identify it or decoding fails. The inventory's source is the path as
// given (relative to the package), so golden files are stable.
func DecodeFile(t *testing.T, d ingest.Decoder, path string) *inventory.Inventory {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	head := data
	if len(head) > ingest.HeadSize {
		head = head[:ingest.HeadSize]
	}
	if !d.Identify(head) {
		t.Fatalf("%s: %s does not identify it", path, d.ID())
	}
	inv, err := d.Decode(context.Background(), bytes.NewReader(data), filepath.ToSlash(path))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return inv
}

// Read decodes path through reg as a scan would (detection, byte-order
// marks, size limits) and returns the error a scan would report, so tests of
// bad inputs see the user's message. The inventory's source is the path as
// given, so golden files are stable.
func Read(t *testing.T, reg *ingest.Registry, path string) (*inventory.Inventory, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return reg.Decode(context.Background(), f, filepath.ToSlash(path))
}

// Golden compares inv, as indented JSON, with testdata/golden/<name>.json,
// or rewrites that file under -update.
func Golden(t *testing.T, name string, inv *inventory.Inventory) {
	t.Helper()
	got, err := json.MarshalIndent(inv, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	CompareFile(t, filepath.Join("testdata", "golden", name+".json"), append(got, '\n'))
}

// JSON renders v as indented JSON without HTML escaping (so that "<" and
// "&" in vendor names read as written in golden files).
func JSON(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// CompareFile compares got with the golden file at path, or rewrites the
// file under -update.
func CompareFile(t *testing.T, path string, got []byte) {
	t.Helper()
	if *Update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from golden file %s (run go test -update and review the diff):\n%s", path, got)
	}
}

// Components returns the components of inv of kind k.
func Components(inv *inventory.Inventory, k inventory.Kind) []inventory.Component {
	var out []inventory.Component
	for _, c := range inv.Components {
		if c.Kind == k {
			out = append(out, c)
		}
	}
	return out
}

// HasParty reports whether c has a party with the role and name.
func HasParty(c inventory.Component, role inventory.Role, name string) bool {
	for _, p := range c.Parties {
		if p.Role == role && p.Name == name {
			return true
		}
	}
	return false
}

// HasID reports whether c has an identifier of the kind and value.
func HasID(c inventory.Component, k inventory.IDKind, value string) bool {
	for _, id := range c.Identifiers {
		if id.Kind == k && id.Value == value {
			return true
		}
	}
	return false
}

// CheckLocations asserts every component has a file, a positive line or a
// ref, and a kind and name.
func CheckLocations(t *testing.T, inv *inventory.Inventory, needLine bool) {
	t.Helper()
	for i, c := range inv.Components {
		if c.Location.File == "" || c.Location.Ref == "" || (needLine && c.Location.Line <= 0) {
			t.Errorf("%s: component %d (%s) has incomplete location %+v", inv.Source, i, c.Name, c.Location)
		}
		if c.Kind == "" || c.Name == "" {
			t.Errorf("%s: component %d has no kind or name: %+v", inv.Source, i, c)
		}
	}
}

// CheckMalformed decodes in with d under the name "in" and checks that it
// fails with a *ingest.DecodeError for that file that wraps
// ingest.ErrMalformed, at line (0: no line), with msg in its text.
func CheckMalformed(t *testing.T, d ingest.Decoder, in string, line int, msg string) {
	t.Helper()
	_, err := d.Decode(context.Background(), strings.NewReader(in), "in")
	var de *ingest.DecodeError
	if err == nil || !errors.Is(err, ingest.ErrMalformed) || !errors.As(err, &de) || de.File != "in" {
		t.Fatalf("error %v: not a malformed DecodeError for in", err)
	}
	if de.Line != line || !strings.Contains(err.Error(), msg) {
		t.Errorf("error %q: line %d, want %d and %q", err, de.Line, line, msg)
	}
}

// GoldenName is where Each keeps the golden file of an input path:
// testdata/golden/<folder>-<file>.golden.json ("corpus-x.json" for
// testdata/corpus/x.json).
func GoldenName(path string) string {
	return filepath.Join("testdata/golden", filepath.Base(filepath.Dir(path))+"-"+filepath.Base(path)+".golden.json")
}

// Each decodes every path in a subtest named after the file and compares
// the inventory, or the error as {"error": ...}, with the golden file
// name(path). check, when not nil, runs on every inventory decoded, with
// the path it came from.
func Each(t *testing.T, paths []string, name func(path string) string,
	decode func(t *testing.T, path string) (*inventory.Inventory, error),
	check func(t *testing.T, path string, inv *inventory.Inventory)) {
	t.Helper()
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			inv, err := decode(t, path)
			var got []byte
			if err != nil {
				got = JSON(map[string]string{"error": err.Error()})
			} else {
				if check != nil {
					check(t, path, inv)
				}
				got = JSON(inv)
			}
			CompareFile(t, name(path), got)
		})
	}
}
