package hwsheet

import (
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/hwtext/hwgolden"

	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

func registry(opts Options) *ingest.Registry {
	if opts.Workbooks == nil {
		opts.Workbooks = testWorkbooks
	}
	return ingest.NewRegistry(NewXLSX(opts), NewCSV(opts))
}

// Without a workbook reader, an XLSX input is recognised and the error
// says what is missing.
func TestXLSXWithoutReader(t *testing.T) {
	var buf bytes.Buffer
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "Manufacturer")
	f.SetCellValue("Sheet1", "A2", "Micron")
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	_, err := NewXLSX(Options{}).Decode(context.Background(), bytes.NewReader(buf.Bytes()), "book.xlsx")
	if !errors.Is(err, ErrNoWorkbookReader) || !strings.Contains(err.Error(), "book.xlsx") {
		t.Errorf("got %v, want an error naming the file and wrapping ErrNoWorkbookReader", err)
	}
}

func decodeFile(t *testing.T, path string, opts Options) (*inventory.Inventory, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return registry(opts).Decode(context.Background(), f, filepath.ToSlash(path))
}

func mustDecode(t *testing.T, path string) *inventory.Inventory {
	t.Helper()
	inv, err := decodeFile(t, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestGolden(t *testing.T) {
	var files []string
	for _, g := range []string{"testdata/corpus/*.csv", "testdata/fixtures/*.csv", "testdata/fixtures/*.xlsx"} {
		m, _ := filepath.Glob(g)
		files = append(files, m...)
	}
	if len(files) < 14 {
		t.Fatalf("expected corpus and fixtures, found %d files", len(files))
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			inv, err := decodeFile(t, path, Options{})
			var got []byte
			if err != nil {
				got = hwgolden.JSON(map[string]string{"error": err.Error()})
			} else {
				got = hwgolden.JSON(inv)
			}
			golden := filepath.Join("testdata/golden", filepath.Base(filepath.Dir(path))+"-"+filepath.Base(path)+".golden.json")
			hwgolden.CompareFile(t, golden, got)
		})
	}
}

// checkMicron asserts what the Micron sheet yields, in CSV or XLSX.
func checkMicron(t *testing.T, inv *inventory.Inventory) {
	t.Helper()
	if len(inv.Components) != 3 {
		t.Fatalf("%d components, want 3", len(inv.Components))
	}
	for i, want := range []struct {
		vendor string
		bought string
		serial string
	}{{"Micron", "2022-06-01", "1F2E3D4C"}, {"Micron Technology", "2023-06-01", "1F2E3D4D"}} {
		c := inv.Components[i]
		if c.Kind != inventory.KindMemory || c.Name != "DIMM 16GB DDR4-2666 RDIMM" || c.Serial != want.serial {
			t.Errorf("row %d: %+v", i, c)
		}
		if !c.PurchaseDate.Equal(day(want.bought)) {
			t.Errorf("row %d: purchase date %v, want %s", i, c.PurchaseDate, want.bought)
		}
		if len(c.Parties) != 1 || c.Parties[0] != (inventory.Party{Role: inventory.RoleManufacturer, Name: want.vendor, Field: "Manufacturer"}) {
			t.Errorf("row %d: parties %+v", i, c.Parties)
		}
		if len(c.Identifiers) != 1 || c.Identifiers[0] != (inventory.Identifier{Kind: inventory.IDPartNumber, Value: "18ASF2G72PZ-2G6D1", Field: "Part Number"}) {
			t.Errorf("row %d: identifiers %+v", i, c.Identifiers)
		}
	}
	nic := inv.Components[2]
	if nic.Kind != inventory.KindNIC || nic.Name != "NIC, dual port 10GbE" || len(nic.Identifiers) != 2 ||
		nic.Identifiers[1] != (inventory.Identifier{Kind: inventory.IDMAC, Value: "F8:F2:1E:A6:89:A1", Field: "MAC"}) {
		t.Errorf("nic %+v", nic)
	}
}

func TestMicronCSV(t *testing.T) {
	inv := mustDecode(t, "testdata/fixtures/micron-dimms.csv")
	if inv.Format != CSVID {
		t.Fatalf("format %q", inv.Format)
	}
	checkMicron(t, inv)
	c := inv.Components[1]
	if c.Location.Line != 3 || c.Site != "Shanghai" {
		t.Errorf("location %+v site %q", c.Location, c.Site)
	}
	want := []inventory.Property{{Name: "category", Value: "RAM"}, {Name: "asset_tag", Value: "IT-1002"}, {Name: "Price (EUR)", Value: "92.50"}}
	if len(c.Properties) != len(want) {
		t.Fatalf("properties %+v", c.Properties)
	}
	for i := range want {
		if c.Properties[i] != want[i] {
			t.Errorf("property %d = %+v, want %+v", i, c.Properties[i], want[i])
		}
	}
}

// micronRows is the Micron CSV as typed values; dates are time.Time so
// that excelize writes real date cells.
var micronRows = [][]any{
	{"Item", "Manufacturer", "Part Number", "Serial Number", "Category", "Purchase Date", "Site", "Asset Tag", "MAC", "Price (EUR)"},
	{"DIMM 16GB DDR4-2666 RDIMM", "Micron", "18ASF2G72PZ-2G6D1", "1F2E3D4C", "Memory", day("2022-06-01"), "Berlin", "IT-1001", nil, "89.00"},
	{"DIMM 16GB DDR4-2666 RDIMM", "Micron Technology", "18ASF2G72PZ-2G6D1", "1F2E3D4D", "RAM", day("2023-06-01"), "Shanghai", "IT-1002", nil, "92.50"},
	{"NIC, dual port 10GbE", "Intel", "X710DA2", nil, "Network adapter", day("2023-07-15"), "Shanghai", "IT-1003", "F8:F2:1E:A6:89:A1", "310.00"},
}

// writeXLSX writes rows to sheet from firstRow on, with optional extra
// content, and saves the workbook.
func writeXLSX(t *testing.T, path, sheet string, firstRow int, rows [][]any, extra func(f *excelize.File)) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		t.Fatal(err)
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, firstRow+i)
		r := row
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	if extra != nil {
		extra(f)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// TestXLSXTwin: the same sheet as XLSX, with real date cells, yields what
// the CSV yields.
func TestXLSXTwin(t *testing.T) {
	path := filepath.Join(t.TempDir(), "micron.xlsx")
	writeXLSX(t, path, "Sheet1", 1, micronRows, nil)
	inv, err := decodeFile(t, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if inv.Format != XLSXID {
		t.Fatalf("format %q", inv.Format)
	}
	checkMicron(t, inv)
	if ref := inv.Components[2].Location.Ref; ref != "Sheet1!A4" || inv.Components[2].Location.Line != 4 {
		t.Errorf("location %+v", inv.Components[2].Location)
	}
	csvInv := mustDecode(t, "testdata/fixtures/micron-dimms.csv")
	for i := range csvInv.Components {
		a, b := csvInv.Components[i], inv.Components[i]
		a.Location, b.Location = inventory.Location{}, inventory.Location{}
		if ja, jb := hwgolden.JSON(a), hwgolden.JSON(b); !bytes.Equal(ja, jb) {
			t.Errorf("row %d differs:\ncsv  %s\nxlsx %s", i, ja, jb)
		}
	}
}

// TestXLSXFixture checks the committed XLSX fixture (title rows, a sheet
// name that needs quoting, a real date cell, an ISO text date, a notes
// sheet). go test -update regenerates it.
func TestXLSXFixture(t *testing.T) {
	path := "testdata/fixtures/micron-dimms.xlsx"
	if *hwgolden.Update {
		rows := [][]any{micronRows[0], micronRows[1], micronRows[2]}
		rows[2] = append([]any(nil), rows[2]...)
		rows[2][5] = "2023-06-01" // a text cell
		writeXLSX(t, path, "Inventar 2023", 3, rows, func(f *excelize.File) {
			f.SetCellValue("Inventar 2023", "A1", "Asset register 2023 (made by vendorcheck tests)")
			f.NewSheet("Notes")
			f.SetCellValue("Notes", "A1", "Prices exclude VAT")
		})
	}
	inv := mustDecode(t, path)
	if len(inv.Components) != 2 {
		t.Fatalf("%d components", len(inv.Components))
	}
	for i, want := range []string{"2022-06-01", "2023-06-01"} {
		c := inv.Components[i]
		if !c.PurchaseDate.Equal(day(want)) || c.Parties[0].Field != "Manufacturer" || c.Location.Line != 4+i {
			t.Errorf("row %d: %+v", i, c)
		}
	}
	if ref := inv.Components[0].Location.Ref; ref != "'Inventar 2023'!A4" {
		t.Errorf("ref %q", ref)
	}
}

func TestChineseHeaders(t *testing.T) {
	inv := mustDecode(t, "testdata/fixtures/chinese-headers.csv")
	want := []struct {
		vendor, model, date string
		kind                inventory.Kind
	}{
		{"华为技术有限公司", "S5735-L24T4S-A1", "2021-09-30", inventory.KindSwitch},
		{"海康威视", "DS-2CD2143G2-I", "2023-06-01", inventory.KindCamera},
		{"镁光", "MTA18ASF2G72PZ-2G6E1", "2023-06-01", inventory.KindMemory},
	}
	if len(inv.Components) != len(want) {
		t.Fatalf("%d components", len(inv.Components))
	}
	for i, w := range want {
		c := inv.Components[i]
		if c.Parties[0] != (inventory.Party{Role: inventory.RoleManufacturer, Name: w.vendor, Field: "制造商"}) || c.Model != w.model ||
			!c.PurchaseDate.Equal(day(w.date)) || c.Kind != w.kind {
			t.Errorf("row %d: %+v", i, c)
		}
	}
	if inv.Components[0].Site != "北京机房" {
		t.Errorf("site %q", inv.Components[0].Site)
	}
}

func TestSemicolonGerman(t *testing.T) {
	inv := mustDecode(t, "testdata/fixtures/semicolon.csv")
	if len(inv.Components) != 2 {
		t.Fatalf("%d components", len(inv.Components))
	}
	cam := inv.Components[0]
	if cam.Parties[0] != (inventory.Party{Role: inventory.RoleManufacturer, Name: "Dahua", Field: "Hersteller"}) || cam.Model != "DH-IPC-HFW2431S" ||
		!cam.PurchaseDate.Equal(day("2021-03-15")) || cam.Site != "Köln" || cam.Serial != "7A0F3B1" || cam.Name != "Kamera Eingang" {
		t.Errorf("camera %+v", cam)
	}
	if len(cam.Identifiers) != 1 || cam.Identifiers[0] != (inventory.Identifier{Kind: inventory.IDMAC, Value: "3C:EF:8C:01:02:03", Field: "MAC-Adresse"}) {
		t.Errorf("mac %+v", cam.Identifiers)
	}
	if radio := inv.Components[1]; !radio.PurchaseDate.Equal(day("2019-12-01")) || radio.Parties[0].Name != "Hytera" {
		t.Errorf("radio %+v", radio)
	}
}

func TestNetBoxExport(t *testing.T) {
	inv := mustDecode(t, "testdata/fixtures/netbox-devices.csv")
	if inv.SpecVersion != "netbox-export" || len(inv.Components) != 3 {
		t.Fatalf("spec %q, %d components", inv.SpecVersion, len(inv.Components))
	}
	sw := inv.Components[0]
	if sw.Model != "S5735-L24T4S-A1" || sw.Kind != inventory.KindSwitch || sw.Site != "Berlin DC1" || sw.Name != "sw-access-01" ||
		sw.Parties[0] != (inventory.Party{Role: inventory.RoleManufacturer, Name: "Huawei", Field: "Manufacturer"}) {
		t.Errorf("switch %+v", sw)
	}
	if inv.Components[1].Kind != inventory.KindCamera || inv.Components[2].Kind != inventory.KindSystem {
		t.Errorf("kinds %q %q", inv.Components[1].Kind, inv.Components[2].Kind)
	}
	// "Location" is a location inside the site in NetBox; Site wins.
	found := false
	for _, p := range sw.Properties {
		if p == (inventory.Property{Name: "Location", Value: "Hall A"}) {
			found = true
		}
	}
	if !found {
		t.Errorf("properties %+v", sw.Properties)
	}
}

func TestSnipeITModels(t *testing.T) {
	inv := mustDecode(t, "testdata/corpus/snipeit-models-sample.csv")
	if len(inv.Components) != 20 {
		t.Fatalf("%d components, want 20", len(inv.Components))
	}
	first := inv.Components[0]
	if first.Name != "Test Model 2" || first.Model != "9351IS25A51" || first.Location.Line != 2 ||
		first.Parties[0] != (inventory.Party{Role: inventory.RoleManufacturer, Name: "Botsford, Boyle and Herzog", Field: "Manufacturer"}) {
		t.Errorf("first %+v", first)
	}
	last := inv.Components[19]
	var notes string
	for _, p := range last.Properties {
		if p.Name == "Model Notes" {
			notes = p.Value
		}
	}
	if last.Name != "Final Test" || notes != "Sphinx of black quartz, judge my vow" || last.Model != "" || last.Location.Line != 21 {
		t.Errorf("last %+v", last)
	}
}

func TestSnipeITComponentsHasNoVendorColumn(t *testing.T) {
	_, err := decodeFile(t, "testdata/corpus/snipeit-components-sample.csv", Options{})
	if !errors.Is(err, ingest.ErrMalformed) {
		t.Fatalf("err = %v", err)
	}
	for _, want := range []string{"snipeit-components-sample.csv:1:", `"Item Name"`, `"Company"`, "--columns"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	// With the owning company named as supplier it can be read.
	inv, err := decodeFile(t, "testdata/corpus/snipeit-components-sample.csv", Options{Columns: Columns{FieldSupplier: "company"}})
	if err != nil {
		t.Fatal(err)
	}
	c := inv.Components[0]
	if c.Name != "RTX 4080" || c.Parties[0] != (inventory.Party{Role: inventory.RoleSupplier, Name: "Grokability", Field: "Company"}) ||
		!c.PurchaseDate.Equal(day("2024-01-01")) || c.Site != "Austin" || c.Serial != "123456789" {
		t.Errorf("got %+v", c)
	}
}

func TestColumnsOverride(t *testing.T) {
	const sheet = "Gerät;Produzent;Gekauft am\nKamera;Hikvision;2023-06-01\n"
	cols, err := ParseColumns("manufacturer=Produzent, purchase_date=gekauft am")
	if err != nil {
		t.Fatal(err)
	}
	if NewCSV(Options{}).Identify([]byte(sheet)) {
		t.Error("identified without the override")
	}
	d := NewCSV(Options{Columns: cols})
	if !d.Identify([]byte(sheet)) {
		t.Fatal("not identified with the override")
	}
	inv, err := d.Decode(context.Background(), strings.NewReader(sheet), "de.csv")
	if err != nil {
		t.Fatal(err)
	}
	c := inv.Components[0]
	if c.Parties[0] != (inventory.Party{Role: inventory.RoleManufacturer, Name: "Hikvision", Field: "Produzent"}) || !c.PurchaseDate.Equal(day("2023-06-01")) {
		t.Errorf("got %+v", c)
	}
	// An override column that is missing is an error naming it.
	_, err = NewCSV(Options{Columns: Columns{FieldManufacturer: "Hersteller"}}).Decode(context.Background(), strings.NewReader("Vendor,Model\nx,y\n"), "x.csv")
	if err == nil || !strings.Contains(err.Error(), `manufacturer="Hersteller"`) {
		t.Errorf("missing override column: %v", err)
	}
}

func TestParseColumns(t *testing.T) {
	cols, err := ParseColumns("manufacturer=Hersteller,purchase_date=Kaufdatum")
	if err != nil || len(cols) != 2 || cols[FieldManufacturer] != "Hersteller" || cols[FieldPurchaseDate] != "Kaufdatum" {
		t.Fatalf("%v %v", cols, err)
	}
	for spec, want := range map[string]string{
		"maker=Hersteller":         `unknown field "maker"`,
		"manufacturer":             "is not field=header",
		"model=A,model=B":          `field "model" named twice`,
		"serial=":                  `field "serial": empty header`,
		"":                         "empty specification",
		"Purchase_Date=Kaufdatum,": "", // field names fold case
	} {
		_, err := ParseColumns(spec)
		if want == "" {
			if err != nil {
				t.Errorf("ParseColumns(%q): %v", spec, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseColumns(%q) = %v, want %q", spec, err, want)
		}
	}
}

func TestBadInput(t *testing.T) {
	for file, want := range map[string][]string{
		"ragged.csv":         {"ragged.csv:3: csv: malformed input: row has 2 cells, the header (line 1) has 3"},
		"bad-date.csv":       {"bad-date.csv:3: csv: malformed input: column 3 (\"Purchase Date\"): \"last spring\" is not a date"},
		"ambiguous-date.csv": {"ambiguous-date.csv:2: csv: malformed input: column 3 (\"Purchase Date\"): ambiguous date \"03/04/2023\": 3 April or 4 March"},
		"mixed-order.csv":    {"mixed-order.csv:3:", "month-first", "line 2"},
		"bad-mac.csv":        {"bad-mac.csv:3:", `column 3 ("MAC")`, `"00:BC:99:12:34" is not a MAC address`},
	} {
		_, err := decodeFile(t, "testdata/fixtures/"+file, Options{})
		if !errors.Is(err, ingest.ErrMalformed) {
			t.Errorf("%s: err = %v", file, err)
			continue
		}
		for _, w := range want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", file, err, w)
			}
		}
	}
	_, err := decodeFile(t, "testdata/fixtures/unknown-headers.csv", Options{})
	if !errors.Is(err, ingest.ErrUnknownFormat) {
		t.Errorf("unknown headers: %v", err)
	}
	// Decoded directly (as with --format csv), the error lists the headers.
	_, err = NewCSV(Options{}).Decode(context.Background(), strings.NewReader("Foo,Bar,Baz\n1,2,3\n"), "u.csv")
	if !errors.Is(err, ingest.ErrMalformed) || !strings.Contains(err.Error(), `first row: "Foo", "Bar", "Baz"`) {
		t.Errorf("direct: %v", err)
	}
	_, err = NewCSV(Options{}).Decode(context.Background(), strings.NewReader("Manufacturer,Model\n\"Micron,x\n"), "q.csv")
	if !errors.Is(err, ingest.ErrMalformed) || !strings.HasPrefix(err.Error(), "q.csv:2: csv:") {
		t.Errorf("quote: %v", err)
	}
}

func TestDisambiguatedColumn(t *testing.T) {
	inv := mustDecode(t, "testdata/fixtures/dmy-column.csv")
	for i, want := range []string{"2023-04-03", "2023-03-25", "2023-05-05"} {
		if got := inv.Components[i].InstallDate; !got.Equal(day(want)) {
			t.Errorf("row %d: %v, want %s", i, got, want)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, c := range []struct {
		in    string
		order dateOrder
		d1904 bool
		want  string // "" = zero; "!" = error
	}{
		{"2022-06-01", orderUnknown, false, "2022-06-01"},
		{"2022/6/1", orderUnknown, false, "2022-06-01"},
		{"2022.06.01", orderUnknown, false, "2022-06-01"},
		{"01.06.2022", orderUnknown, false, "2022-06-01"},
		{"2022-06-01T23:30:00-05:00", orderUnknown, false, "2022-06-01"},
		{"2022-06-01 08:00:00", orderUnknown, false, "2022-06-01"},
		{"44713", orderUnknown, false, "2022-06-01"},
		{"44713.75", orderUnknown, false, "2022-06-01"},
		{"43251", orderUnknown, true, "2022-06-01"},
		{"1 Jun 2022", orderUnknown, false, "2022-06-01"},
		{"Jun 1, 2022", orderUnknown, false, "2022-06-01"},
		{"2022年6月1日", orderUnknown, false, "2022-06-01"},
		{"25/03/2023", orderUnknown, false, "2023-03-25"},
		{"03/25/2023", orderUnknown, false, "2023-03-25"},
		{"03/04/2023", orderDMY, false, "2023-04-03"},
		{"03/04/2023", orderMDY, false, "2023-03-04"},
		{"04-04-2023", orderUnknown, false, "2023-04-04"},
		{"03/04/2023", orderUnknown, false, "!"},
		{"3/4/23", orderUnknown, false, "!"},
		{"2023", orderUnknown, false, "!"},
		{"2023-02-30", orderUnknown, false, "!"},
		{"13.13.2023", orderUnknown, false, "!"},
		{"n/a", orderUnknown, false, ""},
		{"", orderUnknown, false, ""},
	} {
		got, err := parseDate(c.in, c.order, c.d1904)
		switch c.want {
		case "!":
			if err == nil {
				t.Errorf("parseDate(%q) = %v, want an error", c.in, got)
			}
		case "":
			if err != nil || !got.IsZero() {
				t.Errorf("parseDate(%q) = %v, %v; want zero", c.in, got, err)
			}
		default:
			if err != nil || !got.Equal(day(c.want)) {
				t.Errorf("parseDate(%q) = %v, %v; want %s", c.in, got, err, c.want)
			}
		}
	}
}

func TestEncodings(t *testing.T) {
	// Excel's "Unicode text": UTF-16LE with a BOM, tab separated.
	text := "Hersteller\tModell\tKaufdatum\r\nHuawei\tS5735\t2021-09-30\r\n"
	u16 := []byte{0xff, 0xfe}
	for _, r := range text {
		u16 = append(u16, byte(r), byte(r>>8))
	}
	// Windows-1252: "Gerät" with ä as 0xE4.
	cp := []byte("Ger\xe4t;Hersteller;Modell\nFunkger\xe4t;Hytera;PD785G\n")
	for name, in := range map[string][]byte{"utf16.csv": u16, "cp1252.csv": cp} {
		inv, err := registry(Options{}).Decode(context.Background(), bytes.NewReader(in), name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(inv.Components) != 1 || len(inv.Components[0].Parties) != 1 {
			t.Errorf("%s: %+v", name, inv.Components)
		}
	}
	inv, _ := registry(Options{}).Decode(context.Background(), bytes.NewReader(cp), "cp1252.csv")
	if inv != nil && inv.Components[0].Name != "Funkgerät" {
		t.Errorf("cp1252 name %q", inv.Components[0].Name)
	}
}

func TestCellTooLarge(t *testing.T) {
	in := "Manufacturer,Model\nHuawei," + strings.Repeat("x", MaxCellSize+1) + "\n"
	_, err := NewCSV(Options{}).Decode(context.Background(), strings.NewReader(in), "big.csv")
	if !errors.Is(err, ingest.ErrTooLarge) || !strings.HasPrefix(err.Error(), "big.csv:2:") {
		t.Errorf("err = %v", err)
	}
}

// zipWith builds a zip holding a workbook part and one raw entry.
func zipWith(t *testing.T, name string, declared uint64, payload []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("xl/workbook.xml")
	w.Write([]byte(`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="S" sheetId="1" r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></sheets></workbook>`))
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestSpeed)
	fw.Write(payload)
	fw.Close()
	raw, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(payload),
		CompressedSize64: uint64(comp.Len()), UncompressedSize64: declared})
	if err != nil {
		t.Fatal(err)
	}
	raw.Write(comp.Bytes())
	zw.Close()
	return buf.Bytes()
}

func TestZipBombs(t *testing.T) {
	// A part that declares more than the limit is refused unread.
	declared := zipWith(t, "xl/worksheets/sheet1.xml", MaxXLSXUncompressed+1, []byte("<worksheet/>"))
	if !NewXLSX(Options{}).Identify(declared) {
		t.Fatal("not identified as XLSX")
	}
	_, err := registry(Options{}).Decode(context.Background(), bytes.NewReader(declared), "declared.xlsx")
	if !errors.Is(err, ingest.ErrTooLarge) {
		t.Errorf("declared bomb: %v", err)
	}
	// A part that lies about its size fails when it inflates past it.
	lying := zipWith(t, "xl/worksheets/sheet1.xml", 100, make([]byte, 8<<20))
	_, err = registry(Options{}).Decode(context.Background(), bytes.NewReader(lying), "lying.xlsx")
	if err == nil || !errors.Is(err, ingest.ErrMalformed) {
		t.Errorf("lying bomb: %v", err)
	}
}

func TestIdentify(t *testing.T) {
	c, x := NewCSV(Options{}), NewXLSX(Options{})
	for head, want := range map[string]bool{
		"Manufacturer,Model\nMicron,x\n":                      true,
		"Asset register 2023\n\nVendor;Model;Serial\nx;y;z\n": true, // title rows
		"sep=;\nHersteller;Modell\nx;y\n":                     true,
		"\ufeffName\tManufacturer\tSerial\n":                  true,
		"Manufacturer: Dell Inc.\nProduct Name: PowerEdge\n":  false, // dmidecode
		"Vendor:\tIntel Corporation\nDevice:\tEthernet\n":     false, // lspci -vmm
		"manufacturer: Huawei\nmodel: 2288H V5\nslug: x\n":    false, // NetBox YAML
		`{"Manufacturer":"x","Model":"y"}`:                    false,
		`<?xml version="1.0"?><nmaprun>`:                      false,
		"SPDXVersion: SPDX-2.3\nPackageName: x, y\n":          false,
		// Source code and prose that name a manufacturer and a model on one
		// line are not a sheet.
		"package x\n\n// note, source; kinds pci, usb, jedec as \"bank1:0x2C\", iana_pen).\n": false,
		"import (\n\t\"fmt\"\n)\n// Manufacturer, Model, Serial\n":                            false,
		"Export it:\n\n  Manufacturer, Model, Serial\n":                                       false,
		"The manufacturer, the model and the serial number, where known, are read.\n":         false,
		"#TYPE Selected.System.Management.ManagementObject\n\"Manufacturer\",\"Model\"\n":     true,
		"Foo,Bar\n1,2\n":                false,
		"PK\x03\x04....xl/workbook.xml": false,
	} {
		if got := c.Identify([]byte(head)); got != want {
			t.Errorf("csv.Identify(%.40q) = %v, want %v", head, got, want)
		}
	}
	if !x.Identify([]byte("PK\x03\x04\x14\x00....[Content_Types].xml....xl/workbook.xml")) {
		t.Error("xlsx not identified")
	}
	if x.Identify([]byte("PK\x03\x04\x14\x00....word/document.xml")) {
		t.Error("docx identified as xlsx")
	}
}
