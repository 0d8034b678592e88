// Package jsonout writes indented JSON a piece at a time for the report
// formats: byte for byte what a json.Encoder with SetIndent("", "  ") and
// SetEscapeHTML(false) writes for the whole value, without a buffer that
// holds the whole document. The encoder builds its output in memory twice
// (compact, then indented), which for a result of many large values cost
// several times the result's size.
//
// Writer encodes each piece with encoding/json and does not escape
// anything itself; Stream is for writers that write each field themselves
// and escapes as safetext.JSON does.
package jsonout

import (
	"bytes"
	"encoding/json"
	"io"
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
