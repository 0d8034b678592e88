package hwtext

import "bytes"

// ContainsQuoted reports whether head holds one of needles, each of which
// begins with a double quote (a JSON name or the start of a string:
// `"PNPDeviceID"`, `"application/vnd.dev.sigstore.bundle`). It is what a
// detector looks for before its regular expression: one pass from quote
// to quote, where a bytes.Contains for each needle would make as many
// passes over a JSON head full of quotes.
func ContainsQuoted(head []byte, needles ...string) bool {
	var first [256]bool
	for _, n := range needles {
		if len(n) < 2 || n[0] != '"' {
			panic("hwtext.ContainsQuoted: needle " + n + " does not begin with a quote")
		}
		first[n[1]] = true
	}
	for i := 0; ; {
		j := bytes.IndexByte(head[i:], '"')
		if j < 0 {
			return false
		}
		i += j
		if i+1 < len(head) && first[head[i+1]] {
			for _, n := range needles {
				if bytes.HasPrefix(head[i:], []byte(n)) {
					return true
				}
			}
		}
		i++
	}
}
