package netbox_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/ingest/netbox"
)

func ExampleNew() {
	deviceType := "---\nmanufacturer: Huawei\nmodel: 2288H V5\nslug: huawei-2288h-v5\npart_number: H22-05-S8AFF\n"
	inv, err := netbox.New().Decode(context.Background(), strings.NewReader(deviceType), "2288H-V5.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	c := inv.Components[0]
	fmt.Println(c.Location, c.Parties[0].Name, c.Model, c.Identifiers[0].Value)
	// Output: 2288H-V5.yaml:2 Huawei 2288H V5 H22-05-S8AFF
}
