package jsonscan

import "unsafe"

// Arena hands out strings carved from large append-only byte blocks: one
// allocation per block instead of one per string, and no size-class
// rounding. A decoder that keeps most of the strings it reads (a large
// SBOM's names, versions and references) allocates far less through it.
// Bytes of a block are never written again once a string points at them
// (unless its owner says none does, Reuse), which is what makes
// unsafe.String sound here. The zero Arena is ready to
// use.
type Arena struct {
	block  []byte
	names  map[string]string // interned low-cardinality values
	iblock []byte            // where the interned values live
	// recent holds interned values by internSlot: most values a
	// document repeats are found here without hashing them.
	// (Behind a pointer, so that an Arena stays small to move.)
	recent *[64]string
}

const (
	arenaBlock   = 64 << 10
	maxInterned  = 4096
	maxInternLen = 64
	internBlock  = 8 << 10
)

// Str returns b as a string that lives in the arena.
func (a *Arena) Str(b []byte) string {
	n := len(b)
	if n == 0 {
		return ""
	}
	if n > arenaBlock/8 {
		return string(b)
	}
	if cap(a.block)-len(a.block) < n {
		a.block = make([]byte, 0, arenaBlock)
	}
	start := len(a.block)
	a.block = append(a.block, b...)
	return unsafe.String(&a.block[start], n)
}

// Reuse lets the next strings overwrite the current block from its start:
// for a reader that hands out what it read and knows that nothing points
// into the block any more. The interned values are kept (they live apart).
func (a *Arena) Reuse() { a.block = a.block[:0] }

// Intern returns a shared copy of b, for values that repeat across
// elements (supplier names, reference types); the first few thousand
// distinct short values are shared, the rest copied as Str does.
func (a *Arena) Intern(b []byte) string {
	if len(b) > maxInternLen || len(b) == 0 {
		return a.Str(b)
	}
	if a.recent == nil {
		a.recent = new([64]string)
	}
	slot := internSlot(b)
	if s := a.recent[slot]; s == string(b) {
		return s
	}
	if s, ok := a.names[string(b)]; ok {
		a.recent[slot] = s
		return s
	}
	if len(a.names) >= maxInterned {
		return a.Str(b)
	}
	// The interned values have blocks of their own: the table lives as
	// long as the arena, and would otherwise keep every block that holds
	// one of them, whatever became of the other strings in it (a reader
	// that hands components out one at a time lets them go).
	if cap(a.iblock)-len(a.iblock) < len(b) {
		a.iblock = make([]byte, 0, internBlock)
	}
	start := len(a.iblock)
	a.iblock = append(a.iblock, b...)
	s := unsafe.String(&a.iblock[start], len(b))
	if a.names == nil {
		a.names = make(map[string]string)
	}
	a.names[s] = s
	a.recent[slot] = s
	return s
}

// internSlot is a slot of Arena.recent for b (not empty): its length and
// end bytes.
func internSlot(b []byte) int {
	return (len(b)*31 + int(b[0])*7 + int(b[len(b)-1])) & 63
}
