package spdx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
)

// This file is a copy of pkg/ingest/cyclonedx's scanner (same behaviour,
// with the nesting bound ingest.MaxNestingDepth); keep the two in step.

// scanner is a small streaming JSON reader. It validates the whole input
// (values it skips included) but materialises only the strings the decoder
// asks for, and it knows the line of any byte it has passed, so components
// and errors carry a line number at the cost of one bytes.Count pass.
//
// encoding/json's Decoder would scan every value three times (buffering,
// validity check, reflection); an SPDX document is mostly values we skip
// (files, licences, checksums, relationships), so a direct scan is several
// times faster and allocates only what the inventory keeps.
type scanner struct {
	r    io.Reader
	buf  []byte
	pos  int   // next unread byte in buf
	end  int   // end of valid data in buf
	base int64 // input offset of buf[0]
	eof  bool
	rerr error // read error other than io.EOF

	depth int // current object/array nesting

	// Line accounting: newlines in input[0:lineOff) are counted in lines;
	// lastNL is the offset of the last of them (-1 if none).
	lineOff int64
	lines   int
	lastNL  int64

	key     []byte // last object key, owned by the scanner
	scratch []byte // unescaping buffer
}

const (
	scanBufSize = 64 << 10
	// maxTokenSize bounds a single string the decoder keeps; skipped values
	// stream through the buffer and have no such limit.
	maxTokenSize = 64 << 20
)

// errSyntax marks errors of the scanner so that the decoder reports them
// as malformed input with a position.
type syntaxError struct {
	off int64
	msg string
}

func (e *syntaxError) Error() string { return e.msg }

func newScanner(r io.Reader) *scanner {
	return &scanner{r: r, buf: make([]byte, scanBufSize), lastNL: -1}
}

func newScannerBytes(b []byte) *scanner {
	return &scanner{buf: b, end: len(b), eof: true, lastNL: -1}
}

// offset is the input offset of the next unread byte.
func (s *scanner) offset() int64 { return s.base + int64(s.pos) }

// fill reads more input, keeping buf[pos:end]. It reports whether at least
// one more byte is available.
func (s *scanner) fill() bool {
	if s.eof {
		return false
	}
	if s.pos > 0 {
		s.countTo(s.base + int64(s.pos))
		n := copy(s.buf, s.buf[s.pos:s.end])
		s.base += int64(s.pos)
		s.pos, s.end = 0, n
	}
	if s.end == len(s.buf) {
		if len(s.buf) >= maxTokenSize {
			s.rerr = &syntaxError{off: s.offset(), msg: fmt.Sprintf("a single value is longer than %d bytes", maxTokenSize)}
			s.eof = true
			return false
		}
		nb := make([]byte, 2*len(s.buf))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	for range 100 {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			s.eof = true
			if !errors.Is(err, io.EOF) {
				s.rerr = err
			}
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	s.eof, s.rerr = true, io.ErrNoProgress
	return false
}

// countTo counts the newlines before off, which must not be before lineOff
// and must be inside the buffer.
func (s *scanner) countTo(off int64) {
	if off <= s.lineOff {
		return
	}
	chunk := s.buf[s.lineOff-s.base : off-s.base]
	if n := bytes.Count(chunk, nl); n > 0 {
		s.lines += n
		s.lastNL = s.lineOff + int64(bytes.LastIndexByte(chunk, '\n'))
	}
	s.lineOff = off
}

var nl = []byte{'\n'}

// lineAt gives the 1-based line of input offset off. Offsets must be asked
// for in increasing order and not before the start of the buffer.
func (s *scanner) lineAt(off int64) int {
	if off >= s.base && off <= s.base+int64(s.end) {
		s.countTo(off)
	}
	return s.lines + 1
}

// posAt gives line and column of off, for error messages.
func (s *scanner) posAt(off int64) (line, col int) {
	line = s.lineAt(off)
	if off < s.lineOff {
		return line, 0
	}
	return line, int(off - s.lastNL)
}

func (s *scanner) errorf(format string, args ...any) error {
	return &syntaxError{off: s.offset(), msg: fmt.Sprintf(format, args...)}
}

// unexpected reports the byte at pos (or end of input).
func (s *scanner) unexpected(context string) error {
	if s.rerr != nil {
		return s.rerr
	}
	if s.pos >= s.end {
		return s.errorf("unexpected end of input %s", context)
	}
	return s.errorf("invalid character %s %s", quoteByte(s.buf[s.pos]), context)
}

func quoteByte(c byte) string {
	if c < utf8.RuneSelf {
		return strconv.QuoteRune(rune(c))
	}
	return fmt.Sprintf("byte 0x%02x", c)
}

// peek skips whitespace and returns the next byte without consuming it, or
// 0 at the end of input.
func (s *scanner) peek() byte {
	for {
		for s.pos < s.end {
			switch c := s.buf[s.pos]; c {
			case ' ', '\t', '\n', '\r':
				s.pos++
			default:
				return c
			}
		}
		if !s.fill() {
			return 0
		}
	}
}

// enter and leave track nesting depth.
func (s *scanner) enter() error {
	s.depth++
	if s.depth > ingest.MaxNestingDepth {
		return s.errorf("nesting deeper than %d levels", ingest.MaxNestingDepth)
	}
	return nil
}

func (s *scanner) leave() { s.depth-- }

// beginObject consumes '{' (after whitespace); ok is false for null.
func (s *scanner) beginObject(what string) (ok bool, err error) {
	switch s.peek() {
	case '{':
		s.pos++
		return true, s.enter()
	case 'n':
		return false, s.literal("null")
	}
	if s.pos >= s.end {
		return false, s.unexpected("")
	}
	return false, s.errorf("%s must be an object, found %s", what, s.kindAt())
}

// beginArray consumes '[' (after whitespace); ok is false for null.
func (s *scanner) beginArray(what string) (ok bool, err error) {
	switch s.peek() {
	case '[':
		s.pos++
		return true, s.enter()
	case 'n':
		return false, s.literal("null")
	}
	if s.pos >= s.end {
		return false, s.unexpected("")
	}
	return false, s.errorf("%s must be an array, found %s", what, s.kindAt())
}

// kindAt names the JSON kind of the value at pos.
func (s *scanner) kindAt() string {
	if s.pos >= s.end {
		return "end of input"
	}
	switch c := s.buf[s.pos]; {
	case c == '{':
		return "an object"
	case c == '[':
		return "an array"
	case c == '"':
		return "a string"
	case c == 't' || c == 'f':
		return "a boolean"
	case c == '-' || (c >= '0' && c <= '9'):
		return "a number"
	default:
		return quoteByte(c)
	}
}

// nextKey advances to the next key of the current object and returns it
// (valid until the next call), or more=false after the closing '}'.
func (s *scanner) nextKey(first bool) (key []byte, more bool, err error) {
	c := s.peek()
	if c == '}' {
		s.pos++
		s.leave()
		return nil, false, nil
	}
	if !first {
		if c != ',' {
			return nil, false, s.unexpected("after object value (expecting ',' or '}')")
		}
		s.pos++
		c = s.peek()
	}
	if c != '"' {
		return nil, false, s.unexpected("looking for beginning of object key string")
	}
	raw, err := s.stringBytes()
	if err != nil {
		return nil, false, err
	}
	s.key = append(s.key[:0], raw...)
	if s.peek() != ':' {
		return nil, false, s.unexpected("after object key")
	}
	s.pos++
	return s.key, true, nil
}

// nextElem advances to the next element of the current array, or returns
// false after the closing ']'.
func (s *scanner) nextElem(first bool) (bool, error) {
	c := s.peek()
	if c == ']' {
		s.pos++
		s.leave()
		return false, nil
	}
	if !first {
		if c != ',' {
			return false, s.unexpected("after array element (expecting ',' or ']')")
		}
		s.pos++
		if s.peek() == 0 {
			return false, s.unexpected("")
		}
	} else if c == 0 {
		return false, s.unexpected("")
	}
	return true, nil
}

// str reads a string value; null reads as "". what names the field for
// type errors.
func (s *scanner) str(what string) (string, error) {
	switch s.peek() {
	case '"':
		b, err := s.stringBytes()
		if err != nil {
			return "", err
		}
		return string(b), nil
	case 'n':
		return "", s.literal("null")
	case 0:
		return "", s.unexpected("")
	}
	return "", s.errorf("%s must be a string, found %s", what, s.kindAt())
}

// strSafe[c] is true for bytes that can appear unescaped in a string and
// need no further checking.
var strSafe = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// stringBytes reads a string at pos (which is '"') and returns its
// unescaped bytes, valid until the next scanner call.
func (s *scanner) stringBytes() ([]byte, error) {
	s.pos++ // opening quote
	i := s.pos
	for {
		for i < s.end && strSafe[s.buf[i]] {
			i++
		}
		if i < s.end {
			break
		}
		i -= s.pos
		if !s.fill() {
			s.pos = s.end // report the end of input, not the string's start
			return nil, s.unexpected("in string literal")
		}
		i += s.pos
	}
	if s.buf[i] == '"' {
		b := s.buf[s.pos:i]
		s.pos = i + 1
		return b, nil
	}
	return s.stringSlow(i - s.pos)
}

// stringSlow continues a string that has escapes, control characters or
// non-ASCII bytes, n bytes after its start.
func (s *scanner) stringSlow(n int) ([]byte, error) {
	out := append(s.scratch[:0], s.buf[s.pos:s.pos+n]...)
	s.pos += n
	ascii := true
	for {
		if s.pos >= s.end && !s.fill() {
			return nil, s.unexpected("in string literal")
		}
		c := s.buf[s.pos]
		switch {
		case c == '"':
			if !ascii && !utf8.Valid(out) {
				// JSON is UTF-8 (RFC 8259); a Latin-1 export would
				// otherwise lose letters of the names we match.
				return nil, s.errorf("invalid UTF-8 in string literal (the document must be UTF-8)")
			}
			s.pos++
			s.scratch = out
			return out, nil
		case c == '\\':
			if s.end-s.pos < 6 {
				s.fill()
			}
			if s.pos+1 >= s.end {
				s.pos = s.end
				return nil, s.unexpected("in string escape code")
			}
			e := s.buf[s.pos+1]
			switch e {
			case '"', '\\', '/':
				out = append(out, e)
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'u':
				r, ok := s.hex4(s.pos + 2)
				if !ok {
					s.pos++
					return nil, s.errorf("invalid \\u escape in string literal")
				}
				s.pos += 6
				if utf16.IsSurrogate(r) {
					if s.end-s.pos < 6 {
						s.fill()
					}
					if s.pos+1 < s.end && s.buf[s.pos] == '\\' && s.buf[s.pos+1] == 'u' {
						if r2, ok := s.hex4(s.pos + 2); ok {
							if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
								s.pos += 6
								out = utf8.AppendRune(out, d)
								continue
							}
						}
					}
					r = utf8.RuneError
				}
				out = utf8.AppendRune(out, r)
				continue
			default:
				s.pos++
				return nil, s.unexpected("in string escape code")
			}
			s.pos += 2
		case c < 0x20:
			return nil, s.unexpected("in string literal")
		default:
			if c >= utf8.RuneSelf {
				ascii = false
			}
			out = append(out, c)
			s.pos++
		}
		if len(out) > maxTokenSize {
			return nil, s.errorf("a single value is longer than %d bytes", maxTokenSize)
		}
	}
}

func (s *scanner) hex4(i int) (rune, bool) {
	if i+4 > s.end {
		return 0, false
	}
	var r rune
	for _, c := range s.buf[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// literal consumes the literal word (true, false or null) at pos.
func (s *scanner) literal(word string) error {
	for i := 0; i < len(word); i++ {
		if s.pos >= s.end && !s.fill() {
			return s.unexpected("in literal " + word)
		}
		if s.buf[s.pos] != word[i] {
			return s.unexpected("in literal " + word)
		}
		s.pos++
	}
	return nil
}

// skip validates and skips the value at pos, without keeping it.
func (s *scanner) skip() error {
	switch c := s.peek(); c {
	case '{':
		s.pos++
		if err := s.enter(); err != nil {
			return err
		}
		for first := true; ; first = false {
			_, more, err := s.skipKey(first)
			if err != nil {
				return err
			}
			if !more {
				return nil
			}
			if err := s.skip(); err != nil {
				return err
			}
		}
	case '[':
		s.pos++
		if err := s.enter(); err != nil {
			return err
		}
		for first := true; ; first = false {
			more, err := s.nextElem(first)
			if err != nil || !more {
				return err
			}
			if err := s.skip(); err != nil {
				return err
			}
		}
	case '"':
		return s.skipString()
	case 't':
		return s.literal("true")
	case 'f':
		return s.literal("false")
	case 'n':
		return s.literal("null")
	case 0:
		return s.unexpected("looking for beginning of value")
	default:
		if c == '-' || (c >= '0' && c <= '9') {
			return s.skipNumber()
		}
		return s.unexpected("looking for beginning of value")
	}
}

// skipKey is nextKey without keeping the key.
func (s *scanner) skipKey(first bool) (struct{}, bool, error) {
	c := s.peek()
	if c == '}' {
		s.pos++
		s.leave()
		return struct{}{}, false, nil
	}
	if !first {
		if c != ',' {
			return struct{}{}, false, s.unexpected("after object value (expecting ',' or '}')")
		}
		s.pos++
		c = s.peek()
	}
	if c != '"' {
		return struct{}{}, false, s.unexpected("looking for beginning of object key string")
	}
	if err := s.skipString(); err != nil {
		return struct{}{}, false, err
	}
	if s.peek() != ':' {
		return struct{}{}, false, s.unexpected("after object key")
	}
	s.pos++
	return struct{}{}, true, nil
}

// skipString validates and skips a string at pos ('"'), streaming through
// the buffer so that long strings need no memory.
func (s *scanner) skipString() error {
	s.pos++
	for {
		for s.pos < s.end && strSafe[s.buf[s.pos]] {
			s.pos++
		}
		if s.pos >= s.end {
			if !s.fill() {
				return s.unexpected("in string literal")
			}
			continue
		}
		switch c := s.buf[s.pos]; {
		case c == '"':
			s.pos++
			return nil
		case c == '\\':
			if s.end-s.pos < 6 {
				s.fill()
			}
			if s.pos+1 >= s.end {
				s.pos = s.end
				return s.unexpected("in string escape code")
			}
			switch s.buf[s.pos+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				s.pos += 2
			case 'u':
				if _, ok := s.hex4(s.pos + 2); !ok {
					s.pos++
					return s.errorf("invalid \\u escape in string literal")
				}
				s.pos += 6
			default:
				s.pos++
				return s.unexpected("in string escape code")
			}
		case c < 0x20:
			return s.unexpected("in string literal")
		default:
			// Non-ASCII: UTF-8 validity does not matter for skipped text.
			s.pos++
		}
	}
}

// skipNumber validates and skips a JSON number.
func (s *scanner) skipNumber() error {
	digits := func() int {
		n := 0
		for {
			if s.pos >= s.end && !s.fill() {
				return n
			}
			if c := s.buf[s.pos]; c < '0' || c > '9' {
				return n
			}
			s.pos++
			n++
		}
	}
	at := func() byte {
		if s.pos >= s.end && !s.fill() {
			return 0
		}
		return s.buf[s.pos]
	}
	if at() == '-' {
		s.pos++
	}
	switch c := at(); {
	case c == '0':
		s.pos++
	case c >= '1' && c <= '9':
		digits()
	default:
		return s.unexpected("in numeric literal")
	}
	if at() == '.' {
		s.pos++
		if digits() == 0 {
			return s.unexpected("after decimal point in numeric literal")
		}
	}
	if c := at(); c == 'e' || c == 'E' {
		s.pos++
		if c := at(); c == '+' || c == '-' {
			s.pos++
		}
		if digits() == 0 {
			return s.unexpected("in exponent of numeric literal")
		}
	}
	return nil
}

// end checks that only whitespace follows the top-level value.
func (s *scanner) atEnd() error {
	if s.peek() != 0 {
		return s.unexpected("after top-level value")
	}
	return s.rerr
}
