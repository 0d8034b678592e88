// Package layering holds the test that keeps the pipeline's layers apart
// (STYLE.md 7): ingest sees only the inventory model, match sees inventory
// and catalog, report never sees ingest, and nothing under pkg/ imports
// internal/. deps_test.go checks what a library user links.
package layering

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/vendorcheck/vendorcheck/"

// imports returns the module-internal and third-party imports of the
// non-test Go files under dir (recursively when deep), by package directory.
func imports(t *testing.T, dir string, deep bool) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != dir && (!deep || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		out[filepath.Dir(path)] = append(out[filepath.Dir(path)], []string{}...)
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			if strings.Contains(p, ".") { // not the standard library
				out[filepath.Dir(path)] = append(out[filepath.Dir(path)], p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// check fails for every import of a package under dir that allowed rejects.
func check(t *testing.T, dir string, deep bool, allowed func(imp string) bool) {
	t.Helper()
	found := imports(t, filepath.Join("..", "..", dir), deep)
	if len(found) == 0 {
		t.Fatalf("%s: no Go files found; the layout changed", dir)
	}
	for pkg, ims := range found {
		for _, im := range ims {
			if !allowed(im) {
				t.Errorf("%s imports %s, which its layer may not use", pkg, im)
			}
		}
	}
}

func own(p string) (string, bool) { return strings.CutPrefix(p, module) }

// leaf is a helper every layer may use: it imports only the standard
// library (TestLeavesImportOnlyTheStandardLibrary), so it carries no
// format or layer into the package that uses it.
func leaf(p string) bool { return p == "pkg/internal/lazyre" }

func TestLeavesImportOnlyTheStandardLibrary(t *testing.T) {
	check(t, "pkg/internal/lazyre", false, func(im string) bool { return false })
}

func TestIngestSeesOnlyTheInventory(t *testing.T) {
	check(t, "pkg/ingest", true, func(im string) bool {
		p, ok := own(im)
		if !ok {
			return true // format libraries belong here
		}
		return leaf(p) || p == "pkg/inventory" || p == "pkg/ingest" || strings.HasPrefix(p, "pkg/ingest/internal/") ||
			p == "pkg/ingest/hwsheet" // its workbook reader, xlsxbook
	})
}

func TestMatchSeesInventoryAndCatalog(t *testing.T) {
	check(t, "pkg/match", false, func(im string) bool {
		p, ok := own(im)
		if !ok {
			// Unicode normalisation and purl parsing are text libraries,
			// not formats. (The UTS #39 confusables data is a generated
			// table in the package.)
			return im == "golang.org/x/text/unicode/norm" || im == "github.com/package-url/packageurl-go"
		}
		return leaf(p) || p == "pkg/inventory" || p == "pkg/catalog"
	})
}

func TestReportNeverSeesIngest(t *testing.T) {
	check(t, "pkg/report", true, func(im string) bool {
		p, ok := own(im)
		if !ok {
			return !strings.Contains(im, "cyclonedx") && !strings.Contains(im, "spdx")
		}
		return !strings.HasPrefix(p, "pkg/ingest") && !strings.HasPrefix(p, "pkg/scan") && !strings.HasPrefix(p, "internal/cli")
	})
}

func TestPolicyAndCatalogSeeNoFormats(t *testing.T) {
	for _, dir := range []string{"pkg/policy", "pkg/catalog", "pkg/inventory"} {
		check(t, dir, false, func(im string) bool {
			p, ok := own(im)
			if !ok {
				return !strings.Contains(im, "cyclonedx") && !strings.Contains(im, "spdx") && !strings.Contains(im, "excelize")
			}
			return leaf(p) || p == "pkg/inventory" || p == "pkg/catalog" || p == "pkg/match" || p == "pkg/category" || strings.HasPrefix(p, "pkg/internal/yamlstrict")
		})
	}
}

// The category model decides from the component alone.
func TestCategorySeesOnlyTheInventory(t *testing.T) {
	check(t, "pkg/category", false, func(im string) bool {
		p, ok := own(im)
		return !ok || p == "pkg/inventory"
	})
}

// The library stands on its own: no package under pkg/ imports one under
// internal/ (the CLI, the generators, the tests of the whole); helpers
// that only pkg/ uses live under pkg/internal/.
func TestLibraryNeverImportsInternal(t *testing.T) {
	check(t, "pkg", true, func(im string) bool {
		p, _ := own(im)
		return !strings.HasPrefix(p, "internal/")
	})
}

func TestCollectIsAProducerBesideThePipeline(t *testing.T) {
	check(t, "pkg/collect", false, func(im string) bool {
		p, ok := own(im)
		if !ok {
			return true
		}
		// It writes CycloneDX and reads the output of the tools it runs
		// (dmidecode, smartctl, nvme-cli) with their readers.
		if leaf(p) {
			return true
		}
		switch p {
		case "pkg/inventory", "pkg/ingest/cyclonedx", "pkg/ingest/dmidecode", "pkg/ingest/smartctl", "pkg/ingest/nvmecli":
			return true
		}
		return false
	})
}
