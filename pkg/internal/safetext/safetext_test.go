package safetext

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

func TestLine(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Huawei Technologies Co., Ltd.", "Huawei Technologies Co., Ltd."},
		{"Net::SSH", "Net::SSH"},
		{`C:\Program Files\x`, `C:\Program Files\x`},
		{"a\nb", `a\nb`},
		{"a\r\nb\t", `a\r\nb\t`},
		{"\x1b[2J", `\x1B[2J`},
		{"\x1b]0;t\x07", `\x1B]0;t\x07`},
		{"nul\x00", `nul\x00`},
		{"del\x7f", `del\x7F`},
		{"csi\u009b", `csi\u009B`},
		{"abc\u202eZTE\u202c", `abc\u202EZTE\u202C`},
		{"\u2066i\u2069 \u200bz\ufeff", `\u2066i\u2069 \u200Bz\uFEFF`},
		{"x\u2028y\u2029", `x\u2028y\u2029`},
		{"bad\xff\xfe", `bad\xFF\xFE`},
		{"::add-mask::ZTE", `\x3A:add-mask::ZTE`},
		{"  ::error::x", `  \x3A:error::x`},
		{"\u3000::error::x", "\u3000\\x3A:error::x"},
		{"\t::error::x", `\t\x3A:error::x`},
		{"a ::b", "a ::b"},
		{"日本語 Ω", "日本語 Ω"},
		{"", ""},
	} {
		got := Line(c.in)
		if got != c.want {
			t.Errorf("Line(%q) = %q, want %q", c.in, got, c.want)
		}
		if Clean(c.in) != (got == c.in) {
			t.Errorf("Clean(%q) = %v, but Line changes it: %v", c.in, Clean(c.in), got != c.in)
		}
		if !Clean(got) {
			t.Errorf("Line(%q) = %q is not clean", c.in, got)
		}
		if strings.ContainsAny(got, "\n\r\x1b\x00") {
			t.Errorf("Line(%q) = %q holds a raw control character", c.in, got)
		}
	}
}

func TestLines(t *testing.T) {
	got := Lines("first\n::add-mask::x\x1b", "  ")
	if want := "first\n  \\x3A:add-mask::x\\x1B"; got != want {
		t.Errorf("Lines = %q, want %q", got, want)
	}
}

func TestJSON(t *testing.T) {
	in := map[string]string{"name": "a\u202eb\u200b\U000E0041c\u0085日本", "plain": "x"}
	doc, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	out := JSON(doc)
	if strings.ContainsAny(string(out), "\u202e\u200b\U000E0041\u0085") {
		t.Errorf("raw format character left: %q", out)
	}
	if !strings.Contains(string(out), `\u202e`) || !strings.Contains(string(out), "日本") {
		t.Errorf("JSON = %s", out)
	}
	var back map[string]string
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatal(err)
	}
	if back["name"] != in["name"] || back["plain"] != "x" {
		t.Errorf("value changed: %q", back)
	}
}

func FuzzLine(f *testing.F) {
	f.Add("a\nb\x1b")
	f.Add("::add-mask::x")
	f.Fuzz(func(t *testing.T, s string) {
		got := Line(s)
		if !Clean(got) || strings.ContainsAny(got, "\n\r\x1b\x00") || commandStart(got) {
			t.Fatalf("Line(%q) = %q is not safe", s, got)
		}
		if Clean(s) && got != s {
			t.Fatalf("Line changed clean %q to %q", s, got)
		}
	})
}

func ExampleLine() {
	name := "MF833V\n::add-mask::ZTE\x1b]0;pwned\x07"
	fmt.Println("component: " + Line(name))
	// Output: component: MF833V\n::add-mask::ZTE\x1B]0;pwned\x07
}

// Prefix never cuts a character; Shorten says the length of what it cut.
func TestPrefixAndShorten(t *testing.T) {
	for _, tc := range []struct {
		s       string
		n       int
		prefix  string
		shorten string
	}{
		{"abc", 3, "abc", "abc"},
		{"abcd", 3, "abc", "abc… (4 bytes in all)"},
		{"aé", 2, "a", "a… (3 bytes in all)"}, // é is two bytes
		{"é", 1, "", "… (2 bytes in all)"},
		{"", 0, "", ""},
	} {
		if got := Prefix(tc.s, tc.n); got != tc.prefix {
			t.Errorf("Prefix(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.prefix)
		}
		if got := Shorten(tc.s, tc.n); got != tc.shorten {
			t.Errorf("Shorten(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.shorten)
		}
	}
}

// jsonByRune is JSON written the plain way, a character at a time: what
// JSON must return.
func jsonByRune(doc []byte) []byte {
	var out []byte
	for i := 0; i < len(doc); {
		r, n := utf8.DecodeRune(doc[i:])
		if (r == utf8.RuneError && n <= 1) || r < utf8.RuneSelf || !Unsafe(r) {
			out = append(out, doc[i:i+n]...)
		} else if r > 0xffff {
			r1, r2 := utf16.EncodeRune(r)
			out = fmt.Appendf(out, `\u%04x\u%04x`, r1, r2)
		} else {
			out = fmt.Appendf(out, `\u%04x`, r)
		}
		i += n
	}
	return out
}

func FuzzJSON(f *testing.F) {
	f.Add([]byte(`{"a":"b\u00e9\u202e\U000e0041\xff\xe2\x80"}`))
	f.Add([]byte("\u00a7889 \u0085\ufeff"))
	f.Fuzz(func(t *testing.T, doc []byte) {
		if got, want := JSON(doc), jsonByRune(doc); !bytes.Equal(got, want) {
			t.Errorf("JSON(%q) = %q, want %q", doc, got, want)
		}
	})
}

// BenchmarkJSON passes a report-sized document with characters beyond
// ASCII and none to escape (the common case) through JSON.
//
//	go test ./pkg/internal/safetext -run '^$' -bench JSON
func BenchmarkJSON(b *testing.B) {
	line := []byte("    \"citation\": \"NDAA \u00a7889(a)(1)(B); 47 CFR \u00a71.50002\", \"name\": \"caf\u00e9 \u6d77\u5eb7\",\n")
	doc := bytes.Repeat(line, 66000/len(line))
	b.SetBytes(int64(len(doc)))
	for b.Loop() {
		JSON(doc)
	}
}
