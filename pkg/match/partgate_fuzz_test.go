package match

import (
	"regexp"
	"testing"
)

// FuzzPartGate: a gate never turns away a value its pattern matches, both
// the generated gates of the shipped patterns (on the value) and the gate
// gateOf computes for any pattern (the fuzzed one, on the value).
func FuzzPartGate(f *testing.F) {
	patterns := shippedPartPatterns(f)
	res := make([]*regexp.Regexp, len(patterns))
	for i, expr := range patterns {
		res[i] = regexp.MustCompile(expr)
	}
	vals := partGateValues(patterns)
	for i, expr := range patterns {
		f.Add(expr, vals[i*7%len(vals)])
	}
	for _, s := range []string{"CT500MX500SSD1", "MT40A1G8SA-075:E", "DS-2CD2143G2-I", "FusionServer 2288H V5", "ZhiTai SC001", "\xffCT"} {
		f.Add(`^(?i)(ab|c\x{212a}|[é-ü]+)?x{2,3}.?[^a-z]`, s)
		f.Add(`^`+s[:1]+`(\b|$)`, s)
	}
	f.Fuzz(func(t *testing.T, expr, v string) {
		for i, re := range res {
			gateAgrees(t, re, partGateFor(patterns[i]), v)
		}
		if len(expr) > 200 {
			return
		}
		re, err := regexp.Compile(expr)
		if err != nil {
			return
		}
		g, ok, err := gateOf(expr)
		if err != nil {
			t.Fatalf("gateOf(%q): %v; regexp.Compile took it", expr, err)
		}
		if ok {
			gateAgrees(t, re, &g, v)
		}
	})
}
