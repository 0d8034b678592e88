package jsonscan

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
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
// strSafe, for every byte value at every position and for random words.
func TestUnsafeWord(t *testing.T) {
	want := func(w uint64) bool {
		for i := range 8 {
			if !strSafe[byte(w>>(8*i))] {
				return true
			}
		}
		return false
	}
	for pos := range 8 {
		for c := range 256 {
			for _, fill := range []byte{'a', ' ', '~', '!', '#', '[', ']'} {
				var b [8]byte
				for i := range b {
					b[i] = fill
				}
				b[pos] = byte(c)
				w := binary.LittleEndian.Uint64(b[:])
				if got := unsafeWord(w); got != want(w) {
					t.Fatalf("unsafeWord(%q) = %v", b, got)
				}
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 1_000_000 {
		w := r.Uint64()
		if r.IntN(2) == 0 {
			w &= 0x7f7f7f7f7f7f7f7f // ASCII
		}
		if got := unsafeWord(w); got != want(w) {
			t.Fatalf("unsafeWord(%#x) = %v", w, got)
		}
	}
}

// TestKeySet: add reports a key new exactly once per reset, across the
// bit filter, the linear scan and the map it grows into.
func TestKeySet(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var k keySet
	for round := range 2000 {
		k.reset()
		seen := map[string]bool{}
		n := 1 + r.IntN(80)
		for range n {
			b := make([]byte, r.IntN(4))
			for i := range b {
				b[i] = "ab\x00"[r.IntN(3)]
			}
			if got, want := k.add(b), !seen[string(b)]; got != want {
				t.Fatalf("round %d: add(%q) = %v, want %v", round, b, got, want)
			}
			seen[string(b)] = true
		}
	}
}
