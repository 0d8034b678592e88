package lshw_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/ingest/lshw"
)

func ExampleNewJSON() {
	in := `[{"id": "host", "class": "system", "claimed": true, "product": "X11DPH-T", "vendor": "Supermicro",
  "children": [{"id": "disk:0", "class": "disk", "description": "ATA Disk", "product": "Micron_5200_MTFD", "serial": "20032613EE70"}]}]`
	inv, err := lshw.NewJSON().Decode(context.Background(), strings.NewReader(in), "lshw.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range inv.Components {
		fmt.Println(c.Kind, "|", c.Model, "|", len(c.Parties), "parties |", c.Identifiers, "|", c.Location.Ref)
	}
	// Output:
	// system | X11DPH-T | 1 parties | [] | /0
	// disk | Micron_5200_MTFD | 0 parties | [{part-number Micron_5200_MTFD product}] | /0/children/0
}
