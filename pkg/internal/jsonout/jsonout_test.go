package jsonout

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// Indent writes what json.Indent writes, for compact JSON at any depth.
func TestIndentAsEncodingJSON(t *testing.T) {
	docs := []string{
		`{}`, `[]`, `{"a":{}}`, `{"a":[]}`, `[[],{},[[]]]`, `"x"`, `1`, `null`, `true`,
		`{"a":1,"b":[1,2,{"c":"d"}],"e":{"f":null}}`,
		`{"q\"uo:te,":"va{l}[u]e\\","s":"\u2028 \\\" \\\\"}`,
		`[{"verdicts":[{"why":"a, b: c","hits":[{"rule":"r"}]}]}]`,
		`{"":""}`,
	}
	for _, d := range docs {
		for depth := 0; depth < 3; depth++ {
			checkIndent(t, []byte(d), depth)
		}
	}
}

func checkIndent(t *testing.T, compact []byte, depth int) {
	t.Helper()
	var want bytes.Buffer
	if err := json.Indent(&want, compact, strings.Repeat("  ", depth), "  "); err != nil {
		t.Fatalf("json.Indent(%q): %v", compact, err)
	}
	// Encode's final newline is dropped.
	if got := Indent(nil, append(append([]byte{}, compact...), '\n'), depth); !bytes.Equal(got, want.Bytes()) {
		t.Errorf("Indent(%q, %d):\n got %q\nwant %q", compact, depth, got, want.Bytes())
	}
}

func FuzzIndent(f *testing.F) {
	f.Add([]byte(`{"a":[1,{"b":"c\"d"}],"e":{}}`), 1)
	f.Add([]byte(`[[],"\\",{"x":"\u0000"}]`), 0)
	f.Fuzz(func(t *testing.T, doc []byte, depth int) {
		if !json.Valid(doc) || depth < 0 || depth > 8 {
			return
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, doc); err != nil {
			t.Fatal(err)
		}
		checkIndent(t, compact.Bytes(), depth)
	})
}

// A Writer's value is what an Encoder with SetIndent writes for it.
func TestValueAsEncoder(t *testing.T) {
	v := map[string]any{"list": []any{1, "two", map[string]any{}, []any{}}, "html": "<a&b>", "n": nil}
	for depth := 0; depth < 3; depth++ {
		var want bytes.Buffer
		e := json.NewEncoder(&want)
		e.SetIndent(strings.Repeat("  ", depth), "  ")
		e.SetEscapeHTML(false)
		if err := e.Encode(v); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		w := New(&got)
		w.Value(depth, v)
		if w.Err() != nil {
			t.Fatal(w.Err())
		}
		if got.String()+"\n" != want.String() {
			t.Errorf("depth %d:\n got %q\nwant %q", depth, got.String(), want.String())
		}
	}
}
