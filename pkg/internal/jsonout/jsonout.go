// Package jsonout writes indented JSON a piece at a time for the report
// formats: byte for byte what a json.Encoder with SetIndent("", "  ") and
// SetEscapeHTML(false) writes for the whole value, without a buffer that
// holds the whole document. The encoder builds its output in memory twice
// (compact, then indented), which for a result of many large values cost
// several times the result's size. It does not escape anything itself.
package jsonout

import (
	"bytes"
	"encoding"
	"encoding/json"
	"io"
	"reflect"
	"strings"
)

// Writer writes one JSON document in pieces: values, arrays element by
// element, a struct field by field. The first error stops it; Err returns
// it.
type Writer struct {
	w    io.Writer
	buf  bytes.Buffer
	encs []*json.Encoder // by indentation depth
	err  error
}

// New returns a Writer writing to w.
func New(w io.Writer) *Writer { return &Writer{w: w} }

// Err is the first error of a write.
func (o *Writer) Err() error { return o.err }

// Raw writes s as it is (punctuation, a newline).
func (o *Writer) Raw(s string) {
	if o.err == nil {
		_, o.err = io.WriteString(o.w, s)
	}
}

// Value writes v indented as at depth (its first line unindented, as it
// follows a key or the indentation already written).
func (o *Writer) Value(depth int, v any) {
	if o.err != nil {
		return
	}
	for len(o.encs) <= depth {
		e := json.NewEncoder(&o.buf)
		e.SetIndent(strings.Repeat("  ", len(o.encs)), "  ")
		e.SetEscapeHTML(false)
		o.encs = append(o.encs, e)
	}
	o.buf.Reset()
	if o.err = o.encs[depth].Encode(v); o.err != nil {
		return
	}
	b := o.buf.Bytes()
	_, o.err = o.w.Write(b[:len(b)-1]) // without Encode's newline
	if o.buf.Cap() > 1<<20 {
		o.buf = bytes.Buffer{} // one large element does not pin its buffer
	}
}

// Array writes n elements, element i given by elem(i), as the value at
// depth.
func (o *Writer) Array(depth, n int, elem func(i int) any) {
	if n == 0 {
		o.Raw("[]")
		return
	}
	in := "\n" + strings.Repeat("  ", depth+1)
	o.Raw("[")
	for i := range n {
		if i > 0 {
			o.Raw(",")
		}
		o.Raw(in)
		o.Value(depth+1, elem(i))
	}
	o.Raw("\n" + strings.Repeat("  ", depth) + "]")
}

// Object writes the struct v as a whole document: field by field, each
// array field element by element, and a final newline, as Encode does. It
// handles the field tags a result uses (a name, omitempty); a struct with
// anything else is encoded whole.
func (o *Writer) Object(v any) error {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct || !simpleFields(rv.Type()) {
		o.Value(0, v)
		o.Raw("\n")
		return o.err
	}
	t := rv.Type()
	first := true
	for i := range t.NumField() {
		name, opts, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name == "" {
			name = t.Field(i).Name
		}
		f := rv.Field(i)
		if opts == "omitempty" && isEmptyJSON(f) {
			continue
		}
		if first {
			o.Raw("{\n  \"" + name + "\": ")
		} else {
			o.Raw(",\n  \"" + name + "\": ")
		}
		first = false
		if streamable(f) {
			o.Array(1, f.Len(), func(i int) any { return f.Index(i).Interface() })
		} else {
			o.Value(1, f.Interface())
		}
	}
	if first {
		o.Raw("{}\n")
	} else {
		o.Raw("\n}\n")
	}
	return o.err
}

// streamable reports whether f is an array that encoding/json writes as
// its elements: a non-nil slice, not of bytes, without a marshaller of its
// own.
func streamable(f reflect.Value) bool {
	t := f.Type()
	return f.Kind() == reflect.Slice && !f.IsNil() && t.Elem().Kind() != reflect.Uint8 &&
		!t.Implements(reflect.TypeFor[json.Marshaler]()) && !t.Implements(reflect.TypeFor[encoding.TextMarshaler]())
}

// simpleFields reports whether every field of t is exported, not embedded,
// and tagged with at most a plain name and omitempty.
func simpleFields(t reflect.Type) bool {
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() || f.Anonymous {
			return false
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || strings.ContainsAny(name, "\"\\<>&") || (opts != "" && opts != "omitempty") {
			return false
		}
	}
	return true
}

// isEmptyJSON is encoding/json's test for omitempty.
func isEmptyJSON(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool:
		return !v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() == 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() == 0
	case reflect.Float32, reflect.Float64:
		return v.Float() == 0
	case reflect.Interface, reflect.Pointer:
		return v.IsNil()
	}
	return false
}
