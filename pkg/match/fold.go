package match

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Notes that evidence carries when a value needed folding to match: a
// name written to slip past a reader is a signal in itself.
const (
	NoteLookalike = "written with look-alike characters"
	NoteInvisible = "written with invisible characters (soft hyphen, zero-width or other default-ignorable code points)"
	NoteSpaced    = "written spaced or split into pieces"
)

// ignorable reports whether r is a default-ignorable code point (Unicode
// Default_Ignorable_Code_Point: soft hyphen, zero-width space, joiner and
// non-joiner, word joiner, bidirectional marks, variation selectors, the
// Hangul fillers ...). Such characters are invisible when shown, so they
// are dropped before tokens are cut: "Hua\u00ADwei" is "huawei".
func ignorable(r rune) bool {
	switch {
	case r < 0xAD:
		return false
	case unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r), unicode.Is(unicode.Variation_Selector, r):
		return true
	case unicode.Is(unicode.Cf, r):
		// Format characters are default-ignorable except the prepended
		// concatenation marks and the interlinear annotation characters,
		// which are visible.
		switch {
		case r >= 0x0600 && r <= 0x0605, r == 0x06DD, r == 0x070F, r == 0x0890, r == 0x0891, r == 0x08E2,
			r == 0x110BD, r == 0x110CD, r >= 0xFFF9 && r <= 0xFFFB:
			return false
		}
		return true
	}
	return false
}

// hasIgnorable reports whether s contains a default-ignorable code point.
func hasIgnorable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			for _, r := range s[i:] {
				if ignorable(r) {
					return true
				}
			}
			return false
		}
	}
	return false
}

// keepScript reports whether r belongs to a script whose letters are kept
// as written by lookalike folding: CJK ideographs, kana and Hangul are
// matched by their own aliases.
func keepScript(r rune) bool {
	return isCJK(r) || unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// lookalike folds the look-alike characters of s to the Latin letters
// they imitate, with the confusables data of Unicode Technical Standard
// #39 (the skeleton mapping, confusables.txt 13.0.0 through
// github.com/mtibben/confusables, kept in lookalikeTable), and drops
// combining marks: "Huаwei"
// with a Cyrillic "а", "ΖΤΕ" in Greek capitals and "Hüawéi" all fold to
// Latin. ASCII is left alone (the skeleton would turn "m" into "rn"), and
// so are CJK, kana and Hangul. It reports whether anything changed; only
// then is the folded form worth matching.
func lookalike(s string) (string, bool) {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s, false
	}
	var b strings.Builder
	changed := false
	for _, r := range norm.NFD.String(norm.NFKC.String(s)) {
		switch {
		case r < 0x80 || keepScript(r):
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r) && r != 0x3099 && r != 0x309A:
			// A combining mark over a letter (kana voicing marks stay).
			changed = true
		case ignorable(r):
			changed = true
		default:
			sk, ok := asciiSkeleton(r)
			if !ok {
				b.WriteRune(r)
				break
			}
			if sk == "l" && unicode.IsUpper(r) {
				// The skeleton writes capital I as l; a capital look-alike
				// (Greek Ι, Cyrillic І) stands for I.
				sk = "I"
			}
			b.WriteString(sk)
			changed = true
		}
	}
	return norm.NFC.String(b.String()), changed
}

//go:generate go run ../../internal/gen/lookalike -out lookalike_table.go

type lookalikeEntry struct {
	r  rune
	sk string
}

// asciiSkeleton returns the UTS #39 skeleton of r when it is another
// string of ASCII letters and digits: the only skeletons lookalike uses.
// The generated table is data in the program, not a map built at start-up
// (the confusables package's own map of every character cost each command
// a millisecond).
func asciiSkeleton(r rune) (string, bool) {
	i, ok := slices.BinarySearchFunc(lookalikeTable, r, func(e lookalikeEntry, r rune) int { return cmp.Compare(e.r, r) })
	if !ok {
		return "", false
	}
	return lookalikeTable[i].sk, true
}

func isASCIIAlnum(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// leet folds digits and signs that stand for letters inside a word
// ("Hu4wei", "H1KV1S10N", "Kasp3r$ky") into letters. Only words that mix
// letters with such characters are touched; a code of digits alone is a
// number. It returns the variants worth trying ("1" may stand for "i" or
// "l") and whether any word changed.
func leet(s string) ([]string, bool) {
	var ia, la strings.Builder
	changed := false
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == '_' || r == '/' }) {
		letters, subs := 0, 0
		for _, r := range w {
			switch {
			case unicode.IsLetter(r):
				letters++
			case strings.ContainsRune("013457@$|!", r):
				subs++
			}
		}
		wi, wl := w, w
		if letters >= 2 && subs > 0 {
			wi, wl = leetWord(w, 'i'), leetWord(w, 'l')
			changed = changed || wi != w
		}
		ia.WriteString(wi + " ")
		la.WriteString(wl + " ")
	}
	if !changed {
		return nil, false
	}
	out := []string{strings.TrimSpace(ia.String())}
	if l := strings.TrimSpace(la.String()); l != out[0] {
		out = append(out, l)
	}
	return out, true
}

func leetWord(w string, one rune) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '0':
			return 'o'
		case '1', '|', '!':
			return one
		case '3':
			return 'e'
		case '4', '@':
			return 'a'
		case '5', '$':
			return 's'
		case '7':
			return 't'
		}
		return r
	}, w)
}

// splitContact splits a party written with its contact: "AO Kaspersky Lab
// <info@kaspersky.com>", "Huawei (https://www.huawei.com)", "ZTE
// Corporation, opensource@zte.com.cn". It returns the name and the e-mail
// addresses and URLs; a bracketed part that is no contact ("Huawei
// Technologies (Deutschland) GmbH") stays in the name.
func splitContact(s string) (string, []string) {
	s = strings.TrimSpace(s)
	if !strings.ContainsAny(s, "@:") {
		return s, nil
	}
	var contacts []string
	// A name carries a contact or two; a bounded number of rounds keeps a
	// hostile value of a thousand addresses linear.
	for round := 0; round < 8; round++ {
		t := strings.TrimRight(s, " \t")
		if t == "" {
			break
		}
		closeCh := t[len(t)-1]
		var openCh byte
		switch closeCh {
		case '>':
			openCh = '<'
		case ')':
			openCh = '('
		case ']':
			openCh = '['
		}
		if openCh != 0 {
			i := strings.LastIndexByte(t, openCh)
			if i < 0 {
				break
			}
			inner := strings.TrimSpace(t[i+1 : len(t)-1])
			cs := contactList(inner)
			if cs == nil {
				if inner == "" {
					s = strings.TrimSpace(t[:i])
					continue
				}
				break
			}
			contacts = append(cs, contacts...)
			s = strings.TrimSpace(t[:i])
			continue
		}
		// A bare contact as the last word: "Name, mail@host" or the
		// whole value.
		i := strings.LastIndexAny(t, " ,;")
		if cs := contactList(strings.TrimSpace(t[i+1:])); len(cs) == 1 {
			contacts = append(cs, contacts...)
			s = strings.TrimRight(strings.TrimSpace(t[:i+1]), ",;")
			continue
		}
		break
	}
	return strings.TrimSpace(s), contacts
}

// contactList reads "a@b.c" or "https://x" or several separated by commas
// or spaces; nil unless every part is a contact.
func contactList(s string) []string {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' })
	if len(parts) == 0 {
		return nil
	}
	for _, p := range parts {
		if contactHost(p) == "" {
			return nil
		}
	}
	return parts
}

// contactHost returns the lower-case host of an e-mail address or a URL,
// or "" when s is neither. "mailto:" and a missing scheme are accepted
// ("www.huawei.com", "huawei.com/en").
func contactHost(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 7 && strings.EqualFold(s[:7], "mailto:") {
		s = s[7:]
	}
	if s == "" || strings.ContainsAny(s, " \t\n") {
		return ""
	}
	var host string
	switch {
	case strings.Contains(s, "://"):
		host = urlHost(s)
	case strings.Count(s, "@") == 1 && !strings.Contains(s, "/"):
		local, h, _ := strings.Cut(s, "@")
		if local == "" {
			return ""
		}
		host = h
	case hasPrefixFold(s, "git@"):
		host, _, _ = strings.Cut(s[4:], ":")
	case hasPrefixFold(s, "www."):
		host, _, _ = strings.Cut(s, "/")
	default:
		return ""
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if !strings.Contains(host, ".") {
		return ""
	}
	for i := 0; i < len(host); i++ {
		c := host[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return ""
		}
	}
	return host
}

// urlHost returns the host of scheme://[user@]host[:port]/..., without
// parsing the rest.
func urlHost(s string) string {
	_, rest, ok := strings.Cut(s, "://")
	if !ok {
		return ""
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndexByte(rest, '@'); i >= 0 {
		rest = rest[i+1:]
	}
	if i := strings.LastIndexByte(rest, ':'); i >= 0 && !strings.Contains(rest, "]") {
		rest = rest[:i]
	}
	return rest
}

// codeHosts are the public code hosts whose first path segment is the
// repository owner.
var codeHosts = []string{"github.com", "gitlab.com", "gitee.com"}

// codeHostOwner returns the code host ("github.com") and the repository
// owner as written for a URL of a repository or page on a public code host
// (github.com, gitlab.com, gitee.com), or "", "". It does not allocate.
func codeHostOwner(s string) (string, string) {
	s = strings.TrimSpace(s)
	var host, path string
	if h, ok := strings.CutPrefix(s, "git@"); ok {
		// git@github.com:owner/repo.git
		host, path, _ = strings.Cut(h, ":")
	} else {
		_, rest, ok := strings.Cut(s, "://")
		if !ok {
			return "", ""
		}
		host, path, _ = strings.Cut(rest, "/")
		if i := strings.LastIndexByte(host, '@'); i >= 0 {
			host = host[i+1:]
		}
		if i := strings.IndexByte(host, ':'); i >= 0 {
			host = host[:i]
		}
	}
	if hasPrefixFold(host, "www.") {
		host = host[4:]
	}
	known := ""
	for _, h := range codeHosts {
		if strings.EqualFold(host, h) {
			known = h
		}
	}
	if known == "" {
		return "", ""
	}
	owner, _, _ := strings.Cut(path, "/")
	if i := strings.IndexAny(owner, "?#"); i >= 0 {
		owner = owner[:i]
	}
	if owner == "" {
		return "", ""
	}
	return known, owner
}
