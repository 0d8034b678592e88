// Package xmlscan is a streaming XML reader for the decoders of large XML
// inventories (CycloneDX XML): it reads through a fixed window, walks the
// element tree on the decoder's request, materialises only the text and
// attributes a decoder asks for, validates everything it skips, and knows
// the line of any byte it has passed.
//
// It accepts and rejects what encoding/xml's Decoder in strict mode does
// (the decoders' differential tests and fuzz targets hold it to that), but
// allocates only for what the decoder keeps: encoding/xml's token API
// allocates for every token, which made XML several times slower than JSON.
//
// Like encoding/xml it does not expand entities declared in a DOCTYPE, so
// "billion laughs" documents are rejected, not expanded.
package xmlscan

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
)

const (
	bufSize = 64 << 10
	// MaxValueSize bounds one text or attribute value the decoder keeps,
	// as jsonscan bounds one JSON string; skipped content streams through
	// the window and has no such bound. It is the shared ingest limit.
	MaxValueSize = ingest.MaxValueSize
)

// SyntaxError is a problem in the input at an offset.
type SyntaxError struct {
	Off int64
	Msg string
}

func (e *SyntaxError) Error() string { return e.Msg }

// xmlURL is the namespace of the reserved prefix xml.
const xmlURL = "http://www.w3.org/XML/1998/namespace"

type binding struct {
	prefix, uri string
}

type open struct {
	name     int // end of the element's raw name in names
	bindings int // len(bindings) before the element's own
}

type attr struct {
	prefixEnd int // 0 when the name has no prefix
	nameEnd   int // end of the name in abuf; the value follows
	valEnd    int
}

// Scanner reads one XML document.
type Scanner struct {
	r    io.Reader
	buf  []byte
	pos  int
	end  int
	base int64 // input offset of buf[0]
	eof  bool
	rerr error

	lineOff int64
	lines   int

	maxDepth int
	names    []byte // raw names of the open elements, concatenated
	stack    []open
	bindings []binding

	// the start tag just read
	qname      []byte // raw name, prefix included (scratch)
	attrs      []attr
	abuf       []byte
	selfClosed bool // the element ended with "/>": its end is pending

	text   []byte // scratch for Text
	pi     []byte // scratch for processing instructions and directives
	latin1 bool   // the declaration said ISO-8859-1: input is widened to UTF-8

	// Directive, when set, is called with the text of every directive
	// (<!DOCTYPE ...>) as encoding/xml gives it in an xml.Directive:
	// what follows "<!", comments inside replaced by a space. An error
	// it returns stops the scan.
	Directive func(text []byte) error
	// TagLines makes NextChild and Top record the line each start tag
	// begins on (TagLine).
	TagLines bool
	tagLine  int
}

// New returns a scanner reading r, refusing more than maxDepth nested
// elements. A UTF-8 byte-order mark at the start is skipped.
func New(r io.Reader, maxDepth int) *Scanner {
	s := &Scanner{r: r, buf: make([]byte, bufSize), maxDepth: maxDepth}
	s.need(3)
	if s.end-s.pos >= 3 && string(s.buf[s.pos:s.pos+3]) == "\xef\xbb\xbf" {
		s.pos += 3
	}
	return s
}

// Offset is the input offset of the next unread byte.
func (s *Scanner) Offset() int64 { return s.base + int64(s.pos) }

// Line is the 1-based line of the next unread byte.
func (s *Scanner) Line() int {
	s.countTo(s.Offset())
	return s.lines + 1
}

// LineOf gives the line of an offset at or after the last one asked for
// and not before the window (as SyntaxError.Off is).
func (s *Scanner) LineOf(off int64) int {
	if off >= s.lineOff && off <= s.base+int64(s.end) {
		s.countTo(off)
	}
	return s.lines + 1
}

func (s *Scanner) countTo(off int64) {
	if off <= s.lineOff {
		return
	}
	s.lines += bytes.Count(s.buf[s.lineOff-s.base:off-s.base], nl)
	s.lineOff = off
}

var nl = []byte{'\n'}

func (s *Scanner) errorf(format string, args ...any) error {
	return &SyntaxError{Off: s.Offset(), Msg: fmt.Sprintf(format, args...)}
}

// fill reads more input, keeping buf[pos:end], and reports whether more is
// available.
func (s *Scanner) fill() bool {
	if s.eof {
		return false
	}
	if s.pos > 0 {
		s.countTo(s.base + int64(s.pos))
		n := copy(s.buf, s.buf[s.pos:s.end])
		s.base += int64(s.pos)
		s.pos, s.end = 0, n
	}
	for range 100 {
		n, err := s.r.Read(s.buf[s.end:])
		if s.latin1 {
			n = s.widen(n)
		}
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

// widen converts the n ISO-8859-1 bytes just read at buf[end:] to UTF-8 in
// place (from the back), returning their new length. Reads are limited to
// half the free space while latin1 is set, so it fits.
func (s *Scanner) widen(n int) int {
	src := s.buf[s.end : s.end+n]
	extra := 0
	for _, c := range src {
		if c >= 0x80 {
			extra++
		}
	}
	if extra == 0 {
		return n
	}
	j := s.end + n + extra
	for i := s.end + n - 1; i >= s.end; i-- {
		c := s.buf[i]
		if c < 0x80 {
			j--
			s.buf[j] = c
			continue
		}
		j -= 2
		s.buf[j] = 0xc0 | c>>6
		s.buf[j+1] = 0x80 | c&0x3f
	}
	return n + extra
}

// need makes at least n unread bytes available if the input has them.
func (s *Scanner) need(n int) bool {
	for s.end-s.pos < n {
		if !s.fill() {
			return false
		}
	}
	return true
}

// eofErr is the error for input that ends inside markup.
func (s *Scanner) eofErr() error {
	if s.rerr != nil {
		return s.rerr
	}
	return s.errorf("unexpected EOF")
}

// getc reads one byte.
func (s *Scanner) getc() (byte, bool) {
	if s.pos >= s.end && !s.fill() {
		return 0, false
	}
	b := s.buf[s.pos]
	s.pos++
	return b, true
}

func (s *Scanner) mustgetc() (byte, error) {
	b, ok := s.getc()
	if !ok {
		return 0, s.eofErr()
	}
	return b, nil
}

func (s *Scanner) peek() (byte, bool) {
	if s.pos >= s.end && !s.fill() {
		return 0, false
	}
	return s.buf[s.pos], true
}

func (s *Scanner) space() {
	for {
		b, ok := s.peek()
		if !ok || (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
			return
		}
		s.pos++
	}
}

var nameByte = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
		t[c-'a'+'A'] = true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for _, c := range "_:.-" {
		t[c] = true
	}
	for c := 0x80; c < 256; c++ {
		t[c] = true
	}
	return t
}()

// readName appends a name (bytes up to the first ASCII byte that cannot be
// in a name) to dst and checks it is an XML name. An empty name is not an
// error here: the caller names what was expected.
func (s *Scanner) readName(dst []byte) ([]byte, error) {
	start := len(dst)
	for {
		if s.pos >= s.end && !s.fill() {
			return dst, s.eofErr()
		}
		i := s.pos
		for i < s.end && nameByte[s.buf[i]] {
			i++
		}
		dst = append(dst, s.buf[s.pos:i]...)
		s.pos = i
		if i < s.end {
			break
		}
		if len(dst)-start > MaxValueSize {
			return dst, s.errorf("a name is longer than %s (the limit for one value)", ingest.FormatSize(MaxValueSize))
		}
	}
	if name := dst[start:]; len(name) > 0 && !isName(name) {
		return dst, s.errorf("invalid XML name: %s", name)
	}
	return dst, nil
}

// isName checks the XML Name production. ASCII names are checked here;
// others by encoding/xml, whose character tables define the production.
func isName(b []byte) bool {
	c := b[0]
	if c < utf8.RuneSelf && !(c == '_' || c == ':' || 'a' <= c|0x20 && c|0x20 <= 'z') {
		return false
	}
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return isNameSlow(b)
		}
	}
	return true
}

func isNameSlow(b []byte) bool {
	d := xml.NewDecoder(io.MultiReader(strings.NewReader("<?"), bytes.NewReader(b), strings.NewReader("?>")))
	_, err := d.RawToken()
	return err == nil
}

// splitName is encoding/xml's reading of a qualified name: one colon with
// text either side makes a prefix; more than one colon is no name at all.
func splitName(q []byte) (prefixEnd int, ok bool) {
	i := bytes.IndexByte(q, ':')
	if i < 0 {
		return 0, true
	}
	if bytes.IndexByte(q[i+1:], ':') >= 0 {
		return 0, false
	}
	if i == 0 || i == len(q)-1 {
		return 0, true
	}
	return i, true
}

// Depth is the number of open elements.
func (s *Scanner) Depth() int { return len(s.stack) }

// Local is the local name of the element just started.
func (s *Scanner) Local() []byte {
	if p, _ := splitName(s.qname); p > 0 {
		return s.qname[p+1:]
	}
	return s.qname
}

// Space is the namespace of the element just started, resolved as
// encoding/xml resolves it: an unbound prefix is its own namespace.
func (s *Scanner) Space() string {
	p, _ := splitName(s.qname)
	if p == 0 {
		if string(s.qname) == "xmlns" {
			return ""
		}
		return s.lookup("")
	}
	prefix := s.qname[:p]
	switch string(prefix) {
	case "xmlns":
		return "xmlns"
	case "xml":
		if uri, ok := s.lookupOK(xmlURL); ok {
			return uri
		}
		return xmlURL
	}
	if uri, ok := s.lookupOK(string(prefix)); ok {
		return uri
	}
	return string(prefix)
}

func (s *Scanner) lookupOK(prefix string) (string, bool) {
	for i := len(s.bindings) - 1; i >= 0; i-- {
		if s.bindings[i].prefix == prefix {
			return s.bindings[i].uri, true
		}
	}
	return "", false
}

func (s *Scanner) lookup(prefix string) string {
	uri, _ := s.lookupOK(prefix)
	return uri
}

// Attr returns the value of the element's first unprefixed attribute
// called name.
func (s *Scanner) Attr(name string) ([]byte, bool) {
	start := 0
	for _, a := range s.attrs {
		if a.prefixEnd == 0 && string(s.abuf[start:a.nameEnd]) == name {
			return s.abuf[a.nameEnd:a.valEnd], true
		}
		start = a.valEnd
	}
	return nil, false
}

// startTag reads a start tag whose '<' has been consumed.
func (s *Scanner) startTag() error {
	var err error
	s.qname, err = s.readName(s.qname[:0])
	if err != nil {
		return err
	}
	if len(s.qname) == 0 {
		return s.errorf("expected element name after <")
	}
	if _, ok := splitName(s.qname); !ok {
		return s.errorf("expected element name after <")
	}
	s.attrs, s.abuf = s.attrs[:0], s.abuf[:0]
	s.selfClosed = false
	for {
		s.space()
		b, err := s.mustgetc()
		if err != nil {
			return err
		}
		if b == '/' {
			if b, err = s.mustgetc(); err != nil {
				return err
			}
			if b != '>' {
				return s.errorf("expected /> in element")
			}
			s.selfClosed = true
			break
		}
		if b == '>' {
			break
		}
		s.pos--
		nameStart := len(s.abuf)
		if s.abuf, err = s.readName(s.abuf); err != nil {
			return err
		}
		an := s.abuf[nameStart:]
		p, ok := splitName(an)
		if len(an) == 0 || !ok {
			return s.errorf("expected attribute name in element")
		}
		a := attr{prefixEnd: p, nameEnd: len(s.abuf)}
		s.space()
		if b, err = s.mustgetc(); err != nil {
			return err
		}
		if b != '=' {
			return s.errorf("attribute name without = in element")
		}
		s.space()
		q, err := s.mustgetc()
		if err != nil {
			return err
		}
		if q != '"' && q != '\'' {
			return s.errorf("unquoted or missing attribute value in element")
		}
		if s.abuf, err = s.chars(s.abuf, q, true); err != nil {
			return err
		}
		a.valEnd = len(s.abuf)
		s.attrs = append(s.attrs, a)
	}
	return s.push()
}

// push opens the element just read: its namespace bindings and its name.
func (s *Scanner) push() error {
	if len(s.stack) >= s.maxDepth {
		return s.errorf("nesting deeper than %d levels", s.maxDepth)
	}
	o := open{bindings: len(s.bindings)}
	start := 0
	for _, a := range s.attrs {
		name := s.abuf[start:a.nameEnd]
		val := s.abuf[a.nameEnd:a.valEnd]
		start = a.valEnd
		if a.prefixEnd > 0 && string(name[:a.prefixEnd]) == "xmlns" {
			s.bindings = append(s.bindings, binding{string(name[a.prefixEnd+1:]), string(val)})
		} else if a.prefixEnd == 0 && string(name) == "xmlns" {
			s.bindings = append(s.bindings, binding{"", string(val)})
		}
	}
	s.names = append(s.names, s.qname...)
	o.name = len(s.names)
	s.stack = append(s.stack, o)
	return nil
}

// endTag reads an end tag whose "</" has been consumed and closes the
// innermost element.
func (s *Scanner) endTag() error {
	// Fast path: the name of the innermost element, then '>'.
	if n := len(s.stack); n > 0 {
		from := 0
		if n > 1 {
			from = s.stack[n-2].name
		}
		open := s.names[from:s.stack[n-1].name]
		if len(open) < 256 && s.need(len(open)+1) && bytes.HasPrefix(s.buf[s.pos:s.end], open) && s.buf[s.pos+len(open)] == '>' {
			s.pos += len(open) + 1
			s.pop()
			return nil
		}
	}
	var err error
	s.qname, err = s.readName(s.qname[:0])
	if err != nil {
		return err
	}
	p, ok := splitName(s.qname)
	if len(s.qname) == 0 || !ok {
		return s.errorf("expected element name after </")
	}
	local := s.qname[p:]
	if p > 0 {
		local = s.qname[p+1:]
	}
	s.space()
	b, err := s.mustgetc()
	if err != nil {
		return err
	}
	if b != '>' {
		return s.errorf("invalid characters between </%s and >", local)
	}
	if len(s.stack) == 0 {
		return s.errorf("unexpected end element </%s>", local)
	}
	o := s.stack[len(s.stack)-1]
	from := 0
	if len(s.stack) > 1 {
		from = s.stack[len(s.stack)-2].name
	}
	open := s.names[from:o.name]
	if !bytes.Equal(open, s.qname) {
		op, _ := splitName(open)
		olocal := open
		if op > 0 {
			olocal = open[op+1:]
		}
		if !bytes.Equal(olocal, local) {
			return s.errorf("element <%s> closed by </%s>", olocal, local)
		}
		return s.errorf("element <%s> in space %s closed by </%s> in space %s", olocal, orQuotes(open[:op]), local, orQuotes(s.qname[:p]))
	}
	s.pop()
	return nil
}

func orQuotes(b []byte) string {
	if len(b) == 0 {
		return `""`
	}
	return string(b)
}

func (s *Scanner) pop() {
	o := s.stack[len(s.stack)-1]
	s.stack = s.stack[:len(s.stack)-1]
	s.bindings = s.bindings[:o.bindings]
	if len(s.stack) > 0 {
		s.names = s.names[:s.stack[len(s.stack)-1].name]
	} else {
		s.names = s.names[:0]
	}
}

// token kinds returned by markup
const (
	tokStart = iota + 1
	tokEnd
	tokOther // comment, processing instruction, directive
	tokCDATA
)

// markup reads the markup after a '<' that has been consumed. CDATA
// content is appended to *text when text is not nil, validated otherwise.
func (s *Scanner) markup(text *[]byte) (int, error) {
	b, err := s.mustgetc()
	if err != nil {
		return 0, err
	}
	switch b {
	case '/':
		return tokEnd, s.endTag()
	case '?':
		return tokOther, s.procInst()
	case '!':
		return s.bang(text)
	}
	s.pos--
	return tokStart, s.startTag()
}

func (s *Scanner) procInst() error {
	target, err := s.readName(s.pi[:0])
	s.pi = target[:0]
	if err != nil {
		return err
	}
	if len(target) == 0 {
		return s.errorf("expected target name after <?")
	}
	isDecl := string(target) == "xml"
	s.space()
	var data []byte
	var b0 byte
	for {
		b, err := s.mustgetc()
		if err != nil {
			return err
		}
		if isDecl {
			data = append(data, b)
		}
		if b0 == '?' && b == '>' {
			break
		}
		b0 = b
	}
	if !isDecl {
		return nil
	}
	content := string(data[:len(data)-2])
	if v := declParam("version", content); v != "" && v != "1.0" {
		return s.errorf("unsupported XML version %q; only version 1.0 is supported", v)
	}
	enc := declParam("encoding", content)
	switch strings.ToLower(enc) {
	case "", "utf-8", "utf8", "us-ascii", "ascii":
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1":
		s.toLatin1()
	default:
		return s.errorf("unsupported XML encoding %q", enc)
	}
	return nil
}

// toLatin1 makes the rest of the input read as ISO-8859-1.
func (s *Scanner) toLatin1() {
	if s.latin1 {
		return
	}
	rest := s.buf[s.pos:s.end]
	widened := make([]byte, 0, 2*len(rest))
	for _, c := range rest {
		widened = utf8.AppendRune(widened, rune(c))
	}
	s.countTo(s.Offset())
	s.base += int64(s.pos)
	s.pos = 0
	s.end = copy(s.buf, widened)
	if len(widened) > len(s.buf) {
		s.buf = append(s.buf[:0], widened...)
		s.end = len(s.buf)
	}
	s.latin1 = true
	s.r = halfReader{r: s.r, s: s}
}

// halfReader reads at most half the free window, so that widening what
// it read fits in place.
type halfReader struct {
	r io.Reader
	s *Scanner
}

func (h halfReader) Read(p []byte) (int, error) {
	if len(p) > 1 {
		p = p[:len(p)/2]
	}
	return h.r.Read(p)
}

// declParam finds param="value" (or 'value') in the content of an XML
// declaration.
func declParam(param, s string) string {
	key := param + "="
	for {
		k := strings.Index(s, key)
		if k < 0 || k+len(key) >= len(s) {
			return ""
		}
		s = s[k+len(key):]
		if q := s[0]; q == '"' || q == '\'' {
			s = s[1:]
			if j := strings.IndexByte(s, q); j >= 0 {
				return s[:j]
			}
			return ""
		}
		s = s[1:]
	}
}

func (s *Scanner) bang(text *[]byte) (int, error) {
	b, err := s.mustgetc()
	if err != nil {
		return 0, err
	}
	switch b {
	case '-':
		if b, err = s.mustgetc(); err != nil {
			return 0, err
		}
		if b != '-' {
			return 0, s.errorf("invalid sequence <!- not part of <!--")
		}
		var b0, b1 byte
		for {
			if s.pos >= s.end && !s.fill() {
				return 0, s.eofErr()
			}
			if b0 != '-' || b1 != '-' {
				// fast path: nothing can end before the next '-'
				if i := bytes.IndexByte(s.buf[s.pos:s.end], '-'); i < 0 {
					b0, b1 = b1, s.buf[s.end-1]
					if s.end-s.pos >= 2 {
						b0 = s.buf[s.end-2]
					}
					s.pos = s.end
					continue
				} else if i >= 2 {
					b0, b1 = s.buf[s.pos+i-2], s.buf[s.pos+i-1]
					s.pos += i
				}
			}
			b := s.buf[s.pos]
			s.pos++
			if b0 == '-' && b1 == '-' {
				if b != '>' {
					return 0, s.errorf(`invalid sequence "--" not allowed in comments`)
				}
				return tokOther, nil
			}
			b0, b1 = b1, b
		}
	case '[':
		for i := range 6 {
			if b, err = s.mustgetc(); err != nil {
				return 0, err
			}
			if b != "CDATA["[i] {
				return 0, s.errorf("invalid <![ sequence")
			}
		}
		if text != nil {
			*text, err = s.cdata(*text, true)
		} else {
			_, err = s.cdata(nil, false)
		}
		return tokCDATA, err
	}
	return tokOther, s.directive(b)
}

// directive skips a <!DOCTYPE ...> or similar, whose "<!" and first byte
// have been consumed, the way encoding/xml reads it, and hands its text to
// the Directive hook.
func (s *Scanner) directive(first byte) error {
	keep := s.Directive != nil
	var d []byte
	if keep {
		d = append(s.pi[:0], first)
	}
	var inquote byte
	depth := 0
	for {
		b, err := s.mustgetc()
		if err != nil {
			return err
		}
		if inquote == 0 && b == '>' && depth == 0 {
			if keep {
				s.pi = d[:0]
				return s.Directive(d)
			}
			return nil
		}
	handle:
		if keep {
			if len(d) > MaxValueSize {
				return s.errorf("a single value is longer than %d bytes", MaxValueSize)
			}
			d = append(d, b)
		}
		switch {
		case b == inquote:
			inquote = 0
		case inquote != 0:
		case b == '\'' || b == '"':
			inquote = b
		case b == '>':
			depth--
		case b == '<':
			const open = "!--"
			for i := range len(open) {
				if b, err = s.mustgetc(); err != nil {
					return err
				}
				if b != open[i] {
					if keep {
						d = append(d, open[:i]...)
					}
					depth++
					goto handle
				}
			}
			var b0, b1 byte
			for {
				if b, err = s.mustgetc(); err != nil {
					return err
				}
				if b0 == '-' && b1 == '-' && b == '>' {
					break
				}
				b0, b1 = b1, b
			}
			if keep {
				d = append(d[:len(d)-1], ' ') // the comment, "<" included, reads as a space
			}
		}
	}
}

// special marks the bytes the character-data loops stop at.
var special = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = c != '\t' && c != '\n'
	}
	for c := 0x80; c < 256; c++ {
		t[c] = true
	}
	for _, c := range "<&]\"'" {
		t[c] = true
	}
	return t
}()

// chars reads character data up to '<' (quote 0) or the closing quote of
// an attribute value (consumed), appending it decoded to dst when keep is
// set and validating it either way.
func (s *Scanner) chars(dst []byte, quote byte, keep bool) ([]byte, error) {
	start := len(dst)
	for {
		if s.pos >= s.end && !s.fill() {
			if s.rerr != nil {
				return dst, s.rerr
			}
			if quote != 0 {
				return dst, s.errorf("unexpected EOF")
			}
			return dst, nil
		}
		i := s.pos
		for i < s.end && !special[s.buf[i]] {
			i++
		}
		if keep {
			dst = append(dst, s.buf[s.pos:i]...)
			if len(dst)-start > MaxValueSize {
				return dst, s.errorf("a single value is longer than %s (the limit for one value)", ingest.FormatSize(MaxValueSize))
			}
		}
		s.pos = i
		if i == s.end {
			continue
		}
		c := s.buf[i]
		switch {
		case c == '<':
			if quote != 0 {
				return dst, s.errorf("unescaped < inside quoted string")
			}
			return dst, nil
		case c == quote && quote != 0: // a NUL byte is no quote
			s.pos++
			return dst, nil
		case c == '"' || c == '\'':
			s.pos++
			if keep {
				dst = append(dst, c)
			}
		case c == ']':
			if quote == 0 {
				s.need(3)
				if s.end-s.pos >= 3 && s.buf[s.pos+1] == ']' && s.buf[s.pos+2] == '>' {
					return dst, s.errorf("unescaped ]]> not in CDATA section")
				}
			}
			s.pos++
			if keep {
				dst = append(dst, c)
			}
		case c == '&':
			var err error
			if dst, err = s.entity(dst, keep); err != nil {
				return dst, err
			}
		case c == '\r':
			s.pos++
			if b, ok := s.peek(); ok && b == '\n' {
				s.pos++
			}
			if keep {
				dst = append(dst, '\n')
			}
		case c < utf8.RuneSelf:
			return dst, s.errorf("illegal character code %U", rune(c))
		default:
			var err error
			if dst, err = s.runeAt(dst, keep); err != nil {
				return dst, err
			}
		}
	}
}

// runeAt checks the multi-byte character at pos and passes it.
func (s *Scanner) runeAt(dst []byte, keep bool) ([]byte, error) {
	s.need(utf8.UTFMax)
	r, n := utf8.DecodeRune(s.buf[s.pos:s.end])
	if r == utf8.RuneError && n == 1 {
		return dst, s.errorf("invalid UTF-8")
	}
	if !inCharRange(r) {
		return dst, s.errorf("illegal character code %U", r)
	}
	if keep {
		dst = append(dst, s.buf[s.pos:s.pos+n]...)
	}
	s.pos += n
	return dst, nil
}

func inCharRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// entity reads a reference at pos ('&'). Only the predefined entities and
// character references exist: documents cannot declare their own.
func (s *Scanner) entity(dst []byte, keep bool) ([]byte, error) {
	s.pos++
	var ref []byte
	var r rune = -1
	b, err := s.mustgetc()
	if err != nil {
		return dst, err
	}
	if b == '#' {
		ref = append(ref, '#')
		if b, err = s.mustgetc(); err != nil {
			return dst, err
		}
		base := 10
		if b == 'x' {
			base = 16
			ref = append(ref, 'x')
			if b, err = s.mustgetc(); err != nil {
				return dst, err
			}
		}
		digits := len(ref)
		for '0' <= b && b <= '9' || base == 16 && ('a' <= b && b <= 'f' || 'A' <= b && b <= 'F') {
			ref = append(ref, b)
			if len(ref) > 1<<10 {
				return dst, s.errorf("invalid character entity &%s (no semicolon)", ref)
			}
			if b, err = s.mustgetc(); err != nil {
				return dst, err
			}
		}
		if b != ';' {
			s.pos--
		} else {
			n, err := strconv.ParseUint(string(ref[digits:]), base, 64)
			ref = append(ref, ';')
			if err == nil && n <= utf8.MaxRune {
				r = rune(n)
				if !utf8.ValidRune(r) {
					r = utf8.RuneError
				}
			}
		}
	} else {
		s.pos--
		if ref, err = s.readName(ref); err != nil {
			return dst, err
		}
		if b, err = s.mustgetc(); err != nil {
			return dst, err
		}
		if b != ';' {
			s.pos--
		} else {
			switch string(ref) {
			case "lt":
				r = '<'
			case "gt":
				r = '>'
			case "amp":
				r = '&'
			case "apos":
				r = '\''
			case "quot":
				r = '"'
			}
			ref = append(ref, ';')
		}
	}
	if r < 0 {
		e := "&" + string(ref)
		if e[len(e)-1] != ';' {
			e += " (no semicolon)"
		}
		return dst, s.errorf("invalid character entity %s", e)
	}
	if !inCharRange(r) {
		return dst, s.errorf("illegal character code %U", r)
	}
	if keep {
		dst = utf8.AppendRune(dst, r)
	}
	return dst, nil
}

// cdata reads the content of a CDATA section after "<![CDATA[".
func (s *Scanner) cdata(dst []byte, keep bool) ([]byte, error) {
	start := len(dst)
	for {
		if s.pos >= s.end && !s.fill() {
			if s.rerr != nil {
				return dst, s.rerr
			}
			return dst, s.errorf("unexpected EOF in CDATA section")
		}
		i := s.pos
		for i < s.end {
			c := s.buf[i]
			if special[c] && c != '<' && c != '&' && c != '"' && c != '\'' {
				break
			}
			i++
		}
		if keep {
			dst = append(dst, s.buf[s.pos:i]...)
			if len(dst)-start > MaxValueSize {
				return dst, s.errorf("a single value is longer than %s (the limit for one value)", ingest.FormatSize(MaxValueSize))
			}
		}
		s.pos = i
		if i == s.end {
			continue
		}
		c := s.buf[i]
		switch {
		case c == ']':
			s.need(3)
			if s.end-s.pos >= 3 && s.buf[s.pos+1] == ']' && s.buf[s.pos+2] == '>' {
				s.pos += 3
				return dst, nil
			}
			s.pos++
			if keep {
				dst = append(dst, c)
			}
		case c == '\r':
			s.pos++
			if b, ok := s.peek(); ok && b == '\n' {
				s.pos++
			}
			if keep {
				dst = append(dst, '\n')
			}
		case c < utf8.RuneSelf:
			return dst, s.errorf("illegal character code %U", rune(c))
		default:
			var err error
			if dst, err = s.runeAt(dst, keep); err != nil {
				return dst, err
			}
		}
	}
}

// Root reads up to the document's root start tag: comments, processing
// instructions, a DOCTYPE and text before it are passed over.
func (s *Scanner) Root() error {
	for {
		if _, err := s.chars(nil, 0, false); err != nil {
			return err
		}
		if _, ok := s.getc(); !ok {
			if s.rerr != nil {
				return s.rerr
			}
			return s.errorf("unexpected end of input")
		}
		tok, err := s.markup(nil)
		if err != nil {
			return err
		}
		if tok == tokStart {
			return nil
		}
		if tok == tokEnd {
			return s.errorf("unexpected end element")
		}
	}
}

// NextChild moves to the next child element of the innermost open
// element and reports true, or consumes that element's end tag and reports
// false. Text, comments and processing instructions between are passed
// over (and checked).
func (s *Scanner) NextChild() (bool, error) {
	return s.NextChildText(nil)
}

// NextChildText is NextChild that appends the character data it passes
// over (CDATA included) to *text, when text is not nil.
func (s *Scanner) NextChildText(text *[]byte) (bool, error) {
	if s.selfClosed {
		s.selfClosed = false
		s.pop()
		return false, nil
	}
	for {
		if err := s.passText(text); err != nil {
			return false, err
		}
		if _, ok := s.getc(); !ok {
			if s.rerr != nil {
				return false, s.rerr
			}
			return false, s.errorf("unexpected EOF")
		}
		if s.TagLines {
			s.tagLine = s.LineOf(s.Offset() - 1)
		}
		depth := len(s.stack)
		tok, err := s.markup(text)
		if err != nil {
			return false, err
		}
		switch tok {
		case tokStart:
			return true, nil
		case tokEnd:
			if len(s.stack) < depth {
				return false, nil
			}
		}
	}
}

// passText reads character data up to the next markup, appending it to
// *text when text is not nil.
func (s *Scanner) passText(text *[]byte) error {
	if text == nil {
		_, err := s.chars(nil, 0, false)
		return err
	}
	t, err := s.chars(*text, 0, true)
	*text = t
	if err == nil && len(t) > MaxValueSize {
		err = s.errorf("a single value is longer than %d bytes", MaxValueSize)
	}
	return err
}

// Top reads on at the top level, outside any element (before the root
// element, or after it where a reader accepts more than one, as
// encoding/xml does): it reports true at a start tag, and false at the end
// of the input. Character data on the way (CDATA included) is appended to
// *text when text is not nil.
func (s *Scanner) Top(text *[]byte) (bool, error) {
	for {
		if err := s.passText(text); err != nil {
			return false, err
		}
		if _, ok := s.getc(); !ok {
			return false, s.rerr
		}
		if s.TagLines {
			s.tagLine = s.LineOf(s.Offset() - 1)
		}
		tok, err := s.markup(text)
		if err != nil {
			return false, err
		}
		switch tok {
		case tokStart:
			return true, nil
		case tokEnd:
			return false, s.errorf("unexpected end element")
		}
	}
}

// TagLine is the line the start tag just read begins on, when TagLines
// is set.
func (s *Scanner) TagLine() int { return s.tagLine }

// AttrLocal returns the value of the element's last attribute whose local
// name is local, whatever its prefix: what encoding/xml's Unmarshal puts
// in a field tagged "local,attr".
func (s *Scanner) AttrLocal(local string) ([]byte, bool) {
	var val []byte
	found := false
	start := 0
	for _, a := range s.attrs {
		name := s.abuf[start:a.nameEnd]
		if a.prefixEnd > 0 {
			name = name[a.prefixEnd+1:]
		}
		if string(name) == local {
			val, found = s.abuf[a.nameEnd:a.valEnd], true
		}
		start = a.valEnd
	}
	return val, found
}

// Skip passes over the rest of the element just started.
func (s *Scanner) Skip() error {
	for {
		ok, err := s.NextChild()
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		if err := s.Skip(); err != nil {
			return err
		}
	}
}

// Text reads the rest of the element just started and returns its
// character data (CDATA included, child elements skipped), decoded. The
// bytes are valid until the next call.
func (s *Scanner) Text() ([]byte, error) {
	t := s.text[:0]
	if s.selfClosed {
		s.selfClosed = false
		s.pop()
		return t, nil
	}
	for {
		var err error
		t, err = s.chars(t, 0, true)
		s.text = t[:0]
		if err != nil {
			return nil, err
		}
		if _, ok := s.getc(); !ok {
			if s.rerr != nil {
				return nil, s.rerr
			}
			return nil, s.errorf("unexpected EOF")
		}
		depth := len(s.stack)
		tok, err := s.markup(&t)
		s.text = t[:0]
		if err != nil {
			return nil, err
		}
		if len(t) > MaxValueSize {
			return nil, s.errorf("a single value is longer than %s (the limit for one value)", ingest.FormatSize(MaxValueSize))
		}
		switch tok {
		case tokStart:
			if err := s.Skip(); err != nil {
				return nil, err
			}
		case tokEnd:
			if len(s.stack) < depth {
				return t, nil
			}
		}
	}
}

// End checks that only comments, processing instructions and white space
// follow the root element.
func (s *Scanner) End() error {
	for {
		t, err := s.chars(s.text[:0], 0, true)
		s.text = t[:0]
		if err != nil {
			return err
		}
		if len(bytes.TrimSpace(t)) > 0 {
			return s.errorf("text after the root element")
		}
		if _, ok := s.getc(); !ok {
			return s.rerr
		}
		t = s.text[:0]
		tok, err := s.markup(&t)
		s.text = t[:0]
		if err != nil {
			return err
		}
		switch tok {
		case tokStart:
			return s.errorf("element <%s> after the root element", s.Local())
		case tokCDATA:
			if len(bytes.TrimSpace(t)) > 0 {
				return s.errorf("text after the root element")
			}
		}
	}
}
