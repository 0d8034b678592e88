package lspci_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/ingest/lspci"
)

func Example() {
	in := "04:00.0 Non-Volatile memory controller [0108]: Micron/Crucial Technology P1 NVMe PCIe SSD [c0a9:2263] (rev 03) (prog-if 02 [NVM Express])\n" +
		"\tSubsystem: Micron/Crucial Technology P1 NVMe PCIe SSD [c0a9:2263]\n"
	inv, err := lspci.New().Decode(context.Background(), strings.NewReader(in), "lspci.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	c := inv.Components[0]
	fmt.Println(c.Kind, "|", c.Parties[0].Name, "|", c.Model, "|", c.Location.Ref)
	for _, id := range c.Identifiers {
		fmt.Println(id.Kind, id.Value, id.Field)
	}
	// Output:
	// disk | Micron/Crucial Technology | P1 NVMe PCIe SSD | 04:00.0
	// pci-vendor c0a9 vendor-id
	// pci-vendor c0a9 subsystem-vendor-id
}
