// Package jsonscan is a streaming JSON scanner for the decoders of large
// JSON SBOMs (CycloneDX, SPDX): it reads through a fixed buffer, hands out
// only the keys and strings a decoder asks for, skips everything else
// without allocating, and knows the line and column of any byte it has
// passed, so components and errors carry positions. It checks the whole
// input is valid JSON, and bounds nesting by the depth the decoder gives.
package jsonscan

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
)

// scanner is a small streaming JSON reader. It validates the whole input
// (values it skips included) but materialises only the strings the decoder
// asks for, and it knows the line of any byte it has passed, so components
// and errors carry a line number at the cost of one bytes.Count pass.
//
// encoding/json's Decoder would scan every value three times (buffering,
// validity check, reflection); an SBOM is mostly values a decoder skips
// (hashes, licences, references, relationships), so a direct scan is several
// times faster and allocates only what the inventory keeps.
type Scanner struct {
	r io.Reader
	// Buf[Pos:End] is the unread input in the window; decoders may read
	// it directly for speed.
	Buf  []byte
	Pos  int   // next unread byte in Buf
	End  int   // end of valid data in Buf
	base int64 // input offset of Buf[0]
	eof  bool
	rerr error // read error other than io.EOF

	depth    int // current object/array nesting
	maxDepth int // nesting bound

	// Line accounting: newlines in input[0:lineOff) are counted in lines;
	// lastNL is the offset of the last of them (-1 if none).
	lineOff int64
	lines   int
	lastNL  int64

	key     []byte // last object key, owned by the scanner
	scratch []byte // unescaping buffer

	// keysets[d] holds the keys read so far of the object open at depth
	// d, so that a key given twice in one object is refused: readers
	// disagree on which one wins, so a document could show one vendor to
	// vendorcheck and another to the next tool.
	keysets []keySet
}

// keySet is a set of keys: a linear scan over a byte buffer for the few
// keys of most objects, a map once an object has many.
type keySet struct {
	buf  []byte
	ends []int
	m    map[string]struct{}
	// seen has a bit per keyBit of the keys added: a key whose bit is
	// clear is new without comparing it to the others.
	seen uint64
}

const keySetLinear = 32

func (k *keySet) reset() {
	k.buf, k.ends, k.seen = k.buf[:0], k.ends[:0], 0
	if k.m != nil {
		clear(k.m)
		k.m = nil
	}
}

// keyBit is a one-bit hash of a key: its length and end bytes.
func keyBit(key []byte) uint64 {
	h := uint(len(key))
	if len(key) > 0 {
		h = h*7 + uint(key[0])*3 + uint(key[len(key)-1])
	}
	return 1 << (h & 63)
}

// add adds key and reports whether it was new. A new key is returned as
// the set's own copy (kept, nil once the set is a map): key may be in the
// input buffer, which the next read moves.
func (k *keySet) add(key []byte) (kept []byte, ok bool) {
	if k.m != nil {
		if _, dup := k.m[string(key)]; dup {
			return nil, false
		}
		k.m[string(key)] = struct{}{}
		return nil, true
	}
	if bit := keyBit(key); k.seen&bit == 0 {
		k.seen |= bit
	} else {
		start := 0
		for _, end := range k.ends {
			if bytes.Equal(k.buf[start:end], key) {
				return nil, false
			}
			start = end
		}
	}
	start := len(k.buf)
	k.buf = append(k.buf, key...)
	k.ends = append(k.ends, len(k.buf))
	kept = k.buf[start:len(k.buf):len(k.buf)]
	if len(k.ends) > keySetLinear {
		k.m = make(map[string]struct{}, 2*keySetLinear)
		start := 0
		for _, end := range k.ends {
			k.m[string(k.buf[start:end])] = struct{}{}
			start = end
		}
	}
	return kept, true
}

const (
	scanBufSize = 64 << 10
	// maxTokenSize bounds a single string the decoder keeps; skipped values
	// stream through the buffer and have no such limit.
	maxTokenSize = ingest.MaxValueSize
)

// errSyntax marks errors of the scanner so that the decoder reports them
// as malformed input with a position.
type SyntaxError struct {
	Off int64 // input offset of the problem
	Msg string
}

func (e *SyntaxError) Error() string { return e.Msg }

// New returns a scanner reading r, refusing nesting deeper than maxDepth.
func New(r io.Reader, maxDepth int) *Scanner {
	return &Scanner{r: r, Buf: make([]byte, scanBufSize), lastNL: -1, maxDepth: maxDepth}
}

// NewLimited returns a scanner reading at most limit bytes of r, and the
// reader that counts them (its Exceeded reports an input that had more).
// When r is what ingest.Registry hands a decoder, the scanner starts in
// the buffer the head was read into for detection (ingest.TakeHead); it
// reads on exactly as if it had read the head into a buffer of its own.
func NewLimited(r io.Reader, limit int64, maxDepth int) (*Scanner, *ingest.LimitedReader) {
	buf, n, rest, ok := ingest.TakeHead(r, scanBufSize, limit)
	if !ok {
		lr := &ingest.LimitedReader{R: r, N: limit}
		return New(lr, maxDepth), lr
	}
	// The head counts against the limit as if it had been read through it.
	lr := &ingest.LimitedReader{R: rest, N: limit - int64(n)}
	// Buf, Pos and End are as after the first Fill of a new scanner from
	// a reader that starts with the head: that read gives the head and no
	// more (SkipBOM does not read again).
	return &Scanner{r: lr, Buf: buf, End: n, lastNL: -1, maxDepth: maxDepth}, lr
}

// NewBytes returns a scanner over b.
func NewBytes(b []byte, maxDepth int) *Scanner {
	return &Scanner{Buf: b, End: len(b), eof: true, lastNL: -1, maxDepth: maxDepth}
}

// offset is the input offset of the next unread byte.
func (s *Scanner) Offset() int64 { return s.base + int64(s.Pos) }

// fill reads more input, keeping buf[pos:end]. It reports whether at least
// one more byte is available.
func (s *Scanner) Fill() bool {
	if s.eof {
		return false
	}
	if s.Pos > 0 {
		s.countTo(s.base + int64(s.Pos))
		n := copy(s.Buf, s.Buf[s.Pos:s.End])
		s.base += int64(s.Pos)
		s.Pos, s.End = 0, n
	}
	if s.End == len(s.Buf) {
		if len(s.Buf) >= maxTokenSize {
			s.rerr = &SyntaxError{Off: s.Offset(), Msg: "a single value is longer than " + ingest.FormatSize(maxTokenSize) + " (the limit for one value)"}
			s.eof = true
			return false
		}
		nb := make([]byte, 2*len(s.Buf))
		copy(nb, s.Buf[:s.End])
		s.Buf = nb
	}
	for range 100 {
		n, err := s.r.Read(s.Buf[s.End:])
		s.End += n
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
func (s *Scanner) countTo(off int64) {
	if off <= s.lineOff {
		return
	}
	chunk := s.Buf[s.lineOff-s.base : off-s.base]
	if n := bytes.Count(chunk, nl); n > 0 {
		s.lines += n
		s.lastNL = s.lineOff + int64(bytes.LastIndexByte(chunk, '\n'))
	}
	s.lineOff = off
}

var nl = []byte{'\n'}

// lineAt gives the 1-based line of input offset off. Offsets must be asked
// for in increasing order and not before the start of the buffer.
func (s *Scanner) LineAt(off int64) int {
	if off >= s.base && off <= s.base+int64(s.End) {
		s.countTo(off)
	}
	return s.lines + 1
}

// posAt gives line and column of off, for error messages.
func (s *Scanner) PosAt(off int64) (line, col int) {
	line = s.LineAt(off)
	if off < s.lineOff {
		return line, 0
	}
	return line, int(off - s.lastNL)
}

func (s *Scanner) Errorf(format string, args ...any) error {
	return &SyntaxError{Off: s.Offset(), Msg: fmt.Sprintf(format, args...)}
}

// unexpected reports the byte at pos (or end of input).
func (s *Scanner) Unexpected(context string) error {
	if s.rerr != nil {
		return s.rerr
	}
	if s.Pos >= s.End {
		return s.Errorf("unexpected end of input %s", context)
	}
	return s.Errorf("invalid character %s %s", quoteByte(s.Buf[s.Pos]), context)
}

func quoteByte(c byte) string {
	if c < utf8.RuneSelf {
		return strconv.QuoteRune(rune(c))
	}
	return fmt.Sprintf("byte 0x%02x", c)
}

// peek skips whitespace and returns the next byte without consuming it, or
// 0 at the end of input.
func (s *Scanner) Peek() byte {
	for {
		b, i := s.Buf[:s.End], s.Pos
		for i < len(b) {
			switch c := b[i]; c {
			case ' ', '\t', '\n', '\r':
				i++
				// An indented document's lines start with runs of
				// spaces: pass them a word at a time.
				for i+8 <= len(b) {
					x := binary.LittleEndian.Uint64(b[i:]) ^ eightSpaces
					if x != 0 {
						i += bits.TrailingZeros64(x) / 8
						break
					}
					i += 8
				}
			default:
				s.Pos = i
				return c
			}
		}
		s.Pos = i
		if !s.Fill() {
			return 0
		}
	}
}

const eightSpaces = 0x2020202020202020

// at is Peek's common case without a call: the byte at Pos when it is
// not whitespace (a document written without spaces); 0 when Peek must
// look further.
func (s *Scanner) at() byte {
	if s.Pos < s.End {
		if c := s.Buf[s.Pos]; c > ' ' {
			return c
		}
	}
	return 0
}

// enter and leave track nesting depth.
func (s *Scanner) Enter() error {
	s.depth++
	if s.depth > s.maxDepth {
		return s.Errorf("nesting deeper than %d levels", s.maxDepth)
	}
	return nil
}

func (s *Scanner) Leave() { s.depth-- }

// beginObject consumes '{' (after whitespace); ok is false for null.
func (s *Scanner) BeginObject(what string) (ok bool, err error) {
	switch s.Peek() {
	case '{':
		s.Pos++
		return true, s.Enter()
	case 'n':
		return false, s.Literal("null")
	}
	if s.Pos >= s.End {
		return false, s.Unexpected("")
	}
	return false, s.Errorf("%s must be an object, found %s", what, s.KindAt())
}

// beginArray consumes '[' (after whitespace); ok is false for null.
func (s *Scanner) BeginArray(what string) (ok bool, err error) {
	switch s.Peek() {
	case '[':
		s.Pos++
		return true, s.Enter()
	case 'n':
		return false, s.Literal("null")
	}
	if s.Pos >= s.End {
		return false, s.Unexpected("")
	}
	return false, s.Errorf("%s must be an array, found %s", what, s.KindAt())
}

// kindAt names the JSON kind of the value at pos.
func (s *Scanner) KindAt() string {
	if s.Pos >= s.End {
		return "end of input"
	}
	switch c := s.Buf[s.Pos]; {
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

// NextKey advances to the next key of the current object and returns it,
// or more=false after the closing '}'. The key is the scanner's copy, not
// a part of the input buffer: it stays as it is while the value is read,
// until the next key of an object at the same depth or (in an object of
// more than a few dozen keys) the next key read.
func (s *Scanner) NextKey(first bool) (key []byte, more bool, err error) {
	c := s.at()
	if c == 0 {
		c = s.Peek()
	}
	if c == '}' {
		s.Pos++
		s.Leave()
		return nil, false, nil
	}
	if !first {
		if c != ',' {
			return nil, false, s.Unexpected("after object value (expecting ',' or '}')")
		}
		s.Pos++
		if c = s.at(); c == 0 {
			c = s.Peek()
		}
	}
	if c != '"' {
		return nil, false, s.Unexpected("looking for beginning of object key string")
	}
	raw, err := s.StringBytes()
	if err != nil {
		return nil, false, err
	}
	for len(s.keysets) <= s.depth {
		s.keysets = append(s.keysets, keySet{})
	}
	ks := &s.keysets[s.depth]
	if first {
		ks.reset()
	}
	// The key is handed out as the key set's copy of it, which no read
	// moves; only a set that has become a map needs one more copy.
	key, ok := ks.add(raw)
	if !ok {
		return nil, false, s.Errorf("duplicate key %q in one object", raw)
	}
	if key == nil {
		s.key = append(s.key[:0], raw...)
		key = s.key
	}
	if s.Pos < s.End && s.Buf[s.Pos] == ':' {
		s.Pos++
		return key, true, nil
	}
	if s.Peek() != ':' {
		return nil, false, s.Unexpected("after object key")
	}
	s.Pos++
	return key, true, nil
}

// nextElem advances to the next element of the current array, or returns
// false after the closing ']'.
func (s *Scanner) NextElem(first bool) (bool, error) {
	c := s.at()
	if c == 0 {
		c = s.Peek()
	}
	if c == ']' {
		s.Pos++
		s.Leave()
		return false, nil
	}
	if !first {
		if c != ',' {
			return false, s.Unexpected("after array element (expecting ',' or ']')")
		}
		s.Pos++
		if s.Peek() == 0 {
			return false, s.Unexpected("")
		}
	} else if c == 0 {
		return false, s.Unexpected("")
	}
	return true, nil
}

// str reads a string value; null reads as "". what names the field for
// type errors.
func (s *Scanner) Str(what string) (string, error) {
	switch s.Peek() {
	case '"':
		b, err := s.StringBytes()
		if err != nil {
			return "", err
		}
		return string(b), nil
	case 'n':
		return "", s.Literal("null")
	case 0:
		return "", s.Unexpected("")
	}
	return "", s.Errorf("%s must be a string, found %s", what, s.KindAt())
}

// strSafe[c] is true for bytes that can appear unescaped in a string and
// need no further checking.
var strSafe = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// unsafeBytes marks the bytes of w (one little-endian word of the input)
// that are not strSafe: a quote, a backslash, a control character or a
// byte of a non-ASCII character. Strings are scanned a word at a time up
// to such a byte. The lowest marked byte is the first unsafe one (the
// marks above it may be wrong: a borrow runs on from it), so
// bits.TrailingZeros64(m)/8 is its index; m is 0 when all eight are safe.
func unsafeBytes(w uint64) uint64 {
	const lsb, msb = 0x0101010101010101, 0x8080808080808080
	quote, backslash := w^('"'*lsb), w^('\\'*lsb)
	// (x - lsb) &^ x has the top bit of a byte set where x has a zero
	// byte; (w - 0x20*lsb) &^ w where w has a byte below 0x20.
	return ((w-0x20*lsb)&^w | (quote-lsb)&^quote | (backslash-lsb)&^backslash | w) & msb
}

// unsafeWord reports whether any of the eight bytes of w is not strSafe.
func unsafeWord(w uint64) bool { return unsafeBytes(w) != 0 }

// stringBytes reads a string at pos (which is '"') and returns its
// unescaped bytes, valid until the next scanner call.
func (s *Scanner) StringBytes() ([]byte, error) {
	s.Pos++ // opening quote
	i := s.Pos
scan:
	for {
		for i+8 <= s.End {
			if m := unsafeBytes(binary.LittleEndian.Uint64(s.Buf[i:])); m != 0 {
				i += bits.TrailingZeros64(m) / 8
				break scan
			}
			i += 8
		}
		for i < s.End && strSafe[s.Buf[i]] {
			i++
		}
		if i < s.End {
			break
		}
		i -= s.Pos
		if !s.Fill() {
			s.Pos = s.End // report the end of input, not the string's start
			return nil, s.Unexpected("in string literal")
		}
		i += s.Pos
	}
	if s.Buf[i] == '"' {
		b := s.Buf[s.Pos:i]
		s.Pos = i + 1
		return b, nil
	}
	return s.stringSlow(i - s.Pos)
}

// stringSlow continues a string that has escapes, control characters or
// non-ASCII bytes, n bytes after its start.
func (s *Scanner) stringSlow(n int) ([]byte, error) {
	out := append(s.scratch[:0], s.Buf[s.Pos:s.Pos+n]...)
	s.Pos += n
	ascii := true
	for {
		if s.Pos >= s.End && !s.Fill() {
			return nil, s.Unexpected("in string literal")
		}
		c := s.Buf[s.Pos]
		switch {
		case c == '"':
			if !ascii && !utf8.Valid(out) {
				// JSON is UTF-8 (RFC 8259); a Latin-1 export would
				// otherwise lose letters of the names we match.
				return nil, s.Errorf("invalid UTF-8 in string literal (the document must be UTF-8)")
			}
			s.Pos++
			s.scratch = out
			return out, nil
		case c == '\\':
			if s.End-s.Pos < 6 {
				s.Fill()
			}
			if s.Pos+1 >= s.End {
				s.Pos = s.End
				return nil, s.Unexpected("in string escape code")
			}
			e := s.Buf[s.Pos+1]
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
				r, ok := s.hex4(s.Pos + 2)
				if !ok {
					s.Pos++
					return nil, s.Errorf("invalid \\u escape in string literal")
				}
				s.Pos += 6
				if utf16.IsSurrogate(r) {
					if s.End-s.Pos < 6 {
						s.Fill()
					}
					if s.Pos+1 < s.End && s.Buf[s.Pos] == '\\' && s.Buf[s.Pos+1] == 'u' {
						if r2, ok := s.hex4(s.Pos + 2); ok {
							if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
								s.Pos += 6
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
				s.Pos++
				return nil, s.Unexpected("in string escape code")
			}
			s.Pos += 2
		case c < 0x20:
			return nil, s.Unexpected("in string literal")
		default:
			if c >= utf8.RuneSelf {
				ascii = false
			}
			out = append(out, c)
			s.Pos++
		}
		if len(out) > maxTokenSize {
			return nil, s.Errorf("a single value is longer than %s (the limit for one value)", ingest.FormatSize(maxTokenSize))
		}
	}
}

func (s *Scanner) hex4(i int) (rune, bool) {
	if i+4 > s.End {
		return 0, false
	}
	var r rune
	for _, c := range s.Buf[i : i+4] {
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
func (s *Scanner) Literal(word string) error {
	for i := 0; i < len(word); i++ {
		if s.Pos >= s.End && !s.Fill() {
			return s.Unexpected("in literal " + word)
		}
		if s.Buf[s.Pos] != word[i] {
			return s.Unexpected("in literal " + word)
		}
		s.Pos++
	}
	return nil
}

// skip validates and skips the value at pos, without keeping it.
func (s *Scanner) Skip() error {
	c := s.at()
	if c == 0 {
		c = s.Peek()
	}
	switch c {
	case '{':
		s.Pos++
		if err := s.Enter(); err != nil {
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
			if err := s.Skip(); err != nil {
				return err
			}
		}
	case '[':
		s.Pos++
		if err := s.Enter(); err != nil {
			return err
		}
		for first := true; ; first = false {
			more, err := s.NextElem(first)
			if err != nil || !more {
				return err
			}
			if err := s.Skip(); err != nil {
				return err
			}
		}
	case '"':
		return s.skipString()
	case 't':
		return s.Literal("true")
	case 'f':
		return s.Literal("false")
	case 'n':
		return s.Literal("null")
	case 0:
		return s.Unexpected("looking for beginning of value")
	default:
		if c == '-' || (c >= '0' && c <= '9') {
			return s.skipNumber()
		}
		return s.Unexpected("looking for beginning of value")
	}
}

// skipKey is nextKey without keeping the key.
func (s *Scanner) skipKey(first bool) (struct{}, bool, error) {
	c := s.at()
	if c == 0 {
		c = s.Peek()
	}
	if c == '}' {
		s.Pos++
		s.Leave()
		return struct{}{}, false, nil
	}
	if !first {
		if c != ',' {
			return struct{}{}, false, s.Unexpected("after object value (expecting ',' or '}')")
		}
		s.Pos++
		if c = s.at(); c == 0 {
			c = s.Peek()
		}
	}
	if c != '"' {
		return struct{}{}, false, s.Unexpected("looking for beginning of object key string")
	}
	if err := s.skipString(); err != nil {
		return struct{}{}, false, err
	}
	if s.Pos < s.End && s.Buf[s.Pos] == ':' {
		s.Pos++
		return struct{}{}, true, nil
	}
	if s.Peek() != ':' {
		return struct{}{}, false, s.Unexpected("after object key")
	}
	s.Pos++
	return struct{}{}, true, nil
}

// skipString validates and skips a string at pos ('"'), streaming through
// the buffer so that long strings need no memory.
func (s *Scanner) skipString() error {
	s.Pos++
	for {
		for s.Pos+8 <= s.End {
			if m := unsafeBytes(binary.LittleEndian.Uint64(s.Buf[s.Pos:])); m != 0 {
				s.Pos += bits.TrailingZeros64(m) / 8
				break
			}
			s.Pos += 8
		}
		for s.Pos < s.End && strSafe[s.Buf[s.Pos]] {
			s.Pos++
		}
		if s.Pos >= s.End {
			if !s.Fill() {
				return s.Unexpected("in string literal")
			}
			continue
		}
		switch c := s.Buf[s.Pos]; {
		case c == '"':
			s.Pos++
			return nil
		case c == '\\':
			if s.End-s.Pos < 6 {
				s.Fill()
			}
			if s.Pos+1 >= s.End {
				s.Pos = s.End
				return s.Unexpected("in string escape code")
			}
			switch s.Buf[s.Pos+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				s.Pos += 2
			case 'u':
				if _, ok := s.hex4(s.Pos + 2); !ok {
					s.Pos++
					return s.Errorf("invalid \\u escape in string literal")
				}
				s.Pos += 6
			default:
				s.Pos++
				return s.Unexpected("in string escape code")
			}
		case c < 0x20:
			return s.Unexpected("in string literal")
		default:
			// Non-ASCII: UTF-8 validity does not matter for skipped text.
			s.Pos++
		}
	}
}

// skipNumber validates and skips a JSON number.
func (s *Scanner) skipNumber() error {
	digits := func() int {
		n := 0
		for {
			if s.Pos >= s.End && !s.Fill() {
				return n
			}
			if c := s.Buf[s.Pos]; c < '0' || c > '9' {
				return n
			}
			s.Pos++
			n++
		}
	}
	at := func() byte {
		if s.Pos >= s.End && !s.Fill() {
			return 0
		}
		return s.Buf[s.Pos]
	}
	if at() == '-' {
		s.Pos++
	}
	switch c := at(); {
	case c == '0':
		s.Pos++
	case c >= '1' && c <= '9':
		digits()
	default:
		return s.Unexpected("in numeric literal")
	}
	if at() == '.' {
		s.Pos++
		if digits() == 0 {
			return s.Unexpected("after decimal point in numeric literal")
		}
	}
	if c := at(); c == 'e' || c == 'E' {
		s.Pos++
		if c := at(); c == '+' || c == '-' {
			s.Pos++
		}
		if digits() == 0 {
			return s.Unexpected("in exponent of numeric literal")
		}
	}
	return nil
}

// end checks that only whitespace follows the top-level value.
func (s *Scanner) AtEnd() error {
	if s.Peek() != 0 {
		return s.Unexpected("after top-level value")
	}
	return s.rerr
}

// SkipBOM passes over a UTF-8 byte-order mark at the start of the input,
// reading the input's first bytes unless the scanner has them already.
func (s *Scanner) SkipBOM() {
	if s.End == 0 {
		s.Fill()
	}
	if s.End-s.Pos >= 3 && string(s.Buf[s.Pos:s.Pos+3]) == "\xef\xbb\xbf" {
		s.Pos += 3
	}
}

// Describe turns a *SyntaxError from this scanner into the line it is on
// and a message that names the column. It reports false for other errors.
func (s *Scanner) Describe(err error) (line int, msg string, ok bool) {
	var se *SyntaxError
	if !errors.As(err, &se) {
		return 0, "", false
	}
	line, col := s.PosAt(se.Off)
	msg = se.Msg
	if col > 0 {
		msg = fmt.Sprintf("%s (column %d)", msg, col)
	}
	return line, msg, true
}
