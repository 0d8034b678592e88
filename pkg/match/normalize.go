package match

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// corporateSuffixes are folded away at the end of a name: "Huawei
// Technologies Co., Ltd." and "HUAWEI TECHNOLOGIES CO.,LTD" compare equal.
var corporateSuffixes = []string{
	"co", "ltd", "limited", "inc", "incorporated", "corp", "corporation", "company",
	"llc", "gmbh", "ag", "sa", "bv", "nv", "plc", "kk", "oy", "oyj", "ab", "as", "srl", "spa", "sas", "sarl", "pte",
	"pvt", "private", "zao", "ooo", "ao", "stock", "group", "holdings", "holding",
	"有限公司", "股份有限公司", "有限责任公司", "有限責任公司", "公司", "集团", "集團", "株式会社",
	// Korean and pinyin forms: 주식회사 (Inc.), 유한회사, "youxian gongsi" (有限公司).
	"주식회사", "유한회사", "gongsi", "youxian", "gufen",
}

var suffixSet = func() map[string]bool {
	m := map[string]bool{}
	for _, s := range corporateSuffixes {
		m[s] = true
	}
	return m
}()

// Normalize folds s for comparison: Unicode NFKC, case folding, and every
// run of punctuation or space made one space. CJK ideographs are kept; each
// run of them is one token.
func Normalize(s string) string {
	return strings.Join(Tokens(s), " ")
}

// Tokens splits s into normalized tokens. A token is a run of letters and
// digits; a run of CJK ideographs is its own token even without spaces
// around it. Default-ignorable code points (soft hyphen, zero-width
// characters) are dropped, not read as separators.
func Tokens(s string) []string {
	if toks, ok := asciiTokens(s); ok {
		return toks
	}
	s = norm.NFKC.String(s)
	var toks []string
	var cur strings.Builder
	curCJK := false
	flush := func() {
		if cur.Len() > 0 {
			toks = append(toks, cur.String())
			cur.Reset()
		}
	}
	for _, r := range s {
		switch {
		case ignorable(r):
			// Invisible: "Hua\u00ADwei" is one word.
		case isCJK(r):
			if !curCJK {
				flush()
			}
			curCJK = true
			cur.WriteRune(r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if curCJK {
				flush()
			}
			curCJK = false
			cur.WriteRune(unicode.ToLower(r))
		default:
			flush()
			curCJK = false
		}
	}
	flush()
	return toks
}

// asciiTokens is Tokens for pure ASCII text, where NFKC changes nothing:
// one lower-cased copy, sliced into tokens. It reports false for any other
// text.
func asciiTokens(s string) ([]string, bool) {
	lower := false
	n := 0
	in := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return nil, false
		}
		alnum := c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z'
		if c >= 'A' && c <= 'Z' {
			lower = true
		}
		if alnum && !in {
			n++
		}
		in = alnum
	}
	if n == 0 {
		return nil, true
	}
	if lower {
		s = strings.ToLower(s)
	}
	toks := make([]string, 0, n)
	start := -1
	for i := 0; i <= len(s); i++ {
		alnum := i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= '0' && s[i] <= '9')
		switch {
		case alnum && start < 0:
			start = i
		case !alnum && start >= 0:
			toks = append(toks, s[start:i])
			start = -1
		}
	}
	return toks, true
}

func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r)
}

// stripSuffixes drops corporate suffix tokens from the end of toks,
// including dotted ones that tokenise to single letters ("B.V.", "S.p.A.").
func stripSuffixes(toks []string) []string {
	for len(toks) > 1 {
		if suffixSet[toks[len(toks)-1]] {
			toks = toks[:len(toks)-1]
			continue
		}
		if n := dottedSuffix(toks); n > 0 {
			toks = toks[:len(toks)-n]
			continue
		}
		break
	}
	// A CJK token may end in a suffix with no space: 华为技术有限公司.
	if n := len(toks); n > 0 {
		last := toks[n-1]
		for _, suf := range []string{"股份有限公司", "有限责任公司", "有限責任公司", "有限公司", "株式会社", "公司"} {
			if strings.HasSuffix(last, suf) && len(last) > len(suf) {
				toks = append(toks[:n-1:n-1], strings.TrimSuffix(last, suf))
				break
			}
		}
	}
	return toks
}

// dottedSuffix reports how many trailing tokens spell a corporate suffix
// letter by letter ("b v" for "B.V.", "s p a" for "S.p.A."); 0 if none.
func dottedSuffix(toks []string) int {
	n := 0
	for i := len(toks) - 1; i > 0 && n < 4 && len([]rune(toks[i])) == 1; i-- {
		n++
	}
	for k := n; k >= 2; k-- {
		if suffixSet[strings.Join(toks[len(toks)-k:], "")] {
			return k
		}
	}
	return 0
}

// squashSuffixes are stripped from the end of a squashed name, repeatedly, so
// that registrants that drop spaces ("TECHNOLOGYCO.,LTD") still compare
// equal to the legal name.
var squashSuffixes = []string{"incorporated", "corporation", "limited", "company", "corp", "ltd", "inc", "llc", "gmbh", "co"}

// NameKey is the comparison key of a whole name: tokens without corporate
// suffixes, joined without spaces, with suffixes glued to the last word
// stripped too.
func NameKey(s string) string {
	toks := stripSuffixes(Tokens(s))
	k := strings.Join(toks, "")
	for changed := true; changed; {
		changed = false
		for _, suf := range squashSuffixes {
			if len(k) > len(suf)+2 && strings.HasSuffix(k, suf) {
				k = strings.TrimSuffix(k, suf)
				changed = true
			}
		}
	}
	return k
}
