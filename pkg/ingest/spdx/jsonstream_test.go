package spdx

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/vendorcheck/vendorcheck/internal/testgen/sbomgen"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// referenceDecode reads data with the tools-golang reader the streaming one
// replaced.
func referenceDecode(data []byte, name string) (*inventory.Inventory, error) {
	d := NewJSON().(*decoder)
	res, err := d.decodeJSONReference(bytes.NewReader(data), name)
	if err != nil {
		return nil, err
	}
	inv := toInventory(res.doc, name, res.lines)
	inv.Format, inv.SpecVersion = d.id, res.version
	return inv, nil
}

func streamDecode(data []byte, name string) (*inventory.Inventory, error) {
	return NewJSON().Decode(context.Background(), bytes.NewReader(data), name)
}

// TestJSONStreamMatchesReference: on every SPDX JSON document of the
// corpus and fixtures, and on generated ones, the streaming reader gives
// the inventory the tools-golang reader gives, or both fail.
func TestJSONStreamMatchesReference(t *testing.T) {
	files, _ := filepath.Glob("testdata/*/*.json")
	var docs []string
	for _, f := range files {
		// testdata/bent holds documents tools-golang refuses and the
		// streaming reader reads with warnings (TestBent).
		if !strings.Contains(f, "spdx3") && !strings.Contains(f, "bent") {
			docs = append(docs, f)
		}
	}
	if len(docs) < 8 {
		t.Fatalf("only %d SPDX JSON test documents", len(docs))
	}
	check := func(t *testing.T, name string, data []byte) {
		want, werr := referenceDecode(data, name)
		got, gerr := streamDecode(data, name)
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("reference error %v, streaming error %v", werr, gerr)
		}
		if werr != nil {
			return
		}
		if !reflect.DeepEqual(got, want) {
			for i := range min(len(got.Components), len(want.Components)) {
				if !reflect.DeepEqual(got.Components[i], want.Components[i]) {
					t.Fatalf("component %d:\n got %+v\nwant %+v", i, got.Components[i], want.Components[i])
				}
			}
			t.Fatalf("inventories differ: %d vs %d components, host %q vs %q, version %q vs %q",
				len(got.Components), len(want.Components), got.Host, want.Host, got.SpecVersion, want.SpecVersion)
		}
	}
	for _, f := range docs {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			check(t, filepath.Base(f), data)
		})
	}
	t.Run("generated", func(t *testing.T) {
		var buf bytes.Buffer
		if err := sbomgen.SPDXJSON(&buf, 3000, 3); err != nil {
			t.Fatal(err)
		}
		check(t, "gen.spdx.json", buf.Bytes())
	})
}

// FuzzJSONStreamMatchesReference: whenever the tools-golang reader accepts
// a document, the streaming reader gives the same inventory. (The streaming
// reader may accept more: it does not type-check the fields it skips, and
// it unescapes supplier values, so inputs with escapes are left out.)
func FuzzJSONStreamMatchesReference(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*.json")
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil && len(data) < 256<<10 {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if bytes.IndexByte(data, '\\') >= 0 {
			return
		}
		// The streaming reader refuses invalid UTF-8 anywhere (the document
		// must be UTF-8); tools-golang lets it pass in keys it ignores.
		if !utf8.Valid(data) {
			return
		}
		want, err := referenceDecode(data, "f.json")
		if err != nil {
			return
		}
		got, err := streamDecode(data, "f.json")
		if err != nil && strings.Contains(err.Error(), "duplicate key") {
			// Refused on purpose: a key given twice in one object is
			// ambiguous (tools-golang takes the last one).
			return
		}
		if err != nil {
			t.Fatalf("tools-golang reads it, the streaming reader fails: %v", err)
		}
		// A package without an SPDXID: tools-golang drops it, the streaming
		// reader keeps it (a package it cannot name may still be a
		// restricted vendor's). Compare the packages both readers keep.
		if len(got.Components) > len(want.Components) {
			kept := got.Components[:0:0]
			for _, c := range got.Components {
				if c.Location.Ref != "" {
					kept = append(kept, c)
				}
			}
			got.Components = kept
		}
		// The reference finds a package's line by searching the text, and
		// gives 0 where a mutated document defeats the search; the
		// streaming reader knows the line.
		for i := range min(len(got.Components), len(want.Components)) {
			if want.Components[i].Location.Line == 0 {
				got.Components[i].Location.Line = 0
			}
		}
		if !reflect.DeepEqual(got, want) && !sameJSON(got, want) {
			t.Fatalf("inventories differ:\n got %+v\nwant %+v", got, want)
		}
	})
}

// sameJSON compares two inventories as their JSON: a nil and an empty slice
// are the same inventory.
func sameJSON(a, b *inventory.Inventory) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(ja, jb)
}
