package smartctl_test

import (
	"context"
	"fmt"
	"os"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/smartctl"
)

// A `smartctl -a` report becomes one disk component with its model; an
// NVMe drive's PCI vendor id is kept as an identifier.
func Example() {
	f, err := os.Open("testdata/fixtures/two-reports.smartctl.txt")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	inv, err := ingest.NewRegistry(smartctl.NewText(), smartctl.NewJSON()).Decode(context.Background(), f, "disks.txt")
	if err != nil {
		panic(err)
	}
	for _, c := range inv.Components {
		fmt.Println(c.Location.Line, c.Kind, c.Model, c.Identifiers)
	}
	// Output:
	// 4 disk TOSHIBA THNSN8960PCSE []
	// 112 disk Micron_7450_MTFDKBA960TFR [{pci-vendor 1344 PCI Vendor/Subsystem ID}]
}
