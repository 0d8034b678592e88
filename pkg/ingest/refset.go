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
// bits a reference, one memory access). A reference the filter may have
// seen before is a candidate: its text is copied then. Which candidates are
// shared, and the lines of their first two components, is decided in one
// pass over the chunks at the end. A map from hash to line would cost 24 to 38 bytes a
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
	if s.n >= s.filter.capacity() {
		s.regrow()
	}
	if s.filter.add(h) {
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
}

// minBloom is the first filter's capacity: most documents are small, and
// each page of a filter is touched (a hash sets bits in a random block),
// so a large first filter costs a short run its fresh pages. It doubles
// as it fills.
const minBloom = 1 << 11

// regrow sizes the filter for twice as many references and adds again
// every hash seen.
func (s *refSet) regrow() {
	s.filter = newBloom(max(2*s.filter.capacity(), minBloom))
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
	// A bit for each candidate spares most references a map lookup.
	words := 1
	for words*64 < 16*len(s.cands) {
		words *= 2
	}
	cf, mask := make([]uint64, words), uint64(words*64-1)
	for h := range s.cands {
		cf[h&mask/64] |= 1 << (h & mask % 64)
	}
	for c, ch := range s.hashes {
		line, deltas := 0, s.lines[c]
		for i, h := range ch {
			delta, k := binary.Varint(deltas)
			deltas = deltas[k:]
			line += int(delta)
			if cf[h&mask/64]&(1<<(h&mask%64)) == 0 {
				continue
			}
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
	if len(dups) == 0 {
		return nil // candidates, but the filter's false positives only
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

// bloom is a blocked Bloom filter of 64-bit hashes: a hash picks one
// block of 512 bits (a cache line) and sets bloomK bits in it, about
// bloomBits bits a hash in all: about five false positives in a thousand
// when full, one memory access a hash.
type bloom struct {
	bits   []uint64
	blocks uint64
	n      int // the number of hashes it is sized for
}

const (
	bloomBits = 12
	bloomK    = 7
)

// newBloom returns a filter for n hashes.
func newBloom(n int) bloom {
	blocks := (uint64(n)*bloomBits + 511) / 512
	return bloom{bits: make([]uint64, 8*blocks), blocks: blocks, n: n}
}

// capacity is how many hashes the filter is sized for.
func (b *bloom) capacity() int { return b.n }

// block returns the first word of h's block and the bits to look at: nine
// bits each from the top of h mixed, the block from its low half.
func (b *bloom) block(h uint64) (int, uint64) {
	return int(uint64(uint32(h))*b.blocks>>32) * 8, (h ^ h>>31) * 0x9e3779b97f4a7c15
}

// add adds h and reports whether it may have been added before (its bits
// were all set).
func (b *bloom) add(h uint64) bool {
	w, x := b.block(h)
	seen := true
	for i := 0; i < bloomK; i++ {
		p := x >> (64 - 9*(i+1)) & 511
		word, bit := &b.bits[w+int(p/64)], uint64(1)<<(p%64)
		seen = seen && *word&bit != 0
		*word |= bit
	}
	return seen
}

func (b *bloom) has(h uint64) bool {
	if b.bits == nil {
		return false
	}
	w, x := b.block(h)
	for i := 0; i < bloomK; i++ {
		p := x >> (64 - 9*(i+1)) & 511
		if b.bits[w+int(p/64)]&(1<<(p%64)) == 0 {
			return false
		}
	}
	return true
}
