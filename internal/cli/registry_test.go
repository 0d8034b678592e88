package cli

import (
	"bytes"
	"slices"
	"testing"

	"github.com/vendorcheck/vendorcheck/internal/testgen/reportfixture"
	"github.com/vendorcheck/vendorcheck/pkg/report"
)

// TestEveryFormat renders an empty and a rich result with every format the
// commands offer: no error, some output, and the same bytes twice.
func TestEveryFormat(t *testing.T) {
	want := []string{"table", "json", "sarif", "junit", "codequality", "markdown", "csv", "html", "xlsx", "groups"}
	if ids := Formats().IDs(); !slices.Equal(ids, want) {
		t.Errorf("formats %v, want %v", ids, want)
	}
	rich := reportfixture.Rich(t)
	for _, r := range Formats().Reporters() {
		t.Run(r.ID(), func(t *testing.T) {
			if r.Description() == "" {
				t.Error("no description")
			}
			for name, res := range map[string]*report.Result{"empty": reportfixture.Empty(), "rich": rich} {
				a := reportfixture.Render(t, r, res)
				b := reportfixture.Render(t, r, res)
				if len(a) == 0 {
					t.Errorf("%s: no output", name)
				}
				if !bytes.Equal(a, b) {
					t.Errorf("%s: two renderings differ", name)
				}
			}
			if len(reportfixture.Render(t, r, rich)) <= len(reportfixture.Render(t, r, reportfixture.Empty())) {
				t.Errorf("rich output is no longer than the empty one")
			}
		})
	}
}
