package layering

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// heavy are the modules a program pays for only when it asks for them:
// the spreadsheet and SARIF libraries (pkg/report/xlsx, pkg/report/sarif),
// the HTML report's assets (pkg/report/html), and the browser driver of
// the HTML report's test.
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
