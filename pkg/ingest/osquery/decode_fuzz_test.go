package osquery_test

import (
	"testing"

	"github.com/vendorcheck/vendorcheck/internal/testgen/fuzzcheck"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/osquery"
)

// FuzzDecode checks the decoder on any input: no panic, errors that name
// the input or wrap an ingest sentinel, and the same result twice
// (scripts/fuzz-smoke.sh; docs/robustness.md).
func FuzzDecode(f *testing.F) {
	fuzzcheck.Seed(f, []string{"testdata/fixtures", "testdata/corpus"})
	d := osquery.New()
	f.Fuzz(func(t *testing.T, data []byte) { fuzzcheck.Decode(t, d, data) })
}
