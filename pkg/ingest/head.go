package ingest

import (
	"bytes"
	"encoding/binary"
	"strings"
)

// Head is the head of an input as detection sees it (HeadSize bytes at
// most), with what the readers of JSON formats ask of it found in one
// pass: which quoted names and which beginnings of quoted strings can
// occur in it. DetectAll hands one Head to every decoder that is a
// HeadIdentifier; each would otherwise make its own pass over a head full
// of quotes, looking for names that a document of another format does not
// have.
type Head struct {
	b []byte
	// seen is a Bloom filter (two bits a key), built on the first
	// ContainsQuoted, of every span
	// from one double quote to the next, both included (`"name"`, and the
	// `": "` between a name and its value), and of the first 3 and the
	// first 16 bytes after each quote. A needle it does not hold is not in
	// the head; one it holds is looked for.
	seen *[seenBits / 64]uint64
}

// A 4 KiB filter: about 2,000 keys in a CycloneDX JSON head set a tenth of
// its bits, and a needle that is not there passes both of its bits about
// once in a hundred.
const seenBits = 1 << 15

// NewHead returns the Head of b, without its UTF-8 byte-order mark.
func NewHead(b []byte) *Head { return &Head{b: StripBOM(b)} }

// Bytes returns the head, without its byte-order mark.
func (h *Head) Bytes() []byte { return h.b }

// ContainsQuoted reports whether the head holds one of needles, each of
// which begins with a double quote: what bytes.Contains would say for each.
// A needle is a whole quoted name (`"PNPDeviceID"`, no quote inside it), or
// the beginning of a quoted string with at least 3 bytes after its quote
// (`"application/vnd.dev.sigstore.bundle`).
func (h *Head) ContainsQuoted(needles ...string) bool {
	if h.seen == nil {
		h.index()
	}
	for _, n := range needles {
		if h.has(needleKey(n)) && bytes.Contains(h.b, []byte(n)) {
			return true
		}
	}
	return false
}

func (h *Head) index() {
	h.seen = new([seenBits / 64]uint64)
	b := h.b
	prev := -1
	for i := 0; i < len(b); {
		j := bytes.IndexByte(b[i:], '"')
		if j < 0 {
			break
		}
		j += i
		if prev >= 0 {
			h.add(spanKey(b[prev : j+1]))
		}
		if rest := b[j+1:]; len(rest) >= 16 {
			h.add(prefixKey(rest[:16]))
			h.add(prefixKey(rest[:3]))
		} else if len(rest) >= 3 {
			h.add(prefixKey(rest[:3]))
		}
		prev, i = j, j+1
	}
}

func (h *Head) add(k uint64) {
	a, b := k>>(64-15), k>>20&(seenBits-1)
	h.seen[a/64] |= 1 << (a % 64)
	h.seen[b/64] |= 1 << (b % 64)
}

func (h *Head) has(k uint64) bool {
	a, b := k>>(64-15), k>>20&(seenBits-1)
	return h.seen[a/64]&(1<<(a%64)) != 0 && h.seen[b/64]&(1<<(b%64)) != 0
}

// needleKey is the key a needle's occurrence adds to the filter: a whole
// name's span (the quote that closes it is the next quote after the one
// that opens it), else the 16 or the 3 bytes after its quote.
func needleKey(n string) uint64 {
	switch {
	case len(n) < 2 || n[0] != '"':
	case n[len(n)-1] == '"' && !strings.Contains(n[1:len(n)-1], `"`):
		return spanKey([]byte(n))
	case strings.Contains(n[1:], `"`):
	case len(n) > 16:
		return prefixKey([]byte(n[1:17]))
	case len(n) > 3:
		return prefixKey([]byte(n[1:4]))
	}
	panic("ingest.Head.ContainsQuoted: needle " + n + " is neither a quoted name nor a quote and 3 bytes or more")
}

// spanKey hashes a span from its length and its first and last 8 bytes.
func spanKey(s []byte) uint64 {
	var a, z uint64
	if len(s) >= 8 {
		a, z = binary.LittleEndian.Uint64(s), binary.LittleEndian.Uint64(s[len(s)-8:])
	} else {
		for i, c := range s {
			a |= uint64(c) << (8 * i)
		}
		z = a
	}
	return (a*0x9e3779b97f4a7c15 ^ z*0xc2b2ae3d27d4eb4f ^ uint64(len(s))) * 0x165667b19e3779f9
}

// prefixKey hashes the 3 or 16 bytes after a quote, apart from any span.
func prefixKey(s []byte) uint64 { return spanKey(s) ^ 0xd6e8feb86659fd93 }

// A HeadIdentifier identifies its format from a Head, sharing with the
// other decoders what the Head found (Identify(head) is
// IdentifyHead(NewHead(head))).
type HeadIdentifier interface {
	Decoder
	IdentifyHead(h *Head) bool
}

// identify runs d's Identify on h.
func identify(d Decoder, h *Head) bool {
	if hi, ok := d.(HeadIdentifier); ok {
		return hi.IdentifyHead(h)
	}
	return d.Identify(h.b)
}
