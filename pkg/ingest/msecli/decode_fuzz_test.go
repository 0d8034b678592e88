package msecli_test

import (
	"testing"

	"github.com/vendorcheck/vendorcheck/internal/testgen/fuzzcheck"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/msecli"
)

// The fuzz target checks the decoder on any input: no panic, errors that
// name the input or wrap an ingest sentinel, and the same result twice
// (scripts/fuzz-smoke.sh; docs/robustness.md).
func FuzzDecode(f *testing.F) {
	fuzzcheck.Seed(f, []string{"testdata/corpus", "testdata/fixtures"})
	d := msecli.New()
	f.Fuzz(func(t *testing.T, data []byte) { fuzzcheck.Decode(t, d, data) })
}
