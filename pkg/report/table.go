package report

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/vendorcheck/vendorcheck/pkg/internal/safetext"
)

// Table writes aligned columns for a person at a terminal: one row per
// finding, then the summary.
type Table struct{}

func (Table) ID() string { return "table" }
func (Table) Description() string {
	return "aligned columns for a terminal (the default); colour only on a terminal"
}

const (
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
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

func (Table) Render(w io.Writer, r *Result, opt Options) error {
	r = SafeResult(r) // text from inputs shown escaped (safe.go)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if len(r.Findings) > 0 {
		fmt.Fprintln(tw, "ACTION\tENTITY\tCOMPONENT\tLIST\tRULE\tCONFIDENCE\tWHERE")
		for _, f := range r.Findings {
			action := strings.ToUpper(txt(string(f.Action)))
			if f.Baseline {
				action += " (baseline)"
			}
			if opt.Color {
				action = colorFor(string(f.Action)) + action + ansiReset
			}
			name := f.Component.Name
			if f.Component.Version != "" {
				name += " " + f.Component.Version
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", action, txt(f.Entity), clip(txt(name), 48), txt(f.List), txt(f.Rule), f.Confidence, txt(f.Component.Where()))
			if opt.Verbose {
				fmt.Fprintf(tw, "\t\t  %s\t\t\t\t\n", txt(f.Message))
				for _, ev := range f.Evidence {
					fmt.Fprintf(tw, "\t\t  evidence: %s=\"%s\" (%s, %s)\t\t\t\t\n", txt(ev.Field), txt(ev.Value), txt(ev.Rule), ev.Confidence)
				}
			}
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(w)
	}
	s := r.Summary
	fmt.Fprintf(w, "%d file(s), %d component(s): %d attributed, %d unassessed (no vendor signal)\n",
		s.Files, s.Components, s.Attributed, s.Unassessed)
	var parts []string
	for _, a := range []string{"deny", "warn", "info"} {
		parts = append(parts, fmt.Sprintf("%d %s", s.Findings[a], a))
	}
	fmt.Fprintf(w, "findings: %s; %d at or above --fail-on %s\n", strings.Join(parts, ", "), s.Failing, txt(s.FailOnAction))
	if s.FilesFailed > 0 {
		fmt.Fprintf(w, "%d file(s) could not be checked (see errors above)\n", s.FilesFailed)
	}
	return nil
}

// txt makes text from an input (or a user's policy file) safe for a
// terminal or a CI log: control characters, newlines and bidirectional
// overrides are shown escaped, so it cannot drive the terminal, forge a
// row or start a line.
func txt(s string) string { return safetext.Line(s) }

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
