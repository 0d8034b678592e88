package ingest

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
)

// naiveShared is what refSet.shared must give: every reference carried more
// than once, with its count and the lines of its first two components, in
// the order the second was seen.
func naiveShared(refs []string, lines []int) []dupRef {
	type seen struct {
		line, dup int
	}
	m := map[string]*seen{}
	var dups []dupRef
	for i, r := range refs {
		s := m[r]
		switch {
		case s == nil:
			m[r] = &seen{line: lines[i]}
		case s.dup == 0:
			first, again := s.line, lines[i]
			if first > again {
				first, again = again, first
			}
			dups = append(dups, dupRef{ref: r, first: first, again: again, count: 2})
			s.dup = len(dups)
		default:
			dups[s.dup-1].count++
		}
	}
	return dups
}

func TestRefSetShared(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 5, refChunk - 1, refChunk + 1, 200_000} {
		var refs []string
		var lines []int
		for i := range n {
			r := fmt.Sprintf("pkg:npm/c%d@1.0", i)
			if i > 0 && rng.IntN(500) == 0 { // a duplicate of an earlier one
				r = refs[rng.IntN(len(refs))]
			}
			refs = append(refs, r)
			line := 2 + 40*i
			if rng.IntN(100) == 0 { // out of order, as nested components may be
				line = rng.IntN(40 * n)
			}
			lines = append(lines, line)
		}
		g := newGuard("x", "cyclonedx-json")
		for i := range refs {
			g.ref(refs[i], lines[i])
		}
		got, want := g.seen.shared(), naiveShared(refs, lines)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("n=%d: %d shared references, want %d; first difference in %v / %v", n, len(got), len(want), head(got), head(want))
		}
		if n == 200_000 && len(want) < 100 {
			t.Fatalf("n=%d: only %d shared references: the test does not test", n, len(want))
		}
	}
}

func head(d []dupRef) []dupRef { return d[:min(len(d), 3)] }

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
		t.Errorf("false positive rate %.4f when full, want about 0.003", rate)
	} else {
		t.Logf("false positive rate %.4f when full", rate)
	}
}
