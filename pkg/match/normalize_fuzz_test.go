package match

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

var fuzzNames = []string{
	"Huawei Technologies Co., Ltd.", "HUAWEI TECHNOLOGIES CO.,LTD", "华为技术有限公司", "Micron Technology, Inc.",
	"Hangzhou Hikvision Digital Technology Co., Ltd.", "ＺＴＥ　Ｃｏｒｐ", "Micronas GmbH", "io.micronaut",
	"", " ", "\x00\xff", "Bank 1, Hex 0x2C", "802C", "2C80", "Unknown - [0x9B85]", "7F7FFE0000000000", "802C8632802C",
}

// FuzzTokens: tokens are non-empty, have no spaces, and are stable: the
// tokens of the normalized text are the tokens again.
func FuzzTokens(f *testing.F) {
	for _, s := range fuzzNames {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks := Tokens(s)
		if !slices.Equal(toks, Tokens(s)) {
			t.Fatalf("not deterministic: %q", s)
		}
		for _, tok := range toks {
			if tok == "" || strings.ContainsAny(tok, " \t\n") {
				t.Fatalf("Tokens(%q) has token %q", s, tok)
			}
		}
		if utf8.ValidString(s) {
			n := Normalize(s)
			if again := Normalize(n); again != n {
				t.Fatalf("Normalize not idempotent: %q -> %q -> %q", s, n, again)
			}
		}
	})
}

// FuzzNameKey: deterministic, and the key of a key is itself.
func FuzzNameKey(f *testing.F) {
	for _, s := range fuzzNames {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := NameKey(s)
		if k != NameKey(s) {
			t.Fatalf("not deterministic: %q", s)
		}
		_ = NameKey(k)
	})
}

// FuzzParseJEDEC: deterministic; a parsed code has a bank in 1..16 and a
// code byte that is not 0 (parity aside).
func FuzzParseJEDEC(f *testing.F) {
	for _, s := range fuzzNames {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, ok := ParseJEDEC(s)
		c2, ok2 := ParseJEDEC(s)
		if c != c2 || ok != ok2 {
			t.Fatalf("not deterministic: %q", s)
		}
		if ok && (c.Bank < 1 || c.Bank > 16 || c.Code&0x7f == 0) {
			t.Fatalf("ParseJEDEC(%q) = %+v", s, c)
		}
	})
}

var fuzzContacts = []string{
	"AO Kaspersky Lab <info@kaspersky.com>", "Organization: X (https://www.huawei.com/en)", "ZTE, a@zte.com.cn",
	"Huawei Technologies (Deutschland) GmbH", "<>", "()", "(a@b", "git@github.com:huaweicloud/x.git",
	"https://user@GitHub.com:443/HuaweiCloud/x?y#z", "mailto:", "Huаwei", "H1KV1S10N", "Hua\u00adwei", "Ζ\u0301Τ\u200dΕ",
}

// FuzzContacts: splitting a party into name and contacts, reading a
// contact's host and a code-host owner, and folding look-alikes never
// panic and always give what they promise: the name is a prefix of the
// input, every contact has a host, hosts are lower-case ASCII, folding is
// deterministic.
func FuzzContacts(f *testing.F) {
	for _, s := range append(fuzzNames, fuzzContacts...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		name, contacts := splitContact(s)
		if !strings.HasPrefix(strings.TrimSpace(s), name) {
			t.Fatalf("splitContact(%q) name %q is not a prefix", s, name)
		}
		for _, c := range contacts {
			if contactHost(c) == "" {
				t.Fatalf("splitContact(%q) contact %q has no host", s, c)
			}
		}
		if h := contactHost(s); h != strings.ToLower(h) || !utf8.ValidString(h) {
			t.Fatalf("contactHost(%q) = %q", s, h)
		}
		if host, owner := codeHostOwner(s); (host == "") != (owner == "") {
			t.Fatalf("codeHostOwner(%q) = %q, %q", s, host, owner)
		}
		a, ok := lookalike(s)
		b, ok2 := lookalike(s)
		if a != b || ok != ok2 {
			t.Fatalf("lookalike(%q) not deterministic", s)
		}
		_, _ = leet(s)
	})
}
