package ingest

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func benchRefs(n int) ([]uint64, []string) {
	r := rand.New(rand.NewPCG(1, 1))
	hs := make([]uint64, n)
	refs := make([]string, n)
	for i := range hs {
		hs[i] = r.Uint64()
		refs[i] = fmt.Sprintf("pkg:npm/x%d@1", i)
	}
	return hs, refs
}

// BenchmarkRefSet500k: the shared-reference check of a 500,000-component
// document, none shared.
func BenchmarkRefSet500k(b *testing.B) {
	hs, refs := benchRefs(500_000)
	for b.Loop() {
		var s refSet
		for i, h := range hs {
			s.add(h, refs[i], 30*i)
		}
		s.shared()
	}
}
