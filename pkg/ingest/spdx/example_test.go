package spdx_test

import (
	"context"
	"fmt"
	"os"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/spdx"
)

// The SPDX decoders are registered like any other; Decode picks the one
// whose Identify recognises the input.
func Example() {
	reg := ingest.NewRegistry(spdx.NewJSON(), spdx.NewTagValue(), spdx.NewYAML(), spdx.NewRDF(), spdx.NewXML())
	f, err := os.Open("testdata/fixtures/parties.spdx")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	inv, err := reg.Decode(context.Background(), f, "parties.spdx")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(inv.Format, inv.SpecVersion, inv.Host)
	for _, c := range inv.Components {
		for _, p := range c.Parties {
			fmt.Printf("%s:%d %s: %s %q\n", c.Location.File, c.Location.Line, c.Name, p.Role, p.Name)
		}
	}
	// Output:
	// spdx-tag-value SPDX-2.2 router-firmware
	// parties.spdx:17 router-firmware: supplier "Huawei Technologies Co., Ltd."
	// parties.spdx:17 router-firmware: originator "Jane Doe"
	// parties.spdx:39 libexample: originator "Example Widgets (Beijing) Ltd."
	// parties.spdx:50 person-tool: supplier "John Smith"
}
