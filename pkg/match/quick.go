package match

import (
	"strings"
	"sync"
	"sync/atomic"
)

// Quick misses. Most values a large SBOM hands the matcher name nothing:
// package names, descriptions, "NOASSERTION", the same few suppliers. For
// ASCII values the matcher proves that before building any token slice:
// it cuts the tokens into a buffer on the stack, looks each one up in the
// index, and computes the name key in place. A value it cannot prove
// empty (a token that starts a catalog token, a name key in the index,
// non-ASCII text, a very long value) goes the full way, so the results
// are those of the full path (TestQuickMissAgrees holds the two together).

// quickMaxLen and quickMaxToks bound the values read in place; longer
// ones take the full path.
const (
	quickMaxLen  = 256
	quickMaxToks = 64
)

// asciiToks is Tokens of an ASCII value, cut in place: lower-cased bytes
// and the spans of the tokens in them.
type asciiToks struct {
	buf   [quickMaxLen]byte
	spans [quickMaxToks][2]uint16
	n     int
	// leety is false when no word of the value can be read through
	// digits or signs standing for letters: no token mixes letters with
	// such digits, and none of the signs is written.
	leety bool
}

// split cuts s into tokens as Tokens does. It reports false when s is not
// ASCII or is too long, or has too many tokens, to be read in place.
func (t *asciiToks) split(s string) bool {
	if len(s) > len(t.buf) {
		return false
	}
	t.n, t.leety = 0, false
	start := -1
	letter, sub := false, false // in the current token
	for i := 0; i <= len(s); i++ {
		alnum := false
		if i < len(s) {
			c := s[i]
			switch {
			case c >= 0x80:
				return false
			case c >= 'A' && c <= 'Z':
				c += 'a' - 'A'
				alnum, letter = true, true
			case c >= 'a' && c <= 'z':
				alnum, letter = true, true
			case c >= '0' && c <= '9':
				alnum = true
				sub = sub || leetSubs[c]
			default:
				t.leety = t.leety || leetSubs[c]
			}
			t.buf[i] = c
		}
		switch {
		case alnum && start < 0:
			start = i
		case !alnum && start >= 0:
			if t.n == quickMaxToks {
				return false
			}
			t.spans[t.n] = [2]uint16{uint16(start), uint16(i)}
			t.n++
			start = -1
			t.leety = t.leety || letter && sub
			letter, sub = false, false
		}
	}
	return true
}

func (t *asciiToks) tok(i int) []byte { return t.buf[t.spans[i][0]:t.spans[i][1]] }

// stripped is len(stripSuffixes(toks)) for ASCII tokens: the number of
// tokens left once corporate suffixes, dotted ones included, are dropped
// from the end.
func (t *asciiToks) stripped() int {
	n := t.n
	for n > 1 {
		if suffixSet[string(t.tok(n-1))] {
			n--
			continue
		}
		if k := t.dotted(n); k > 0 {
			n -= k
			continue
		}
		break
	}
	return n
}

// dotted is dottedSuffix over the first n tokens.
func (t *asciiToks) dotted(n int) int {
	k := 0
	for i := n - 1; i > 0 && k < 4 && len(t.tok(i)) == 1; i-- {
		k++
	}
	for ; k >= 2; k-- {
		var b [4]byte
		for j := 0; j < k; j++ {
			b[j] = t.tok(n - k + j)[0]
		}
		if suffixSet[string(b[:k])] {
			return k
		}
	}
	return 0
}

// nameKey is NameKey of the value split, written into key.
func (t *asciiToks) nameKey(key *[quickMaxLen]byte) []byte {
	k := key[:0]
	for i := range t.stripped() {
		k = append(k, t.tok(i)...)
	}
	for changed := true; changed; {
		changed = false
		for _, suf := range squashSuffixes {
			if len(k) > len(suf)+2 && string(k[len(k)-len(suf):]) == suf {
				k = k[:len(k)-len(suf)]
				changed = true
			}
		}
	}
	return k
}

// corporateSuffix is hasCorporateSuffix for the value split.
func (t *asciiToks) corporateSuffix() bool {
	if t.n < 2 {
		return false
	}
	return suffixSet[string(t.tok(t.n-1))] || t.dotted(t.n) > 0
}

// startsToken reports whether any of the first n tokens may begin a
// catalog token hit: it is the first token of a catalog token sequence,
// or the first piece of a spaced one.
func (m *Matcher) startsToken(t *asciiToks, n int) bool {
	for i := range n {
		tok := t.tok(i)
		if !m.startBits.has(tok) {
			continue
		}
		if m.tokenStarts[string(tok)] {
			return true
		}
	}
	return false
}

// tokenBits is a filter over ASCII tokens by length, first and last
// character: a token whose bit is clear is in no set the filter was
// built from, so most value tokens are passed over without hashing them.
type tokenBits [33][36]uint64

func alnumIndex(c byte) int {
	if c <= '9' {
		return int(c - '0')
	}
	return int(c-'a') + 10
}

func (b *tokenBits) add(tok string) {
	if isASCIIAlnum(tok) && tok == strings.ToLower(tok) {
		b[min(len(tok), 32)][alnumIndex(tok[0])] |= 1 << alnumIndex(tok[len(tok)-1])
	}
}

// has reports whether tok (lower-case ASCII letters and digits) may be in
// the set.
func (b *tokenBits) has(tok []byte) bool {
	return b[min(len(tok), 32)][alnumIndex(tok[0])]&(1<<alnumIndex(tok[len(tok)-1])) != 0
}

// textMiss reports that matchText would record nothing for text: it is
// ASCII, none of its tokens starts a catalog token, and no word of it
// reads as one through digits standing for letters.
func (m *Matcher) textMiss(text string) bool {
	// One pass, each token lower-cased into a small buffer as it ends:
	// the tokens of a package name or a description need no other
	// keeping.
	var buf [32]byte
	n := 0         // bytes of the current token in buf
	long := false  // the current token is longer than buf
	leety := false // as asciiToks.leety
	letter, sub := false, false
	for i := 0; i <= len(text); i++ {
		var c byte
		alnum := false
		if i < len(text) {
			c = text[i]
			switch {
			case c >= 0x80:
				return false
			case c >= 'A' && c <= 'Z':
				c += 'a' - 'A'
				alnum, letter = true, true
			case c >= 'a' && c <= 'z':
				alnum, letter = true, true
			case c >= '0' && c <= '9':
				alnum = true
				sub = sub || leetSubs[c]
			default:
				leety = leety || leetSubs[c]
			}
		}
		if alnum {
			if n < len(buf) {
				buf[n] = c
				n++
			} else {
				long = true
			}
			continue
		}
		if n == 0 {
			continue
		}
		if long {
			return false // the full path reads it
		}
		if tok := buf[:n]; m.startBits.has(tok) && m.tokenStarts[string(tok)] {
			return false
		}
		leety = leety || letter && sub
		n, letter, sub = 0, false, false
	}
	return !leety || !m.leetSpells(text)
}

// partyNameMiss reports that matchPartyFolded would record nothing for
// name: it is ASCII, its name key is no catalog name, none of its tokens
// starts a catalog token, and no word of it reads as one through digits
// standing for letters.
func (m *Matcher) partyNameMiss(name string) bool {
	var t asciiToks
	if !t.split(name) || m.startsToken(&t, t.stripped()) {
		return false
	}
	var key [quickMaxLen]byte
	if k := t.nameKey(&key); len(k) > 0 {
		if _, ok := m.names[string(k)]; ok {
			return false
		}
	}
	return !t.leety || !m.leetSpells(name)
}

// mavenMiss reports that a Maven or Gradle purl's namespace is under no
// catalog domain, without parsing the purl: every candidate matchNamespace
// tries begins with the namespace's first label, so a first label no
// catalog namespace begins with is a miss. A purl with percent escapes,
// or whose first label is not plainly written, is not called a miss.
func (m *Matcher) mavenMiss(purl string) bool {
	_, rest, ok := strings.Cut(purl, "/")
	if !ok {
		return false
	}
	if strings.IndexByte(rest, '/') < 0 {
		// No namespace at all ("pkg:maven/name@1.0"): nothing to match.
		return true
	}
	if strings.IndexByte(rest, '%') >= 0 {
		return false
	}
	i := 0
	for i < len(rest) {
		c := rest[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			break
		}
		i++
	}
	if i == 0 || i == len(rest) || rest[i] != '.' && rest[i] != '/' {
		return false
	}
	var low [quickMaxLen]byte
	if i > len(low) {
		return false
	}
	for j := range i {
		c := rest[j]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		low[j] = c
	}
	return !m.mavenFirst[string(low[:i])]
}

// purlMiss reports that matchPURL records nothing for purl, without
// building its key: no catalog purl prefix begins the key (lower case,
// "%40" read as "@"), and the purl is of none of the types matchPURL reads
// further (golang, github and gitlab for the code-host owner, maven and
// gradle for the namespace). Only the key's first bytes are looked at: as
// written when they are lower case, else folded on the stack. A purl with
// a non-ASCII byte among them, or a catalog with a purl prefix longer than
// the buffer, is not called a miss.
func (m *Matcher) purlMiss(purl string) bool {
	n := min(len(purl), m.purlNeed)
	i := 0
	for i < n && !purlFolds[purl[i]] {
		i++
	}
	if i == n {
		return purlKeyMiss(m, purl[:n])
	}
	var low [128]byte
	if m.purlNeed > len(low) {
		return false
	}
	k := copy(low[:], purl[:i])
	for ; i < len(purl) && k < m.purlNeed; i++ {
		c := purl[i]
		switch {
		case c >= 0x80:
			return false
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		case c == '%' && i+2 < len(purl) && purl[i+1] == '4' && purl[i+2] == '0':
			c = '@'
			i += 2
		}
		low[k] = c
		k++
	}
	return purlKeyMiss(m, low[:k])
}

// purlFolds marks the bytes purlKey changes or may change: upper-case
// letters, the "%" of "%40", and the bytes of non-ASCII characters.
var purlFolds = func() (t [256]bool) {
	for c := range t {
		t[c] = c >= 'A' && c <= 'Z' || c == '%' || c >= 0x80
	}
	return t
}()

// purlKeyMiss is purlMiss on the first bytes of the key.
func purlKeyMiss[K string | []byte](m *Matcher, key K) bool {
	// The prefixes "pkg:T..." are filed under T's first byte.
	cands := m.purlOther
	typed := len(key) > len("pkg:") && string(key[:4]) == "pkg:"
	for pass := 0; pass < 2; pass++ {
		for _, i := range cands {
			if v := m.purls[i].value; len(key) >= len(v) && string(key[:len(v)]) == v {
				return false
			}
		}
		if !typed {
			break
		}
		cands = m.purlTyped[key[4]]
	}
	if typed {
		for j := 4; j < len(key); j++ {
			if key[j] == '/' {
				switch string(key[4:j]) {
				case "golang", "github", "gitlab", "maven", "gradle":
					return false
				}
				break
			}
		}
	}
	return true
}

// addPurlPrefix files the lower-case purl prefix purls[i] for purlMiss.
func (m *Matcher) addPurlPrefix(i int) {
	v := m.purls[i].value
	if len(v) > len("pkg:") && v[:4] == "pkg:" {
		m.purlTyped[v[4]] = append(m.purlTyped[v[4]], int32(i))
	} else {
		m.purlOther = append(m.purlOther, int32(i))
	}
	m.purlNeed = max(m.purlNeed, len(v), len("pkg:golang/"))
}

// partyMiss reports that matchPartyFolded records nothing for name: the
// name is a quick miss, or the full path found nothing for it before.
func (m *Matcher) partyMiss(name string) bool {
	if m.partyMisses.has(name) {
		return true
	}
	if m.partyNameMiss(name) {
		m.partyMisses.add(name)
		return true
	}
	return false
}

// missCacheMax bounds the names a missCache holds: a document's suppliers
// are a few dozen; a document of unique names fills it and then passes
// its other names the usual way.
const missCacheMax = 4096

// missCache is a set of values for which a match path recorded nothing
// (no evidence, no veto): that depends on the value alone, not on the
// component, the field or the date, so the answer is shared by every
// component and every scan of the Matcher. It is safe for concurrent use.
type missCache struct {
	m sync.Map // string -> struct{}
	n atomic.Int32
}

func (c *missCache) has(s string) bool {
	_, ok := c.m.Load(s)
	return ok
}

func (c *missCache) add(s string) {
	if c.n.Load() >= missCacheMax {
		return
	}
	// The value may live in a decoder's reused memory: keep a copy.
	if _, loaded := c.m.LoadOrStore(strings.Clone(s), struct{}{}); !loaded {
		c.n.Add(1)
	}
}
