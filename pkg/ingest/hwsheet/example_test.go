package hwsheet_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/ingest/hwsheet"
)

func ExampleNewCSV() {
	sheet := "Hersteller;Modell;Teilenummer;Kaufdatum\nMicron;DDR4 RDIMM 16GB;18ASF2G72PZ-2G6D1;01.06.2023\n"
	inv, err := hwsheet.NewCSV(hwsheet.Options{}).Decode(context.Background(), strings.NewReader(sheet), "assets.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range inv.Components {
		fmt.Println(c.Location, c.Parties[0].Name, c.Parties[0].Field, c.Identifiers[0].Value, c.PurchaseDate.Format("2006-01-02"))
	}
	// Output: assets.csv:2 Micron Hersteller 18ASF2G72PZ-2G6D1 2023-06-01
}

func ExampleParseColumns() {
	cols, err := hwsheet.ParseColumns("manufacturer=Produzent,purchase_date=Gekauft am")
	if err != nil {
		fmt.Println(err)
		return
	}
	dec := hwsheet.NewCSV(hwsheet.Options{Columns: cols})
	inv, err := dec.Decode(context.Background(), strings.NewReader("Produzent,Gekauft am\nHikvision,2023-06-01\n"), "de.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(inv.Components[0].Parties[0].Name, inv.Components[0].PurchaseDate.Format("2006-01-02"))
	_, err = hwsheet.ParseColumns("maker=Produzent")
	fmt.Println(err)
	// Output:
	// Hikvision 2023-06-01
	// columns: unknown field "maker" (fields: name, manufacturer, vendor, supplier, model, part_number, serial, purchase_date, install_date, site, asset_tag, host, mac, category)
}
