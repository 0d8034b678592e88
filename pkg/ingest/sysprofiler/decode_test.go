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
	return hwgolden.Read(t, ingest.NewRegistry(NewJSON(), NewText()), path)
}

// TestGolden pins what every fixture yields (go test -update).
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/fixtures/*.sp.*")
	if len(files) < 2 {
		t.Fatalf("found %d files", len(files))
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			inv, err := decodeFile(t, path)
			var got []byte
			if err != nil {
				got = hwgolden.JSON(map[string]string{"error": err.Error()})
			} else {
				hwgolden.CheckLocations(t, inv, true)
				got = hwgolden.JSON(inv)
			}
			golden := filepath.Join("testdata/golden", filepath.Base(filepath.Dir(path))+"-"+filepath.Base(path)+".golden.json")
			hwgolden.CompareFile(t, golden, got)
		})
	}
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
	for _, path := range []string{"testdata/fixtures/mac.sp.json", "testdata/fixtures/mac.sp.txt"} {
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
