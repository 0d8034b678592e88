package ingest

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// mapDups is what refSet finds, found with a map of every hash: the
// reference of each hash given twice (as given the second time), the lines
// of its first two, its count, in the order of the second times.
func mapDups(hs []uint64, refs []string, lines []int32) []dupRef {
	type seen struct {
		line int32
		dup  int
	}
	m := map[uint64]seen{}
	var dups []dupRef
	for i, h := range hs {
		s, ok := m[h]
		switch {
		case !ok:
			m[h] = seen{line: lines[i]}
		case s.dup == 0:
			first, again := int(s.line), int(lines[i])
			if first > again {
				first, again = again, first
			}
			dups = append(dups, dupRef{ref: strings.Clone(refs[i]), first: first, again: again, count: 2})
			s.dup = len(dups)
			m[h] = s
		default:
			dups[s.dup-1].count++
		}
	}
	return dups
}

// TestRefSetMatchesMap: refSet finds the duplicates a map of every hash
// finds, in the same order with the same lines and counts, for documents
// of a few to a few hundred thousand references (the filter grown many
// times over), with few duplicates, many, and references given many times,
// out of line order.
func TestRefSetMatchesMap(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, tc := range []struct {
		n, distinct int
	}{{1, 1}, {5, 3}, {300, 290}, {5000, 5000}, {20_000, 19_990}, {20_000, 2_000}, {200_000, 199_000}} {
		var hs []uint64
		var refs []string
		var lines []int32
		ids := make([]uint64, tc.distinct)
		for i := range ids {
			ids[i] = r.Uint64()
		}
		for i := range tc.n {
			k := i
			if i >= tc.distinct {
				k = r.IntN(tc.distinct)
			}
			hs = append(hs, ids[k])
			refs = append(refs, fmt.Sprintf("ref-%d", k))
			lines = append(lines, int32(r.IntN(10*tc.n)+1))
		}
		// The repeats spread through the document.
		r.Shuffle(len(hs), func(i, j int) {
			hs[i], hs[j] = hs[j], hs[i]
			refs[i], refs[j] = refs[j], refs[i]
		})
		var l refSet
		for i := range hs {
			l.add(hs[i], refs[i], int(lines[i]))
		}
		got, want := l.shared(), mapDups(hs, refs, lines)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%d references, %d distinct: %d duplicates, want %d (first %v, want %v)", tc.n, tc.distinct, len(got), len(want), head(got), head(want))
		}
		if tc.n-tc.distinct > 0 && len(want) == 0 {
			t.Fatalf("%d references, %d distinct: no duplicates to find", tc.n, tc.distinct)
		}
		// The filter keeps its candidates few.
		if tc.n >= 5000 && len(l.cands) > tc.n/8+(tc.n-tc.distinct) {
			t.Errorf("%d references: %d candidates", tc.n, len(l.cands))
		}
	}
}

func head(d []dupRef) []dupRef { return d[:min(3, len(d))] }
