// Package safetext makes text taken from an input safe to show to a person:
// in a terminal, a CI log, a Markdown comment, an HTML page or a workbook.
//
// Every string that vendorcheck reads from a file (component names,
// versions, references, file names, values quoted in error messages) is
// hostile until shown otherwise. Written raw it can drive a terminal
// (escape sequences that clear the screen, set the window title, write the
// clipboard or hide text), forge lines (a newline followed by "DENY ..." or
// by a CI workflow command such as "::add-mask::"), or reorder what the
// reader sees (Unicode bidirectional overrides). Line replaces each such
// character with a visible escape, so the text stays on one line and reads
// as what it is.
//
// This package is used by the report side at the moment of writing; it does
// not change the data (the JSON result keeps the exact value, escaped by
// JSON itself).
package safetext

import (
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Unsafe reports whether r must not be written raw in human-facing output:
// C0 and C1 control characters and DEL (escape sequences, CR, NUL, newline,
// tab), Unicode format characters (bidirectional overrides and isolates,
// zero-width characters, the byte order mark), the line and paragraph
// separators, and utf8.RuneError (what an invalid byte decodes to).
func Unsafe(r rune) bool {
	switch {
	case r < 0x20 || r == 0x7f:
		return true
	case r < 0x80:
		return false
	case r <= 0x9f:
		return true // C1 controls, U+009B is a one-character CSI
	case r == utf8.RuneError:
		return true
	}
	return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp)
}

// Clean reports whether s can be written as it is, that is whether Line
// returns it unchanged: valid UTF-8 with no unsafe character, not starting
// with a workflow command mark.
func Clean(s string) bool { return cleanChars(s) && !commandStart(s) }

func cleanChars(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f {
			return false
		}
		if c >= 0x80 {
			return cleanSlow(s[i:])
		}
	}
	return true
}

func cleanSlow(s string) bool {
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		if r == utf8.RuneError && n <= 1 {
			return false
		}
		if Unsafe(r) {
			return false
		}
		s = s[n:]
	}
	return true
}

// Line returns s with every unsafe character (see Unsafe) written as a
// visible escape: \n, \r, \t, \xHH for other ASCII controls and for bytes
// that are not UTF-8, \u202E (four or more hex digits) for the others. The
// result holds no control character and no newline, so text from an input
// can never start a line of its own. Backslashes are left as they are, so
// Windows paths read naturally; an escape can therefore be imitated by the
// input, but never executed.
func Line(s string) string {
	if Clean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	mark := -1 // the byte offset of a leading "::"
	if commandStart(s) {
		mark = strings.Index(s, "::")
	}
	for off := 0; len(s) > 0; off++ {
		r, n := utf8.DecodeRuneInString(s)
		switch {
		case off == mark:
			b.WriteString(`\x3A`)
		case r == utf8.RuneError && n <= 1:
			b.WriteString(`\x`)
			writeHex(&b, uint32(s[0]), 2)
		case !Unsafe(r):
			b.WriteString(s[:n])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x80:
			b.WriteString(`\x`)
			writeHex(&b, uint32(r), 2)
		default:
			b.WriteString(`\u`)
			writeHex(&b, uint32(r), 4)
		}
		s = s[n:]
		off += n - 1
	}
	return b.String()
}

// commandStart reports whether s, after leading white space, begins with
// "::", the mark of a GitHub Actions workflow command ("::add-mask::",
// "::error::", "::stop-commands::"). The runner trims leading white space
// before it looks, so a field shown at the start of a line, or after
// indentation, must not begin that way. Line writes the first colon as
// \x3A; "::" inside a name (Perl and Rust paths) is left alone.
func commandStart(s string) bool {
	return strings.HasPrefix(strings.TrimLeftFunc(s, unicode.IsSpace), "::")
}

// Lines is Line for text that may hold several lines of its own (a
// message joined from several errors): each line is made safe and the
// lines are joined with "\n" + indent, so that no line of the result
// starts with text from the input. Carriage returns and every other unsafe
// character are escaped as by Line.
func Lines(s, indent string) string {
	parts := strings.Split(s, "\n")
	for i, p := range parts {
		parts[i] = Line(p)
	}
	return strings.Join(parts, "\n"+indent)
}

// JSON returns an encoded JSON document with every unsafe character that
// is still raw inside its strings (format characters such as bidirectional
// overrides, which encoding/json leaves as they are) rewritten as a \u
// escape. The decoded value is unchanged: JSON treats "\u202e" and the raw
// character alike. Outside strings JSON has no such characters.
func JSON(doc []byte) []byte {
	// Most documents have no such character, and many have other
	// characters beyond ASCII (names, the section sign of a citation):
	// doc is copied only from the first character that needs an escape.
	var out []byte
	done := 0 // doc[:done] is in out
	for i := 0; i < len(doc); {
		if doc[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(doc[i:])
		if (r == utf8.RuneError && n <= 1) || !Unsafe(r) {
			i += n
			continue
		}
		if out == nil {
			out = make([]byte, 0, len(doc)+32)
		}
		out = append(out, doc[done:i]...)
		out = AppendJSONEscape(out, r)
		i += n
		done = i
	}
	if out == nil {
		return doc
	}
	return append(out, doc[done:]...)
}

// AppendJSONEscape appends r as a JSON \u escape, as a UTF-16 surrogate
// pair beyond U+FFFF: how JSON carries a character Unsafe names.
func AppendJSONEscape(dst []byte, r rune) []byte {
	if r > 0xffff {
		r1, r2 := utf16.EncodeRune(r)
		return appendU(appendU(dst, r1), r2)
	}
	return appendU(dst, r)
}

func appendU(dst []byte, r rune) []byte {
	const hex = "0123456789abcdef"
	return append(dst, '\\', 'u', hex[r>>12&0xF], hex[r>>8&0xF], hex[r>>4&0xF], hex[r&0xF])
}

func writeHex(b *strings.Builder, v uint32, width int) {
	h := strings.ToUpper(strconv.FormatUint(uint64(v), 16))
	for k := len(h); k < width; k++ {
		b.WriteByte('0')
	}
	b.WriteString(h)
}

// JSONWriter passes encoded JSON through JSON: format
// characters that encoding/json leaves raw inside strings (bidirectional
// overrides, zero-width characters, C1 controls) are written as \u escapes.
// The decoded values are unchanged.
// Close it after the last write.
type JSONWriter struct {
	w    io.Writer
	tail []byte // an incomplete UTF-8 sequence held for the next Write
}

func (j *JSONWriter) Write(p []byte) (int, error) {
	n := len(p)
	if len(j.tail) > 0 {
		p = append(j.tail, p...)
		j.tail = nil
	}
	// Hold back a multi-byte sequence cut at the end of p.
	cut := len(p)
	for k := len(p) - 1; k >= 0 && k >= len(p)-3; k-- {
		c := p[k]
		if c < 0x80 {
			break
		}
		if c >= 0xc0 { // a lead byte: is its sequence complete?
			need := 2
			if c >= 0xf0 {
				need = 4
			} else if c >= 0xe0 {
				need = 3
			}
			if len(p)-k < need {
				cut = k
			}
			break
		}
	}
	if cut < len(p) {
		j.tail = append([]byte(nil), p[cut:]...)
		p = p[:cut]
	}
	if _, err := j.w.Write(JSON(p)); err != nil {
		return 0, err
	}
	return n, nil
}

// Close writes what is held back (only an invalid, truncated sequence).
func (j *JSONWriter) Close() error {
	if len(j.tail) == 0 {
		return nil
	}
	_, err := j.w.Write(j.tail)
	j.tail = nil
	return err
}

// NewJSONWriter returns a JSONWriter writing to w.
func NewJSONWriter(w io.Writer) *JSONWriter { return &JSONWriter{w: w} }
