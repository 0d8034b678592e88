package report_test

// Helpers shared by the reporter tests. The results come from
// internal/testgen/reportfixture, which runs the real pipeline; package
// report itself never imports the ingest side.

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/vendorcheck/vendorcheck/internal/testgen/reportfixture"
	"github.com/vendorcheck/vendorcheck/pkg/report"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

const (
	richExample = reportfixture.RichExample
	richDump    = reportfixture.RichDump
)

// pkgDir is this package's directory, taken before any test changes the
// working directory.
var pkgDir = func() string {
	d, err := os.Getwd()
	if err != nil {
		panic(err)
	}
	return d
}()

// repoRoot is the repository root.
func repoRoot(testing.TB) string { return filepath.Join(pkgDir, "..", "..") }

var (
	runScan     = reportfixture.Run
	richResult  = reportfixture.Rich
	emptyResult = reportfixture.Empty
	render      = reportfixture.Render
	firstDiff   = reportfixture.FirstDiff
)

func mustFormat(t testing.TB, id string) report.Reporter {
	t.Helper()
	r, ok := report.Default().Lookup(id)
	if !ok {
		t.Fatalf("format %q is not registered", id)
	}
	return r
}

// golden compares got with the golden file, or rewrites it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	reportfixture.Golden(t, path, got, *update)
}
