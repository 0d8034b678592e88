package policy_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// officialHosts are the publishers whose addresses count as a primary
// instrument: governments, legislatures, courts, regulators and the
// official gazettes (docs/policy-format.md, "Citing the instrument").
var officialHosts = []string{
	".gov", ".mil", // US federal
	".gov.au", ".gc.ca", ".canada.ca", ".gov.cn", ".bund.de", ".europa.eu",
	".gov.uk", ".parliament.uk", ".gov.in", ".go.jp", ".pts.se",
}

// instrumentRe recognises a citation of an instrument: a statute section,
// a public law, a Federal Register or CFR citation, an FCC or FAR document,
// an order, decision, direction, notice or policy statement.
var instrumentRe = regexp.MustCompile(`(§|Pub\. L\.|U\.S\.C\.|\bFR\b|CFR|\bFCC\b|\bDA \d|FAR \d|COM\(\d{4}\)|\bFC \d|Order|[Dd]ecision|[Dd]irection|[Nn]otice|[Pp]olicy [Ss]tatement|[Aa]ct\b|[Aa]greement|[Gg]uidance|[Mm]edia release|[Ss]tatement|[Pp]roposal|[Cc]ommunication|[Aa]mendment|[Dd]etermination)`)

// secondaryRe is what a secondary source looks like in a citation or a
// finding message: a news or law-firm domain, or "Sources:".
var secondaryRe = regexp.MustCompile(`(?i)(sources?:|\.com\b|\.net\b|reuters|law\b|lexology|jdsupra)`)

func TestEveryListCitesItsPrimaryInstrument(t *testing.T) {
	for id, l := range shipped(t) {
		u, err := url.Parse(l.URL)
		if err != nil {
			t.Errorf("%s: url %q: %v", id, l.URL, err)
			continue
		}
		host := "." + strings.ToLower(u.Hostname())
		official := false
		for _, h := range officialHosts {
			if strings.HasSuffix(host, h) {
				official = true
			}
		}
		if !official {
			t.Errorf("%s: url %s is not an official publisher's address", id, l.URL)
		}
		if !instrumentRe.MatchString(l.Citation) {
			t.Errorf("%s: citation %q names no instrument", id, l.Citation)
		}
		if secondaryRe.MatchString(l.Citation) {
			t.Errorf("%s: citation %q names a secondary source", id, l.Citation)
		}
		// A rule's note becomes the finding's message: secondary
		// reporting goes to sources, not into the message.
		for _, r := range l.Rules {
			if strings.Contains(r.Note, "Sources:") || strings.Contains(r.Note, "Source:") {
				t.Errorf("%s: rule %s: the note cites secondary sources; move them to sources", id, r.ID)
			}
		}
	}
}
