package ingest

import (
	"encoding/binary"
	"sort"
	"strings"
)

// refSet finds the references that more than one component carries, for
// guard. It is kept for every component of a document, so it is small: the
// 64-bit hash of each reference and its line (as the difference from the
// line before, a byte or two), about 10 bytes, in fixed-size chunks in the
// order seen (no copy as it grows), and a Bloom filter of the hashes (12
// bits a reference). A reference the filter may have seen before
// is a candidate: its text is copied then. Which candidates are shared, and
// the lines of their first two components, is decided in one pass over the
// chunks at the end. A map from hash to line would cost 24 to 38 bytes a
// reference (a Go map grows by doubling) and the filter keeps the
// candidates few: a filter's false positive costs one copied reference.
type refSet struct {
	hashes [][]uint64 // chunks of refChunk hashes, in the order seen
	// lines has the line of each, in the same places: the difference from
	// the one before in the chunk, as a varint.
	lines [][]byte
	last  int // the line added last
	n     int

	filter bloom
	cands  map[uint64]*refCand
}

// refChunk is the number of references in a chunk.
const refChunk = 4096

// refCand is a reference that may be carried more than once.
type refCand struct {
	ref          string
	count        int
	first, again int
	// at is the place of the second component that carries it, which
	// orders the warnings as the components were read.
	at int
}

// add records a reference and the line of its component.
func (s *refSet) add(h uint64, ref string, line int) {
	if s.filter.has(h) {
		if s.cands == nil {
			s.cands = map[uint64]*refCand{}
		}
		if s.cands[h] == nil {
			s.cands[h] = &refCand{ref: strings.Clone(ref)}
		}
	}
	if s.n%refChunk == 0 {
		if c := len(s.lines) - 1; c >= 0 {
			s.lines[c] = append([]byte(nil), s.lines[c]...) // no room to spare in a full chunk
		}
		s.hashes = append(s.hashes, make([]uint64, 0, refChunk))
		s.lines = append(s.lines, make([]byte, 0, refChunk))
		s.last = 0
	}
	c := len(s.hashes) - 1
	s.hashes[c] = append(s.hashes[c], h)
	s.lines[c] = binary.AppendVarint(s.lines[c], int64(line-s.last))
	s.last = line
	s.n++
	if s.n > s.filter.capacity() {
		s.regrow()
	}
	s.filter.add(h)
}

// regrow sizes the filter for twice as many references and adds again
// every hash seen.
func (s *refSet) regrow() {
	s.filter = newBloom(max(2*s.filter.capacity(), 1<<14))
	for _, ch := range s.hashes {
		for _, h := range ch {
			s.filter.add(h)
		}
	}
}

// shared returns the references carried more than once, in the order
// their second component was read.
func (s *refSet) shared() []dupRef {
	if len(s.cands) == 0 {
		return nil
	}
	for c, ch := range s.hashes {
		line, deltas := 0, s.lines[c]
		for i, h := range ch {
			delta, k := binary.Varint(deltas)
			deltas = deltas[k:]
			line += int(delta)
			d := s.cands[h]
			if d == nil {
				continue
			}
			d.count++
			switch d.count {
			case 1:
				d.first = line
			case 2:
				d.again, d.at = line, c*refChunk+i
			}
		}
	}
	var dups []*refCand
	for _, d := range s.cands {
		if d.count > 1 {
			dups = append(dups, d)
		}
	}
	sort.Slice(dups, func(i, j int) bool { return dups[i].at < dups[j].at })
	out := make([]dupRef, len(dups))
	for i, d := range dups {
		first, again := d.first, d.again
		if first > again { // streamed components may come out of order
			first, again = again, first
		}
		out[i] = dupRef{ref: d.ref, first: first, again: again, count: d.count}
	}
	return out
}

// bloom is a Bloom filter of 64-bit hashes: bloomBits bits and bloomK
// probes a hash, about three false positives in a thousand when full.
type bloom struct {
	bits []uint64
	m    uint64 // the number of bits
	n    int    // the number of hashes it is sized for
}

const (
	bloomBits = 12
	bloomK    = 8
)

// newBloom returns a filter for n hashes.
func newBloom(n int) bloom {
	words := (uint64(n)*bloomBits + 63) / 64
	return bloom{bits: make([]uint64, words), m: words * 64, n: n}
}

// capacity is how many hashes the filter is sized for.
func (b *bloom) capacity() int { return b.n }

// probe returns the i-th bit of h: double hashing of its two halves, each
// reduced to the filter's size by a multiply and a shift.
func (b *bloom) probe(h uint64, i uint32) uint64 {
	x := uint32(h) + i*(uint32(h>>32)|1)
	return uint64(x) * b.m >> 32
}

func (b *bloom) add(h uint64) {
	for i := uint32(0); i < bloomK; i++ {
		p := b.probe(h, i)
		b.bits[p/64] |= 1 << (p % 64)
	}
}

func (b *bloom) has(h uint64) bool {
	if b.bits == nil {
		return false
	}
	for i := uint32(0); i < bloomK; i++ {
		if p := b.probe(h, i); b.bits[p/64]&(1<<(p%64)) == 0 {
			return false
		}
	}
	return true
}
