package waiver_test

import (
	"testing"

	"github.com/vendorcheck/vendorcheck/internal/testgen/fuzzseed"
	"github.com/vendorcheck/vendorcheck/pkg/waiver"
)

// FuzzParse: a waiver file never panics the loader, and its errors name the
// file.
func FuzzParse(f *testing.F) {
	fuzzseed.AddFiles(f, "testdata", []string{".yaml", ".yml"},
		"waivers:\n  - purl: pkg:maven/com.huawei.hms/push@6.11.0\n    reason: legacy app, replaced in Q3\n    expires: 2027-01-01\n    approved_by: security@example.com\n",
		"waivers:\n  - entity: huawei\n    list: us-fcc-covered\n    reason: r\n    expires: 2020-02-30\n    approved_by: x\n",
		"waivers: []\n", "waivers:\n  - {}\n", "- a\n", "waivers: {a: 1}\n")
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzseed.Parse(t, data, func(name string, data []byte) error {
			_, err := waiver.Parse(name, data)
			return err
		})
	})
}
