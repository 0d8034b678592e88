package jsonscan

import (
	"encoding/json"
	"errors"
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
