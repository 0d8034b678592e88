package lazyre

import (
	"regexp"
	"testing"
)

// The cost a call pays for being lazy, against the compiled expression
// (a short anchored pattern on a short value, as the readers use per
// field).
func BenchmarkMatchString(b *testing.B) {
	const pattern, s = `^(?:0[xX])?[0-9A-Fa-f]{4,32}$`, "0x8086"
	direct, lazy := regexp.MustCompile(pattern), &Regexp{pattern: pattern}
	b.Run("compiled", func(b *testing.B) {
		for b.Loop() {
			direct.MatchString(s)
		}
	})
	b.Run("lazy", func(b *testing.B) {
		for b.Loop() {
			lazy.MatchString(s)
		}
	})
}
