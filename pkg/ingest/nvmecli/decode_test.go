package nvmecli

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

func decodeFile(t *testing.T, path string) (*inventory.Inventory, error) {
	return hwgolden.Read(t, ingest.NewRegistry(New()), path)
}

// TestGolden pins what every corpus file and fixture yields (go test -update).
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/corpus/*.json")
	fixtures, _ := filepath.Glob("testdata/fixtures/*.json")
	if len(files) < 2 || len(fixtures) < 2 {
		t.Fatalf("expected corpus and fixtures, found %d and %d", len(files), len(fixtures))
	}
	hwgolden.Each(t, append(files, fixtures...), hwgolden.GoldenName, decodeFile, func(t *testing.T, path string, inv *inventory.Inventory) {
		hwgolden.CheckLocations(t, inv, true)
	})
}

func TestForms(t *testing.T) {
	inv, err := decodeFile(t, "testdata/corpus/ceph-nvme-list.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Components) != 2 || inv.Components[0].Model != "INTEL SSDPEDMD400G4" || inv.Components[0].Location.Ref != "/dev/nvme0n1" || len(inv.Components[0].Identifiers) != 0 {
		t.Errorf("%+v", inv.Components)
	}
	inv, err = decodeFile(t, "testdata/corpus/ceph-nvme-list-verbose.json")
	if err != nil {
		t.Fatal(err)
	}
	c := inv.Components[0]
	if len(inv.Components) != 1 || c.Location.Ref != "nvme0" || !hwgolden.HasID(c, inventory.IDPCIVendor, "8086") {
		t.Errorf("%+v", inv.Components)
	}
	inv, err = decodeFile(t, "testdata/fixtures/micron-7450-verbose.json")
	if err != nil {
		t.Fatal(err)
	}
	if c := inv.Components[0]; c.Model != "Micron_7450_MTFDKBA960TFR" || !hwgolden.HasID(c, inventory.IDPCIVendor, "1344") || c.Identifiers[0].Field != FieldNQN {
		t.Errorf("%+v", c)
	}
}

func TestErrors(t *testing.T) {
	// Not identified (its head has no device key); decoded directly.
	_, err := New().Decode(context.Background(), strings.NewReader(`{"Devices": {"DevicePath": "/dev/nvme0n1"}}`), "in.json")
	var de *ingest.DecodeError
	if !errors.Is(err, ingest.ErrMalformed) || !errors.As(err, &de) || de.Line != 1 || !strings.Contains(err.Error(), `"Devices" must be an array`) {
		t.Errorf("got %v", err)
	}
}

func TestIdentify(t *testing.T) {
	d := New()
	for in, want := range map[string]bool{
		`{"Devices" : [{"DevicePath" : "/dev/nvme0n1"}]}`:                               true,
		`{"Devices":[{"HostNQN":"nqn.2014-08.org.nvmexpress:uuid:x","Subsystems":[]}]}`: true,
		`{"Devices": []}`:                         true,
		`{"Devices": [{"name": "sw1"}]}`:          false,
		`{"devices": [{"DevicePath": "/dev/x"}]}`: false,
	} {
		if got := d.Identify([]byte(in)); got != want {
			t.Errorf("Identify(%s) = %v", in, got)
		}
	}
}
