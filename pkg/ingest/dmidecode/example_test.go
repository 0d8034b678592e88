package dmidecode_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/ingest/dmidecode"
)

func Example() {
	in := `# dmidecode 3.4

Handle 0x0011, DMI type 17, 40 bytes
Memory Device
	Size: 64 GB
	Locator: A1
	Manufacturer: 802C8632802C
	Serial Number: 1234ABCD
	Part Number: 36ASF8G72PZ-3G2E1   
`
	d := dmidecode.New()
	if !d.Identify([]byte(in)) {
		return
	}
	inv, err := d.Decode(context.Background(), strings.NewReader(in), "r6515.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range inv.Components {
		fmt.Println(c.Kind, c.Name, c.Location)
		for _, id := range c.Identifiers {
			fmt.Printf("  %s %q from %s\n", id.Kind, id.Value, id.Field)
		}
	}
	// Output:
	// memory-module A1 36ASF8G72PZ-3G2E1 handle 0x0011
	//   jedec "802C8632802C" from Memory Device.Manufacturer
	//   part-number "36ASF8G72PZ-3G2E1" from Memory Device.Part Number
}
