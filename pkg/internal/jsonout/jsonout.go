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
	buf  bytes.Buffer  // a value, compact
	enc  *json.Encoder // writes to buf
	ibuf []byte        // the value indented
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
//
// encoding/json indents by running its validating scanner over the
// compact output a byte at a time, which was most of a report's time;
// Indent does the same on output that is valid by construction.
func (o *Writer) Value(depth int, v any) {
	if o.err != nil {
		return
	}
	if o.enc == nil {
		o.enc = json.NewEncoder(&o.buf)
		o.enc.SetEscapeHTML(false)
	}
	o.buf.Reset()
	if o.err = o.enc.Encode(v); o.err != nil {
		return
	}
	o.ibuf = Indent(o.ibuf[:0], o.buf.Bytes(), depth)
	_, o.err = o.w.Write(o.ibuf)
	if o.buf.Cap() > 16<<20 {
		o.buf = bytes.Buffer{} // one large element does not pin its buffers
		o.ibuf = nil
	}
}

// Indent appends src, compact JSON as encoding/json writes it (its
// whitespace, such as Encode's final newline, is dropped), indented by two
// spaces a level starting at depth, as json.Indent with the prefix of depth
// levels would: empty objects and arrays stay "{}" and "[]", a colon is
// followed by a space. It does not validate src.
func Indent(dst, src []byte, depth int) []byte {
	newline := func(dst []byte, depth int) []byte {
		dst = append(dst, '\n')
		for range depth {
			dst = append(dst, "  "...)
		}
		return dst
	}
	needIndent := false
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		}
		if needIndent && c != '}' && c != ']' {
			needIndent = false
			depth++
			dst = newline(dst, depth)
		}
		switch c {
		case '"':
			// The string, whole: to the quote no backslash escapes.
			j := i + 1
			for j < len(src) {
				k := bytes.IndexAny(src[j:], `"\`)
				if k < 0 {
					j = len(src)
					break
				}
				j += k
				if src[j] == '"' {
					break
				}
				j += 2 // a backslash and the byte it escapes
			}
			end := min(j+1, len(src))
			dst = append(dst, src[i:end]...)
			i = end - 1
		case '{', '[':
			needIndent = true // "{}" and "[]" stay closed
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			dst = newline(dst, depth)
		case ':':
			dst = append(dst, ':', ' ')
		case '}', ']':
			if needIndent {
				needIndent = false
			} else {
				depth--
				dst = newline(dst, depth)
			}
			dst = append(dst, c)
		default:
			dst = append(dst, c)
		}
	}
	return dst
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
