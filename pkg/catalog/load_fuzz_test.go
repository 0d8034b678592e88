package catalog_test

import (
	"testing"

	"github.com/vendorcheck/vendorcheck/internal/testgen/fuzzseed"
	"github.com/vendorcheck/vendorcheck/pkg/catalog"
)

// FuzzParse: an entity file never panics the loader, and its errors name
// the file.
func FuzzParse(f *testing.F) {
	fuzzseed.AddFiles(f, "../../policies/vendors", []string{".yaml"})
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzseed.Parse(t, data, func(name string, data []byte) error {
			_, err := catalog.Parse(name, data)
			return err
		})
	})
}
