package redfish

import (
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/hwtext/hwgolden"

	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

func registry() *ingest.Registry { return ingest.NewRegistry(New(), NewBMCLib()) }

func decodeFile(t *testing.T, path string) (*inventory.Inventory, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return registry().Decode(context.Background(), f, filepath.ToSlash(path))
}

// TestGolden pins what every corpus file and fixture yields.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/corpus/*.json")
	fixtures, _ := filepath.Glob("testdata/fixtures/*.json")
	files = append(files, fixtures...)
	if len(files) < 10 {
		t.Fatalf("expected corpus and fixtures, found %d files", len(files))
	}
	hwgolden.Each(t, files, func(path string) string {
		return filepath.Join("testdata/golden", filepath.Base(filepath.Dir(path))+"-"+strings.TrimSuffix(filepath.Base(path), ".json")+".golden.json")
	}, decodeFile, func(t *testing.T, path string, inv *inventory.Inventory) {
		for _, c := range inv.Components {
			if c.Location.File != filepath.ToSlash(path) || c.Location.Ref == "" || c.Location.Line == 0 {
				t.Errorf("component %q has an incomplete location %+v", c.Name, c.Location)
			}
		}
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

func hasID(c inventory.Component, want inventory.Identifier) bool {
	for _, id := range c.Identifiers {
		if id == want {
			return true
		}
	}
	return false
}

func hasParty(c inventory.Component, want inventory.Party) bool {
	for _, p := range c.Parties {
		if p == want {
			return true
		}
	}
	return false
}

func TestSamsungDIMM(t *testing.T) {
	inv, err := decodeFile(t, "testdata/corpus/bmclib-smc_dimm-memory_dimm1.json")
	if err != nil {
		t.Fatal(err)
	}
	if inv.Format != ID || len(inv.Components) != 1 {
		t.Fatalf("format %q, %d components; want redfish, 1", inv.Format, len(inv.Components))
	}
	c := inv.Components[0]
	if c.Kind != inventory.KindMemory || c.Serial != "TESTDIMMSERIAL01" || c.Location.Ref != "/redfish/v1/Systems/1/Memory/DIMM1" || c.Location.Line != 1 {
		t.Errorf("got %+v", c)
	}
	if !hasID(c, inventory.Identifier{Kind: inventory.IDPartNumber, Value: "M393A8G40CB4-CWE", Field: "PartNumber"}) {
		t.Errorf("part number missing: %+v", c.Identifiers)
	}
	if !hasParty(c, inventory.Party{Role: inventory.RoleManufacturer, Name: "Samsung", Field: "Manufacturer"}) {
		t.Errorf("manufacturer missing: %+v", c.Parties)
	}
}

func TestMicronDIMM(t *testing.T) {
	inv, err := decodeFile(t, "testdata/fixtures/memory-micron.json")
	if err != nil {
		t.Fatal(err)
	}
	c := find(t, inv, "DIMM Slot 4")
	if !hasParty(c, inventory.Party{Role: inventory.RoleManufacturer, Name: "Micron", Field: "Manufacturer"}) ||
		!hasID(c, inventory.Identifier{Kind: inventory.IDPartNumber, Value: "18ASF2G72PZ-2G6D1", Field: "PartNumber"}) ||
		!hasID(c, inventory.Identifier{Kind: inventory.IDJEDEC, Value: "0x802c", Field: "ModuleManufacturerID"}) {
		t.Errorf("got %+v", c)
	}
	// A zero controller id is "not reported", not a manufacturer.
	for _, id := range c.Identifiers {
		if id.Field == "MemorySubsystemControllerManufacturerID" {
			t.Errorf("zero id kept: %+v", id)
		}
	}
}

func TestPCIeFunctionVendorID(t *testing.T) {
	inv, err := decodeFile(t, "testdata/fixtures/pciefunction-huawei.json")
	if err != nil {
		t.Fatal(err)
	}
	c := find(t, inv, "PCIe Function 0")
	if c.Kind != inventory.KindPCI {
		t.Errorf("kind %q", c.Kind)
	}
	if !hasID(c, inventory.Identifier{Kind: inventory.IDPCIVendor, Value: "19e5", Field: "VendorId"}) ||
		!hasID(c, inventory.Identifier{Kind: inventory.IDPCIVendor, Value: "8086", Field: "SubsystemVendorId"}) {
		t.Errorf("identifiers %+v", c.Identifiers)
	}
	// DeviceId is not a vendor id.
	for _, id := range c.Identifiers {
		if id.Field == "DeviceId" {
			t.Errorf("device id taken as identifier: %+v", id)
		}
	}
}

func TestExpandedCollection(t *testing.T) {
	inv, err := decodeFile(t, "testdata/fixtures/expanded-collection.json")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range inv.Components {
		names = append(names, c.Name)
	}
	if got := strings.Join(names, ","); got != "DIMM1,DIMM2,eth0,PSU1" {
		t.Fatalf("components %s", got)
	}
	if d2 := find(t, inv, "DIMM2"); len(d2.Parties) != 0 || d2.Assessable() {
		t.Errorf("placeholder manufacturer kept: %+v", d2)
	}
	eth := find(t, inv, "eth0")
	if len(eth.Identifiers) != 1 || eth.Identifiers[0] != (inventory.Identifier{Kind: inventory.IDMAC, Value: "00:1F:54:12:34:56", Field: "PermanentMACAddress"}) {
		t.Errorf("mac %+v", eth.Identifiers)
	}
	psu := find(t, inv, "PSU1")
	if psu.Location.Ref != "/redfish/v1/Chassis/1/Power#/PowerSupplies/0" || psu.Location.Line != 31 {
		t.Errorf("psu location %+v", psu.Location)
	}
}

func TestArrayPointers(t *testing.T) {
	inv, err := decodeFile(t, "testdata/fixtures/array.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Components) != 2 {
		t.Fatalf("%d components", len(inv.Components))
	}
	cpu := inv.Components[1]
	if cpu.Location.Ref != "#/1" || cpu.Location.Line != 3 || cpu.Kind != inventory.KindProcessor {
		t.Errorf("cpu %+v", cpu)
	}
	for _, id := range cpu.Identifiers {
		if id.Kind == inventory.IDPCIVendor {
			t.Errorf("CPUID vendor string taken as PCI id: %+v", id)
		}
	}
}

func TestSupermicroSystemHost(t *testing.T) {
	inv, err := decodeFile(t, "testdata/corpus/dmtf-public-rackmount1-system-437XR1138R2.json")
	if err != nil {
		t.Fatal(err)
	}
	if inv.Host != "web483" {
		t.Errorf("host %q", inv.Host)
	}
	sys := inv.Components[0]
	if sys.Kind != inventory.KindSystem || sys.Model != "3500" {
		t.Errorf("system %+v", sys)
	}
}

func TestBMCLibInventory(t *testing.T) {
	inv, err := decodeFile(t, "testdata/corpus/bmclib-inventory-output-dell-r6515.json")
	if err != nil {
		t.Fatal(err)
	}
	if inv.Format != BMCLibID {
		t.Fatalf("format %q", inv.Format)
	}
	var dimms, hynix int
	for _, c := range inv.Components {
		if c.Kind == inventory.KindMemory {
			dimms++
			if hasParty(c, inventory.Party{Role: inventory.RoleManufacturer, Name: "Hynix Semiconductor", Field: "vendor"}) &&
				hasID(c, inventory.Identifier{Kind: inventory.IDPartNumber, Value: "HMA81GR7CJR8N-XN", Field: "part_number"}) {
				hynix++
			}
		}
	}
	if dimms == 0 || hynix != dimms {
		t.Errorf("%d DIMMs, %d attributed to Hynix", dimms, hynix)
	}
	nic := find(t, inv, "NIC in Slot 3 Port 2 Partition 1")
	if !hasID(nic, inventory.Identifier{Kind: inventory.IDMAC, Value: "F8:F2:1E:A6:89:A1", Field: "macaddress"}) {
		t.Errorf("nic %+v", nic)
	}
}

func TestMalformed(t *testing.T) {
	_, err := decodeFile(t, "testdata/fixtures/truncated.json")
	if !errors.Is(err, ingest.ErrMalformed) {
		t.Fatalf("err = %v, want malformed", err)
	}
	if !strings.HasPrefix(err.Error(), "testdata/fixtures/truncated.json:") {
		t.Errorf("error does not name the file: %v", err)
	}
}

func TestTooLarge(t *testing.T) {
	big := io.MultiReader(strings.NewReader(`{"@odata.type":"#Memory.v1_0_0.Memory","Name":"`), io.LimitReader(endless('x'), MaxDocumentSize))
	_, err := New().Decode(context.Background(), big, "big.json")
	if !errors.Is(err, ingest.ErrTooLarge) {
		t.Fatalf("err = %v, want too large", err)
	}
}

// endless is an input that never ends.
type endless byte

func (e endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(e)
	}
	return len(p), nil
}

func TestIdentify(t *testing.T) {
	rf, bl := New(), NewBMCLib()
	cases := []struct {
		head    string
		redfish bool
		bmclib  bool
	}{
		{`{"@odata.type": "#Drive.v1_11_1.Drive"}`, true, false},
		{`[{"@odata.id": "/redfish/v1/Systems/1"}]`, true, false},
		{`{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"name":"x","properties":[{"name":"@odata.type","value":"#Memory."}]}]}`, false, false},
		{`{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT"}`, false, false},
		{`{"id":"core","class":"bus","vendor":"Dell","children":[{"id":"memory","class":"memory"}]}`, false, false}, // lshw -json
		{`{"oem":false,"vendor":"Dell Inc.","bmc":{},"cpus":[],"memory":[]}`, false, true},
		{`{"count":1,"results":[{"device_type":{}}]}`, false, false}, // NetBox API
		{`<nmaprun/>`, false, false},
		{``, false, false},
	}
	for _, c := range cases {
		if got := rf.Identify([]byte(c.head)); got != c.redfish {
			t.Errorf("redfish.Identify(%.40q) = %v", c.head, got)
		}
		if got := bl.Identify([]byte(c.head)); got != c.bmclib {
			t.Errorf("bmclib.Identify(%.40q) = %v", c.head, got)
		}
	}
}
