package hwtext

import (
	"errors"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
)

func TestIsPlaceholder(t *testing.T) {
	for s, want := range map[string]bool{
		"": true, "  Unknown ": true, "NOT AVAILABLE": true, "To Be Filled By O.E.M.": true,
		"to be filled by o.e.m.": true, "Default string": true, "0000": true, "00000000": true,
		"0x0000000000000000": true, "FFFFFFFF": true, "ffff": true, "Manufacturer01": true,
		"ModulePartNumber03": true, "SerNum01": true, "OEM Define 2": true, "NO DIMM": true, "(error)": true,
		"Micron": false, "Huawei": false, "802C8632802C": false, "2C00000000000000": false,
		"Manufacturer": false, "0x2C00": false, "OEM Corp": false,
	} {
		if got := IsPlaceholder(s); got != want {
			t.Errorf("IsPlaceholder(%q) = %v", s, got)
		}
	}
}

func TestIsHexCode(t *testing.T) {
	for s, want := range map[string]bool{
		"802C8632802C": true, "2C00000000000000": true, "0x2C00000000000000": true, "002C0632002C": true,
		"80AD": true, "CE00000000000000": true,
		"0000": false, "FFFFFFFFFFFF": false, "Micron": false, "BEEF": false, "2C0": false,
		"Bank 1, Hex 0x2C": false, "Unknown - [0x9B85]": false, "0x": false,
	} {
		if got := IsHexCode(s); got != want {
			t.Errorf("IsHexCode(%q) = %v", s, got)
		}
	}
}

func TestEmbeddedHexCode(t *testing.T) {
	cases := []struct {
		in, name string
		ok       bool
	}{
		{"Unknown - [0x9B85]", "", true},
		{"Samsung (0xCE00)", "Samsung", true},
		{"Micron", "", false},
		{"Hynix [AD]", "", false},
	}
	for _, c := range cases {
		name, ok := EmbeddedHexCode(c.in)
		if name != c.name || ok != c.ok {
			t.Errorf("EmbeddedHexCode(%q) = %q, %v", c.in, name, ok)
		}
	}
}

func TestSplitVendor(t *testing.T) {
	cases := []struct{ in, vendor, product string }{
		{"Intel Corporation 82801 PCI Bridge", "Intel Corporation", "82801 PCI Bridge"},
		{"Huawei Technologies Co., Ltd. E353/E3131", "Huawei Technologies Co., Ltd.", "E353/E3131"},
		{"Huawei Technologies Co., Ltd. Hi1822 Family (4*25GE)", "Huawei Technologies Co., Ltd.", "Hi1822 Family (4*25GE)"},
		{"Advanced Micro Devices, Inc. [AMD] Starship/Matisse Root Complex", "Advanced Micro Devices, Inc. [AMD]", "Starship/Matisse Root Complex"},
		{"Advanced Micro Devices, Inc. [AMD/ATI] Navi 14", "Advanced Micro Devices, Inc. [AMD/ATI]", "Navi 14"},
		{"Micron/Crucial Technology P1 NVMe PCIe SSD", "Micron/Crucial Technology", "P1 NVMe PCIe SSD"},
		{"Broadcom Inc. and subsidiaries NetXtreme II BCM57810", "Broadcom Inc. and subsidiaries", "NetXtreme II BCM57810"},
		{"Samsung Electronics Co Ltd NVMe SSD Controller SM981/PM981", "Samsung Electronics Co Ltd", "NVMe SSD Controller SM981/PM981"},
		{"Kingston Technology Company, Inc. A2000 NVMe SSD", "Kingston Technology Company, Inc.", "A2000 NVMe SSD"},
		{"Marvell Technology Group Ltd. 88SE9230", "Marvell Technology Group Ltd.", "88SE9230"},
		{"Standard Microsystems Corp.", "Standard Microsystems Corp.", ""},
		{"Linux Foundation 2.0 root hub", "Linux Foundation", "2.0 root hub"},
		{"Silicon Integrated Systems [SiS] SiS900 PCI Fast Ethernet", "Silicon Integrated Systems [SiS]", "SiS900 PCI Fast Ethernet"},
		{"Dell Device", "Dell", ""},
		{"Dell Device 0233", "Dell", ""},
		{"Mellanox Technologies MT27520 Family [ConnectX-3 Pro]", "Mellanox Technologies", "MT27520 Family [ConnectX-3 Pro]"},
		{"NVIDIA Corporation GP107 [GeForce GTX 1050 Ti]", "NVIDIA Corporation", "GP107 [GeForce GTX 1050 Ti]"},
	}
	for _, c := range cases {
		v, p, ok := SplitVendor(c.in)
		if !ok || v != c.vendor || p != c.product {
			t.Errorf("SplitVendor(%q) = %q, %q, %v; want %q, %q", c.in, v, p, ok, c.vendor, c.product)
		}
	}
	for _, s := range []string{"Qualcomm Atheros QCA6174", "Texas Instruments PCIxx12 Cardbus Controller", "Device", "", "Broadcom / LSI SAS3008"} {
		if v, p, ok := SplitVendor(s); ok {
			t.Errorf("SplitVendor(%q) = %q, %q, true; want no split", s, v, p)
		}
	}
}

func TestLines(t *testing.T) {
	var got []string
	err := Lines(strings.NewReader("a\r\nb\n\nc"), func(n int, l string) error {
		got = append(got, l)
		return nil
	})
	if err != nil || strings.Join(got, "|") != "a|b||c" {
		t.Errorf("got %q, %v", got, err)
	}
	err = Lines(strings.NewReader("ok\n"+strings.Repeat("x", MaxLineSize+1)), func(int, string) error { return nil })
	if !errors.Is(err, ingest.ErrMalformed) || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("long line: %v", err)
	}
}

func TestMalformed(t *testing.T) {
	err := Malformed("f.txt", 3, "x", "bad %s", "thing")
	var de *ingest.DecodeError
	if !errors.As(err, &de) || !errors.Is(err, ingest.ErrMalformed) || err.Error() != "f.txt:3: x: malformed input: bad thing" {
		t.Errorf("%v", err)
	}
}

func TestUSBClassDecimal(t *testing.T) {
	for in, want := range map[string]string{"9": "09", "0": "00", "10": "0a", "14": "0e", "224": "e0", "255": "ff", " 8 ": "08"} {
		if got, ok := USBClassDecimal(in); !ok || got != want {
			t.Errorf("USBClassDecimal(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "256", "0x09", "09h", "e0", "-1", "1000", "9.0"} {
		if got, ok := USBClassDecimal(in); ok {
			t.Errorf("USBClassDecimal(%q) = %q, want refused", in, got)
		}
	}
}

func TestIsCIMExport(t *testing.T) {
	for in, want := range map[string]bool{
		"#TYPE Microsoft.Management.Infrastructure.CimInstance#root/cimv2/Win32_BIOS\n\"Name\"\n":                     true,
		"#TYPE System.Management.ManagementObject#root\\cimv2\\Win32_PnPEntity\n\"Name\"\n":                           true,
		"#TYPE Selected.System.Management.ManagementObject\r\n\"Name\",\"PNPDeviceID\"\r\n":                           true,
		"#TYPE Selected.Microsoft.Management.Infrastructure.CimInstance\n\"Manufacturer\",\"BankLabel\"\n":            true,
		"\ufeff#TYPE Selected.Microsoft.Management.Infrastructure.CimInstance\n\"DisplayName\",\"UninstallString\"\n": false, // callers strip the BOM first
		// Select-Object down to plain columns: a sheet like any other.
		"#TYPE Selected.System.Management.ManagementObject\n\"Manufacturer\",\"Model\"\n": false,
		"#TYPE Selected.System.Management.ManagementObject\n":                             false,
		"#TYPE System.Management.Automation.PSCustomObject\n\"PNPDeviceID\"\n":            false,
		"\"PNPDeviceID\"\n\"PCI\\VEN_8086\"\n":                                            false,
	} {
		if got := IsCIMExport([]byte(in)); got != want {
			t.Errorf("IsCIMExport(%q) = %v", in, got)
		}
	}
}

// FirstLine is the first line that is not blank, without its CR.
func TestFirstLine(t *testing.T) {
	for _, tc := range []struct {
		head, line string
		ok         bool
	}{
		{"", "", false},
		{"\n\r\n  \t\n", "", false},
		{"abc", "abc", true},
		{"\n\n  x y \r\nz", "  x y ", true},
		{"\r\n\u00a0\nnext\n", "next", true}, // a no-break space is blank
		{"a\rb\r\n", "a\rb", true},
		{"\xff\xfe\n", "\xff\xfe", true},
	} {
		line, ok := FirstLine([]byte(tc.head))
		if line != tc.line || ok != tc.ok {
			t.Errorf("FirstLine(%q) = %q, %v; want %q, %v", tc.head, line, ok, tc.line, tc.ok)
		}
	}
}

func TestFirstKey(t *testing.T) {
	for _, tc := range []struct {
		head    string
		inArray bool
		want    string // "" for not an object that opens with a key
	}{
		{`{"a": 1}`, false, `"a": 1}`},
		{" \t\r\n\f{ \n\"a\":1}", false, `"a":1}`},
		{`[{"id": "x"}]`, true, `"id": "x"}]`},
		{"[ \n { \"id\"", true, `"id"`},
		{`[{"id": "x"}]`, false, ""},
		{`{}`, false, ""},
		{`{ }`, false, ""},
		{`"a"`, false, ""},
		{"\v{\"a\":1}", false, ""}, // \v is not \s
		{``, false, ""},
		{`[`, true, ""},
	} {
		k, ok := FirstKey([]byte(tc.head), tc.inArray)
		if ok != (tc.want != "") || string(k) != tc.want && ok {
			t.Errorf("FirstKey(%q, %v) = %q, %v; want %q", tc.head, tc.inArray, k, ok, tc.want)
		}
	}
}
