package report

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/internal/jsonout"
	"github.com/vendorcheck/vendorcheck/pkg/internal/safetext"
)

// The JSON report's writer (jsonwrite.go) writes what encoding/json writes
// for the same result, indented, with the format characters escaped by
// safetext.JSON: for a result whose every field, at every level, is set
// (so that a field added to any type the result holds, and not written by
// the writer, is missing from its output), and for results filled at
// random, with empty and nil values and hostile strings.
func TestJSONWriterMatchesEncoder(t *testing.T) {
	var full Result
	(&filler{t: t, full: true}).fill(reflect.ValueOf(&full).Elem(), 0)
	checkJSONWriter(t, &full)

	var zero Result
	checkJSONWriter(t, &zero)

	for seed := range 300 {
		src := make([]byte, 512)
		x := uint32(seed*2654435761 + 1)
		for i := range src {
			x ^= x << 13
			x ^= x >> 17
			x ^= x << 5
			src[i] = byte(x)
		}
		var r Result
		(&filler{t: t, src: src}).fill(reflect.ValueOf(&r).Elem(), 0)
		checkJSONWriter(t, &r)
		if t.Failed() {
			return
		}
	}
}

func FuzzJSONWriter(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"))
	f.Add(bytes.Repeat([]byte{0xff, 0x03, 0x80, 0x41}, 64))
	f.Fuzz(func(t *testing.T, src []byte) {
		var r Result
		(&filler{t: t, src: src}).fill(reflect.ValueOf(&r).Elem(), 0)
		checkJSONWriter(t, &r)
	})
}

func checkJSONWriter(t *testing.T, r *Result) {
	t.Helper()
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	s := jsonout.NewStream(&got)
	writeResult(s, r)
	if err := s.End(); err != nil {
		t.Fatal(err)
	}
	if w := safetext.JSON(want.Bytes()); !bytes.Equal(got.Bytes(), w) {
		t.Errorf("the writer's JSON differs from encoding/json's at byte %d:\n got %s\nwant %s",
			firstDiff(got.Bytes(), w), excerpt(got.Bytes(), firstDiff(got.Bytes(), w)), excerpt(w, firstDiff(got.Bytes(), w)))
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func excerpt(b []byte, at int) string {
	return string(b[max(at-200, 0):min(at+100, len(b))])
}

// The strings a random fill draws from: escapes of encoding/json's, those
// safetext adds, and text that needs none.
var fillStrings = []string{
	"", "a", "deny", "Huawei Technologies Co., Ltd.", `q"uo\te`, "\x00\x01\x1f\x7f",
	"\b\f\n\r\t", "<a&b>", "\xff\xfe", "caf\u00e9", "\u0085\u009b", "\u2028\u2029",
	"\u202eevil\u202c", "\u200b\ufeff", "\ufffd", "\U000e0001\U0001d173", "\u6d77\u5eb7",
	"x\xe2\x80", "::add-mask::",
}

// filler sets a value's fields by reflection: with full, every field to a
// value that is not empty (so that omitempty does not hide it), else as
// src's bytes choose.
type filler struct {
	t    testing.TB
	full bool
	src  []byte
	n    int
}

func (f *filler) next() byte {
	f.n++
	if len(f.src) == 0 {
		return 0
	}
	return f.src[f.n%len(f.src)]
}

func (f *filler) fill(v reflect.Value, depth int) {
	if depth > 12 {
		f.t.Fatalf("the result's types nest deeper than 12 levels at %s", v.Type())
	}
	switch v.Kind() {
	case reflect.String:
		if f.full {
			f.n++
			v.SetString("s" + string(rune('a'+f.n%26)) + fillStrings[f.n%len(fillStrings)] + "!")
			return
		}
		c := f.next()
		if c >= 0xf0 && f.n+4 < len(f.src) { // raw bytes of the input
			k := f.n % len(f.src)
			v.SetString(string(f.src[k:min(k+int(c&15), len(f.src))]))
			return
		}
		v.SetString(fillStrings[int(c)%len(fillStrings)])
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if f.full {
			f.n++
			v.SetInt(int64(f.n%3 + 1)) // 1-3: also a Confidence of its own
			return
		}
		v.SetInt(int64(int8(f.next())) * int64(f.next()))
	case reflect.Bool:
		v.SetBool(f.full || f.next()&1 == 1)
	case reflect.Pointer:
		if f.full || f.next()&3 != 0 {
			p := reflect.New(v.Type().Elem())
			f.fill(p.Elem(), depth+1)
			v.Set(p)
		}
	case reflect.Slice:
		n := 2
		if !f.full {
			c := f.next()
			if c&7 == 0 {
				return // nil
			}
			n = int(c>>3) % 4 // 0: empty, not nil
		}
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := range n {
			f.fill(s.Index(i), depth+1)
		}
		v.Set(s)
	case reflect.Map:
		n := 2
		if !f.full {
			c := f.next()
			if c&7 == 0 {
				return
			}
			n = int(c>>3) % 4
		}
		m := reflect.MakeMapWithSize(v.Type(), n)
		for range n {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			f.fill(k, depth+1)
			f.fill(e, depth+1)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				f.fill(v.Field(i), depth+1)
			}
		}
	default:
		// A kind the writer has no way to write yet: it needs one, and
		// this filler with it.
		f.t.Fatalf("the result holds a %s (%s): teach jsonwrite.go and this test to write it", v.Kind(), v.Type())
	}
}
