package redfish_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/ingest/redfish"
)

func ExampleNew() {
	doc := `{"@odata.type": "#PCIeFunction.v1_5_0.PCIeFunction", "@odata.id": "/redfish/v1/Chassis/1/PCIeDevices/NIC1/PCIeFunctions/0",
	         "Name": "PCIe Function 0", "VendorId": "0x19e5", "DeviceId": "0x0200"}`
	inv, err := redfish.New().Decode(context.Background(), strings.NewReader(doc), "fn0.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	c := inv.Components[0]
	fmt.Println(c.Kind, c.Location, c.Identifiers[0].Kind, c.Identifiers[0].Value, c.Identifiers[0].Field)
	// Output: pci-device /redfish/v1/Chassis/1/PCIeDevices/NIC1/PCIeFunctions/0 pci-vendor 19e5 VendorId
}
