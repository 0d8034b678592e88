package dmidecode

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/hwtext/hwgolden"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

func decodeCorpus(t *testing.T, base string) *inventory.Inventory {
	t.Helper()
	return hwgolden.DecodeFile(t, New(), filepath.Join("testdata", "corpus", base))
}

func memoryModules(inv *inventory.Inventory) []inventory.Component {
	return hwgolden.Components(inv, inventory.KindMemory)
}

func TestGoldenCorpus(t *testing.T) {
	files := append(hwgolden.CorpusFiles(t), filepath.Join("testdata", "fixtures", "cxmt-bank11.txt"))
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			inv := hwgolden.DecodeFile(t, New(), f)
			if len(inv.Components) == 0 {
				t.Fatal("no components")
			}
			hwgolden.CheckLocations(t, inv, true)
			hwgolden.Golden(t, strings.TrimSuffix(filepath.Base(f), ".txt"), inv)
		})
	}
}

// Every identifier comes from one of the decoder's identifier fields, with
// the kind that field holds: serials, hashes, OEM strings, BIOS versions and
// table addresses never leak in.
func TestIdentifierFieldsOnly(t *testing.T) {
	kindOf := map[string]inventory.IDKind{
		FieldMemoryManufacturer:   inventory.IDJEDEC,
		FieldModuleManufacturerID: inventory.IDJEDEC,
		FieldMemoryPartNumber:     inventory.IDPartNumber,
		FieldPSUPartNumber:        inventory.IDPartNumber,
	}
	if len(kindOf) != len(IdentifierFields) {
		t.Fatalf("IdentifierFields %v out of step with the test", IdentifierFields)
	}
	n := 0
	for _, f := range hwgolden.CorpusFiles(t) {
		inv := hwgolden.DecodeFile(t, New(), f)
		for _, c := range inv.Components {
			for _, id := range c.Identifiers {
				n++
				if k, ok := kindOf[id.Field]; !ok || k != id.Kind {
					t.Errorf("%s: %s: identifier %+v from an unexpected field", f, c.Name, id)
				}
				if id.Value == c.Serial {
					t.Errorf("%s: %s: serial %q became an identifier", f, c.Name, id.Value)
				}
			}
			if c.Kind != inventory.KindMemory && c.Kind != inventory.KindOther && len(c.Identifiers) > 0 {
				t.Errorf("%s: %s (%s) has identifiers %v", f, c.Name, c.Kind, c.Identifiers)
			}
		}
	}
	if n == 0 {
		t.Fatal("no identifiers at all in the corpus")
	}
}

func TestHuawei2288HV5(t *testing.T) {
	inv := decodeCorpus(t, "huawei-2288H-V5_94600F3C6456.txt")
	sys := hwgolden.Components(inv, inventory.KindSystem)
	if len(sys) != 1 || !hwgolden.HasParty(sys[0], inventory.RoleManufacturer, "Huawei") {
		t.Fatalf("system components %+v, want one with manufacturer Huawei", sys)
	}
	p := sys[0].Parties[0]
	if p.Field != "System Information.Manufacturer" {
		t.Errorf("party field %q", p.Field)
	}
	if sys[0].Model != "2288H V5" || sys[0].Location.Ref == "" || sys[0].Location.Line == 0 {
		t.Errorf("system %+v", sys[0])
	}
	if inv.Host != "Huawei 2288H V5" {
		t.Errorf("host %q, want the manufacturer and product (serial is anonymised)", inv.Host)
	}
	for _, k := range []inventory.Kind{inventory.KindBoard, inventory.KindChassis, inventory.KindBIOS, inventory.KindProcessor} {
		if len(hwgolden.Components(inv, k)) == 0 {
			t.Errorf("no %s component", k)
		}
	}
	mods := memoryModules(inv)
	if len(mods) == 0 || !strings.Contains(mods[0].Name, "M393A4K40DB2-CVF") || !hwgolden.HasParty(mods[0], inventory.RoleManufacturer, "Samsung") {
		t.Errorf("first memory module %+v", mods)
	}
}

func TestHuaweiRH2288V3Micron(t *testing.T) {
	inv := decodeCorpus(t, "huawei-RH2288-V3_EC438425FBC0.txt")
	mods := memoryModules(inv)
	if len(mods) != 4 {
		t.Fatalf("%d memory modules, want 4 (empty slots skipped)", len(mods))
	}
	for _, m := range mods {
		if !hwgolden.HasParty(m, inventory.RoleManufacturer, "Micron") {
			t.Errorf("%s: parties %v, want manufacturer Micron", m.Name, m.Parties)
		}
		if !hwgolden.HasID(m, inventory.IDPartNumber, "36ASF2G72PZ-2G1A2") {
			t.Errorf("%s: identifiers %v, want part 36ASF2G72PZ-2G1A2 (trimmed)", m.Name, m.Identifiers)
		}
	}
}

func TestDellR6515RawJEDEC(t *testing.T) {
	inv := decodeCorpus(t, "dell-R6515_0474663F511F.txt")
	mods := memoryModules(inv)
	if len(mods) != 8 {
		t.Fatalf("%d memory modules, want 8", len(mods))
	}
	for _, m := range mods {
		if !slices.Contains(m.Identifiers, inventory.Identifier{Kind: inventory.IDJEDEC, Value: "802C8632802C", Field: FieldMemoryManufacturer}) {
			t.Errorf("%s: identifiers %v", m.Name, m.Identifiers)
		}
		if len(m.Parties) != 0 {
			t.Errorf("%s: a raw hex manufacturer became a party: %v", m.Name, m.Parties)
		}
		if !hwgolden.HasID(m, inventory.IDPartNumber, "36ASF8G72PZ-3G2E1") {
			t.Errorf("%s: no part number", m.Name)
		}
	}
}

func TestCompaqJEDEC(t *testing.T) {
	inv := decodeCorpus(t, "compaq-CQ5600F_4F092EDC2539.txt")
	mods := memoryModules(inv)
	if len(mods) == 0 || !hwgolden.HasID(mods[0], inventory.IDJEDEC, "2C00000000000000") ||
		!hwgolden.HasID(mods[0], inventory.IDPartNumber, "16HTF25664AZ-800J1") {
		t.Fatalf("memory modules %+v", mods)
	}
}

func TestAppleHexPartNumber(t *testing.T) {
	inv := decodeCorpus(t, "apple-iMac8,1_0D0F975C93E0.txt")
	mods := memoryModules(inv)
	if len(mods) != 2 {
		t.Fatalf("%d memory modules, want 2", len(mods))
	}
	for _, m := range mods {
		if !hwgolden.HasID(m, inventory.IDPartNumber, "16HTF25664HZ-800E1") {
			t.Errorf("%s: identifiers %v, want decoded part number", m.Name, m.Identifiers)
		}
		if !hwgolden.HasID(m, inventory.IDJEDEC, "0x2C00000000000000") {
			t.Errorf("%s: identifiers %v, want raw JEDEC", m.Name, m.Identifiers)
		}
		if !slices.Contains(m.Properties, inventory.Property{Name: "Memory Device.Part Number (raw)", Value: "0x31364854463235363634485A2D3830304531"}) {
			t.Errorf("%s: raw part number not kept: %v", m.Name, m.Properties)
		}
	}
}

func TestAcerUnknownManufacturer(t *testing.T) {
	inv := decodeCorpus(t, "acer-V3-772G_D65C7FD04328.txt")
	var found bool
	for _, m := range memoryModules(inv) {
		if hwgolden.HasID(m, inventory.IDPartNumber, "CT51264BF160BJ.C8F") {
			found = true
			if len(m.Parties) != 0 {
				t.Errorf("'Manufacturer: Unknown' became a party: %v", m.Parties)
			}
		}
	}
	if !found {
		t.Error("no module with part CT51264BF160BJ.C8F")
	}
}

func TestHonorTableAddressIsNotJEDEC(t *testing.T) {
	inv := decodeCorpus(t, "honor-BBR-WAX9_0F2C5BD491F0.txt")
	for _, c := range inv.Components {
		for _, id := range c.Identifiers {
			if id.Kind == inventory.IDJEDEC && strings.Contains(strings.ToUpper(id.Value), "2C") {
				t.Errorf("%s: jedec identifier %+v", c.Name, id)
			}
		}
	}
	sys := hwgolden.Components(inv, inventory.KindSystem)
	if len(sys) != 1 || !hwgolden.HasParty(sys[0], inventory.RoleManufacturer, "HONOR") {
		t.Errorf("system %+v", sys)
	}
}

func TestTaiShan200(t *testing.T) {
	inv := decodeCorpus(t, "huawei-TaiShan200_50ED10C1AEE2.txt")
	// The corpus note calls it the BIOS version; dmidecode prints it as the
	// base board's Version.
	board := hwgolden.Components(inv, inventory.KindBoard)
	if len(board) != 1 || board[0].Version != "V200R002C00" || !hwgolden.HasParty(board[0], inventory.RoleManufacturer, "Huawei") {
		t.Fatalf("board %+v", board)
	}
	for _, c := range inv.Components {
		if c.Kind != inventory.KindMemory && len(c.Identifiers) != 0 {
			t.Errorf("%s (%s) has identifiers %v", c.Name, c.Kind, c.Identifiers)
		}
	}
	cpus := hwgolden.Components(inv, inventory.KindProcessor)
	if len(cpus) != 2 {
		t.Fatalf("%d processors, want 2", len(cpus))
	}
	for _, c := range cpus {
		if !hwgolden.HasParty(c, inventory.RoleManufacturer, "HiSilicon") || c.Model != "Kunpeng 920-4826" {
			t.Errorf("processor %+v", c)
		}
		if c.Parties[0].Field != "Processor Information.Manufacturer" {
			t.Errorf("processor party field %q", c.Parties[0].Field)
		}
	}
	if n := len(memoryModules(inv)); n != 16 {
		t.Errorf("%d memory modules, want 16 (NO DIMM slots skipped)", n)
	}
}

func TestHPDL180TrailingSpaces(t *testing.T) {
	inv := decodeCorpus(t, "glpi-agent-hp-dl180.dmidecode.txt")
	var micron int
	for _, m := range memoryModules(inv) {
		if hwgolden.HasParty(m, inventory.RoleManufacturer, "Micron") {
			micron++
		}
		for _, p := range m.Parties {
			if p.Name != strings.TrimSpace(p.Name) {
				t.Errorf("untrimmed party %q", p.Name)
			}
		}
		if strings.Contains(m.Name, "ModulePartNumber") || strings.Contains(m.Name, "Manufacturer0") {
			t.Errorf("template placeholder kept: %s", m.Name)
		}
	}
	if micron == 0 {
		t.Error("no Micron memory module")
	}
}

func TestCXMTFixture(t *testing.T) {
	inv := hwgolden.DecodeFile(t, New(), filepath.Join("testdata", "fixtures", "cxmt-bank11.txt"))
	mods := memoryModules(inv)
	if len(mods) != 1 {
		t.Fatalf("%d memory modules, want 1 (the empty slot is skipped)", len(mods))
	}
	m := mods[0]
	want := []inventory.Identifier{
		{Kind: inventory.IDJEDEC, Value: "Unknown - [0x9B85]", Field: FieldMemoryManufacturer},
		{Kind: inventory.IDJEDEC, Value: "Bank 11, Hex 0x91", Field: FieldModuleManufacturerID},
		{Kind: inventory.IDPartNumber, Value: "CXDB5CBAM-ML", Field: FieldMemoryPartNumber},
	}
	if !slices.Equal(m.Identifiers, want) {
		t.Errorf("identifiers\n got %v\nwant %v", m.Identifiers, want)
	}
	if len(m.Parties) != 0 || m.Serial != "" {
		t.Errorf("placeholder manufacturer or serial kept: %v %q", m.Parties, m.Serial)
	}
	if m.Location.Line != 20 || m.Location.Ref != "handle 0x0010" {
		t.Errorf("location %+v", m.Location)
	}
	// "SKU Number: 2C00" and "Table at 0x7E2C0000" are not identifiers.
	for _, c := range inv.Components {
		if c.Kind == inventory.KindSystem && len(c.Identifiers) != 0 {
			t.Errorf("system identifiers %v", c.Identifiers)
		}
	}
	if inv.Host != "EX14-0001" || inv.SpecVersion != "3.4.0" {
		t.Errorf("host %q spec %q", inv.Host, inv.SpecVersion)
	}
}

func TestIdentify(t *testing.T) {
	d := New()
	yes := []string{
		"# dmidecode 3.4\nGetting SMBIOS data from sysfs.\n",
		"\n\nHandle 0x0000, DMI type 0, 24 bytes\nBIOS Information\n",
		"SMBIOS 2.8 present.\n\nHandle 0x0001, DMI type 1, 27 bytes\nSystem Information\n",
	}
	no := []string{
		"", "   \n", `{"bomFormat":"CycloneDX","specVersion":"1.5"}`,
		"Bus 001 Device 002: ID 8087:8000 Intel Corp.\n",
		"00:1f.3 Audio device [0403]: Intel Corporation Device [8086:a348]\n",
		`[{"id":"computer","class":"system","claimed":true}]`,
		"SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n",
		"some text mentioning Handle 0x0000 and DMI type 0\n",
	}
	for _, s := range yes {
		if !d.Identify([]byte(s)) {
			t.Errorf("does not identify %q", s)
		}
	}
	for _, s := range no {
		if d.Identify([]byte(s)) {
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
		{"no structures", "# dmidecode 3.4\nSMBIOS 3.3 present.\n", 0, "no DMI structures"},
		{"truncated after handle", "# dmidecode 3.4\n\nHandle 0x0000, DMI type 0, 24 bytes\n", 3, "truncated"},
		{"bad handle", "# dmidecode 3.4\n\nHandle 0xZZ, DMI type 0\nBIOS Information\n", 3, "malformed structure header"},
		{"garbage between", "# dmidecode 3.4\n\nHandle 0x0000, DMI type 0, 24 bytes\nBIOS Information\n\tVendor: X\n\nhello world\n", 7, "between DMI structures"},
		{"no name", "# dmidecode 3.4\n\nHandle 0x0000, DMI type 0, 24 bytes\n\tVendor: X\n", 4, "has no name"},
		{"binary", "# dmidecode 3.4\n\nHandle 0x0000, DMI type 0, 24 bytes\nBIOS Information\n" + strings.Repeat("x", 2<<20) + "\n", 5, "longer than"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New().Decode(context.Background(), strings.NewReader(tc.in), "in.txt")
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, ingest.ErrMalformed) {
				t.Errorf("error %v does not wrap ErrMalformed", err)
			}
			var de *ingest.DecodeError
			if !errors.As(err, &de) || de.File != "in.txt" {
				t.Fatalf("error %v is not a DecodeError for in.txt", err)
			}
			if tc.line != 0 && de.Line != tc.line && !strings.Contains(err.Error(), "line 5") {
				t.Errorf("error %v: line %d, want %d", err, de.Line, tc.line)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q does not say %q", err, tc.msg)
			}
		})
	}
}

func TestRegistryRoundTrip(t *testing.T) {
	reg := ingest.NewRegistry(New())
	data := []byte("# dmidecode 3.4\n\nHandle 0x0001, DMI type 1, 27 bytes\nSystem Information\n\tManufacturer: Huawei\n\tProduct Name: X\n")
	inv, err := reg.Decode(context.Background(), bytes.NewReader(data), "-")
	if err != nil {
		t.Fatal(err)
	}
	if inv.Format != ID || len(inv.Components) != 1 || inv.Components[0].Location.Line != 3 {
		t.Errorf("%+v", inv)
	}
}
