package jsonscan

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"math/bits"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/vendorcheck/vendorcheck/internal/testgen/sbomgen"
)

// TestSkipAgreesWithEncodingJSON: the scanner accepts exactly what
// encoding/json calls valid, whether it reads from a reader or a slice.
func TestSkipAgreesWithEncodingJSON(t *testing.T) {
	for _, in := range []string{
		`{}`, `[]`, `{"a":[1,2.5e3,-0,true,false,null,"x\u00e9\n"]}`, ` {"a" : {"b": []}} `,
		`{`, `{"a":}`, `[1,]`, `{"a" 1}`, `"unterminated`, `01`, `1.`, `{"a":1}}`, `nul`, `"\x"`, `[1 2]`,
	} {
		want := json.Valid([]byte(in))
		for _, s := range []*Scanner{New(strings.NewReader(in), 100), NewBytes([]byte(in), 100)} {
			err := s.Skip()
			if err == nil {
				err = s.AtEnd()
			}
			if got := err == nil; got != want {
				t.Errorf("%q: scanner valid=%v (%v), encoding/json valid=%v", in, got, err, want)
			}
		}
	}
}

func TestNestingBoundAndPosition(t *testing.T) {
	in := "[\n" + strings.Repeat("[", 20) + strings.Repeat("]", 20) + "\n]"
	s := New(strings.NewReader(in), 10)
	err := s.Skip()
	var se *SyntaxError
	if !errors.As(err, &se) || !strings.Contains(se.Msg, "nesting deeper than 10 levels") {
		t.Fatalf("got %v, want a nesting error", err)
	}
	if line, _ := s.PosAt(se.Off); line != 2 {
		t.Fatalf("error at line %d, want 2", line)
	}
	if err := New(strings.NewReader(in), 100).Skip(); err != nil {
		t.Fatalf("within the bound: %v", err)
	}
}

// TestUnsafeWord: a word is unsafe exactly when one of its bytes is not
// strSafe, and unsafeBytes' lowest mark is the first such byte, for every
// byte value at every position, two unsafe bytes at every pair of
// positions, and random words.
func TestUnsafeWord(t *testing.T) {
	first := func(w uint64) int {
		for i := range 8 {
			if !strSafe[byte(w>>(8*i))] {
				return i
			}
		}
		return 8
	}
	want := func(w uint64) bool { return first(w) < 8 }
	check := func(w uint64) {
		t.Helper()
		if got := unsafeWord(w); got != want(w) {
			t.Fatalf("unsafeWord(%#x) = %v", w, got)
		}
		if got := bits.TrailingZeros64(unsafeBytes(w)) / 8; got != first(w) {
			t.Fatalf("unsafeBytes(%#x) marks byte %d first, want %d", w, got, first(w))
		}
	}
	unsafe := []byte{0, 0x1f, '"', '\\', 0x80, 0xff, 0xc3, '\n'}
	for i := range 8 {
		for j := range 8 {
			for _, a := range unsafe {
				for _, b := range unsafe {
					w := binary.LittleEndian.Uint64([]byte("abcdefgh"))
					w = w&^(0xff<<(8*i)) | uint64(a)<<(8*i)
					w = w&^(0xff<<(8*j)) | uint64(b)<<(8*j)
					check(w)
				}
			}
		}
	}
	for pos := range 8 {
		for c := range 256 {
			for _, fill := range []byte{'a', ' ', '~', '!', '#', '[', ']'} {
				var b [8]byte
				for i := range b {
					b[i] = fill
				}
				b[pos] = byte(c)
				check(binary.LittleEndian.Uint64(b[:]))
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 1_000_000 {
		w := r.Uint64()
		if r.IntN(2) == 0 {
			w &= 0x7f7f7f7f7f7f7f7f // ASCII
		}
		check(w)
	}
}

// TestKeySet: add reports a key new exactly once per reset, across the
// bit filter, the linear scan and the map it grows into.
func TestKeySet(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var k keySet
	var keys [][]byte
	var want []string
	for round := range 2000 {
		// The copies handed out stay as they were while the set
		// grows.
		for i, kept := range keys {
			if kept != nil && string(kept) != want[i] {
				t.Fatalf("round %d: kept key %d is %q, was %q", round, i, kept, want[i])
			}
		}
		keys, want = keys[:0], want[:0]
		k.reset()
		seen := map[string]bool{}
		n := 1 + r.IntN(80)
		for range n {
			b := make([]byte, r.IntN(4))
			for i := range b {
				b[i] = "ab\x00"[r.IntN(3)]
			}
			kept, got := k.add(b)
			if want := !seen[string(b)]; got != want {
				t.Fatalf("round %d: add(%q) = %v, want %v", round, b, got, want)
			}
			if got && k.m == nil && string(kept) != string(b) {
				t.Fatalf("round %d: add(%q) kept %q", round, b, kept)
			}
			if got {
				keys = append(keys, kept)
				want = append(want, string(b))
			}
			seen[string(b)] = true
		}
	}
}

// TestPeekSkipsWhitespace: Peek stops at the first byte that is not JSON
// whitespace, after runs of every length and mix (spaces a word at a
// time), whatever the reads the input comes in.
func TestPeekSkipsWhitespace(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	ws := []byte(" \t\n\r")
	for n := 0; n < 300; n++ {
		var in []byte
		for range n % 40 {
			if n%3 == 0 {
				in = append(in, ' ')
			} else {
				in = append(in, ws[rng.IntN(len(ws))])
			}
		}
		want := len(in)
		next := "x\x00\x01\x7f\xff "[n%5]
		in = append(in, next, ' ', ' ')
		for _, s := range []*Scanner{
			NewBytes(in, 10),
			New(bytes.NewReader(in), 10),
			New(iotest.OneByteReader(bytes.NewReader(in)), 10),
			New(iotest.HalfReader(bytes.NewReader(in)), 10),
		} {
			if c := s.Peek(); c != next || s.Offset() != int64(want) {
				t.Fatalf("%q: Peek gave %q at %d, want %q at %d", in, c, s.Offset(), next, want)
			}
		}
	}
	// Only whitespace: the end of input.
	s := New(iotest.OneByteReader(strings.NewReader("         \n          ")), 10)
	if c := s.Peek(); c != 0 || s.Offset() != 20 {
		t.Errorf("Peek over whitespace only gave %q at %d", c, s.Offset())
	}
}

// BenchmarkSkip1k validates and skips a generated 1,000-component
// CycloneDX document, indented as generators write it: the scanner's own
// cost, whitespace and strings, without a decoder.
func BenchmarkSkip1k(b *testing.B) {
	var doc bytes.Buffer
	if err := sbomgen.CycloneDXJSON(&doc, 1000, 1); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(doc.Len()))
	for b.Loop() {
		s := NewBytes(doc.Bytes(), 100)
		if err := s.Skip(); err != nil {
			b.Fatal(err)
		}
	}
}
