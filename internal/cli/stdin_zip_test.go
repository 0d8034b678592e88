package cli

import (
	"bytes"
	"context"
	"regexp"
	"testing"
)

// `cat inventories.zip | vendorcheck scan -`: the archive's members are
// read as from a file, named after standard input, and exit 1 for the
// Huawei router inside.
func TestScanZipOnStdin(t *testing.T) {
	archive := zipOf(t, map[string]string{"site-a/router.cdx.json": routerCycloneDX, "README.md": "inventories of site A\n"})
	t.Setenv("TMPDIR", t.TempDir())
	var stdout, stderr bytes.Buffer
	code := Run(context.Background(), []string{"scan", "--as-of", "2026-11-27", "-v", "-"}, bytes.NewReader(archive), &stdout, &stderr)
	if code != 1 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout.String(), stderr.String())
	}
	if !regexp.MustCompile(`(?m)^DENY .*huawei .*-!/site-a/router\.cdx\.json`).MatchString(stdout.String()) {
		t.Errorf("stdout:\n%s", stdout.String())
	}
	if !regexp.MustCompile(`read -!/site-a/router\.cdx\.json: cyclonedx-json`).MatchString(stderr.String()) {
		t.Errorf("stderr:\n%s", stderr.String())
	}
	if bytes.Contains(stdout.Bytes(), []byte("vendorcheck-stdin-")) || bytes.Contains(stderr.Bytes(), []byte("vendorcheck-stdin-")) {
		t.Errorf("the temporary copy's name is shown:\n%s\n%s", stdout.String(), stderr.String())
	}
}
