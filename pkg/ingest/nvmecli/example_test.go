package nvmecli_test

import (
	"context"
	"fmt"
	"os"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/nvmecli"
)

// `nvme list -v -o json`: each controller is a disk; the subsystem's NQN
// gives its PCI vendor id.
func Example() {
	f, err := os.Open("testdata/fixtures/micron-7450-verbose.json")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	inv, err := ingest.NewRegistry(nvmecli.New()).Decode(context.Background(), f, "nvme.json")
	if err != nil {
		panic(err)
	}
	c := inv.Components[0]
	fmt.Println(c.Location.Ref, c.Model, c.Identifiers[0].Kind, c.Identifiers[0].Value)
	// Output:
	// nvme0 Micron_7450_MTFDKBA960TFR pci-vendor 1344
}
