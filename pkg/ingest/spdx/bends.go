package spdx

import (
	"fmt"
	"io"
	"strings"

	tvreader "github.com/spdx/tools-golang/tagvalue/reader"

	"github.com/vendorcheck/vendorcheck/pkg/internal/lazyre"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// Real SPDX documents bend the syntax in a few ways that syft and trivy read
// past: CR-only line ends, element ids without "SPDXRef-", a supplier or
// originator without its "Person:"/"Organization:" prefix, a misspelled tag.
// vendorcheck reads them too, each with a warning naming the line and the
// value, so that a checked SBOM is not refused whole for one bent field. A
// document that is cut off or has foreign text after it is still refused.

// maxWarnings bounds the warnings kept for one document.
const maxWarnings = 100

// maxUnknownTags bounds how many distinct unknown tags are dropped from one
// tag-value document before it is refused as not SPDX at all.
const maxUnknownTags = 16

func noPartyPrefix(what, v string) string {
	return fmt.Sprintf("%s %q has no \"Organization:\" or \"Person:\" prefix; read as a name", what, v)
}

func noIDPrefix(v string) string {
	return fmt.Sprintf("element id %q lacks the \"SPDXRef-\" prefix; read as SPDXRef-%s", v, v)
}

// crReader turns CR-only line ends (a lone \r) into \n and CRLF into LF;
// sawCR records whether a lone \r was seen.
type crReader struct {
	r         io.Reader
	pendingCR bool // the last byte read was a \r, already given out as \n
	sawCR     bool
}

func (c *crReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 && c.pendingCR {
		if p[0] == '\n' {
			// CRLF split between two reads: its \n was given out already.
			copy(p, p[1:n])
			n--
		} else {
			c.sawCR = true
		}
		c.pendingCR = false
	}
	for i := 0; i < n; i++ {
		if p[i] != '\r' {
			continue
		}
		if i+1 < n {
			if p[i+1] != '\n' {
				p[i] = '\n'
				c.sawCR = true
			}
			continue
		}
		p[i] = '\n'
		c.pendingCR = true
	}
	return n, err
}

var reUnknownTag = lazyre.New(`received unknown tag (\S+) in`)

// partyPrefix is a supplier or originator that says what it is.
var partyPrefix = lazyre.New(`^(?i)(person|organization|tool)\s*:`)

// mendPairs reads past the bends of a tag-value document: element ids
// without "SPDXRef-" and parties without their type prefix. lines gives the
// line of each pair when the index followed the library (same count).
func mendPairs(pairs []tvreader.TagValuePair, lines []int) []inventory.Warning {
	var warns []inventory.Warning
	warn := func(i int, msg string) {
		if len(warns) < maxWarnings {
			line := 0
			if len(lines) == len(pairs) {
				line = lines[i]
			}
			warns = append(warns, inventory.Warning{Line: line, Message: msg})
		}
	}
	fixID := func(i int, id string) string {
		if id == "" || strings.HasPrefix(id, "SPDXRef-") || strings.HasPrefix(id, "DocumentRef-") || id == "NONE" || id == "NOASSERTION" {
			return id
		}
		warn(i, noIDPrefix(id))
		return "SPDXRef-" + id
	}
	for i := range pairs {
		p := &pairs[i]
		switch p.Tag {
		case "SPDXID":
			p.Value = fixID(i, strings.TrimSpace(p.Value))
		case "Relationship":
			f := strings.Fields(p.Value)
			if len(f) == 3 {
				f[0], f[2] = fixID(i, f[0]), fixID(i, f[2])
				p.Value = strings.Join(f, " ")
			}
		case "PackageSupplier", "PackageOriginator":
			v := strings.TrimSpace(p.Value)
			if v != "" && v != "NOASSERTION" && !partyPrefix.MatchString(v) {
				warn(i, noPartyPrefix(p.Tag, v))
				// Read as a name: the matcher judges it like any other
				// company name, never as a person.
				p.Value = "Organization: " + v
			}
		}
	}
	return warns
}

// dropTag removes every pair of an unknown tag, with a warning for each.
func dropTag(pairs []tvreader.TagValuePair, lines []int, tag string, warns []inventory.Warning) ([]tvreader.TagValuePair, []int, []inventory.Warning) {
	keepLines := len(lines) == len(pairs)
	out := pairs[:0]
	var outLines []int
	for i, p := range pairs {
		if p.Tag == tag {
			if len(warns) < maxWarnings {
				line := 0
				if keepLines {
					line = lines[i]
				}
				warns = append(warns, inventory.Warning{Line: line, Message: fmt.Sprintf("unknown tag %q skipped", tag)})
			}
			continue
		}
		out = append(out, p)
		if keepLines {
			outLines = append(outLines, lines[i])
		}
	}
	return out, outLines, warns
}

// crWarning is the warning for a document with CR-only line ends.
var crWarning = inventory.Warning{Message: "line ends are CR only (\\r, as classic Mac OS wrote); read as line breaks"}
