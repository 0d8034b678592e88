package report

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vendorcheck/vendorcheck/pkg/internal/safetext"
)

// Markdown writes a compact summary for $GITHUB_STEP_SUMMARY and pull
// request comments: the outcome, components counted by verdict and
// jurisdiction, and a table of verdicts (one row per component and
// entity). When long, the rows other than denials are folded; a denial is
// never folded away.
//
// Component names, versions and references come from untrusted files, so
// every piece of text from the input is escaped: it cannot break the table,
// open HTML, start code spans or make links.
type Markdown struct{}

func (Markdown) ID() string { return "markdown" }
func (Markdown) Description() string {
	return "Markdown summary for $GITHUB_STEP_SUMMARY and pull request comments"
}

// markdownFoldRows is the number of verdicts other than denials above which
// they are folded in a <details> block.
const markdownFoldRows = 20

func (Markdown) Render(w io.Writer, r *Result, _ Options) error {
	r = SafeResult(r) // text from inputs shown escaped (safe.go)
	// Written as it is built: a cell may hold a 1 MiB name.
	b := bufio.NewWriter(w)
	s := r.Summary
	vs := VerdictsOf(r)
	failOn := s.FailOnAction
	if failOn == "" {
		failOn = "never"
	}
	b.WriteString("## vendorcheck\n\n")
	switch {
	case len(r.Errors) > 0:
		fmt.Fprintf(b, "**Incomplete:** %d of %d input(s) could not be checked.\n\n", s.FilesFailed, s.Files)
	case s.Failing > 0:
		fmt.Fprintf(b, "**Failed:** %d verdict(s) at or above `--fail-on %s`.\n\n", s.Failing, EscapeMarkdown(failOn))
	default:
		fmt.Fprintf(b, "**Passed:** no verdict at or above `--fail-on %s`.\n\n", EscapeMarkdown(failOn))
	}
	byAction, flagged := VerdictCounts(vs)
	fmt.Fprintf(b, "%d file(s), %d component(s): %d flagged, %d attributed to a listed entity, %d unassessed (no vendor signal; not a clean bill).",
		s.Files, s.Components, flagged, s.Attributed, s.Unassessed)
	if n := UnlistedNote(s); n != "" {
		fmt.Fprintf(b, " %s.", EscapeMarkdown(n))
	}
	if r.Parameters.AsOf != "" {
		fmt.Fprintf(b, " Evaluated as of %s", EscapeMarkdown(r.Parameters.AsOf))
		if r.Tool.DataReviewed != "" {
			fmt.Fprintf(b, " with policy data reviewed %s", EscapeMarkdown(r.Tool.DataReviewed))
		}
		b.WriteString(".")
	}
	if ls := r.Parameters.Lists; len(ls) > 0 {
		ids := make([]string, 0, len(ls))
		for _, l := range ls {
			id := l.ID
			if l.Organisation {
				id += " (organisation policy)"
			}
			ids = append(ids, EscapeMarkdown(id))
		}
		fmt.Fprintf(b, " Lists applied: %s.", strings.Join(ids, ", "))
	}
	if r.Tool.Data != nil {
		fmt.Fprintf(b, " Data: %s.", EscapeMarkdown(r.Tool.Data.String()))
	}
	b.WriteString("\n\n")

	baseline, waived, hits := 0, 0, 0
	for i := range vs {
		if vs[i].Baseline {
			baseline++
		}
		if vs[i].Waived {
			waived++
		}
		hits += len(vs[i].Hits)
	}
	// Counts are components (by their strongest verdict), never rule hits.
	b.WriteString("| components | deny | warn | info | baseline | waived | failing | rule hits |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	fmt.Fprintf(b, "| %d | %d | %d | %d | %d | %d | %d | %d |\n\n", flagged, byAction["deny"], byAction["warn"], byAction["info"],
		baseline, waived, s.Failing, hits)

	if len(vs) > 0 {
		// Per jurisdiction: the verdicts with a hit from its lists, by the
		// strongest action among those hits.
		type counts struct{ deny, warn, info int }
		byJ := map[string]*counts{}
		for i := range vs {
			best := map[string]int{}
			for _, h := range vs[i].Hits {
				j := h.Jurisdiction
				if j == "" {
					j = "?"
				}
				if h.Action.Rank() > best[j] {
					best[j] = h.Action.Rank()
				}
			}
			for j, rank := range best {
				c := byJ[j]
				if c == nil {
					c = &counts{}
					byJ[j] = c
				}
				switch rank {
				case 3:
					c.deny++
				case 2:
					c.warn++
				default:
					c.info++
				}
			}
		}
		js := make([]string, 0, len(byJ))
		for j := range byJ {
			js = append(js, j)
		}
		sort.Strings(js)
		b.WriteString("Components per jurisdiction, by the strongest rule of its lists:\n\n")
		b.WriteString("| jurisdiction | deny | warn | info |\n|---|---:|---:|---:|\n")
		for _, j := range js {
			c := byJ[j]
			fmt.Fprintf(b, "| %s | %d | %d | %d |\n", EscapeMarkdown(j), c.deny, c.warn, c.info)
		}
		b.WriteString("\n")

		const head = "| verdict | component | vendor | why | also | where |\n|---|---|---|---|---:|---|\n"
		// A denial or a failing verdict is never folded away.
		isTop := func(v *Verdict) bool { return v.Action == "deny" || v.Failing }
		nRest := 0
		for i := range vs {
			if !isTop(&vs[i]) {
				nRest++
			}
		}
		rows := func(top bool) {
			for i := range vs {
				if isTop(&vs[i]) == top {
					b.WriteString(markdownRow(&vs[i]))
				}
			}
		}
		switch {
		case nRest > markdownFoldRows && nRest < len(vs):
			b.WriteString(head)
			rows(true)
			fmt.Fprintf(b, "\n<details><summary>%d more verdict(s)</summary>\n\n%s", nRest, head)
			rows(false)
			b.WriteString("\n</details>\n")
		case nRest > markdownFoldRows:
			fmt.Fprintf(b, "<details><summary>%d verdict(s)</summary>\n\n%s", nRest, head)
			rows(false)
			b.WriteString("\n</details>\n")
		default:
			b.WriteString(head)
			rows(true)
			rows(false)
		}
	}
	if len(r.Errors) > 0 {
		b.WriteString("\n**Inputs that could not be checked:**\n\n")
		for _, e := range r.Errors {
			fmt.Fprintf(b, "- %s\n", EscapeMarkdown(ErrorText(e)))
		}
	}
	return b.Flush()
}

// markdownRow is one verdict's table row.
func markdownRow(v *Verdict) string {
	action := EscapeMarkdown(string(v.Action))
	if v.Action == "deny" {
		action = "**" + action + "**"
	}
	if v.Baseline {
		action += " (baseline)"
	}
	if v.Waived {
		action += " (waived)"
	}
	by := EscapeMarkdown(v.DecidedBy())
	if d := v.Hits[0]; d.URL != "" && safeURL(d.URL) {
		by = "[" + by + "](" + d.URL + mdTitle(d.Citation) + ")"
	}
	also := ""
	if v.Also > 0 {
		also = fmt.Sprint(v.Also)
	}
	return fmt.Sprintf("| %s | %s | %s | %s: %s | %s | %s |\n", action, EscapeMarkdown(componentLabel(v.Component)),
		EscapeMarkdown(entityLabel(v.Entity, v.EntityName)), by, EscapeMarkdown(v.Why), also,
		EscapeMarkdown(v.Component.Where()))
}

// EscapeMarkdown makes untrusted text inert in a Markdown table cell: no
// column breaks, HTML, code spans, emphasis, links, line breaks, control
// characters (shown escaped, see Text), @mentions (a zero-width space
// after the @, as GitHub's own bots write them, so that a component named
// "@org/team" pings nobody) or autolinks (a zero-width space in "://",
// "www." and after the @ of an e-mail address: the text reads the same,
// and no link to a host named by an input is made).
func EscapeMarkdown(s string) string {
	s = safetext.Line(s) // valid UTF-8 from here
	var b strings.Builder
	prev := ' '
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '@' && (!wordRune(prev) && prev != '_' && prev != '`' && prev != '/' || domainNext(s[i+1:])):
			// GitHub links @name after a non-word character, and
			// name@host.tld (an e-mail autolink) after any: neither
			// survives a zero-width space after the @.
			b.WriteString("@&#8203;")
		case r == ':' && strings.HasPrefix(s[i+1:], "//"):
			// scheme://host is autolinked (GFM's extended autolinks,
			// GitLab's): a zero-width space after the colon unlinks it
			// and shows the same text.
			b.WriteString(":&#8203;")
		case (r == 'w' || r == 'W') && !wordRune(prev) && len(s)-i >= 4 && strings.EqualFold(s[i:i+4], "www."):
			// So is www.host at the start of a word.
			b.WriteString(s[i:i+3] + "&#8203;")
			i += 3
			prev = 'w'
			continue
		case r == '|' || r == '`' || r == '*' || r == '_' || r == '[' || r == ']' || r == '\\' || r == '~':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '&':
			b.WriteString("&amp;")
		default:
			b.WriteString(s[i : i+n])
		}
		prev = r
		i += n
	}
	return b.String()
}

// domainNext reports whether s starts with what an e-mail autolink takes
// for a domain: letters, digits, '-' and '_' with a dot inside.
func domainNext(s string) bool {
	dot := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.':
			if i == 0 {
				return false
			}
			dot = true
		case c == '-' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			if dot {
				return true
			}
		default:
			return false
		}
	}
	return false
}

// wordRune reports whether r is a letter or digit.
func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// safeURL accepts only plain http(s) URLs that cannot break out of the
// link syntax; list URLs come from policy files, which users may write.
func safeURL(u string) bool {
	if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
		return false
	}
	return safetext.Clean(u) && !strings.ContainsAny(u, " \t\r\n()<>\"'`|[]\\@")
}

// mdTitle renders a link title (shown on hover) from the citation.
func mdTitle(citation string) string {
	if citation == "" {
		return ""
	}
	c := safetext.Line(strings.NewReplacer(`"`, "'", "|", "/", `\`, "/", "@", "@&#8203;").Replace(citation))
	return ` "` + c + `"`
}
