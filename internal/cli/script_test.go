package cli

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"vendorcheck": func() {
			os.Exit(Run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
		},
		// vendorcheck-peak also writes its peak RSS to $VENDORCHECK_PEAK_FILE
		// (memory_test.go).
		"vendorcheck-peak": func() {
			code := Run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
			writePeakRSS(os.Getenv("VENDORCHECK_PEAK_FILE"))
			os.Exit(code)
		},
	})
}

// TestScript runs the end-to-end cases in testdata/script/*.txtar: one
// behaviour per file. $TESTDATA is the repository's testdata directory and
// $ROOT the repository.
func TestScript(t *testing.T) {
	root, err := filepath.Abs("../../testdata")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("TESTDATA", root)
			env.Setenv("ROOT", filepath.Dir(root))
			env.Setenv("NO_COLOR", "1")
			return nil
		},
		RequireExplicitExec: true,
	})
}
