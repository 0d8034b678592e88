package collect_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/vendorcheck/vendorcheck/pkg/category"
	"github.com/vendorcheck/vendorcheck/pkg/collect"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/cyclonedx"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s + "\n")} }

// fakeSys is the sysfs of a Huawei server with a Huawei NIC, a Huawei USB
// modem, a PCI bridge of another maker and a loop device.
func fakeSys() fstest.MapFS {
	return fstest.MapFS{
		"class/dmi/id/sys_vendor":                           file("Huawei"),
		"class/dmi/id/product_name":                         file("TaiShan 200 (Model 2280)"),
		"class/dmi/id/product_version":                      file("Purley"),
		"class/dmi/id/board_vendor":                         file("Huawei"),
		"class/dmi/id/board_name":                           file("BC82AMDDA"),
		"class/dmi/id/bios_vendor":                          file("Huawei Corp."),
		"class/dmi/id/bios_version":                         file("1.35"),
		"bus/pci/devices/0000:00:00.0/vendor":               file("0x8086"),
		"bus/pci/devices/0000:00:00.0/device":               file("0x2020"),
		"bus/pci/devices/0000:00:00.0/class":                file("0x060000"),
		"bus/pci/devices/0000:7d:00.0/vendor":               file("0x19e5"),
		"bus/pci/devices/0000:7d:00.0/device":               file("0xa222"),
		"bus/pci/devices/0000:7d:00.0/class":                file("0x020000"),
		"bus/pci/devices/0000:7d:00.0/subsystem_vendor":     file("0x19e5"),
		"bus/usb/devices/1-1/idVendor":                      file("12d1"),
		"bus/usb/devices/1-1/idProduct":                     file("1506"),
		"bus/usb/devices/1-1/manufacturer":                  file("HUAWEI"),
		"bus/usb/devices/1-1/product":                       file("HUAWEI Mobile"),
		"bus/usb/devices/1-1:1.0/idVendor":                  file("12d1"), // an interface: not a device
		"class/net/enp125s0f0/address":                      file("e0:24:7f:aa:bb:cc"),
		"class/net/enp125s0f0/device/vendor":                file("0x19e5"),
		"class/net/lo/address":                              file("00:00:00:00:00:00"),
		"block/sda/device/model":                            file("HWE52SS3960M005N"),
		"block/sda/device/vendor":                           file("ATA"),
		"block/loop0/size":                                  file("0"),
		"class/dmi/id/product_serial":                       file("2102312XYZ"), // never collected
		"bus/pci/devices/0000:00:00.0/subsystem_vendor":     file("0x0000"),
		"bus/pci/devices/0000:7d:00.0/subsystem_device":     file("0x00a1"),
		"bus/usb/devices/usb1/idVendor":                     file("1d6b"),
		"bus/usb/devices/usb1/product":                      file("xHCI Host Controller"),
		"bus/usb/devices/usb1/bDeviceClass":                 file("09"),
		"class/net/enp125s0f0/device/device":                file("0xa222"),
		"bus/pci/devices/0000:7d:00.0/irq":                  file("0"),
		"class/dmi/id/chassis_vendor":                       file("Huawei"),
		"bus/pci/devices/0000:00:00.0/irq":                  file("0"),
		"bus/usb/devices/1-1/bDeviceClass":                  file("00"),
		"block/sda/device/firmware_rev":                     file("3219"),
		"class/net/enp125s0f0/device/subsystem_vendor":      file("0x19e5"),
		"bus/usb/devices/usb1/idProduct":                    file("0003"),
		"bus/usb/devices/usb1/manufacturer":                 file("Linux 6.1.0 xhci-hcd"),
		"class/net/lo/flags":                                file("0x9"),
		"bus/pci/devices/0000:00:00.0/subsystem_device":     file("0x0000"),
		"bus/pci/devices/0000:7d:00.0/numa_node":            file("0"),
		"class/net/enp125s0f0/device/class":                 file("0x020000"),
		"class/net/enp125s0f0/device/subsystem_device":      file("0x00a1"),
		"class/net/enp125s0f0/device/numa_node":             file("0"),
		"bus/pci/devices/0000:00:00.0/numa_node":            file("0"),
		"bus/pci/devices/0000:7d:00.0/device_readme_unused": file(""),
	}
}

func dmidecodeOutput(t *testing.T) func(context.Context, string, ...string) ([]byte, error) {
	out, err := os.ReadFile("testdata/dmidecode-dell-R6515.txt")
	if err != nil {
		t.Fatal(err)
	}
	return func(_ context.Context, name string, _ ...string) ([]byte, error) {
		switch name {
		case "dmidecode":
			return out, nil
		case "smartctl", "nvme":
			return nil, exec.ErrNotFound
		}
		t.Errorf("ran %q; collect runs only dmidecode, smartctl and nvme", name)
		return nil, exec.ErrNotFound
	}
}

var stamp = func() time.Time { return time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC) }

// roundTrip writes the collected BOM and reads it back with the CycloneDX
// decoder, as `vendorcheck collect | vendorcheck scan -` does.
func roundTrip(t *testing.T, res *collect.Result) *inventory.Inventory {
	t.Helper()
	var buf bytes.Buffer
	if err := res.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte(`"specVersion": "1.6"`)) {
		t.Errorf("not CycloneDX 1.6:\n%.300s", buf.String())
	}
	matchesCycloneDXGo(t, buf.Bytes())
	inv, err := cyclonedx.NewJSON().Decode(context.Background(), &buf, "collected.cdx.json")
	if err != nil {
		t.Fatalf("the collected BOM does not decode: %v\n%s", err, buf.String())
	}
	if len(inv.Components) != res.Components {
		t.Errorf("collected %d components, read back %d", res.Components, len(inv.Components))
	}
	return inv
}

// matchesCycloneDXGo reads a written BOM with the cyclonedx-go module and
// writes it back as that module writes CycloneDX 1.6: the bytes must be
// the same. A field collect writes under a name or in a shape the module
// does not know, or in another order, makes them differ.
func matchesCycloneDXGo(t *testing.T, written []byte) {
	t.Helper()
	var bom cdx.BOM
	if err := cdx.NewBOMDecoder(bytes.NewReader(written), cdx.BOMFileFormatJSON).Decode(&bom); err != nil {
		t.Fatalf("cyclonedx-go cannot read the BOM: %v", err)
	}
	var want bytes.Buffer
	if err := cdx.NewBOMEncoder(&want, cdx.BOMFileFormatJSON).SetPretty(true).EncodeVersion(&bom, cdx.SpecVersion1_6); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(written, want.Bytes()) {
		t.Errorf("the BOM differs from cyclonedx-go's writing of it:\n%s\ncyclonedx-go:\n%s", written, want.Bytes())
	}
}

func idsOf(inv *inventory.Inventory, kind inventory.IDKind) map[string]string {
	out := map[string]string{}
	for _, c := range inv.Components {
		for _, id := range c.Identifiers {
			if id.Kind == kind {
				out[c.Location.Ref] = id.Value
			}
		}
	}
	return out
}

func TestCollectFakeMachine(t *testing.T) {
	res, err := collect.Collect(context.Background(), collect.Options{Sys: fakeSys(), Commands: true, Run: dmidecodeOutput(t), Now: stamp, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	// The machine has a disk and no smartctl: said once; no NVMe drive, so
	// nothing about nvme-cli.
	if len(res.Notes) != 1 || !strings.HasPrefix(res.Notes[0], "smartctl is not installed: disks were read from sysfs only") {
		t.Errorf("notes %q, want the smartctl one only", res.Notes)
	}
	inv := roundTrip(t, res)

	pci := idsOf(inv, inventory.IDPCIVendor)
	if pci["pci:0000:7d:00.0"] != "19e5" || pci["pci:0000:00:00.0"] != "8086" {
		t.Errorf("PCI vendor ids %v", pci)
	}
	if usb := idsOf(inv, inventory.IDUSBVendor); usb["usb:1-1"] != "12d1" || usb["usb:1-1:1.0"] != "" {
		t.Errorf("USB vendor ids %v (interfaces are not devices)", usb)
	}
	if mac := idsOf(inv, inventory.IDMAC); len(mac) != 1 || mac["net:enp125s0f0"] != "e0:24:7f:aa:bb:cc" {
		t.Errorf("MACs %v, want only the physical interface", mac)
	}
	var host, disk, micronDIMMs int
	for _, c := range inv.Components {
		if strings.Contains(c.Serial, "2102312XYZ") || strings.Contains(c.Name, "2102312XYZ") {
			t.Errorf("serial number collected: %+v", c)
		}
		switch {
		case c.Location.Ref == "host":
			host++
			if c.Model != "TaiShan 200 (Model 2280)" || len(c.Parties) != 1 || c.Parties[0].Name != "Huawei" {
				t.Errorf("host %+v", c)
			}
		case c.Location.Ref == "block:sda":
			disk++
			if c.Model != "HWE52SS3960M005N" || len(c.Parties) != 0 {
				t.Errorf("disk %+v (ATA is the transport, not the maker)", c)
			}
		case c.Location.Ref == "block:loop0":
			t.Errorf("a loop device was collected")
		}
		for _, id := range c.Identifiers {
			if id.Kind == inventory.IDJEDEC && strings.Contains(strings.ToUpper(id.Value), "802C") {
				micronDIMMs++
			}
		}
	}
	if host != 1 || disk != 1 {
		t.Errorf("host %d, disk %d; want one each", host, disk)
	}
	if micronDIMMs != 8 {
		t.Errorf("%d DIMMs with Micron's JEDEC code read back from dmidecode, want 8", micronDIMMs)
	}
}

func TestCollectSaysWhatItCouldNotRead(t *testing.T) {
	sys := fstest.MapFS{"class/net/eth0/address": file("02:00:00:00:00:01")}
	notFound := func(context.Context, string, ...string) ([]byte, error) { return nil, exec.ErrNotFound }
	res, err := collect.Collect(context.Background(), collect.Options{Sys: sys, Commands: true, Run: notFound, Now: stamp})
	if err != nil {
		t.Fatal(err)
	}
	notes := strings.Join(res.Notes, "\n")
	for _, want := range []string{"no DMI identification", "PCI devices not read", "dmidecode is not installed: memory modules (DIMMs) were not read"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
	denied := func(context.Context, string, ...string) ([]byte, error) {
		return nil, errors.New("dmidecode: /sys/firmware/dmi/tables/smbios_entry_point: Permission denied")
	}
	res, _ = collect.Collect(context.Background(), collect.Options{Sys: sys, Commands: true, Run: denied, Now: stamp})
	if !strings.Contains(strings.Join(res.Notes, "\n"), "Permission denied): memory modules (DIMMs) were not read; run as root") {
		t.Errorf("notes %q", res.Notes)
	}
	roundTrip(t, res)
}

// TestCollectThisMachine runs on whatever machine the tests run on: it
// asserts the structure and the round trip, never particular hardware.
func TestCollectThisMachine(t *testing.T) {
	if _, err := os.Stat("/sys/class"); err != nil {
		t.Skip("no sysfs here")
	}
	res, err := collect.Collect(context.Background(), collect.Options{Commands: true, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if res.BOM.Metadata == nil || res.BOM.Metadata.Component == nil || res.BOM.Metadata.Component.Name == "" {
		t.Fatalf("no host component: %+v", res.BOM.Metadata)
	}
	inv := roundTrip(t, res)
	for _, c := range inv.Components {
		for _, id := range c.Identifiers {
			if id.Value == "" || !strings.HasPrefix(id.Field, "properties.vendorcheck:id:") {
				t.Errorf("%s: identifier %+v not in its own field", c.Location.Ref, id)
			}
		}
	}
}

// TestCollectCategories: a collected PCI bridge is no telecom equipment and
// a network controller is, decided from the class codes collect writes, as
// for the same parts read from lspci.
func TestCollectCategories(t *testing.T) {
	res, err := collect.Collect(context.Background(), collect.Options{Sys: fakeSys(), Now: stamp})
	if err != nil {
		t.Fatal(err)
	}
	inv := roundTrip(t, res)
	want := map[string]string{"pci:0000:00:00.0": "0600", "pci:0000:7d:00.0": "0200", "usb:usb1": "09"}
	for _, c := range inv.Components {
		w, ok := want[c.Location.Ref]
		if !ok {
			continue
		}
		got := ""
		for _, p := range c.Properties {
			if p.Name == collect.PCIClassProperty || p.Name == collect.USBClassProperty {
				got = p.Value
			}
		}
		if got != w {
			t.Errorf("%s: class %q, want %q", c.Location.Ref, got, w)
		}
		d := category.Decide(&c, []string{category.TelecomEquipment, category.Computing})
		isTelecom := slices.Contains(d.Categories, category.TelecomEquipment)
		if isTelecom != (w == "0200") {
			t.Errorf("%s (class %s): categories %v (%s)", c.Location.Ref, w, d.Categories, d.Signal)
		}
		delete(want, c.Location.Ref)
	}
	if len(want) > 0 {
		t.Errorf("not collected: %v", want)
	}
}
