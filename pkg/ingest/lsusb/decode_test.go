package lsusb

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/hwtext/hwgolden"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

var fixture = filepath.Join("testdata", "fixtures", "modems.lsusb.txt")

func TestGoldenCorpus(t *testing.T) {
	for _, f := range append(hwgolden.CorpusFiles(t), fixture) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			inv := hwgolden.DecodeFile(t, New(), f)
			hwgolden.CheckLocations(t, inv, true)
			hwgolden.Golden(t, strings.TrimSuffix(filepath.Base(f), ".txt"), inv)
		})
	}
}

func TestIdentifierFieldsOnly(t *testing.T) {
	for _, f := range append(hwgolden.CorpusFiles(t), fixture) {
		inv := hwgolden.DecodeFile(t, New(), f)
		for _, c := range inv.Components {
			if c.Kind != inventory.KindUSB {
				t.Errorf("%s: kind %s", c.Name, c.Kind)
			}
			if len(c.Identifiers) != 1 {
				t.Errorf("%s: %s: identifiers %v, want exactly the vendor id", f, c.Name, c.Identifiers)
			}
			for _, id := range c.Identifiers {
				if id.Kind != inventory.IDUSBVendor || !slices.Contains(IdentifierFields, id.Field) || len(id.Value) != 4 {
					t.Errorf("%s: %s: identifier %+v", f, c.Name, id)
				}
			}
		}
	}
}

func TestHuawei2288HV5Verbose(t *testing.T) {
	inv := hwgolden.DecodeFile(t, New(), filepath.Join("testdata", "corpus", "linuxhw-huawei-2288H-V5_AD903545CE.lsusb-v.txt"))
	var kvm []inventory.Component
	for _, c := range inv.Components {
		if hwgolden.HasID(c, inventory.IDUSBVendor, "12d1") {
			kvm = append(kvm, c)
		}
	}
	if len(kvm) != 1 {
		t.Fatalf("%d components with USB vendor 12d1, want 1", len(kvm))
	}
	c := kvm[0]
	if !hwgolden.HasParty(c, inventory.RoleVendor, "Huawei Technologies Co., Ltd.") || !strings.HasPrefix(c.Model, "Keyboard/Mouse KVM") || len(c.Parties) != 1 ||
		c.Parties[0].Field != "idVendor" || c.Identifiers[0].Field != FieldVendorID || c.Location.Line == 0 {
		t.Errorf("KVM %+v", c)
	}
	// root hubs: the kernel is no manufacturer and the PCI address no serial
	for _, c := range inv.Components {
		if hwgolden.HasID(c, inventory.IDUSBVendor, "1d6b") {
			if len(c.Parties) != 1 || c.Serial != "" {
				t.Errorf("root hub %+v", c)
			}
		}
	}
}

func TestDellXT2Verbose(t *testing.T) {
	inv := hwgolden.DecodeFile(t, New(), filepath.Join("testdata", "corpus", "glpi-agent-dell-xt2.lsusb-v.txt"))
	if len(inv.Components) != 15 {
		t.Errorf("%d devices, want 15", len(inv.Components))
	}
	for _, c := range inv.Components {
		// "Kensington PocketMouse Pro": idVendor names the vendor even where
		// the device line has no corporate suffix to split at.
		if c.Location.Ref == "bus 006 device 002" {
			if !hwgolden.HasParty(c, inventory.RoleVendor, "Kensington") || c.Model != "PocketMouse Pro" {
				t.Errorf("kensington %+v", c)
			}
		}
		if c.Location.Ref == "bus 001 device 002" && !hwgolden.HasParty(c, inventory.RoleManufacturer, "Broadcom") {
			t.Errorf("iManufacturer not kept: %+v", c)
		}
	}
}

func TestModemsFixture(t *testing.T) {
	inv := hwgolden.DecodeFile(t, New(), fixture)
	want := []struct {
		ref, vendor, model, vid string
	}{
		{"bus 002 device 001", "Linux Foundation", "3.0 root hub", "1d6b"},
		{"bus 001 device 004", "Huawei Technologies Co., Ltd.", "E353/E3131", "12d1"},
		{"bus 001 device 005", "ZTE WCDMA Technologies", "MSM MF110/MF627/MF636 HSUPA USB Modem", "19d2"},
		{"bus 001 device 006", "Quectel Wireless Solutions Co., Ltd.", "EC25 LTE modem", "2c7c"},
		{"bus 001 device 003", "Logitech, Inc.", "Unifying Receiver", "046d"},
		{"bus 001 device 007", "", "", "1a2b"},
		{"bus 001 device 001", "Linux Foundation", "2.0 root hub", "1d6b"},
	}
	if len(inv.Components) != len(want) {
		t.Fatalf("%d components, want %d", len(inv.Components), len(want))
	}
	for i, w := range want {
		c := inv.Components[i]
		var vendor string
		if len(c.Parties) > 0 {
			vendor = c.Parties[0].Name
		}
		if c.Location.Ref != w.ref || c.Location.Line != i+1 || vendor != w.vendor || c.Model != w.model ||
			!slices.Equal(c.Identifiers, []inventory.Identifier{{Kind: inventory.IDUSBVendor, Value: w.vid, Field: FieldVendorID}}) {
			t.Errorf("component %d: %+v, want %+v", i, c, w)
		}
	}
	if inv.Components[5].Name != "USB device 1a2b:3c4d" {
		t.Errorf("unknown device name %q", inv.Components[5].Name)
	}
}

func TestIdentify(t *testing.T) {
	if !New().Identify([]byte("\nBus 001 Device 002: ID 8087:8000 Intel Corp.\r\n")) {
		t.Error("plain lsusb not identified")
	}
	for _, s := range []string{
		"", "# dmidecode 3.4\n", "00:1f.3 Audio device [0403]: Intel Corporation Device [8086:a348]\n",
		`{"id":"computer","class":"system"}`, "Bus 1 Device 2: ID 8087:8000\n", "/:  Bus 02.Port 1: Dev 1, Class=root_hub, Driver=xhci_hcd/6p, 10000M\n",
	} {
		if New().Identify([]byte(s)) {
			t.Errorf("identifies %q", s)
		}
	}
}

func TestMalformed(t *testing.T) {
	cases := []struct {
		name, in string
		line     int
		msg      string
	}{
		{"garbage", "Bus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub\nhello world\n", 2, "unexpected line"},
		{"bad bus line", "Bus 001 Device 001: ID 1d6b:0002 Linux Foundation\nBus 001 Device 2: ID zz\n", 2, "malformed device line"},
		{"bad idVendor", "Bus 001 Device 004: ID 12d1:14db Huawei\nDevice Descriptor:\n  idVendor   0xZZ\n", 3, "malformed"},
		{"idVendor mismatch", "Bus 001 Device 004: ID 12d1:14db Huawei\nDevice Descriptor:\n  idVendor           0x19d2 ZTE\n", 3, "differs"},
		{"no bus line", "Device Descriptor:\n", 1, "expected a \"Bus"},
		{"empty", "\n", 0, "no USB devices"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			hwgolden.CheckMalformed(t, New(), tc.in, tc.line, tc.msg)
		})
	}
}
