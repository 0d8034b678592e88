package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

const extract = "testdata/vendors-identifiers.tsv"

// TestCommittedTableIsGenerated: pkg/catalog/id_tables.go is exactly what the
// generator makes of the extract (so nobody hand-edited it), and the
// testdata copy of the extract is the one it was generated from.
func TestCommittedTableIsGenerated(t *testing.T) {
	in, err := os.ReadFile(extract)
	if err != nil {
		t.Fatal(err)
	}
	got, err := generate(bytes.NewReader(in), extract)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../../pkg/catalog/id_tables.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("pkg/catalog/id_tables.go differs from the generator's output for %s: run go generate ./pkg/catalog and refresh the testdata copy (testdata/SOURCES.md)", extract)
	}
	for _, s := range []string{
		`PCIRegistryVersion     = "pci.ids 2026.08.22 from`,
		`USBRegistryVersion     = "usb.ids 2025.07.26 from`,
		`JEDECRegistryVersion   = "JEP106BO (May 2026) from`,
		`IANAPENRegistryVersion = "IANA enterprise-numbers 2025-08-22 from`,
		`usb 1472 (Huawei): Huawei-3Com`,
		`iana_pen 1004849 (Dahua): Dahua/Intelbras SNMP OID`,
		`pci 1d97 (Lexar)`,
		`jedec bank11:0x76 (Lexar)`,
		`{"jedec", "bank12:0x2C", "hikvision", "Hangzhou Hikstorage Technology Co., Ltd.", true,`,
		`{"jedec", "bank8:0x0C", "zte", "ZTE Microelectronics", false,`,
		`{"pci", "c0a9", "micron", "Crucial", true,`,
	} {
		if !bytes.Contains(got, []byte(s)) {
			t.Errorf("generated table lacks %q", s)
		}
	}
	for _, s := range []string{`"1472"`, `"1004849"`, `"1d97"`, `"bank11:0x76"`} {
		if bytes.Contains(got, []byte(", "+s+", \"")) {
			t.Errorf("generated table lists skipped %s", s)
		}
	}
}

const head = "vendor\tkind\tvalue\tnote\tsource\n"

// minimal has one valid row per kind.
var minimal = strings.Join([]string{
	"Huawei\tpci\t19e5\tn\tpci.ids Version 2026.08.22 (x@1)",
	"Huawei\tusb\t12d1\tn\tusb.ids Version 2025.07.26 (Debian)",
	"Micron\tjedec\tbank1:0x2C\tn\tJEP106BO (May 2026) as transcribed in openocd jep106.inc",
	"Huawei\tiana_pen\t2011\tn\tIANA enterprise-numbers.txt (last updated 2025-08-22), copy at x",
	"Huawei\tname\tHuawei\tignored\tno version needed",
}, "\n") + "\n"

// rules names rows the skip and registrant lists expect, so a minimal
// extract passes the stale-rule check.
var rules = strings.Join([]string{
	"Hikvision\tpci\t20ba\tn\tpci.ids Version 2026.08.22 (x@1)",
	"Hikvision\tjedec\tbank12:0x2C\tn\tJEP106BO (May 2026) as transcribed in openocd jep106.inc",
	"Hikvision\tjedec\tbank13:0x7C\tn\tJEP106BO (May 2026) as transcribed in openocd jep106.inc",
	"ZTE\tjedec\tbank8:0x0C\tn\tJEP106BO (May 2026) as transcribed in openocd jep106.inc",
	"Dahua\tjedec\tbank12:0x77\tn\tJEP106BO (May 2026) as transcribed in openocd jep106.inc",
	"China Mobile\tpci\t1f2f\tn\tpci.ids Version 2026.08.22 (x@1)",
}, "\n") + "\n"

func TestGenerateMinimal(t *testing.T) {
	src, err := generate(strings.NewReader(head+minimal+rules+
		"Lexar\tpci\t1d97\tLongsys\tpci.ids Version 2026.08.22 (x@1)\n"+
		"Micron\tusb\t0634\tUNVERIFIED guess\tusb.ids Version 2025.07.26 (Debian)\n"), "x.tsv")
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	for _, want := range []string{
		`{"pci", "19e5", "huawei", "", true, "n"}`,
		`{"usb", "0634", "micron", "", false, "UNVERIFIED guess"}`,
		`{"jedec", "bank8:0x0C", "zte", "ZTE Microelectronics", false, "n"}`,
		`pci 1d97 (Lexar): Shenzhen Longsys`,
		`Would be left out, but this extract does not list them:`,
		`PCIRegistryVersion     = "pci.ids 2026.08.22 from x@1"`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(s, `"1d97", "micron"`) {
		t.Error("skipped 1d97 is in the table")
	}
}

func TestGenerateErrors(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"unknown vendor", head + minimal + rules + "Acme\tpci\t1234\tn\tpci.ids Version 2026.08.22 (x@1)\n",
			`x.tsv:13: vendor "Acme" has no owner mapping`},
		{"two versions", head + minimal + rules + "ZTE\tpci\t1cf2\tn\tpci.ids Version 2023.04.10 (Debian)\n",
			`x.tsv:13: pci 1cf2 cites "pci.ids 2023.04.10 from Debian" but line 2 cites "pci.ids 2026.08.22 from x@1"`},
		{"no version", head + minimal + rules + "ZTE\tusb\t19d2\tn\tsomewhere\n",
			`x.tsv:13: usb 19d2: source "somewhere" does not name the usb.ids version`},
		{"duplicate", head + minimal + rules + "ZTE\tpci\t19e5\tn\tpci.ids Version 2026.08.22 (x@1)\n",
			`x.tsv:13: pci 19e5 is already listed on line 2`},
		{"bad hex", head + minimal + rules + "ZTE\tpci\t1CF2\tn\tpci.ids Version 2026.08.22 (x@1)\n",
			`x.tsv:13: pci vendor id "1CF2": want 4 lower-case hex digits`},
		{"code with parity", head + minimal + rules + "CXMT\tjedec\tbank11:0x91\tn\tJEP106BO (May 2026) as transcribed in openocd jep106.inc\n",
			`x.tsv:13: jedec "bank11:0x91": want bank 1-16 and code 0x01-0x7E`},
		{"stale rule", head + minimal, `registrant rule for`},
		{"empty kind", head + strings.Replace(minimal, "Huawei\tiana_pen", "Huawei\tiana", 1) + rules, `x.tsv: no iana_pen rows: the IANA enterprise-numbers table would be empty`},
		{"bad header", "vendor,kind\n", `x.tsv:1: want header`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := generate(strings.NewReader(c.in), "x.tsv")
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an error containing %q", err, c.want)
			}
		})
	}
}
