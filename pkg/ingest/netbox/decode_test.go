package netbox

import (
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/hwtext/hwgolden"

	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

func decodeFile(t *testing.T, path string) (*inventory.Inventory, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return ingest.NewRegistry(New()).Decode(context.Background(), f, filepath.ToSlash(path))
}

func TestGolden(t *testing.T) {
	var files []string
	for _, g := range []string{"testdata/corpus/*.yaml", "testdata/fixtures/*.json", "testdata/fixtures/*.yaml"} {
		m, _ := filepath.Glob(g)
		files = append(files, m...)
	}
	if len(files) < 7 {
		t.Fatalf("expected corpus and fixtures, found %d files", len(files))
	}
	hwgolden.Each(t, files, func(path string) string {
		return filepath.Join("testdata/golden", filepath.Base(filepath.Dir(path))+"-"+strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))+".golden.json")
	}, decodeFile, nil)
}

// TestDeviceTypeManufacturers: each restricted vendor's device type in the
// corpus yields one component with its manufacturer party and model.
func TestDeviceTypeManufacturers(t *testing.T) {
	cases := []struct {
		file, vendor, model, part string
		kind                      inventory.Kind
	}{
		{"Huawei_2288H-V5.yaml", "Huawei", "2288H V5", "H22-05-S8AFF", inventory.KindSystem}, // PCIe risers: a server
		{"ZTE_ZXR10-5950-28TD-L.yaml", "ZTE", "ZXR10 5950-28PD-L", "", inventory.KindSwitch},
		{"Hikvision_DS-2CD2143G2-I.yaml", "Hikvision", "DS-2CD2143G2-I", "DS-2CD2143G2-I", inventory.KindDevice},
		{"Dahua_DH-CS4006-4ET2GT-36.yaml", "Dahua", "DH-CS4006-4ET2GT-36", "DH-CS4006-4ET2GT-36", inventory.KindSwitch},
	}
	for _, tc := range cases {
		inv, err := decodeFile(t, "testdata/corpus/"+tc.file)
		if err != nil {
			t.Fatal(err)
		}
		if inv.Format != ID || len(inv.Components) != 1 {
			t.Fatalf("%s: format %q, %d components", tc.file, inv.Format, len(inv.Components))
		}
		c := inv.Components[0]
		if len(c.Parties) != 1 || c.Parties[0] != (inventory.Party{Role: inventory.RoleManufacturer, Name: tc.vendor, Field: "manufacturer"}) {
			t.Errorf("%s: parties %+v", tc.file, c.Parties)
		}
		if c.Model != tc.model || c.Kind != tc.kind || c.Location.Line != 2 {
			t.Errorf("%s: model %q kind %q line %d", tc.file, c.Model, c.Kind, c.Location.Line)
		}
		var part string
		for _, id := range c.Identifiers {
			if id.Kind == inventory.IDPartNumber && id.Field == "part_number" {
				part = id.Value
			}
		}
		if part != tc.part {
			t.Errorf("%s: part number %q, want %q", tc.file, part, tc.part)
		}
	}
}

func TestAPIDevices(t *testing.T) {
	inv, err := decodeFile(t, "testdata/fixtures/api-devices.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Components) != 3 {
		t.Fatalf("%d components", len(inv.Components))
	}
	sw, cam, anon := inv.Components[0], inv.Components[1], inv.Components[2]
	if sw.Name != "sw-access-01" || sw.Kind != inventory.KindSwitch || sw.Site != "Berlin DC1" || sw.Serial != "2102351234567890" ||
		sw.Model != "S5735-L24T4S-A1" || sw.Host != "sw-access-01" || sw.Location.Ref != "#/results/0" || sw.Location.Line != 6 {
		t.Errorf("switch %+v", sw)
	}
	if sw.Parties[0] != (inventory.Party{Role: inventory.RoleManufacturer, Name: "Huawei", Field: "device_type.manufacturer.name"}) {
		t.Errorf("switch parties %+v", sw.Parties)
	}
	if cam.Kind != inventory.KindCamera || cam.Parties[0].Name != "Hikvision" || cam.Identifiers[0].Value != "DS-2CD2143G2-I" {
		t.Errorf("camera %+v", cam)
	}
	if anon.Name != "Unnamed device (13)" || anon.Site != "Hamburg" || anon.Kind != inventory.KindSystem || len(anon.Parties) != 0 {
		t.Errorf("anonymous %+v", anon)
	}
}

func TestAPIInventoryItems(t *testing.T) {
	inv, err := decodeFile(t, "testdata/fixtures/api-inventory-items.json")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"ZTE/SFP-GE-LX-SM1310/part_id@sw-access-01", "Micron Technology/18ASF2G72PZ-2G6D1/part_id@db-01", "Dahua/DH-PFM900-E/module_type.part_number@db-01"}
	var got []string
	for _, c := range inv.Components {
		got = append(got, c.Parties[0].Name+"/"+c.Identifiers[0].Value+"/"+c.Identifiers[0].Field+"@"+c.Host)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestBadInput(t *testing.T) {
	_, err := decodeFile(t, "testdata/fixtures/bad-type.yaml")
	if !errors.Is(err, ingest.ErrMalformed) || !strings.HasPrefix(err.Error(), "testdata/fixtures/bad-type.yaml:3: ") {
		t.Errorf("bad type: %v", err)
	}
	_, err = New().Decode(context.Background(), strings.NewReader("manufacturer: Huawei\nmodel: [unclosed\nslug: x\n"), "x.yaml")
	if !errors.Is(err, ingest.ErrMalformed) || !strings.HasPrefix(err.Error(), "x.yaml:") {
		t.Errorf("invalid yaml: %v", err)
	}
	_, err = New().Decode(context.Background(), strings.NewReader(`{"results": {"device_type": 1}}`), "x.json")
	if !errors.Is(err, ingest.ErrMalformed) {
		t.Errorf("results object: %v", err)
	}
}

func TestIdentify(t *testing.T) {
	d := New()
	for head, want := range map[string]bool{
		"---\nmanufacturer: Huawei\nmodel: 2288H V5\nslug: huawei-2288h-v5\n":              true,
		"manufacturer: Cisco\nmodel: C9300-24T\npart_number: C9300-24T\n":                  true,
		`{"count": 1, "results": [{"name": "sw1", "device_type": {"model": "x"}}]}`:        true,
		`[{"name": "DIMM", "manufacturer": {"name": "Micron"}, "part_id": "18ASF"}]`:       true,
		"Name,Status,Site,Manufacturer,Type\nsw1,Active,DC1,Huawei,S5735\n":                false, // CSV: hwsheet
		"spdxVersion: SPDX-2.3\nmanufacturer: x\nmodel: y\nslug: z\n":                      false,
		"system:\n  manufacturer: Dell\n  model: R640\n  slug: r640\n":                     false, // not top-level
		`{"bomFormat": "CycloneDX", "components": [{"name": "device_type"}]}`:              false,
		`{"@odata.type": "#Chassis.v1_0_0.Chassis", "Oem": {"device_type": "x"}}`:          false,
		"Manufacturer: Dell Inc.\nProduct Name: PowerEdge R640\n":                          false, // dmidecode-like
		`<device_type><manufacturer>x</manufacturer></device_type>`:                        false,
		`{"json_format_version": [1, 0], "smartctl": {}, "device_type": {"name": "disk"}}`: false, // smartctl --json
	} {
		if got := d.Identify([]byte(head)); got != want {
			t.Errorf("Identify(%.50q) = %v, want %v", head, got, want)
		}
	}
}
