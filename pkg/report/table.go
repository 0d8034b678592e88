package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vendorcheck/vendorcheck/pkg/internal/safetext"
)

// Table writes aligned columns for a person at a terminal: one row per
// verdict (component and entity), then the summary. Options.Hits adds the
// rule hits under each verdict; Options.Verbose adds their messages and
// the evidence.
type Table struct{}

func (Table) ID() string { return "table" }
func (Table) Description() string {
	return "aligned columns for a terminal (the default): one row per component and vendor, -v one per rule"
}

const (
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
	ansiBold   = "\x1b[1m"
	ansiReset  = "\x1b[0m"
)

func colorFor(action string) string {
	switch action {
	case "deny":
		return ansiRed
	case "warn":
		return ansiYellow
	}
	return ansiCyan
}

// textCell makes text from an input (or a user's policy file) safe for a
// terminal or a CI log: control characters, newlines and bidirectional
// overrides are shown escaped (safetext.Line), so it cannot drive the
// terminal, forge a row or start a line.
func textCell(s string) string { return safetext.Line(s) }

// grid lays out rows of cells in columns two spaces apart. Widths are
// counted on the text, so a colour given per cell never shifts a column
// (a tabwriter counts the escape codes as text).
type grid struct {
	rows   [][]string
	colors [][]string
	// spans marks rows whose last cell runs free: it does not widen its
	// column (the rule hits and evidence under a verdict).
	spans []bool
}

func (g *grid) add(color []string, cells ...string) {
	g.rows = append(g.rows, cells)
	g.colors = append(g.colors, color)
	g.spans = append(g.spans, false)
}

func (g *grid) addSpan(color []string, cells ...string) {
	g.add(color, cells...)
	g.spans[len(g.spans)-1] = true
}

func (g *grid) write(w io.Writer) error {
	var widths []int
	for ri, row := range g.rows {
		for i, c := range row {
			if g.spans[ri] && i == len(row)-1 {
				break
			}
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			if n := utf8.RuneCountInString(c); n > widths[i] {
				widths[i] = n
			}
		}
	}
	var b strings.Builder
	for ri, row := range g.rows {
		// Trailing empty cells add nothing.
		last := len(row) - 1
		for last >= 0 && row[last] == "" {
			last--
		}
		for i := 0; i <= last; i++ {
			c := row[i]
			color := ""
			if cs := g.colors[ri]; i < len(cs) {
				color = cs[i]
			}
			if color != "" {
				b.WriteString(color + c + ansiReset)
			} else {
				b.WriteString(c)
			}
			if i < last {
				b.WriteString(strings.Repeat(" ", max(widths[i]-utf8.RuneCountInString(c), 0)+2))
			}
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// verdictLabel is the VERDICT cell: the action, marked when the verdict
// is waived or in the baseline.
func verdictLabel(v *Verdict) string {
	s := strings.ToUpper(string(v.Action))
	switch {
	case v.Waived:
		s += " (waived)"
	case v.Baseline:
		s += " (baseline)"
	}
	return s
}

// WhyText is a verdict's WHY: the deciding list and rule, and its status in
// words.
func (v *Verdict) WhyText() string {
	return v.DecidedBy() + ": " + v.Why
}

func (Table) Render(w io.Writer, r *Result, opt Options) error {
	r = SafeResult(r) // text from inputs shown escaped (safe.go)
	vs := VerdictsOf(r)
	if len(vs) > 0 {
		g := &grid{}
		var head []string
		if opt.Color {
			head = []string{ansiBold, ansiBold, ansiBold, ansiBold, ansiBold, ansiBold}
		}
		g.add(head, "VERDICT", "COMPONENT", "VENDOR", "WHY", "ALSO", "WHERE")
		for i := range vs {
			v := &vs[i]
			var color []string
			if opt.Color {
				color = []string{colorFor(string(v.Action))}
			}
			also := ""
			if v.Also > 0 {
				also = "+" + strconv.Itoa(v.Also)
			}
			g.add(color, verdictLabel(v), clip(textCell(v.Component.Label()), 40), textCell(v.Entity),
				textCell(v.WhyText()), also, textCell(v.Component.Where()))
			if !opt.Hits && !opt.Verbose {
				continue
			}
			for j := range v.Hits {
				h := &v.Hits[j]
				label := "  " + string(h.Action)
				switch {
				case h.Waived:
					label += " (waived)"
				case h.Baseline:
					label += " (baseline)"
				}
				var hc []string
				if opt.Color {
					hc = []string{colorFor(string(h.Action))}
				}
				by := h.List + "/" + h.Rule
				if h.Organisation {
					by = "organisation policy (" + by + ")"
				}
				g.addSpan(hc, label, "", "", textCell(by+": "+HitWhy(h.Finding)))
				if opt.Verbose {
					g.addSpan(nil, "", "", "", "  "+textCell(h.Message))
				}
			}
			if opt.Verbose {
				for _, ev := range v.Evidence {
					g.addSpan(nil, "", "", "", textCell(fmt.Sprintf("  evidence: %s=\"%s\" (%s, %s)", ev.Field, ev.Value, ev.Rule, ev.Confidence)))
				}
			}
		}
		if err := g.write(w); err != nil {
			return err
		}
		fmt.Fprintln(w)
	}
	s := r.Summary
	byAction, flagged := VerdictCounts(vs)
	var parts []string
	for _, a := range []string{"deny", "warn", "info"} {
		if byAction[a] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", byAction[a], a))
		}
	}
	flags := ""
	if len(parts) > 0 {
		flags = " (" + strings.Join(parts, ", ") + ")"
	}
	hits := len(r.Findings)
	if r.Findings == nil {
		for _, v := range vs {
			hits += len(v.Hits)
		}
	}
	more := ""
	if hits > 0 && !opt.Hits && !opt.Verbose {
		more = " (-v to list)"
	}
	fmt.Fprintf(w, "%d of %d components flagged%s; %d rule hits%s\n", flagged, s.Components, flags, hits, more)
	fmt.Fprintf(w, "%d file(s), %d component(s): %d attributed, %d unassessed (no vendor signal)\n",
		s.Files, s.Components, s.Attributed, s.Unassessed)
	if n := UnlistedNote(s); n != "" {
		fmt.Fprintln(w, n)
	}
	if l := ListsLine(r.Parameters.Lists, opt.Hits || opt.Verbose); l != "" {
		fmt.Fprintln(w, l)
	}
	if (opt.Hits || opt.Verbose) && r.Tool.Data != nil {
		fmt.Fprintf(w, "data: %s\n", textCell(r.Tool.Data.String()))
	}
	fmt.Fprintf(w, "%d verdict(s) at or above --fail-on %s\n", s.Failing, auditFirstNonEmpty(s.FailOnAction, "never"))
	if s.FilesFailed > 0 {
		fmt.Fprintf(w, "%d file(s) could not be checked (see errors above)\n", s.FilesFailed)
	}
	return nil
}

// ListsLine names the lists a run applied: the organisation's own always,
// the shipped ones by name when few (or all is set), else by number.
func ListsLine(ls []ListInfo, all bool) string {
	var shipped, own []string
	for _, l := range ls {
		if l.Organisation {
			own = append(own, textCell(l.ID)+" (organisation policy)")
		} else {
			shipped = append(shipped, textCell(l.ID))
		}
	}
	var parts []string
	switch {
	case len(shipped) == 0 && len(own) > 0:
		parts = append(parts, "no shipped list")
	case len(shipped) == 0:
		return "lists applied: none"
	case all || len(shipped) <= 4:
		parts = append(parts, strings.Join(shipped, ", "))
	default:
		parts = append(parts, fmt.Sprintf("%d shipped lists (-v names them)", len(shipped)))
	}
	return "lists applied: " + strings.Join(append(parts, own...), "; ")
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
