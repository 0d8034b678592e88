package report

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// Markdown writes a compact summary for $GITHUB_STEP_SUMMARY and pull
// request comments: the verdict, counts by action and jurisdiction, and a
// findings table (folded when long).
//
// Component names, versions and references come from untrusted files, so
// every piece of text from the input is escaped: it cannot break the table,
// open HTML, start code spans or make links.
type Markdown struct{}

func (Markdown) ID() string { return "markdown" }
func (Markdown) Description() string {
	return "Markdown summary for $GITHUB_STEP_SUMMARY and pull request comments"
}

// markdownFoldRows is the number of findings above which the table is
// folded in a <details> block.
const markdownFoldRows = 20

func (Markdown) Render(w io.Writer, r *Result, _ Options) error {
	var b strings.Builder
	s := r.Summary
	failOn := s.FailOnAction
	if failOn == "" {
		failOn = "never"
	}
	b.WriteString("## vendorcheck\n\n")
	switch {
	case len(r.Errors) > 0:
		fmt.Fprintf(&b, "**Incomplete:** %d of %d input(s) could not be checked.\n\n", s.FilesFailed, s.Files)
	case s.Failing > 0:
		fmt.Fprintf(&b, "**Failed:** %d finding(s) at or above `--fail-on %s`.\n\n", s.Failing, EscapeMarkdown(failOn))
	default:
		fmt.Fprintf(&b, "**Passed:** no finding at or above `--fail-on %s`.\n\n", EscapeMarkdown(failOn))
	}
	fmt.Fprintf(&b, "%d file(s), %d component(s): %d attributed to a listed entity, %d unassessed (no vendor signal; not a clean bill).",
		s.Files, s.Components, s.Attributed, s.Unassessed)
	if r.Parameters.AsOf != "" {
		fmt.Fprintf(&b, " Evaluated as of %s", EscapeMarkdown(r.Parameters.AsOf))
		if r.Tool.DataReviewed != "" {
			fmt.Fprintf(&b, " with policy data reviewed %s", EscapeMarkdown(r.Tool.DataReviewed))
		}
		b.WriteString(".")
	}
	b.WriteString("\n\n")

	baseline, waived := 0, 0
	for _, f := range r.Findings {
		if f.Baseline {
			baseline++
		}
		if f.Waived {
			waived++
		}
	}
	b.WriteString("| deny | warn | info | baseline | waived | failing |\n|---:|---:|---:|---:|---:|---:|\n")
	fmt.Fprintf(&b, "| %d | %d | %d | %d | %d | %d |\n\n", s.Findings["deny"], s.Findings["warn"], s.Findings["info"], baseline, waived, s.Failing)

	if len(r.Findings) > 0 {
		type counts struct{ deny, warn, info int }
		byJ := map[string]*counts{}
		for _, f := range r.Findings {
			j := f.Jurisdiction
			if j == "" {
				j = "?"
			}
			c := byJ[j]
			if c == nil {
				c = &counts{}
				byJ[j] = c
			}
			switch f.Action {
			case "deny":
				c.deny++
			case "warn":
				c.warn++
			default:
				c.info++
			}
		}
		js := make([]string, 0, len(byJ))
		for j := range byJ {
			js = append(js, j)
		}
		sort.Strings(js)
		b.WriteString("| jurisdiction | deny | warn | info |\n|---|---:|---:|---:|\n")
		for _, j := range js {
			c := byJ[j]
			fmt.Fprintf(&b, "| %s | %d | %d | %d |\n", EscapeMarkdown(j), c.deny, c.warn, c.info)
		}
		b.WriteString("\n")

		var t strings.Builder
		t.WriteString("| action | entity | component | list | where |\n|---|---|---|---|---|\n")
		for _, f := range r.Findings {
			action := "**" + EscapeMarkdown(string(f.Action)) + "**"
			if f.Action != "deny" {
				action = EscapeMarkdown(string(f.Action))
			}
			if f.Baseline {
				action += " (baseline)"
			}
			if f.Waived {
				action += " (waived)"
			}
			comp := EscapeMarkdown(componentLabel(f.Component))
			list := EscapeMarkdown(RuleID(f))
			if f.URL != "" && safeURL(f.URL) {
				list = "[" + list + "](" + f.URL + mdTitle(f.Citation) + ")"
			}
			fmt.Fprintf(&t, "| %s | %s | %s | %s | %s |\n", action, EscapeMarkdown(entityLabel(f)), comp, list, EscapeMarkdown(f.Component.Where()))
		}
		if len(r.Findings) > markdownFoldRows {
			fmt.Fprintf(&b, "<details><summary>%d findings</summary>\n\n%s\n</details>\n", len(r.Findings), t.String())
		} else {
			b.WriteString(t.String())
		}
	}
	if len(r.Errors) > 0 {
		b.WriteString("\n**Inputs that could not be checked:**\n\n")
		for _, e := range r.Errors {
			fmt.Fprintf(&b, "- %s\n", EscapeMarkdown(ErrorText(e)))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// EscapeMarkdown makes untrusted text inert in a Markdown table cell: no column
// breaks, HTML, code spans, emphasis, links or line breaks.
func EscapeMarkdown(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '|', '`', '*', '_', '[', ']', '\\', '~':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '\n', '\r', '\t':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// safeURL accepts only plain http(s) URLs that cannot break out of the
// link syntax; list URLs come from policy files, which users may write.
func safeURL(u string) bool {
	if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
		return false
	}
	return !strings.ContainsAny(u, " \t\r\n()<>\"'`|[]\\")
}

// mdTitle renders a link title (shown on hover) from the citation.
func mdTitle(citation string) string {
	if citation == "" {
		return ""
	}
	c := strings.NewReplacer(`"`, "'", "\n", " ", "\r", " ", "|", "/", `\`, "/").Replace(citation)
	return ` "` + c + `"`
}
