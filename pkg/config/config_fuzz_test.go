package config_test

import (
	"testing"

	"github.com/vendorcheck/vendorcheck/internal/testgen/fuzzseed"
	"github.com/vendorcheck/vendorcheck/pkg/config"
)

// FuzzParse: a config file never panics the loader, and its errors name the
// file.
func FuzzParse(f *testing.F) {
	fuzzseed.AddFiles(f, "testdata", []string{".yaml", ".yml"},
		"jurisdictions: [US, CN]\nfail-on: warn\nmin-confidence: high\nuse: [critical-infrastructure]\nas-of: 2026-01-01\noutput: [table, json=out.json]\n",
		"policies: [us-fcc-covered]\nwaivers:\n  - entity: huawei\n    reason: r\n    expires: 2027-01-01\n    approved_by: x\n",
		"waivers-file: w.yaml\n", "fail-on: sometimes\n", "jurisdictions: US\n", "unknown: 1\n", "")
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzseed.Parse(t, data, func(name string, data []byte) error {
			_, err := config.Parse(name, data)
			return err
		})
	})
}
