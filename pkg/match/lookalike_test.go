package match

import (
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/mtibben/confusables"
)

// The generated table gives, for every character outside ASCII, what the
// confusables package's skeleton gives wherever lookalike would use it (a
// different string of ASCII letters and digits), and nothing elsewhere.
// Run `go generate ./pkg/match` when the package's data changes.
func TestLookalikeTableIsTheSkeleton(t *testing.T) {
	n := 0
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		sk := confusables.Skeleton(string(r))
		want := sk != string(r) && isASCIIAlnum(sk)
		got, ok := asciiSkeleton(r)
		if ok != want || ok && got != sk {
			t.Errorf("asciiSkeleton(%U) = %q, %v; the skeleton is %q", r, got, ok, sk)
			if n++; n > 20 {
				t.Fatal("too many differences")
			}
		}
	}
	if len(lookalikeTable) < 1000 {
		t.Errorf("the table has %d characters; the skeleton data has about 1,450 that fold to ASCII", len(lookalikeTable))
	}
}
