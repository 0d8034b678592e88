package lazyre_test

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/internal/testgen/sbomgen"
	"github.com/vendorcheck/vendorcheck/pkg/collect"
	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/internal/lazyre"
	"github.com/vendorcheck/vendorcheck/pkg/scan"
)

// The library's every package with patterns: pkg/scan links the readers,
// the matcher, the policy, catalog, waiver and config loaders; collect
// stands beside it.
var _ = collect.Collect

// Every pattern of the library compiles. The patterns are compiled on
// first use, so a broken one would otherwise be found by the run that
// first needs it.
func TestEveryPatternCompiles(t *testing.T) {
	n, err := lazyre.Check()
	if err != nil {
		t.Fatal(err)
	}
	// Each package-level lazyre.New in pkg/ registers once: as many
	// patterns as calls means every package with patterns is linked here.
	calls, files := newCalls(t, filepath.Join("..", ".."))
	if calls == 0 {
		t.Fatal("no lazyre.New call found under pkg/: the layout changed")
	}
	if n != calls {
		t.Errorf("%d patterns registered, %d lazyre.New calls in %s: import the package that is missing here (or call New only at package level)",
			n, calls, strings.Join(files, " "))
	}
}

// newCalls counts the lazyre.New calls in the non-test Go files under dir.
func newCalls(t *testing.T, dir string) (n int, files []string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		before := n
		ast.Inspect(f, func(node ast.Node) bool {
			if c, ok := node.(*ast.CallExpr); ok {
				if sel, ok := c.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "New" {
					if id, ok := sel.X.(*ast.Ident); ok && id.Name == "lazyre" {
						n++
					}
				}
			}
			return true
		})
		if n > before {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n, files
}

// Detection runs every reader's Identify on every input. On an SBOM the
// hardware readers decide on fixed words first, so their patterns are not
// compiled by a scan that does not need them.
func TestDetectingSBOMsCompilesNoPattern(t *testing.T) {
	var cdxJSON, cdxXML bytes.Buffer
	if err := sbomgen.CycloneDXJSON(&cdxJSON, 300, 1); err != nil {
		t.Fatal(err)
	}
	if err := sbomgen.CycloneDXXML(&cdxXML, 300, 1); err != nil {
		t.Fatal(err)
	}
	reg := scan.Decoders(scan.DecoderOptions{})
	before := lazyre.Compiled()
	for _, tc := range []struct {
		name string
		doc  []byte
		want string
	}{
		{"CycloneDX JSON", cdxJSON.Bytes(), "cyclonedx-json"},
		{"CycloneDX XML", cdxXML.Bytes(), "cyclonedx-xml"},
	} {
		head := tc.doc[:min(len(tc.doc), ingest.HeadSize)]
		var ids []string
		for _, d := range reg.DetectAll(head) {
			ids = append(ids, d.ID())
		}
		if !slices.Equal(ids, []string{tc.want}) {
			t.Errorf("%s detected as %v, want %s", tc.name, ids, tc.want)
		}
		var added []string
		for _, p := range lazyre.Compiled() {
			if !slices.Contains(before, p) {
				added = append(added, p)
			}
		}
		if len(added) > 0 {
			t.Errorf("detecting %s compiled %q", tc.name, added)
		}
	}
}
