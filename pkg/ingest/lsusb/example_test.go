package lsusb_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/ingest/lsusb"
)

func Example() {
	in := "Bus 001 Device 004: ID 12d1:14db Huawei Technologies Co., Ltd. E353/E3131\n"
	inv, err := lsusb.New().Decode(context.Background(), strings.NewReader(in), "lsusb.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	c := inv.Components[0]
	fmt.Println(c.Kind, c.Parties[0].Name, "|", c.Model, "|", c.Identifiers[0].Kind, c.Identifiers[0].Value, "|", c.Location.Ref)
	// Output:
	// usb-device Huawei Technologies Co., Ltd. | E353/E3131 | usb-vendor 12d1 | bus 001 device 004
}
