package ingest

import (
	"slices"
	"strings"
)

// refLog finds the references given to more than one component. It logs
// every reference's hash and line, in order, and keeps a bit filter of the
// hashes logged: a reference whose bit is clear is new, which is nearly
// every reference of a document. One whose bit is set may have been seen
// before: its hash becomes a candidate, with a copy of the reference. The
// duplicates are found among the candidates, in one pass over the log,
// once the document is read. A map of every hash would answer at once,
// but it is a random access into megabytes for each reference of a large
// document; the filter is a sixteenth of that, and the log is written in
// order.
type refLog struct {
	blocks [][]loggedRef // the log, in blocks of refBlock
	n      int
	filter bitFilter           // of every hash logged
	cands  map[uint64]*refCand // the hashes whose bit was set when logged
}

type loggedRef struct {
	h    uint64
	line int32
}

// refCand is a hash that may have been logged more than once.
type refCand struct {
	ref          string // as given where the hash first became a candidate
	count        int    // times logged
	line1, line2 int32  // lines of the first two
	seq2         int    // place in the log of the second
}

const refBlock = 8192

func (l *refLog) add(h uint64, ref string, line int32) {
	if k := len(l.blocks) - 1; k < 0 || len(l.blocks[k]) == refBlock {
		l.blocks = append(l.blocks, make([]loggedRef, 0, refBlock))
	}
	k := len(l.blocks) - 1
	l.blocks[k] = append(l.blocks[k], loggedRef{h: h, line: line})
	l.n++
	if l.filter.has(h) {
		if l.cands == nil {
			l.cands = map[uint64]*refCand{}
		}
		if _, ok := l.cands[h]; !ok {
			l.cands[h] = &refCand{ref: strings.Clone(ref)}
		}
		return
	}
	if l.filter.full(l.n) {
		// Bits for twice as many, set again from the log.
		l.filter.reset(2 * l.n)
		for _, b := range l.blocks {
			for _, e := range b {
				l.filter.set(e.h)
			}
		}
	}
	l.filter.set(h)
}

// dups returns the references logged more than once, in the order in
// which each was logged a second time, with the lines of its first two
// (the lower first: streamed components may come out of order) and its
// count.
func (l *refLog) dups() []dupRef {
	if len(l.cands) == 0 {
		return nil
	}
	// A filter of the candidates spares a map lookup for the others.
	var cf bitFilter
	cf.reset(len(l.cands))
	for h := range l.cands {
		cf.set(h)
	}
	seq := 0
	for _, b := range l.blocks {
		for _, e := range b {
			if cf.has(e.h) {
				if c, ok := l.cands[e.h]; ok {
					c.count++
					switch c.count {
					case 1:
						c.line1 = e.line
					case 2:
						c.line2, c.seq2 = e.line, seq
					}
				}
			}
			seq++
		}
	}
	var cs []*refCand
	for _, c := range l.cands {
		if c.count > 1 {
			cs = append(cs, c)
		}
	}
	if len(cs) == 0 {
		return nil
	}
	slices.SortFunc(cs, func(a, b *refCand) int { return a.seq2 - b.seq2 })
	dups := make([]dupRef, len(cs))
	for i, c := range cs {
		first, again := int(c.line1), int(c.line2)
		if first > again {
			first, again = again, first
		}
		dups[i] = dupRef{ref: c.ref, first: first, again: again, count: c.count}
	}
	return dups
}

// bitFilter is a set of hashes that may answer yes wrongly, never no: a
// bit for each, kept under one in sixteen bits set.
type bitFilter struct{ bits []uint64 }

// reset empties the filter and sizes it for n hashes.
func (f *bitFilter) reset(n int) {
	words := 64
	for words*64 < 16*n {
		words *= 2
	}
	f.bits = make([]uint64, words)
}

// full reports whether n hashes are more than the filter is sized for.
func (f *bitFilter) full(n int) bool { return 16*n > 64*len(f.bits) }

func (f *bitFilter) set(h uint64) {
	if f.bits == nil {
		f.reset(0)
	}
	i := h & uint64(64*len(f.bits)-1)
	f.bits[i/64] |= 1 << (i % 64)
}

func (f *bitFilter) has(h uint64) bool {
	if f.bits == nil {
		return false
	}
	i := h & uint64(64*len(f.bits)-1)
	return f.bits[i/64]&(1<<(i%64)) != 0
}
