package safetext

import (
	"strconv"
	"unicode/utf8"
)

// Prefix returns the longest prefix of s of at most n bytes that does not
// end inside a UTF-8 character.
func Prefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// Shorten returns s if it is at most n bytes, else its Prefix of n bytes
// followed by "… (N bytes in all)": a quote of a long value that says it
// was cut.
func Shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return Prefix(s, n) + "… (" + strconv.Itoa(len(s)) + " bytes in all)"
}
