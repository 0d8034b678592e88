package match

import (
	"regexp"
	"sort"
	"sync/atomic"
)

//go:generate go test -run ^TestPartGateTable$ -update .

// partGateLen is how many leading bytes of a value a partGate reads.
const partGateLen = 4

// partGate is a necessary condition of an anchored part-number pattern on
// the first bytes of a value: at each position i below partGateLen, bytes[i]
// holds every byte a value that the pattern matches can have there (a
// 256-bit set). A value with a byte outside its position's set cannot match,
// so the pattern is neither compiled nor run for it. Most values the
// patterns are tried on (every word of a hardware name or model) fail at
// the first byte or two: "HAL", "3930", "firmware", "core-util-285".
//
// The gates of the shipped patterns are computed from each pattern's
// compiled program when the table (partgate_table.go) is generated; a
// pattern not in the table (a data bundle's own) has no gate and is tried
// on every value, as all were before.
type partGate struct {
	expr  string
	bytes [partGateLen][4]uint64
}

// admits reports whether the pattern may match v.
func (g *partGate) admits(v string) bool {
	for i := 0; i < len(v) && i < partGateLen; i++ {
		b := v[i]
		if g.bytes[i][b>>6]&(1<<(b&63)) == 0 {
			return false
		}
	}
	return true
}

// partGateFor returns the generated gate of expr, or nil.
func partGateFor(expr string) *partGate {
	i := sort.Search(len(partGates), func(i int) bool { return partGates[i].expr >= expr })
	if i < len(partGates) && partGates[i].expr == expr {
		return &partGates[i]
	}
	return nil
}

// partPattern is a part-number pattern. Its expression is checked when the
// Matcher is built and compiled the first time a value passes its gate:
// only hardware inputs need the patterns, and of those a value that can
// match one needs that one only. Compiling all 29 took a quarter of
// judging a 1,000-component SBOM in a new process.
type partPattern struct {
	expr string
	gate *partGate // nil: every value is tried
	re   atomic.Pointer[regexp.Regexp]
	e    entry
}

// match reports whether the pattern matches v.
func (p *partPattern) match(v string) bool {
	if p.gate != nil && !p.gate.admits(v) {
		return false
	}
	re := p.re.Load()
	if re == nil {
		// Two first uses at once may both compile it: the same expression.
		// New checked it, so compiling cannot fail.
		re = regexp.MustCompile(p.expr)
		p.re.Store(re)
	}
	return re.MatchString(v)
}
