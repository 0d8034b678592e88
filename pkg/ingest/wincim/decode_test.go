package wincim

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
	return hwgolden.Read(t, ingest.NewRegistry(NewJSON(), NewCSV()), path)
}

// TestGolden pins what every fixture yields (go test -update).
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/fixtures/*")
	var paths []string
	for _, p := range files {
		if !strings.HasSuffix(p, ".md") {
			paths = append(paths, p)
		}
	}
	if len(paths) < 5 {
		t.Fatalf("found %d fixtures", len(paths))
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			inv, err := decodeFile(t, path)
			var got []byte
			if err != nil {
				got = hwgolden.JSON(map[string]string{"error": err.Error()})
			} else {
				hwgolden.CheckLocations(t, inv, true)
				got = hwgolden.JSON(inv)
			}
			hwgolden.CompareFile(t, filepath.Join("testdata/golden", filepath.Base(path)+".golden.json"), got)
		})
	}
}

func TestPnPIdentifiersUTF16(t *testing.T) {
	inv, err := decodeFile(t, "testdata/fixtures/pnpentity.utf16.json")
	if err != nil {
		t.Fatal(err)
	}
	if inv.Format != IDJSON || len(inv.Components) != 3 {
		t.Fatalf("%s, %d components", inv.Format, len(inv.Components))
	}
	nvme, cam, acpi := inv.Components[0], inv.Components[1], inv.Components[2]
	if nvme.Kind != inventory.KindPCI || !hwgolden.HasID(nvme, inventory.IDPCIVendor, "1344") || nvme.Identifiers[0].Field != "PNPDeviceID" {
		t.Errorf("pci: %+v", nvme)
	}
	if cam.Kind != inventory.KindUSB || !hwgolden.HasID(cam, inventory.IDUSBVendor, "2bdf") {
		t.Errorf("usb: %+v", cam)
	}
	if len(acpi.Identifiers) != 0 || len(acpi.Parties) != 0 {
		t.Errorf("acpi: %+v", acpi)
	}
}

func TestClasses(t *testing.T) {
	inv, err := decodeFile(t, "testdata/fixtures/physicalmemory.json")
	if err != nil {
		t.Fatal(err)
	}
	if c := inv.Components[1]; c.Kind != inventory.KindMemory || !hwgolden.HasID(c, inventory.IDJEDEC, "802C0000802C") {
		t.Errorf("memory: %+v", c)
	}
	inv, err = decodeFile(t, "testdata/fixtures/diskdrive.csv")
	if err != nil {
		t.Fatal(err)
	}
	if c := inv.Components[0]; inv.Format != IDCSV || c.Model != "Micron_5300_MTFDDAK480TDS" || len(c.Parties) != 0 || c.Location.Line != 3 || inv.Host != "WS-0042" {
		t.Errorf("disk: %+v (host %q)", c, inv.Host)
	}
	inv, err = decodeFile(t, "testdata/fixtures/uninstall.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Components) != 2 || inv.Components[0].Parties[0] != (inventory.Party{Role: inventory.RolePublisher, Name: "AO Kaspersky Lab", Field: "Publisher"}) {
		t.Errorf("uninstall: %+v", inv.Components)
	}
}

func TestUnknownClass(t *testing.T) {
	_, err := ingest.NewRegistry(NewJSON()).Decode(context.Background(), strings.NewReader(`[{"Name":"svchost","PSComputerName":"x","ProcessId":4}]`), "p.json")
	if err == nil || !strings.Contains(err.Error(), "no instance of a class") {
		t.Errorf("got %v", err)
	}
}

func TestIdentify(t *testing.T) {
	j, c := NewJSON(), NewCSV()
	for _, tc := range []struct {
		in        string
		json, csv bool
	}{
		{`[{"Name":"x","CimSystemProperties":{"ClassName":"Win32_BIOS"}}]`, true, false},
		{`{"@odata.type":"#Memory.v1_0_0.Memory","PNPDeviceID":"x"}`, false, false},
		{"#TYPE Microsoft.Management.Infrastructure.CimInstance#root/cimv2/Win32_BIOS\n\"Name\"\n", false, true},
		{"\"DisplayName\",\"UninstallString\"\n\"x\",\"y\"\n", false, true},
		{"Name,Manufacturer,Model\nsw1,Huawei,S5735\n", false, false},
		// An inventory that merely names the field (a golden file) is not an export.
		{`{"components": [{"identifiers": [{"kind": "pci-vendor", "field": "PNPDeviceID"}]}]}`, false, false},
	} {
		if got := j.Identify([]byte(tc.in)); got != tc.json {
			t.Errorf("json Identify(%q) = %v", tc.in, got)
		}
		if got := c.Identify([]byte(tc.in)); got != tc.csv {
			t.Errorf("csv Identify(%q) = %v", tc.in, got)
		}
	}
}

// Get-WmiObject's instances (Windows PowerShell 5.1) name their class in
// "__CLASS" (ConvertTo-Json) or as "ManagementObject#root\cimv2\CLASS"
// (Export-Csv's #TYPE line), not in CimSystemProperties: the class is read
// from either, so an instance with too few properties to be recognised by
// them is still read.
func TestGetWmiObjectClass(t *testing.T) {
	for _, tc := range []struct{ name, in string }{
		{"wmi.json", `{"__GENUS":2,"__CLASS":"Win32_PnPEntity","__SUPERCLASS":"CIM_LogicalDevice","Name":"USB Camera","PNPDeviceID":"USB\\VID_2BDF\u0026PID_0001\\5\u00261","PSComputerName":"WS-17"}`},
		{"wmi.csv", "#TYPE System.Management.ManagementObject#root\\cimv2\\Win32_PnPEntity\n\"Name\",\"PNPDeviceID\"\n\"USB Camera\",\"USB\\VID_2BDF&PID_0001\\5&1\"\n"},
	} {
		inv, err := ingest.NewRegistry(NewJSON(), NewCSV()).Decode(context.Background(), strings.NewReader(tc.in), tc.name)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if len(inv.Components) != 1 || !hwgolden.HasID(inv.Components[0], inventory.IDUSBVendor, "2bdf") {
			t.Errorf("%s: %+v", tc.name, inv.Components)
		}
	}
}
