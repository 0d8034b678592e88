package category_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/category"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

func comp(kind inventory.Kind, name string, props ...string) *inventory.Component {
	c := &inventory.Component{Kind: kind, Name: name}
	for i := 0; i+1 < len(props); i += 2 {
		c.Properties = append(c.Properties, inventory.Property{Name: props[i], Value: props[i+1]})
	}
	return c
}

func TestDecide(t *testing.T) {
	for _, tc := range []struct {
		name     string
		c        *inventory.Component
		products []string
		want     string // main category, or "unknown"
		signal   string // part of the signal (or of the missing fact)
	}{
		// PCI class codes: bridges, root ports, USB host controllers and
		// DMA engines are computing, never telecom equipment.
		{"host bridge", comp(inventory.KindPCI, "Host bridge", "class-code", "0600"), nil, category.Computing, "PCI class 0600 (bridge)"},
		{"root port", comp(inventory.KindPCI, "HiSilicon PCIe Root Port", "class-code", "0604"), nil, category.Computing, "bridge"},
		{"USB host controller", comp(inventory.KindPCI, "USB 3.0 xHCI network", "class-code", "0c03"), nil, category.Computing, "USB controller"},
		{"DMA engine", comp(inventory.KindPCI, "HiSilicon DMA Engine", "class-code", "0801"), nil, category.Computing, "system peripheral"},
		{"network controller", comp(inventory.KindPCI, "Hi1822", "class-code", "0200"), nil, category.TelecomEquipment, "network controller"},
		{"NVMe", comp(inventory.KindPCI, "ES3000", "class-code", "0108"), nil, category.MemoryStorage, "mass storage"},
		{"modem", comp(inventory.KindPCI, "x", "class-code", "0703"), nil, category.TelecomEquipment, "modem"},
		{"PCI without class", comp(inventory.KindPCI, "Device 3714"), []string{"telecom-equipment", "computing"}, category.Unknown, "no PCI class code"},
		// USB: interfaces first.
		{"KVM keyboard", comp(inventory.KindUSB, "Keyboard/Mouse KVM", "usb-class", "00", "usb-interface-classes", "03"), nil, category.Computing, "human interface"},
		{"modem with storage", comp(inventory.KindUSB, "MF833V", "usb-interface-classes", "08,02"), nil, category.TelecomEquipment, "02 communications"},
		{"hub", comp(inventory.KindUSB, "root hub", "usb-class", "09"), nil, category.Computing, "device class 09"},
		{"USB no class", comp(inventory.KindUSB, "Device 1405"), nil, category.Unknown, "lsusb -v"},
		// lshw, Redfish, kinds.
		{"lshw network", comp(inventory.KindNIC, "eth0", "class", "network"), nil, category.TelecomEquipment, "lshw class network"},
		{"lshw bridge", comp(inventory.KindPCI, "PCI bridge", "class", "bridge"), nil, category.Computing, "lshw class bridge"},
		{"redfish drive", comp(inventory.KindDevice, "Drive 1", "redfish.type", "Drive"), nil, category.MemoryStorage, "Redfish Drive"},
		{"dmidecode system", comp(inventory.KindSystem, "Huawei 2288H V5"), nil, category.Computing, "kind system"},
		{"DIMM", comp(inventory.KindMemory, "DIMM000"), nil, category.MemoryStorage, "kind memory-module"},
		// Words: a category column, a property, a name.
		{"sheet column", comp(inventory.KindDevice, "X", "category", "IP Camera"), nil, category.VideoSurveillance, `category "IP Camera"`},
		{"cdx property", comp(inventory.KindDevice, "X", "vendorcheck:category", "telecom-equipment"), nil, category.TelecomEquipment, "vendorcheck:category"},
		{"router name", comp(inventory.KindDevice, "AR6140 enterprise router"), nil, category.TelecomEquipment, "router"},
		{"router firmware", comp(inventory.KindFirmware, "router-fw"), nil, category.TelecomEquipment, "router-fw"},
		{"no whole word", comp(inventory.KindDevice, "Routerboard2"), []string{"telecom-equipment", "computing"}, category.Unknown, "vendorcheck:category"},
		// Software, and the maker's single hardware line.
		{"software", comp(inventory.KindLibrary, "push"), []string{"telecom-equipment", "software"}, category.Software, "software component"},
		{"drone maker", comp(inventory.KindDevice, "Matrice 300 RTK"), []string{"drones", "software"}, category.Drones, "only hardware line"},
		{"maker of many", comp(inventory.KindDevice, "TaiShan 2280 V2"), []string{"telecom-equipment", "computing"}, category.Unknown, "not recorded"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := category.Decide(tc.c, tc.products)
			got := d.Signal
			if !d.Known() {
				got = d.Missing
			}
			if d.Name() != tc.want || !strings.Contains(got, tc.signal) {
				t.Errorf("got %s (%q), want %s (%q)", d.Name(), got, tc.want, tc.signal)
			}
			if d.Known() == (d.Missing != "") {
				t.Errorf("known %v with missing %q", d.Known(), d.Missing)
			}
		})
	}
	// A security vendor's software is security software.
	d := category.Decide(comp(inventory.KindApplication, "kes"), []string{"security-software"})
	if !slices.Contains(d.Categories, category.SecuritySoftware) {
		t.Errorf("security vendor's software: %v", d.Categories)
	}
}

func ExampleDecide() {
	bridge := &inventory.Component{Kind: inventory.KindPCI, Name: "HiSilicon PCIe Root Port",
		Properties: []inventory.Property{{Name: "class-code", Value: "0604"}}}
	d := category.Decide(bridge, nil)
	fmt.Println(d.Name(), "-", d.Signal)
	unknown := category.Decide(&inventory.Component{Kind: inventory.KindPCI, Name: "Device 3714"}, nil)
	fmt.Println(unknown.Name(), "-", unknown.Missing)
	// Output:
	// computing - PCI class 0604 (bridge)
	// unknown - no PCI class code (pass lspci -nn, -vmm or -vvnn output)
}
