package jsonscan

import "unsafe"

// Arena hands out strings carved from large append-only byte blocks: one
// allocation per block instead of one per string, and no size-class
// rounding. A decoder that keeps most of the strings it reads (a large
// SBOM's names, versions and references) allocates far less through it.
// Bytes of a block are never written again once a string points at them,
// which is what makes unsafe.String sound here. The zero Arena is ready to
// use.
type Arena struct {
	block []byte
	names map[string]string // interned low-cardinality values
}

const (
	arenaBlock   = 64 << 10
	maxInterned  = 4096
	maxInternLen = 64
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

// Intern returns a shared copy of b, for values that repeat across
// elements (supplier names, reference types); the first few thousand
// distinct short values are shared, the rest copied as Str does.
func (a *Arena) Intern(b []byte) string {
	if len(b) > maxInternLen {
		return a.Str(b)
	}
	if s, ok := a.names[string(b)]; ok {
		return s
	}
	s := a.Str(b)
	if a.names == nil {
		a.names = make(map[string]string)
	}
	if len(a.names) < maxInterned {
		a.names[s] = s
	}
	return s
}
