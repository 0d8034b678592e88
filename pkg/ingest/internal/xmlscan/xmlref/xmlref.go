// Package xmlref is encoding/xml set up to read what xmlscan reads: strict,
// a UTF-8 byte-order mark dropped, and the encodings xmlscan accepts
// (UTF-8, its ASCII subset, ISO-8859-1). The readers that moved from
// encoding/xml to xmlscan keep their encoding/xml versions as test
// references built on it, and their differential tests and fuzz targets
// hold the two to the same results.
package xmlref

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// NewDecoder returns a strict encoding/xml decoder over r.
func NewDecoder(r io.Reader) *xml.Decoder {
	dec := xml.NewDecoder(&bomStripper{r: r})
	dec.Strict = true
	dec.CharsetReader = charsetReader
	return dec
}

func charsetReader(label string, r io.Reader) (io.Reader, error) {
	switch strings.ToLower(label) {
	case "utf-8", "utf8", "us-ascii", "ascii":
		return r, nil
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1":
		return &latin1Reader{r: r}, nil
	}
	return nil, fmt.Errorf("unsupported XML encoding %q", label)
}

// latin1Reader converts ISO-8859-1 to UTF-8.
type latin1Reader struct {
	r   io.Reader
	buf []byte
	out []byte
}

func (l *latin1Reader) Read(p []byte) (int, error) {
	if len(l.out) == 0 {
		if cap(l.buf) == 0 {
			l.buf = make([]byte, 16<<10)
		}
		n, err := l.r.Read(l.buf[:cap(l.buf)])
		l.out = l.out[:0]
		for _, c := range l.buf[:n] {
			l.out = utf8.AppendRune(l.out, rune(c))
		}
		if n == 0 {
			return 0, err
		}
	}
	n := copy(p, l.out)
	l.out = l.out[n:]
	return n, nil
}

// bomStripper drops a leading UTF-8 byte-order mark, which encoding/xml
// reads as text.
type bomStripper struct {
	r    io.Reader
	done bool
	head []byte
}

func (b *bomStripper) Read(p []byte) (int, error) {
	if !b.done {
		b.done = true
		var h [3]byte
		n, err := io.ReadFull(b.r, h[:])
		if n == 3 && string(h[:]) == "\xef\xbb\xbf" {
			n = 0
		}
		b.head = append(b.head, h[:n]...)
		if err != nil && len(b.head) == 0 {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				err = io.EOF
			}
			return 0, err
		}
	}
	if len(b.head) > 0 {
		n := copy(p, b.head)
		b.head = b.head[n:]
		return n, nil
	}
	return b.r.Read(p)
}
