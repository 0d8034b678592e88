package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/report"
)

// TestScanThisRepository: `vendorcheck scan .` on a source repository (this
// one) skips its source code and documentation, counting them, and reads
// its test data. Errors come only from the deliberately broken inventories
// under testdata, never from a source file taken for a sheet or a dump.
func TestScanThisRepository(t *testing.T) {
	root := filepath.Join("..", "..")
	_, stdout, stderr := runAuditCLI(t, false, "scan", "--as-of", "2026-11-27", "--fail-on", "never", "-o", "json", root)
	var res report.Result
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatalf("JSON result: %v\nstderr: %s", err, stderr)
	}
	for _, e := range res.Errors {
		rel := filepath.ToSlash(e.File)
		if !strings.Contains(rel, "/testdata/") {
			t.Errorf("error outside test data: %s: %s", e.File, e.Message)
		}
		if why := sourceLike(rel); why != "" {
			t.Errorf("a %s file was read as an inventory: %s", why, e.Message)
		}
	}
	skippedGo := 0
	for _, s := range res.Skipped {
		if strings.HasSuffix(s.File, ".go") {
			skippedGo++
		}
	}
	if skippedGo < 100 || res.Summary.FilesSkipped != len(res.Skipped) {
		t.Errorf("%d Go files skipped, %d skips counted of %d listed", skippedGo, res.Summary.FilesSkipped, len(res.Skipped))
	}
	if res.Summary.Files < 100 || res.Summary.Components == 0 {
		t.Errorf("only %d files, %d components read from the test data", res.Summary.Files, res.Summary.Components)
	}
	if !strings.Contains(stderr, "file(s) skipped:") {
		t.Errorf("no skip summary on stderr:\n%.2000s", stderr)
	}
}

func sourceLike(p string) string {
	for _, ext := range []string{".go", ".md", ".txtar", ".sh", ".py", ".yml", ".yaml.tmpl", ".html", ".css", ".js"} {
		if strings.HasSuffix(p, ext) {
			return ext
		}
	}
	return ""
}

// TestWarningLinesAreEscaped: a bent SPDX value that carries escape
// sequences and a newline reaches the warning line escaped, on one line.
func TestWarningLinesAreEscaped(t *testing.T) {
	dir := t.TempDir()
	doc := "SPDXVersion: SPDX-2.2\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\nDocumentName: x\n" +
		"DocumentNamespace: https://example.invalid/x\nCreator: Tool: t\nCreated: 2024-01-01T00:00:00Z\n\n" +
		"PackageName: p\nSPDXID: SPDXRef-p\nPackageDownloadLocation: NOASSERTION\n" +
		"PackageSupplier: Acme\x1b]52;c;WlRF\x07 \x1b[2J ::add-mask::ZTE\n"
	p := filepath.Join(dir, "esc.spdx")
	if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, stderr := runAuditCLI(t, false, "scan", "--fail-on", "never", p)
	if strings.ContainsAny(stderr, "\x1b\x07\r") {
		t.Errorf("raw control characters on stderr: %q", stderr)
	}
	for _, l := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(l, "::") {
			t.Errorf("a line starts with input text: %q", l)
		}
	}
	if !strings.Contains(stderr, "vendorcheck: warning: ") {
		t.Errorf("no warning: %q", stderr)
	}
}
