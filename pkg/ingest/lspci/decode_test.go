package lspci

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/hwtext/hwgolden"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

var fixture = filepath.Join("testdata", "fixtures", "huawei-vmm-nn.txt")

func TestGoldenCorpus(t *testing.T) {
	for _, f := range append(hwgolden.CorpusFiles(t), fixture) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			inv := hwgolden.DecodeFile(t, New(), f)
			hwgolden.CheckLocations(t, inv, true)
			for _, c := range inv.Components {
				if c.Kind != inventory.KindPCI && c.Kind != inventory.KindNIC && c.Kind != inventory.KindDisk {
					t.Errorf("%s: kind %s", c.Name, c.Kind)
				}
			}
			hwgolden.Golden(t, strings.TrimSuffix(filepath.Base(f), ".txt"), inv)
		})
	}
}

func TestIdentifierFieldsOnly(t *testing.T) {
	n := 0
	for _, f := range append(hwgolden.CorpusFiles(t), fixture) {
		inv := hwgolden.DecodeFile(t, New(), f)
		for _, c := range inv.Components {
			if len(c.Identifiers) == 0 || c.Identifiers[0].Field != FieldVendorID {
				if !strings.HasPrefix(c.Name, "PCI device") && !slices.Contains(c.Properties, inventory.Property{Name: "name-truncated", Value: "true"}) {
					t.Errorf("%s: %s: first identifier is not the vendor id: %v", f, c.Name, c.Identifiers)
				}
			}
			for _, id := range c.Identifiers {
				n++
				if id.Kind != inventory.IDPCIVendor || !slices.Contains(IdentifierFields, id.Field) || len(id.Value) != 4 || id.Value != strings.ToLower(id.Value) {
					t.Errorf("%s: %s: identifier %+v", f, c.Name, id)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no identifiers")
	}
}

func TestNvidiaMicronNVMe(t *testing.T) {
	inv := hwgolden.DecodeFile(t, New(), filepath.Join("testdata", "corpus", "glpi-agent-nvidia-1.lspci-vnn.txt"))
	var found []inventory.Component
	for _, c := range inv.Components {
		if hwgolden.HasID(c, inventory.IDPCIVendor, "c0a9") {
			found = append(found, c)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d components with vendor c0a9, want 1", len(found))
	}
	c := found[0]
	want := inventory.Component{
		Name: "Micron/Crucial Technology P1 NVMe PCIe SSD", Model: "P1 NVMe PCIe SSD", Kind: inventory.KindDisk, Version: "03",
		Parties: []inventory.Party{{Role: inventory.RoleVendor, Name: "Micron/Crucial Technology", Field: "Vendor"}},
		Identifiers: []inventory.Identifier{
			{Kind: inventory.IDPCIVendor, Value: "c0a9", Field: FieldVendorID},
			{Kind: inventory.IDPCIVendor, Value: "c0a9", Field: FieldSubsystemVendorID},
		},
		Location: inventory.Location{File: inv.Source, Line: 345, Ref: "04:00.0"},
	}
	if c.Name != want.Name || c.Model != want.Model || c.Kind != want.Kind || c.Version != want.Version ||
		!slices.Equal(c.Parties, want.Parties) || !slices.Equal(c.Identifiers, want.Identifiers) ||
		c.Location.Line != want.Location.Line || c.Location.Ref != want.Location.Ref {
		t.Errorf("got  %+v\nwant %+v", c, want)
	}
	// "Capabilities: [c0] Subsystem: ASUSTeK ..." under a bridge is not the
	// bridge's subsystem; "Designated Vendor-Specific: Vendor=1022" is no id.
	for _, c := range inv.Components {
		if c.Location.Ref == "00:01.1" && len(c.Identifiers) != 1 {
			t.Errorf("bridge 00:01.1 identifiers %v", c.Identifiers)
		}
	}
	var amd int
	for _, c := range inv.Components {
		if hwgolden.HasParty(c, inventory.RoleVendor, "Advanced Micro Devices, Inc. [AMD]") {
			amd++
		}
	}
	if amd == 0 {
		t.Error("AMD vendor name not split from the device name")
	}
}

func TestDL360pPlainNN(t *testing.T) {
	inv := hwgolden.DecodeFile(t, New(), filepath.Join("testdata", "corpus", "dl360p-gen8.lspci-nn.txt"))
	if len(inv.Components) < 50 {
		t.Fatalf("%d components", len(inv.Components))
	}
	c := inv.Components[0]
	if c.Location.Line != 1 || c.Location.Ref != "00:00.0" || !hwgolden.HasParty(c, inventory.RoleVendor, "Intel Corporation") ||
		c.Model != "Xeon E7 v2/Xeon E5 v2/Core i7 DMI2" || c.Version != "04" {
		t.Errorf("first component %+v", c)
	}
	nics := hwgolden.Components(inv, inventory.KindNIC)
	if len(nics) == 0 {
		t.Error("no network adapters")
	}
}

func TestHuaweiVMMFixture(t *testing.T) {
	inv := hwgolden.DecodeFile(t, New(), fixture)
	if len(inv.Components) != 5 {
		t.Fatalf("%d components, want 5", len(inv.Components))
	}
	bridge, nic, ssd, hba, unknown := inv.Components[0], inv.Components[1], inv.Components[2], inv.Components[3], inv.Components[4]
	// An Intel bridge on a Huawei board: the subsystem vendor is an
	// identifier of its own field, never the device's vendor.
	if !slices.Equal(bridge.Identifiers, []inventory.Identifier{
		{Kind: inventory.IDPCIVendor, Value: "8086", Field: FieldVendorID},
		{Kind: inventory.IDPCIVendor, Value: "19e5", Field: FieldSubsystemVendorID},
	}) || !hwgolden.HasParty(bridge, inventory.RoleVendor, "Intel Corporation") || len(bridge.Parties) != 1 {
		t.Errorf("bridge %+v", bridge)
	}
	if nic.Kind != inventory.KindNIC || nic.Model != "Hi1822 Family (4*25GE)" || nic.Location.Line != 11 ||
		!hwgolden.HasID(nic, inventory.IDPCIVendor, "19e5") || !hwgolden.HasParty(nic, inventory.RoleVendor, "Huawei Technologies Co., Ltd.") {
		t.Errorf("nic %+v", nic)
	}
	if ssd.Kind != inventory.KindDisk || ssd.Name != "Huawei Technologies Co., Ltd. ES3000 V3 NVMe PCIe SSD" {
		t.Errorf("ssd %+v", ssd)
	}
	if hba.Kind != inventory.KindPCI || !hwgolden.HasParty(hba, inventory.RoleVendor, "Broadcom / LSI") {
		t.Errorf("hba %+v", hba)
	}
	if len(unknown.Parties) != 0 || unknown.Model != "" || unknown.Name != "PCI device 1dd8:1000" || !hwgolden.HasID(unknown, inventory.IDPCIVendor, "1dd8") {
		t.Errorf("unknown device %+v", unknown)
	}
}

func TestFormats(t *testing.T) {
	cases := []struct {
		name, in           string
		vendor, model, vid string
		kind               inventory.Kind
	}{
		{"plain", "03:00.0 Ethernet controller: Huawei Technologies Co., Ltd. Hi1822 Family (2*100GE) (rev 45)\n",
			"Huawei Technologies Co., Ltd.", "Hi1822 Family (2*100GE)", "", inventory.KindNIC},
		{"domain nn", "0000:03:00.0 Ethernet controller [0200]: Huawei Technologies Co., Ltd. Hi1822 Family (2*100GE) [19e5:0200] (rev 45)\n",
			"Huawei Technologies Co., Ltd.", "Hi1822 Family (2*100GE)", "19e5", inventory.KindNIC},
		{"numeric", "03:00.0 0200: 19e5:1822 (rev 45)\n", "", "", "19e5", inventory.KindNIC},
		{"vmm plain", "Slot:\t03:00.0\nClass:\tEthernet controller\nVendor:\tZTE Corporation\nDevice:\tDevice 0001\n",
			"ZTE Corporation", "", "", inventory.KindNIC},
		{"unknown vendor nn", "01:00.0 Processing accelerators [1200]: Device [1e3e:0002] (rev 01)\n", "", "", "1e3e", inventory.KindPCI},
		{"no corporate suffix", "02:00.0 Network controller [0280]: Qualcomm Atheros QCA6174 802.11ac Wireless Network Adapter [168c:003e] (rev 32)\n",
			"", "Qualcomm Atheros QCA6174 802.11ac Wireless Network Adapter", "168c", inventory.KindNIC},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if !New().Identify([]byte(tc.in)) {
				t.Fatal("not identified")
			}
			inv, err := New().Decode(context.Background(), strings.NewReader(tc.in), "x")
			if err != nil {
				t.Fatal(err)
			}
			c := inv.Components[0]
			var vendor, vid string
			if len(c.Parties) > 0 {
				vendor = c.Parties[0].Name
			}
			if len(c.Identifiers) > 0 {
				vid = c.Identifiers[0].Value
			}
			if vendor != tc.vendor || c.Model != tc.model || vid != tc.vid || c.Kind != tc.kind || c.Location.Ref != strings.Fields(strings.TrimPrefix(tc.in, "Slot:"))[0] {
				t.Errorf("got vendor %q model %q vid %q kind %s ref %q", vendor, c.Model, vid, c.Kind, c.Location.Ref)
			}
		})
	}
}

func TestIdentify(t *testing.T) {
	no := []string{
		"", "# dmidecode 3.4\n", "Bus 001 Device 002: ID 8087:8000 Intel Corp.\n",
		`{"id":"computer","class":"system"}`, "SPDXVersion: SPDX-2.3\n",
		"Handle 0x0000, DMI type 0, 24 bytes\n", "00:1f.3\n", "12:34:56 service started: ok\n",
		"Slot: 1\n",
	}
	for _, s := range no {
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
		{"garbage line", "00:00.0 Host bridge [0600]: Intel Corporation X [8086:0e00]\nhello world\n", 2, "expected an lspci device line"},
		{"vmm garbage", "Slot:\t00:00.0\nClass:\tHost bridge\nthis is not a field\n", 3, "Key:"},
		{"vmm no slot", "Slot:\t00:00.0\nVendor:\tIntel Corporation\n\nVendor:\tIntel Corporation\n", 4, "outside a device record"},
		{"no devices", "\n\n", 0, "no PCI devices"},
		{"indented first", "\tSubsystem: Dell Device [1028:0252]\n", 1, "before the first device line"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			hwgolden.CheckMalformed(t, New(), tc.in, tc.line, tc.msg)
		})
	}
}
