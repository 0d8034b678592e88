package smartctl

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/hwtext/hwgolden"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

func registry() *ingest.Registry { return ingest.NewRegistry(NewText(), NewJSON()) }

func decodeFile(t *testing.T, path string) (*inventory.Inventory, error) {
	return hwgolden.Read(t, registry(), path)
}

// TestGolden pins what every corpus file and fixture yields (go test -update).
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/corpus/*")
	fixtures, _ := filepath.Glob("testdata/fixtures/*")
	var paths []string
	for _, p := range append(files, fixtures...) {
		if !strings.HasSuffix(p, ".md") {
			paths = append(paths, p)
		}
	}
	if len(paths) < 10 {
		t.Fatalf("expected corpus and fixtures, found %d files", len(paths))
	}
	hwgolden.Each(t, paths, hwgolden.GoldenName, decodeFile, func(t *testing.T, path string, inv *inventory.Inventory) {
		if len(inv.Components) == 0 {
			t.Error("no component")
		}
		hwgolden.CheckLocations(t, inv, true)
	})
}

func TestMicronSATAText(t *testing.T) {
	inv, err := decodeFile(t, "testdata/corpus/rootzfs-micron-5200-sata.smartctl.txt")
	if err != nil {
		t.Fatal(err)
	}
	if inv.Format != IDText || len(inv.Components) != 1 {
		t.Fatalf("%s, %d components", inv.Format, len(inv.Components))
	}
	c := inv.Components[0]
	if c.Kind != inventory.KindDisk || c.Model != "Micron_5200_MTFDDAK960TDD" || c.Serial != "2020286AA686" || c.Location.Line != 4 || len(c.Identifiers) != 0 {
		t.Errorf("%+v", c)
	}
}

func TestNVMePCIVendor(t *testing.T) {
	for _, tc := range []struct{ file, model, id, field string }{
		{"testdata/corpus/rootzfs-samsung-960evo-nvme.smartctl.txt", "Samsung SSD 960 EVO 250GB", "144d", FieldPCIVendor},
		{"testdata/fixtures/micron-7450-nvme.smartctl.txt", "Micron_7450_MTFDKBA960TFR", "1344", FieldPCIVendor},
		{"testdata/corpus/scrutiny-smart-nvme.json", "INTEL SSDPEKNW010T8", "8086", FieldJSONPCIVendor},
	} {
		inv, err := decodeFile(t, tc.file)
		if err != nil {
			t.Fatal(err)
		}
		c := inv.Components[0]
		if c.Model != tc.model || !hwgolden.HasID(c, inventory.IDPCIVendor, tc.id) || c.Identifiers[0].Field != tc.field {
			t.Errorf("%s: %+v", tc.file, c)
		}
	}
}

func TestTwoReports(t *testing.T) {
	inv, err := decodeFile(t, "testdata/fixtures/two-reports.smartctl.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Components) != 2 || inv.Components[0].Model != "TOSHIBA THNSN8960PCSE" || inv.Components[1].Model != "Micron_7450_MTFDKBA960TFR" {
		t.Errorf("%+v", inv.Components)
	}
}

func TestSCSIVendor(t *testing.T) {
	inv, err := decodeFile(t, "testdata/corpus/scrutiny-smart-scsi2.json")
	if err != nil {
		t.Fatal(err)
	}
	c := inv.Components[0]
	if !hwgolden.HasParty(c, inventory.RoleVendor, "SEAGATE") || c.Model != "SEAGATE ST1200MM0088" || c.Location.Ref == "" {
		t.Errorf("%+v", c)
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		line     int
		msg      string
	}{
		{"banner only", "smartctl 7.3 2022-02-28 r5338 [x86_64-linux] (local build)\nCopyright (C) 2002-22, Bruce Allen, Christian Franke, www.smartmontools.org\n\nSmartctl open device: /dev/sdz failed: No such device\n", 0, "no information section"},
		{"json not a report", `[{"smartctl": {"version": [7, 3]}, "model_name": "x"}, {"json_format_version": [1, 0]}]`, 1, `no "smartctl" object`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := registry().Decode(context.Background(), strings.NewReader(tc.in), "in")
			var de *ingest.DecodeError
			if !errors.Is(err, ingest.ErrMalformed) || !errors.As(err, &de) || de.Line != tc.line || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("got %v", err)
			}
		})
	}
}

func TestIdentify(t *testing.T) {
	text, js := NewText(), NewJSON()
	for _, tc := range []struct {
		in         string
		text, json bool
	}{
		{"smartctl 7.2 2020-12-30 r5155 [x86_64-linux] (local build)\nCopyright (C) 2002-20, Bruce Allen, Christian Franke, www.smartmontools.org\n", true, false},
		{"=== START OF INFORMATION SECTION ===\nDevice Model: X\n", true, false},
		{`{"json_format_version": [1, 0], "smartctl": {"version": [7, 1]}}`, false, true},
		{`{"smartctl": "notes on smartctl"}`, false, false},
		{"# how to run smartctl 7.2 -a\n", false, false},
	} {
		if got := text.Identify([]byte(tc.in)); got != tc.text {
			t.Errorf("text Identify(%q) = %v", tc.in, got)
		}
		if got := js.Identify([]byte(tc.in)); got != tc.json {
			t.Errorf("json Identify(%q) = %v", tc.in, got)
		}
	}
}
