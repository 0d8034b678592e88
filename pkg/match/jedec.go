package match

import (
	"strconv"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/internal/lazyre"
)

// JEDECCode is a JEP106 manufacturer code: bank (1-based) and code byte
// without its parity bit.
type JEDECCode struct {
	Bank int
	Code byte
}

var (
	bankHexRe = lazyre.New(`(?i)^bank\s*(\d{1,2})\s*,\s*hex\s*(?:0x)?([0-9a-f]{2})$`)
	bracketRe = lazyre.New(`(?i)\[\s*(?:0x)?([0-9a-f]{4})\s*\]`)
	hexRe     = lazyre.New(`(?i)^(?:0x)?([0-9a-f]+)$`)
)

func oddParity(b byte) bool {
	n := 0
	for x := b; x != 0; x &= x - 1 {
		n++
	}
	return n%2 == 1
}

// isBankByte reports whether b can be a continuation count (0-15), with or
// without its parity bit.
func isBankByte(b byte) bool { return b&0x7f < 16 }

// isCodeByte reports whether b can be a JEP106 code with its parity bit.
func isCodeByte(b byte) bool { return b&0x7f != 0 && b&0x7f != 0x7f && oddParity(b) }

// ParseJEDEC normalises the ways inventories write a JEDEC manufacturer id to
// (bank, code): dmidecode's "Bank 1, Hex 0x2C"; a 4-hex word in either byte
// order ("802C", "2C80", "2C00", "859B", "Unknown - [0x9B85]"); SPD-style
// continuation strings ("2C00000000000000", "7F7FFE0000000000"); and vendor
// forms that repeat the word ("802C8632802C", "002C0632002C"). It reports
// false when the value is not a JEDEC id or is ambiguous: the code byte alone
// never decides.
func ParseJEDEC(s string) (JEDECCode, bool) {
	s = strings.TrimSpace(s)
	if m := bankHexRe.FindStringSubmatch(s); m != nil {
		bank, _ := strconv.Atoi(m[1])
		code, _ := strconv.ParseUint(m[2], 16, 8)
		if bank < 1 || bank > 16 || byte(code)&0x7f == 0 {
			return JEDECCode{}, false
		}
		return JEDECCode{Bank: bank, Code: byte(code) & 0x7f}, true
	}
	if m := bracketRe.FindStringSubmatch(s); m != nil {
		return parseWord(m[1], true)
	}
	m := hexRe.FindStringSubmatch(s)
	if m == nil {
		return JEDECCode{}, false
	}
	h := strings.ToUpper(m[1])
	switch {
	case len(h) == 4:
		return parseWord(h, false)
	case len(h) == 12 && h[:4] == h[8:]:
		// Dell writes the word, the product word, and the word again.
		return parseWord(h[:4], false)
	case len(h) == 16 || len(h) == 18:
		return parseSPD(h)
	}
	return JEDECCode{}, false
}

// parseWord reads a 4-hex JEDEC word. BBCC (bank byte first) and CCBB (as
// SMBIOS stores it, little-endian) are both in use; the one reading that
// yields a valid bank byte and an odd-parity code wins. Both or neither:
// not a JEDEC id. littleEndian prefers CCBB when both read (as in
// "Unknown - [0x9B85]", which dmidecode prints from the raw word).
func parseWord(h string, littleEndian bool) (JEDECCode, bool) {
	v, err := strconv.ParseUint(h, 16, 16)
	if err != nil {
		return JEDECCode{}, false
	}
	hi, lo := byte(v>>8), byte(v)
	bbcc := isBankByte(hi) && isCodeByte(lo)
	ccbb := isBankByte(lo) && isCodeByte(hi)
	switch {
	case bbcc && !ccbb:
		return JEDECCode{Bank: int(hi&0x7f) + 1, Code: lo & 0x7f}, true
	case ccbb && !bbcc:
		return JEDECCode{Bank: int(lo&0x7f) + 1, Code: hi & 0x7f}, true
	case bbcc && ccbb && littleEndian:
		return JEDECCode{Bank: int(lo&0x7f) + 1, Code: hi & 0x7f}, true
	}
	return JEDECCode{}, false
}

// parseSPD reads the SPD form: n continuation bytes 0x7F, then the code,
// then zero padding.
func parseSPD(h string) (JEDECCode, bool) {
	h = strings.TrimPrefix(h, "0X")
	if len(h)%2 != 0 {
		return JEDECCode{}, false
	}
	bs := make([]byte, len(h)/2)
	for i := range bs {
		v, err := strconv.ParseUint(h[2*i:2*i+2], 16, 8)
		if err != nil {
			return JEDECCode{}, false
		}
		bs[i] = byte(v)
	}
	n := 0
	for n < len(bs) && bs[n] == 0x7f {
		n++
	}
	if n >= len(bs) || !isCodeByte(bs[n]) {
		return JEDECCode{}, false
	}
	for _, b := range bs[n+1:] {
		if b != 0 {
			return JEDECCode{}, false
		}
	}
	return JEDECCode{Bank: n + 1, Code: bs[n] & 0x7f}, true
}
