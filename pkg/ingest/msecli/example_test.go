package msecli_test

import (
	"context"
	"fmt"
	"os"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/msecli"
)

// Each drive block of an `msecli -L` listing becomes a disk component with
// its model, serial and firmware revision.
func Example() {
	f, err := os.Open("testdata/corpus/ironlib-list.msecli.txt")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	inv, err := ingest.NewRegistry(msecli.New()).Decode(context.Background(), f, "drives.txt")
	if err != nil {
		panic(err)
	}
	for _, c := range inv.Components {
		fmt.Println(c.Location.Line, c.Location.Ref, c.Kind, c.Model, c.Version)
	}
	// Output:
	// 1 /dev/sda disk Micron_5200_MTFDDAK480TDN D1MU020
	// 11 /dev/sdb disk Micron_5200_MTFDDAK480TDN D1MU020
}
