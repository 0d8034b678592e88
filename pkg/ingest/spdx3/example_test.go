package spdx3_test

import (
	"context"
	"fmt"
	"os"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/spdx3"
)

// Reading an SPDX 3.0 JSON-LD SBOM: each package becomes a component, with
// its suppliedBy and originatedBy agents as parties.
func Example() {
	f, err := os.Open("testdata/fixtures/parties.spdx3.json")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	inv, err := ingest.NewRegistry(spdx3.New()).Decode(context.Background(), f, "parties.spdx3.json")
	if err != nil {
		panic(err)
	}
	c := inv.Components[0]
	fmt.Println(inv.Format, inv.SpecVersion, c.Name, c.Kind)
	for _, p := range c.Parties {
		fmt.Printf("%s %s (person: %v)\n", p.Field, p.Name, p.Person)
	}
	// Output:
	// spdx3-jsonld SPDX-3.0.1 router-firmware firmware
	// suppliedBy Huawei Technologies Co., Ltd. (person: false)
	// originatedBy Jane Micron (person: true)
}
