package ingest

import (
	"math/rand/v2"
	"testing"
)

// TestBloom: no false negatives, and few false positives when full.
func TestBloom(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const n = 100_000
	b := newBloom(n)
	in := make([]uint64, n)
	for i := range in {
		in[i] = rng.Uint64()
		b.add(in[i])
	}
	for _, h := range in {
		if !b.has(h) {
			t.Fatalf("%x added but not found", h)
		}
	}
	fp := 0
	for range n {
		if b.has(rng.Uint64()) {
			fp++
		}
	}
	if rate := float64(fp) / n; rate > 0.01 {
		t.Errorf("false positive rate %.4f when full, want about 0.004", rate)
	} else {
		t.Logf("false positive rate %.4f when full", rate)
	}
}
