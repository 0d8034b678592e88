package report_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/report"
)

// TestEveryFormat renders an empty and a rich result with every registered
// format: no error, some output, and the same bytes twice.
func TestEveryFormat(t *testing.T) {
	rich := richResult(t)
	reps := report.Default().Reporters()
	if len(reps) < 6 {
		t.Fatalf("only %d formats registered: %v", len(reps), report.Default().IDs())
	}
	if ids := report.Default().IDs(); ids[0] != "table" || ids[1] != "json" {
		t.Errorf("formats start %v, want table, json first", ids[:2])
	}
	for _, r := range reps {
		t.Run(r.ID(), func(t *testing.T) {
			if r.Description() == "" {
				t.Error("no description")
			}
			for name, res := range map[string]*report.Result{"empty": emptyResult(), "rich": rich} {
				a := render(t, r, res)
				b := render(t, r, res)
				if len(a) == 0 {
					t.Errorf("%s: no output", name)
				}
				if !bytes.Equal(a, b) {
					t.Errorf("%s: two renderings differ", name)
				}
			}
			// More findings must show in the output: the rich rendering
			// is longer than the empty one.
			if len(render(t, r, rich)) <= len(render(t, r, emptyResult())) {
				t.Errorf("rich output is no longer than the empty one")
			}
		})
	}
}

// TestGolden compares each CI format's rendering of the example SBOM
// (every shipped list, as of 2026-11-27) with its golden file.
func TestGolden(t *testing.T) {
	res := richResult(t)
	dir := filepath.Join(pkgDir, "testdata", "golden", "TestGolden")
	for id, ext := range map[string]string{"junit": "xml", "markdown": "md", "csv": "csv"} {
		t.Run(id, func(t *testing.T) {
			golden(t, filepath.Join(dir, "restricted-mix."+ext), render(t, mustFormat(t, id), res))
		})
	}
}
