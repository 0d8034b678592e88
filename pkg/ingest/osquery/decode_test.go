package osquery

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
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

// TestGolden pins what every fixture yields (go test -update).
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/fixtures/*")
	corpus, _ := filepath.Glob("testdata/corpus/*")
	files = append(files, corpus...)
	var paths []string
	for _, p := range files {
		if !strings.HasSuffix(p, ".md") {
			paths = append(paths, p)
		}
	}
	if len(paths) < 6 {
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

func TestTables(t *testing.T) {
	inv, err := decodeFile(t, "testdata/fixtures/pci_devices.json")
	if err != nil {
		t.Fatal(err)
	}
	if c := find(t, inv, "pci_devices/0000:01:00.0"); !hwgolden.HasID(c, inventory.IDPCIVendor, "1344") || c.Kind != inventory.KindPCI {
		t.Errorf("micron nvme: %+v", c)
	}
	gpu := find(t, inv, "pci_devices/0000:00:02.0")
	if len(gpu.Identifiers) != 2 || gpu.Identifiers[1].Field != "subsystem_vendor_id" {
		t.Errorf("subsystem vendor id not in its own field: %+v", gpu.Identifiers)
	}

	inv, err = decodeFile(t, "testdata/fixtures/memory_devices.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Components) != 2 {
		t.Fatalf("%d memory modules, want 2 (the empty slot dropped)", len(inv.Components))
	}
	if c := inv.Components[1]; !hwgolden.HasID(c, inventory.IDJEDEC, "802C0000802C") {
		t.Errorf("jedec: %+v", c)
	}

	inv, err = decodeFile(t, "testdata/fixtures/programs-windows.json")
	if err != nil {
		t.Fatal(err)
	}
	kes := inv.Components[0]
	if kes.Kind != inventory.KindApplication || kes.Name != "Kaspersky Endpoint Security for Windows" ||
		kes.Parties[0] != (inventory.Party{Role: inventory.RolePublisher, Name: "AO Kaspersky Lab", Field: "publisher"}) {
		t.Errorf("program: %+v", kes)
	}
}

func TestResultsLog(t *testing.T) {
	inv, err := decodeFile(t, "testdata/fixtures/results.log")
	if err != nil {
		t.Fatal(err)
	}
	if inv.Host != "edge-gw-07" || len(inv.Components) != 3 {
		t.Fatalf("host %q, %d components (the removed row must be ignored)", inv.Host, len(inv.Components))
	}
	sys := find(t, inv, "system_info/edge-gw-07")
	if sys.Kind != inventory.KindSystem || !hwgolden.HasParty(sys, inventory.RoleManufacturer, "Huawei") || sys.Location.Line != 1 {
		t.Errorf("%+v", sys)
	}
	cam := find(t, inv, "usb_devices/3:2")
	if !hwgolden.HasID(cam, inventory.IDUSBVendor, "2bdf") || cam.Location.Line != 4 || cam.Host != "edge-gw-07" {
		t.Errorf("%+v", cam)
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		err      error
		msg      string
		line     int
	}{
		{"other table", `[{"pid":"1","name":"init","path":"/sbin/init"}]`, ingest.ErrUnsupportedVersion, "no row of a table", 0},
		{"truncated", "[{\"pci_slot\":\"0000:00:02.0\",\n\"vendor_id\":", ingest.ErrMalformed, "invalid JSON", 2},
		{"bad log line", `{"name":"p","hostIdentifier":"h","calendarTime":"x"}`, ingest.ErrMalformed, `needs "columns"`, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New().Decode(context.Background(), strings.NewReader(tc.in), "in.json")
			var de *ingest.DecodeError
			if !errors.Is(err, tc.err) || !errors.As(err, &de) || de.Line != tc.line || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("got %v", err)
			}
		})
	}
}

func TestIdentify(t *testing.T) {
	d := New()
	for in, want := range map[string]bool{
		`[{"pci_slot":"0000:00:02.0","pci_class_id":"03"}]`:                           true,
		`[{"name":"x","maintainer":"y","install_location":"z"}]`:                      true,
		`[{"name":"x","version":"1"}]`:                                                false,
		`{"name":"pack","hostIdentifier":"h","columns":{"hostname":"h"}}`:             true,
		`{"bomFormat":"CycloneDX","components":[{"pci_slot":"1","memory_type":"2"}]}`: false,
	} {
		if got := d.Identify([]byte(in)); got != want {
			t.Errorf("Identify(%s) = %v", in, got)
		}
	}
}

// osquery writes a USB class in decimal ("14", video); it is kept as the
// two hex digits categories read, so the camera is decided by its class.
func TestUSBClassDecidesCategory(t *testing.T) {
	inv, err := decodeFile(t, "testdata/fixtures/results.log")
	if err != nil {
		t.Fatal(err)
	}
	cam := find(t, inv, "usb_devices/3:2")
	d := category.Decide(&cam, nil)
	if !slices.Contains(d.Categories, category.VideoSurveillance) || !strings.Contains(d.Signal, "USB device class 0e") {
		t.Errorf("decision %+v", d)
	}
}

// Real results (Fleet's osquery.go quotes them): the same two USB hubs as
// an array of results log records in snapshot form and as two event-form
// lines. osquery writes the class in decimal ("9"): a hub.
func TestFleetUSBRecords(t *testing.T) {
	for _, path := range []string{"testdata/corpus/fleet-usb-snapshot.json", "testdata/corpus/fleet-usb-event.log"} {
		inv, err := decodeFile(t, path)
		if err != nil {
			t.Fatal(err)
		}
		if len(inv.Components) != 2 || inv.Host != "F5B29579-E946-46A2-BB0F-7A8D1E304940" {
			t.Fatalf("%s: %d components, host %q", path, len(inv.Components), inv.Host)
		}
		c := inv.Components[1]
		if c.Kind != inventory.KindUSB || c.Model != "AppleUSBXHCI Root Hub Simulation" || !hwgolden.HasID(c, inventory.IDUSBVendor, "05ac") {
			t.Errorf("%s: %+v", path, c)
		}
		if d := category.Decide(&c, nil); !strings.Contains(d.Signal, "USB device class 09 (hub)") {
			t.Errorf("%s: decision %+v", path, d)
		}
	}
}

// The body osquery's TLS logger posts wraps the records in "data".
func TestTLSLoggerBody(t *testing.T) {
	body := `{"node_key":"k","log_type":"result","data":[{"name":"pack/usb","hostIdentifier":"h1","action":"snapshot","snapshot":[{"usb_address":"1","usb_port":"2","vendor":"Hikvision","vendor_id":"2bdf","model":"Camera","class":"14"}]}]}`
	if !New().Identify([]byte(body)) {
		t.Fatal("not identified")
	}
	inv, err := New().Decode(context.Background(), strings.NewReader(body), "post.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Components) != 1 || inv.Host != "h1" || !hwgolden.HasID(inv.Components[0], inventory.IDUSBVendor, "2bdf") {
		t.Fatalf("%+v", inv)
	}
}
