package msecli

import (
	"context"
	"errors"
	"os"
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
	files, _ := filepath.Glob("testdata/corpus/*")
	fixtures, _ := filepath.Glob("testdata/fixtures/*")
	var paths []string
	for _, p := range append(files, fixtures...) {
		if !strings.HasSuffix(p, ".md") {
			paths = append(paths, p)
		}
	}
	if len(paths) < 2 {
		t.Fatalf("expected corpus and fixtures, found %d files", len(paths))
	}
	hwgolden.Each(t, paths, hwgolden.GoldenName, decodeFile, func(t *testing.T, path string, inv *inventory.Inventory) {
		if len(inv.Components) == 0 {
			t.Error("no component")
		}
		hwgolden.CheckLocations(t, inv, true)
	})
}

// The real listing's two Micron 5200 drives, each at its block's line,
// with the serial's padding trimmed and the SATA fields kept.
func TestMicron5200Listing(t *testing.T) {
	inv, err := decodeFile(t, "testdata/corpus/ironlib-list.msecli.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Components) != 2 {
		t.Fatalf("%d components", len(inv.Components))
	}
	c := inv.Components[1]
	if c.Kind != inventory.KindDisk || c.Model != "Micron_5200_MTFDDAK480TDN" || c.Serial != "193423711167" || c.Version != "D1MU020" {
		t.Errorf("%+v", c)
	}
	if c.Location.Line != 11 || c.Location.Ref != "/dev/sdb" {
		t.Errorf("location %+v", c.Location)
	}
	if len(c.Parties) != 0 || len(c.Identifiers) != 0 {
		t.Errorf("the listing names no maker, got %v %v", c.Parties, c.Identifiers)
	}
	props := map[string]string{}
	for _, p := range c.Properties {
		props[p.Name] = p.Value
	}
	if props["msecli:Total Size"] != "480.00GB" || props["msecli:Sata Link Speed"] != "Gen3 (6.0 Gbps)" {
		t.Errorf("properties %v", props)
	}
}

func TestNoDrivesNamesStatus(t *testing.T) {
	_, err := decodeFile(t, "testdata/fixtures/no-drives.msecli.txt")
	if !errors.Is(err, ingest.ErrMalformed) || !strings.Contains(err.Error(), `CMD_STATUS "Drive not found"`) {
		t.Fatalf("err = %v", err)
	}
}

func TestIdentify(t *testing.T) {
	d := New()
	real, err := os.ReadFile("testdata/corpus/ironlib-list.msecli.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{string(real), true},
		{"\ufeff" + string(real), true},
		{"Device Name : Drive1\nModel No : CT500MX500SSD1\n", true},
		{"Device Name : Drive1\nSerial No : 1\n", false}, // no model line
		{"Model No : X\nDevice Name : Drive1\n", false},  // not a listing's first line
		{"CMD_STATUS   : Success \nSTATUS_CODE  : 0 \n\nCopyright (C) 2019 Micron Technology, Inc.\n", true},
		{"CMD_STATUS : Success\n", false}, // no copyright line
		{"Device Name,Model No\n/dev/sda,Micron\n", false},
		{"", false},
	} {
		if got := d.Identify([]byte(tc.in)); got != tc.want {
			t.Errorf("Identify(%q) = %v", tc.in, got)
		}
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var b strings.Builder
	for i := 0; i < 5000; i++ {
		b.WriteString("Device Name : /dev/sda\nModel No : M\n\n")
	}
	if _, err := New().Decode(ctx, strings.NewReader(b.String()), "x"); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}
