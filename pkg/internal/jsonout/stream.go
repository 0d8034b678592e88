package jsonout

import (
	"io"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/vendorcheck/vendorcheck/pkg/internal/safetext"
)

// Stream writes one indented JSON document as its writer calls for it: an
// object key by key, an array element by element, each value appended in
// place. The bytes are those a json.Encoder with SetIndent("", "  ") and
// SetEscapeHTML(false) writes for the same value, with the format
// characters it leaves raw inside strings escaped as safetext.JSON does.
//
// It is for the report's own types, which know their fields: encoding/json
// finds a type's fields by reflection the first time it meets the type,
// and a report meets each type once per run, so in a short run that
// discovery, the compact copy and the pass that indents it were most of
// the report's time.
type Stream struct {
	w     io.Writer
	b     []byte
	depth int
	more  []bool // per open object or array: whether it has a member yet
	err   error
}

// streamFlush is the size at which a Stream hands what it holds to its
// writer, between two elements of an array: a result with many large
// values is never held whole. In a short run every page of the buffer is
// new memory: 16 KiB touched fewer pages than 32 KiB for a 66 KB report
// (a median of 8 page faults in writing it, against 11), for two more
// writes.
const streamFlush = 16 << 10

// NewStream returns a Stream writing to w.
func NewStream(w io.Writer) *Stream {
	return &Stream{w: w, b: make([]byte, 0, streamFlush+streamFlush/4), more: make([]bool, 0, 8)}
}

// End ends the document with a newline, as Encode does, and writes what
// is held. It returns the first error of a write.
func (s *Stream) End() error {
	s.b = append(s.b, '\n')
	s.flush()
	return s.err
}

func (s *Stream) flush() {
	if s.err == nil && len(s.b) > 0 {
		_, s.err = s.w.Write(s.b)
	}
	s.b = s.b[:0]
	if cap(s.b) > 16<<20 {
		s.b = make([]byte, 0, streamFlush) // one large value does not pin its buffer
	}
}

// spaces indents a line, a level at a time.
const spaces = "                                                                "

func (s *Stream) newline() {
	s.b = append(s.b, '\n')
	for n := 2 * s.depth; n > 0; {
		k := min(n, len(spaces))
		s.b = append(s.b, spaces[:k]...)
		n -= k
	}
}

// member starts the next member of the innermost object or array.
func (s *Stream) member() {
	top := len(s.more) - 1
	if s.more[top] {
		s.b = append(s.b, ',')
	} else {
		s.more[top] = true
	}
	s.newline()
}

// Open starts an object ('{') or array ('[').
func (s *Stream) Open(c byte) {
	s.b = append(s.b, c)
	s.more = append(s.more, false)
	s.depth++
}

// Close ends the innermost object ('}') or array (']'): "{}" and "[]"
// when it has no member.
func (s *Stream) Close(c byte) {
	s.depth--
	top := len(s.more) - 1
	if s.more[top] {
		s.newline()
	}
	s.more = s.more[:top]
	s.b = append(s.b, c)
}

// Elem starts the next element of the innermost array; between two
// elements, what is held goes to the writer once it is large.
func (s *Stream) Elem() {
	if len(s.b) >= streamFlush {
		s.flush()
	}
	s.member()
}

// Key starts the member name of the innermost object. The name is
// written as it is: it must need no escape (the writers' names are
// constants).
func (s *Stream) Key(name string) {
	s.member()
	s.b = append(s.b, '"')
	s.b = append(s.b, name...)
	s.b = append(s.b, '"', ':', ' ')
}

// String writes a string value.
func (s *Stream) String(v string) { s.b = AppendString(s.b, v) }

// Int writes an integer value.
func (s *Stream) Int(v int) { s.b = strconv.AppendInt(s.b, int64(v), 10) }

// Bool writes a boolean value.
func (s *Stream) Bool(v bool) { s.b = strconv.AppendBool(s.b, v) }

// Null writes null.
func (s *Stream) Null() { s.b = append(s.b, "null"...) }

// Str writes the member name: v.
func (s *Stream) Str(name, v string) {
	s.Key(name)
	s.String(v)
}

// StrOmit writes name: v unless v is empty (omitempty).
func (s *Stream) StrOmit(name, v string) {
	if v != "" {
		s.Str(name, v)
	}
}

// IntField writes the member name: v.
func (s *Stream) IntField(name string, v int) {
	s.Key(name)
	s.Int(v)
}

// IntOmit writes name: v unless v is 0 (omitempty).
func (s *Stream) IntOmit(name string, v int) {
	if v != 0 {
		s.IntField(name, v)
	}
}

// BoolField writes the member name: v.
func (s *Stream) BoolField(name string, v bool) {
	s.Key(name)
	s.Bool(v)
}

// BoolOmit writes name: true when v is set (omitempty).
func (s *Stream) BoolOmit(name string, v bool) {
	if v {
		s.BoolField(name, v)
	}
}

// Strings writes a list of strings: null when it is nil.
func (s *Stream) Strings(v []string) {
	if v == nil {
		s.Null()
		return
	}
	s.Open('[')
	for _, x := range v {
		s.Elem()
		s.String(x)
	}
	s.Close(']')
}

// Counts writes a map of counts with its keys in order, as encoding/json
// does: null when it is nil.
func (s *Stream) Counts(m map[string]int) {
	if m == nil {
		s.Null()
		return
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	s.Open('{')
	for _, k := range keys {
		s.member()
		s.String(k)
		s.b = append(s.b, ':', ' ')
		s.Int(m[k])
	}
	s.Close('}')
}

// AppendString appends v as a JSON string: escaped as encoding/json
// escapes it without HTML escaping (quote, backslash, control characters
// with their short forms, invalid UTF-8 as \ufffd, U+2028 and U+2029), and
// every other character safetext.Unsafe names (C1 controls, format
// characters such as bidirectional overrides, U+FFFD) as a \u escape, as
// safetext.JSON writes it.
func AppendString(dst []byte, v string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(v); {
		b := v[i]
		if b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, v[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(v[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, v[start:i]...)
			dst = append(dst, `\ufffd`...)
			i++
			start = i
			continue
		}
		// U+2028 and U+2029, which encoding/json escapes, are among these.
		if safetext.Unsafe(r) {
			dst = append(dst, v[start:i]...)
			dst = safetext.AppendJSONEscape(dst, r)
			start = i + size
		}
		i += size
	}
	dst = append(dst, v[start:]...)
	return append(dst, '"')
}

const hex = "0123456789abcdef"
