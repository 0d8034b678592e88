package nmap_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/ingest/nmap"
)

func ExampleNew() {
	scan := `<?xml version="1.0"?>
<nmaprun scanner="nmap" xmloutputversion="1.05">
<host><status state="up"/>
<address addr="10.0.0.21" addrtype="ipv4"/>
<address addr="00:BC:99:12:34:56" addrtype="mac" vendor="Hangzhou Hikvision Digital Technology"/>
</host>
</nmaprun>`
	inv, err := nmap.New().Decode(context.Background(), strings.NewReader(scan), "scan.xml")
	if err != nil {
		fmt.Println(err)
		return
	}
	c := inv.Components[0]
	fmt.Println(c.Location, c.Name, c.Identifiers[0].Value, c.Parties[0].Name)
	// Output: scan.xml:3 10.0.0.21 00:BC:99:12:34:56 Hangzhou Hikvision Digital Technology
}
