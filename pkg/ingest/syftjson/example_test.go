package syftjson_test

import (
	"context"
	"fmt"
	"os"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/syftjson"
)

// Reading syft's own JSON: each artifact becomes a component with the
// parties its metadata names.
func Example() {
	f, err := os.Open("testdata/fixtures/vendors.syft.json")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	inv, err := ingest.NewRegistry(syftjson.New()).Decode(context.Background(), f, "vendors.syft.json")
	if err != nil {
		panic(err)
	}
	for _, c := range inv.Components {
		for _, p := range c.Parties {
			fmt.Printf("%s %s: %s %q (%s)\n", c.Kind, c.Name, p.Role, p.Name, p.Field)
		}
	}
	// Output:
	// library hms-core: supplier "Huawei Technologies Co., Ltd." (metadata.manifest.main.Implementation-Vendor)
	// application avp.exe: publisher "AO Kaspersky Lab" (metadata.versionResources.CompanyName)
	// library left-pad: author "azer" (metadata.author)
}
