package jsonout

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/internal/safetext"
)

// encoderJSON is what the report formats wrote with encoding/json: the
// value indented, HTML not escaped, the format characters escaped by
// safetext.JSON.
func encoderJSON(t *testing.T, v any) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return safetext.JSON(b.Bytes())
}

func checkString(t *testing.T, s string) {
	t.Helper()
	want := bytes.TrimSuffix(encoderJSON(t, s), []byte("\n"))
	if got := AppendString(nil, s); !bytes.Equal(got, want) {
		t.Errorf("AppendString(%q) = %s, want %s", s, got, want)
	}
}

// AppendString writes what encoding/json and safetext.JSON write for a
// string.
func TestAppendStringAsEncoder(t *testing.T) {
	for _, s := range []string{
		"", "plain", `"quoted" \ back\slash`, "\x00\x01\x07\x08\x0b\x0c\x1f\x7f", "\b\f\n\r\t",
		"<a&b>", "\xff", "a\xe2\x80", "\xe2\x80\xa8 \xe2\x80\xa9", "caf\u00e9 \u6d77\u5eb7",
		"\u0080\u0085\u009f", "\u202e\u2066\u200b\u200d\ufeff\u00ad", "\ufffd", "\U000e0001\U0001d173\U0001f600",
		"\xed\xa0\x80", "\xf4\x90\x80\x80", "::add-mask::x",
	} {
		checkString(t, s)
	}
}

func FuzzAppendString(f *testing.F) {
	f.Add("a\u202eb\"\\\x00\xff")
	f.Add("\U000e0001\u2028")
	f.Fuzz(func(t *testing.T, s string) { checkString(t, s) })
}

// A Stream's nesting, empty objects and arrays, nil lists and maps and
// map keys are the encoder's.
func TestStreamAsEncoder(t *testing.T) {
	type value struct {
		Name   string         `json:"name"`
		Empty  struct{}       `json:"empty"`
		List   []string       `json:"list"`
		None   []string       `json:"none"`
		Zero   []string       `json:"zero"`
		Counts map[string]int `json:"counts"`
		NoMap  map[string]int `json:"no_map"`
		Nested [][]any        `json:"nested"`
		N      int            `json:"n"`
		B      bool           `json:"b"`
	}
	v := value{
		Name: "x\u202e", List: []string{"a", "<b>"}, Zero: []string{},
		Counts: map[string]int{"warn": 2, "deny": -1, "\u202e\"k": 0, "": 7},
		Nested: [][]any{{}, {}}, N: -12, B: true,
	}
	var got bytes.Buffer
	s := NewStream(&got)
	s.Open('{')
	s.Str("name", v.Name)
	s.Key("empty")
	s.Open('{')
	s.Close('}')
	s.Key("list")
	s.Strings(v.List)
	s.Key("none")
	s.Strings(v.None)
	s.Key("zero")
	s.Strings(v.Zero)
	s.Key("counts")
	s.Counts(v.Counts)
	s.Key("no_map")
	s.Counts(v.NoMap)
	s.Key("nested")
	s.Open('[')
	for range v.Nested {
		s.Elem()
		s.Open('[')
		s.Close(']')
	}
	s.Close(']')
	s.IntField("n", v.N)
	s.BoolField("b", v.B)
	s.Close('}')
	if err := s.End(); err != nil {
		t.Fatal(err)
	}
	if want := encoderJSON(t, v); !bytes.Equal(got.Bytes(), want) {
		t.Errorf("got\n%s\nwant\n%s", got.Bytes(), want)
	}
}

// A document larger than what a Stream holds reaches its writer in
// pieces, between elements, and whole; indentation deeper than the
// Stream's run of spaces is written in full.
func TestStreamFlushesAndIndentsDeep(t *testing.T) {
	var v any = strings.Repeat("x", 100)
	for range 40 {
		v = []any{v}
	}
	list := make([]any, 3*streamFlush/200)
	for i := range list {
		list[i] = v
	}
	var w countingWriter
	s := NewStream(&w)
	var write func(any)
	write = func(x any) {
		switch x := x.(type) {
		case string:
			s.String(x)
		case []any:
			s.Open('[')
			for _, e := range x {
				s.Elem()
				write(e)
			}
			s.Close(']')
		}
	}
	write(list)
	if err := s.End(); err != nil {
		t.Fatal(err)
	}
	if want := encoderJSON(t, list); !bytes.Equal(w.Bytes(), want) {
		t.Errorf("differs from the encoder's at byte %d of %d", firstDiffAt(w.Bytes(), want), len(want))
	}
	if w.writes < 3 {
		t.Errorf("%d bytes in %d writes; want pieces of about %d", w.Len(), w.writes, streamFlush)
	}
}

type countingWriter struct {
	bytes.Buffer
	writes int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.writes++
	return c.Buffer.Write(p)
}

func firstDiffAt(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
