package sysprofiler

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/hwtext/hwgolden"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

func decodeFile(t *testing.T, path string) (*inventory.Inventory, error) {
	return hwgolden.Read(t, ingest.NewRegistry(NewJSON(), NewText(), NewXML()), path)
}

// TestGolden pins what every fixture yields (go test -update).
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/fixtures/*.sp.*")
	corpus, _ := filepath.Glob("testdata/corpus/*.sp.*")
	files = append(files, corpus...)
	if len(files) < 5 {
		t.Fatalf("found %d files", len(files))
	}
	hwgolden.Each(t, files, hwgolden.GoldenName, decodeFile, func(t *testing.T, path string, inv *inventory.Inventory) {
		hwgolden.CheckLocations(t, inv, true)
	})
}

func find(t *testing.T, inv *inventory.Inventory, name string) inventory.Component {
	t.Helper()
	for _, c := range inv.Components {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no component %q in %s", name, inv.Source)
	return inventory.Component{}
}

// The same Mac inventory in both forms: the Kaspersky application's
// publisher comes from its code signature.
func TestKasperskyApplication(t *testing.T) {
	for _, path := range []string{"testdata/fixtures/mac.sp.json", "testdata/fixtures/mac.sp.txt", "testdata/fixtures/mac.sp.xml"} {
		inv, err := decodeFile(t, path)
		if err != nil {
			t.Fatal(err)
		}
		c := find(t, inv, "Kaspersky Internet Security")
		if c.Kind != inventory.KindApplication || c.Version != "21.0.16.470" || len(c.Parties) != 1 ||
			c.Parties[0] != (inventory.Party{Role: inventory.RolePublisher, Name: "Kaspersky Lab UK Limited", Field: "signed_by"}) {
			t.Errorf("%s: %+v", path, c)
		}
		if a := find(t, inv, "Automator"); len(a.Parties) != 0 {
			t.Errorf("%s: Apple app without a developer signature has parties %+v", path, a.Parties)
		}
	}
}

func TestHardwareJSON(t *testing.T) {
	inv, err := decodeFile(t, "testdata/fixtures/mac.sp.json")
	if err != nil {
		t.Fatal(err)
	}
	if inv.Format != IDJSON || inv.Host != "C02XX0000XXX" {
		t.Errorf("format %q host %q", inv.Format, inv.Host)
	}
	if c := find(t, inv, "Memory"); c.Kind != inventory.KindMemory || !hwgolden.HasParty(c, inventory.RoleManufacturer, "Micron") {
		t.Errorf("memory: %+v", c)
	}
	if c := find(t, inv, "Mavic Air 2"); !hwgolden.HasID(c, inventory.IDUSBVendor, "2ca3") || strings.Join(c.Location.Path, "/") != "USB31Bus" {
		t.Errorf("usb: %+v", c)
	}
	if c := find(t, inv, "Huawei USB Ethernet"); !hwgolden.HasID(c, inventory.IDPCIVendor, "19e5") || c.Kind != inventory.KindNIC {
		t.Errorf("ethernet: %+v", c)
	}
	if c := find(t, inv, "APPLE SSD AP0512R"); c.Kind != inventory.KindDisk || c.Model != "APPLE SSD AP0512R" {
		t.Errorf("nvme: %+v", c)
	}
}

func TestHardwareText(t *testing.T) {
	inv, err := decodeFile(t, "testdata/fixtures/mac.sp.txt")
	if err != nil {
		t.Fatal(err)
	}
	if c := find(t, inv, "BANK 0/ChannelA-DIMM0"); !hwgolden.HasID(c, inventory.IDJEDEC, "0x802C") || c.Model != "MT40A1G16KD-062E" {
		t.Errorf("dimm: %+v", c)
	}
	if c := find(t, inv, "Micron_5300_MTFDDAK480TDS"); c.Kind != inventory.KindDisk || c.Serial != "2046300A0000" {
		t.Errorf("sata: %+v", c)
	}
	if c := find(t, inv, "MacBook Pro"); c.Model != "MacBookPro16,1" || c.Location.Line != 21 {
		t.Errorf("hardware: %+v", c)
	}
	if n := len(hwgolden.Components(inv, inventory.KindMemory)); n != 2 {
		t.Errorf("%d memory modules, want 2", n)
	}
}

func TestIdentify(t *testing.T) {
	j, tx := NewJSON(), NewText()
	for _, tc := range []struct {
		in         string
		json, text bool
	}{
		{`{"SPHardwareDataType" : [{"_name": "hardware_overview"}]}`, true, false},
		{"Hardware:\n\n    Hardware Overview:\n\n      Model Name: MacBook Pro\n", false, true},
		{"Notes:\n\n    Hardware: fine\n", false, false},
		{"# Hardware:\n      Model Name: x\n", false, false},
		{`{"name": "SPHardwareDataType"}`, false, false},
	} {
		if got := j.Identify([]byte(tc.in)); got != tc.json {
			t.Errorf("json Identify(%q) = %v", tc.in, got)
		}
		if got := tx.Identify([]byte(tc.in)); got != tc.text {
			t.Errorf("text Identify(%q) = %v", tc.in, got)
		}
	}
}

func TestNoKnownSection(t *testing.T) {
	_, err := decodeFile(t, "testdata/fixtures/mac.sp.json")
	if err != nil {
		t.Fatal(err)
	}
	_, err = ingest.NewRegistry(NewJSON()).Decode(context.Background(), strings.NewReader(`{"SPPowerDataType": [{"_name": "x"}]}`), "p.json")
	if err == nil || !strings.Contains(err.Error(), "none of the data types read") {
		t.Errorf("got %v", err)
	}
}

// A property list that is cut off, nested too deep or not of plist
// values is refused with its line; one without a data type this reader
// knows is a recognised format of an unsupported kind.
func TestXMLErrors(t *testing.T) {
	head := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<plist version="1.0">` + "\n<array>\n<dict>\n<key>_dataType</key>\n<string>SPHardwareDataType</string>\n"
	deep := head + "<key>_items</key>\n" + strings.Repeat("<array>", 100) + strings.Repeat("</array>", 100) + "\n</dict>\n</array>\n</plist>\n"
	for _, tc := range []struct{ name, in, want string }{
		{"cut", head + "<key>_items</key>\n<array>\n<dict>\n<key>_name</key>\n", "x.xml:11: system-profiler-xml: malformed input: the property list is cut off"},
		{"deep", deep, "malformed input: nesting deeper than 64 levels"},
		{"foreign", head + "<key>_items</key>\n<array>\n<blob/>\n</array>\n</dict>\n</array>\n</plist>\n", "x.xml:9: system-profiler-xml: malformed input: <blob> is not a property-list value"},
		{"keyless", head + "<string>x</string>\n</dict>\n</array>\n</plist>\n", "x.xml:7: system-profiler-xml: malformed input: <string> where a dict <key> was expected"},
		{"dict root", `<plist version="1.0"><dict><key>_dataType</key><string>SPHardwareDataType</string></dict></plist>`, "malformed input: a system_profiler report must be an array of data types, not a dict"},
		{"unknown type", `<plist version="1.0"><array><dict><key>_dataType</key><string>SPFontsDataType</string></dict></array></plist>`, "unsupported"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewXML().Decode(context.Background(), strings.NewReader(tc.in), "x.xml")
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "x.xml") {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestXMLIdentify(t *testing.T) {
	d := NewXML()
	for in, want := range map[string]bool{
		`<?xml version="1.0"?><plist version="1.0"><array><dict><key>_dataType</key><string>SPUSBDataType</string>`:     true,
		"<plist version=\"1.0\">\n<array>\n\t<dict>\n\t\t<key>_dataType</key>\n\t\t<string>SPHardwareDataType</string>": true,
		`<plist version="1.0"><dict><key>CFBundleName</key><string>App</string></dict></plist>`:                         false,
		`<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components/></bom>`:                                          false,
		`{"SPHardwareDataType": [{"_name": "x"}]}`:                                                                      false,
	} {
		if got := d.Identify([]byte(in)); got != want {
			t.Errorf("Identify(%q) = %v", in, got)
		}
	}
}

// Mac OS X 10.4-10.6 reports, real ones from the corpus: the old hardware
// labels ("Machine Model", "Serial Number"), the "Serial-ATA" and "PCI
// Cards" sections, part numbers printed as hex, and the letter-prefixed
// keys of USB items in -xml ("b_vendor_id").
func TestOldReleases(t *testing.T) {
	inv, err := decodeFile(t, "testdata/corpus/glpi-agent-10.4-powerpc.sp.txt")
	if err != nil {
		t.Fatal(err)
	}
	if c := find(t, inv, "Power Mac G5"); c.Model != "PowerMac11,2" || c.Serial != "CK54202SR6V" || inv.Host != "CK54202SR6V" {
		t.Errorf("system %+v, host %q", c, inv.Host)
	}
	if c := find(t, inv, "Maxtor 6B250S0"); c.Kind != inventory.KindDisk || c.Serial != "B623KFXH" || c.Location.Ref != "SPSerialATADataType/Maxtor 6B250S0" {
		t.Errorf("disk %+v", c)
	}
	if c := find(t, inv, "GeForce 6600"); c.Kind != inventory.KindPCI || len(c.Identifiers) != 1 || c.Identifiers[0].Value != "10de" {
		t.Errorf("pci %+v", c)
	}

	inv, err = decodeFile(t, "testdata/corpus/glpi-agent-10.6-intel.sp.txt")
	if err != nil {
		t.Fatal(err)
	}
	if c := find(t, inv, "BANK 0/DIMM0"); c.Model != "8HTF12864HDY-667E1" {
		t.Errorf("hex part number read as %q", c.Model)
	}

	inv, err = decodeFile(t, "testdata/corpus/glpi-agent-usb-10.6.sp.xml")
	if err != nil {
		t.Fatal(err)
	}
	if c := find(t, inv, "JumpDrive"); len(c.Identifiers) != 1 || c.Identifiers[0].Value != "05dc" || c.Serial != "AASOP1QMSZ0XG051" {
		t.Errorf("usb %+v", c)
	}
	// Apple's own devices say "apple_vendor_id", in -json too.
	for _, path := range []string{"testdata/corpus/glpi-agent-usb-10.6.sp.xml", "testdata/corpus/cyme-usb.sp.json"} {
		inv, err := decodeFile(t, path)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range inv.Components {
			if c.Kind == inventory.KindUSB && len(c.Identifiers) == 0 {
				t.Errorf("%s: %s has no vendor id", path, c.Name)
			}
		}
	}
}

func TestHexASCII(t *testing.T) {
	for in, want := range map[string]string{
		"0x3848544631323836344844592D3636374531": "8HTF12864HDY-667E1",
		"0x313032343633363735305320202020202020": "1024636750S",
		"0x2C00000000000000":                     "",
		"0x802C":                                 "",
		"CT51264BF160BJ.C8F":                     "",
		"0x4D54000000":                           "",
	} {
		got, ok := hexASCII(in)
		if got != want || ok != (want != "") {
			t.Errorf("hexASCII(%q) = %q, %v", in, got, ok)
		}
	}
}
