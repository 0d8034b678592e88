package attestation_test

import (
	"testing"

	"github.com/vendorcheck/vendorcheck/internal/testgen/fuzzcheck"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/attestation"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/cyclonedx"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/spdx"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/spdx3"
)

// FuzzDecode checks the decoder on any input: no panic, errors that name
// the input or wrap an ingest sentinel, and the same result twice
// (scripts/fuzz-smoke.sh; docs/robustness.md).
func FuzzDecode(f *testing.F) {
	fuzzcheck.Seed(f, []string{"testdata/corpus", "testdata/fixtures"})
	d := attestation.New(cyclonedx.NewJSON(), spdx3.New(), spdx.NewJSON())
	f.Fuzz(func(t *testing.T, data []byte) { fuzzcheck.Decode(t, d, data) })
}
