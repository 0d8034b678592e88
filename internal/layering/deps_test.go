package layering

import (
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// heavy are the modules a program pays for only when it asks for them:
// the XLSX and SARIF reports (pkg/report/xlsx, pkg/report/sarif, the SARIF
// library), the HTML report's assets (pkg/report/html), and two that only
// tests may link: the spreadsheet library excelize, which the XLSX
// tests compare the package's own writer and reader with, and the browser
// driver of the HTML report's test.
var heavy = []string{
	"github.com/xuri/excelize",
	"github.com/owenrumney/go-sarif",
	"github.com/chromedp/",
	module + "pkg/report/html",
	module + "pkg/report/xlsx",
	module + "pkg/report/sarif",
}

// deps lists what the packages link, as `go list -deps` says (with -test
// when test is set: their tests' imports too).
func deps(t *testing.T, test bool, pkgs ...string) []string {
	t.Helper()
	args := []string{"list", "-deps"}
	if test {
		args = append(args, "-test")
	}
	cmd := exec.Command("go", append(args, pkgs...)...)
	cmd.Dir = filepath.Join("..", "..")
	out, err := cmd.Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	return strings.Fields(string(out))
}

func heavyIn(ds []string) []string {
	var found []string
	for _, d := range ds {
		for _, h := range heavy {
			if strings.HasPrefix(d, h) {
				found = append(found, d)
			}
		}
	}
	return found
}

// A program that imports only pkg/scan (and reads or writes the JSON
// result with pkg/report, and the config with pkg/config) links none of
// the heavy renderers.
func TestLibraryLinksNoHeavyRenderer(t *testing.T) {
	ds := deps(t, false, "./pkg/scan", "./pkg/report", "./pkg/config")
	if len(ds) < 20 {
		t.Fatalf("go list -deps gave only %d packages: %v", len(ds), ds)
	}
	if found := heavyIn(ds); len(found) > 0 {
		t.Errorf("a program importing pkg/scan links %v; register heavy formats in the CLI, not in the library", found)
	}
}

// The check above sees them when they are there: the renderers' own
// packages, and the CLI's tests, link them.
func TestHeavyRenderersAreSeen(t *testing.T) {
	ds := deps(t, true, "./pkg/report/xlsx", "./pkg/report/sarif", "./internal/cli")
	found := strings.Join(heavyIn(ds), " ")
	for _, h := range []string{"github.com/xuri/excelize", "github.com/owenrumney/go-sarif", "github.com/chromedp/", module + "pkg/report/html"} {
		if !strings.Contains(found, h) {
			t.Errorf("%s not found in the dependencies of the renderers and the CLI's tests: the check cannot see it", h)
		}
	}
}

// testOnly are modules and packages that no program may link, only tests:
// excelize's package initialisation alone cost every command about 9 ms of
// start-up, and the package writes and reads workbooks itself;
// cyclonedx-go's, with encoding/gob's, about 1 ms, and the readers and
// pkg/collect read and write CycloneDX themselves (cyclonedx-go is their
// tests' reference).
var testOnly = []string{
	"github.com/CycloneDX/cyclonedx-go",
	"encoding/gob",
	"github.com/xuri/excelize",
	"github.com/xuri/efp",
	"github.com/xuri/nfp",
	"github.com/richardlehane/mscfb",
	"github.com/richardlehane/msoleps",
	"github.com/tiendc/go-deepcopy",
	"github.com/chromedp/",
}

// The vendorcheck binary, with every format registered, links none of the
// test-only modules.
func TestBinaryLinksNoTestOnlyModule(t *testing.T) {
	ds := deps(t, false, "./cmd/vendorcheck")
	if len(ds) < 50 || !slices.Contains(ds, module+"pkg/report/xlsx") || !slices.Contains(ds, module+"pkg/ingest/hwsheet/xlsxbook") {
		t.Fatalf("go list -deps ./cmd/vendorcheck gave %d packages, without the XLSX writer and reader: %v", len(ds), ds)
	}
	for _, d := range ds {
		for _, m := range testOnly {
			if strings.HasPrefix(d, m) {
				t.Errorf("the vendorcheck binary links %s, which only tests may", d)
			}
		}
	}
	// The check sees them where they are: in the XLSX packages' tests.
	found := strings.Join(deps(t, true, "./pkg/report/xlsx", "./pkg/ingest/hwsheet/xlsxbook", "./pkg/collect"), " ")
	for _, m := range []string{"github.com/xuri/excelize/v2", "github.com/CycloneDX/cyclonedx-go"} {
		if !strings.Contains(found, m) {
			t.Errorf("%s is not found in the dependencies of the tests that use it: the check cannot see it", m)
		}
	}
}
