package glpi

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/category"
	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/hwtext/hwgolden"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

func decodeFile(t *testing.T, path string) (*inventory.Inventory, error) {
	return hwgolden.Read(t, ingest.NewRegistry(New()), path)
}

// TestGolden pins what every corpus file and fixture yields (go test -update).
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/corpus/*.json")
	fixtures, _ := filepath.Glob("testdata/fixtures/*.json")
	if len(files) < 4 || len(fixtures) < 1 {
		t.Fatalf("found %d and %d", len(files), len(fixtures))
	}
	hwgolden.Each(t, append(files, fixtures...), hwgolden.GoldenName, decodeFile, func(t *testing.T, path string, inv *inventory.Inventory) {
		hwgolden.CheckLocations(t, inv, true)
	})
}

func find(t *testing.T, inv *inventory.Inventory, ref string) inventory.Component {
	t.Helper()
	for _, c := range inv.Components {
		if c.Location.Ref == ref {
			return c
		}
	}
	t.Fatalf("no component %q in %s", ref, inv.Source)
	return inventory.Component{}
}

func TestComputer(t *testing.T) {
	inv, err := decodeFile(t, "testdata/corpus/computer_1.json")
	if err != nil {
		t.Fatal(err)
	}
	if inv.Host != "glpixps" {
		t.Errorf("host %q", inv.Host)
	}
	if c := find(t, inv, "bios/system"); c.Model != "XPS 13 9350" || !hwgolden.HasParty(c, inventory.RoleManufacturer, "Dell Inc.") {
		t.Errorf("system: %+v", c)
	}
	if c := find(t, inv, "memories/0"); !hwgolden.HasParty(c, inventory.RoleManufacturer, "Elpida") {
		t.Errorf("memory: %+v", c)
	}
	if c := find(t, inv, "controllers/0"); !hwgolden.HasID(c, inventory.IDPCIVendor, "8086") || !hwgolden.HasID(c, inventory.IDPCIVendor, "1028") {
		t.Errorf("controller: %+v", c)
	}
	if c := find(t, inv, "usbdevices/0"); !hwgolden.HasID(c, inventory.IDUSBVendor, "0bda") {
		t.Errorf("usb: %+v", c)
	}
	for _, c := range inv.Components {
		if c.Kind == inventory.KindNIC && strings.HasPrefix(c.Name, "lo") {
			t.Errorf("loopback kept: %+v", c)
		}
	}
}

func TestNetworkDevice(t *testing.T) {
	inv, err := decodeFile(t, "testdata/fixtures/huawei-switch.json")
	if err != nil {
		t.Fatal(err)
	}
	c := find(t, inv, "network_device")
	if c.Kind != inventory.KindSwitch || c.Model != "S5735-L48T4X-A1" || !hwgolden.HasID(c, inventory.IDMAC, "00:e0:fc:12:34:56") || inv.Host != "sw-floor2" {
		t.Errorf("%+v", c)
	}
}

func TestIdentify(t *testing.T) {
	d := New()
	for in, want := range map[string]bool{
		`{"content": {"versionclient": "x", "bios": {}}}`:          true,
		`{"action": "inventory", "content": {"memories": []}}`:     true,
		`{"content": "hello", "title": "blog post"}`:               false,
		`{"bomFormat": "CycloneDX", "content": {"softwares": []}}`: false,
	} {
		if got := d.Identify([]byte(in)); got != want {
			t.Errorf("Identify(%s) = %v", in, got)
		}
	}
}

// The agent writes USB classes in decimal ("9" hub, "10" CDC data): kept as
// the two hex digits categories read.
func TestUSBClass(t *testing.T) {
	inv, err := decodeFile(t, "testdata/corpus/computer_1.json")
	if err != nil {
		t.Fatal(err)
	}
	for ref, want := range map[string]string{"usbdevices/0": "0a", "usbdevices/1": "09"} {
		c := find(t, inv, ref)
		got := ""
		for _, p := range c.Properties {
			if p.Name == category.PropUSBClass {
				got = p.Value
			}
		}
		if got != want {
			t.Errorf("%s: usb-class %q, want %q", ref, got, want)
		}
	}
	c := find(t, inv, "usbdevices/1")
	if d := category.Decide(&c, nil); !strings.Contains(d.Signal, "USB device class 09 (hub)") {
		t.Errorf("decision %+v", d)
	}
}
