package lshw

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/hwtext/hwgolden"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

func decoderFor(path string) ingest.Decoder {
	if strings.HasSuffix(path, ".xml") {
		return NewXML()
	}
	return NewJSON()
}

func decodeCorpus(t *testing.T, base string) *inventory.Inventory {
	t.Helper()
	p := filepath.Join("testdata", "corpus", base)
	return hwgolden.DecodeFile(t, decoderFor(p), p)
}

func TestGoldenCorpus(t *testing.T) {
	for _, f := range hwgolden.CorpusFiles(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			inv := hwgolden.DecodeFile(t, decoderFor(f), f)
			if len(inv.Components) < 10 {
				t.Fatalf("%d components", len(inv.Components))
			}
			hwgolden.CheckLocations(t, inv, true)
			hwgolden.Golden(t, filepath.Base(f), inv)
		})
	}
}

func TestIdentifierFieldsOnly(t *testing.T) {
	kindOf := map[string]inventory.IDKind{
		FieldVendorID:    inventory.IDPCIVendor,
		FieldUSBVendorID: inventory.IDUSBVendor,
		FieldVendor:      inventory.IDJEDEC,
		FieldProduct:     inventory.IDPartNumber,
		FieldMAC:         inventory.IDMAC,
	}
	if len(kindOf) != len(IdentifierFields) {
		t.Fatalf("IdentifierFields %v out of step with the test", IdentifierFields)
	}
	seen := map[string]bool{}
	for _, f := range hwgolden.CorpusFiles(t) {
		inv := hwgolden.DecodeFile(t, decoderFor(f), f)
		for _, c := range inv.Components {
			for _, id := range c.Identifiers {
				seen[id.Field] = true
				if k, ok := kindOf[id.Field]; !ok || k != id.Kind {
					t.Errorf("%s: %s: identifier %+v from an unexpected field", f, c.Name, id)
				}
				if id.Value == c.Serial {
					t.Errorf("%s: %s: serial %q became an identifier", f, c.Name, id.Value)
				}
			}
		}
	}
	for _, f := range []string{FieldVendorID, FieldProduct, FieldMAC} {
		if !seen[f] {
			t.Errorf("no identifier from field %q in the corpus", f)
		}
	}
}

func TestSupermicroMicronDisks(t *testing.T) {
	inv := decodeCorpus(t, "ironlib-supermicro-x11dph-t.lshw.json")
	var micron []inventory.Component
	for _, c := range hwgolden.Components(inv, inventory.KindDisk) {
		if c.Model == "Micron_5200_MTFD" {
			micron = append(micron, c)
		}
	}
	if len(micron) != 2 {
		t.Fatalf("%d disks with product Micron_5200_MTFD, want 2", len(micron))
	}
	for _, c := range micron {
		if len(c.Parties) != 0 {
			t.Errorf("%s: parties %v, want none (no vendor field)", c.Location.Ref, c.Parties)
		}
		if !hwgolden.HasID(c, inventory.IDPartNumber, "Micron_5200_MTFD") {
			t.Errorf("%s: identifiers %v", c.Location.Ref, c.Identifiers)
		}
		if c.Serial == "" || !strings.HasPrefix(c.Location.Ref, "/children/0/children/") {
			t.Errorf("%+v", c)
		}
	}
	sys := hwgolden.Components(inv, inventory.KindSystem)
	if len(sys) != 1 || inv.Host != "A401031X0502795" || !hwgolden.HasParty(sys[0], inventory.RoleVendor, "Supermicro") {
		t.Errorf("system %+v host %q", sys, inv.Host)
	}
	board := hwgolden.Components(inv, inventory.KindBoard)
	if len(board) != 1 || board[0].Model != "X11DPH-T" {
		t.Errorf("board %+v", board)
	}
	if n := len(hwgolden.Components(inv, inventory.KindMemory)); n != 12 {
		t.Errorf("%d memory modules, want 12 (NO DIMM banks skipped)", n)
	}
}

func TestDellR6515(t *testing.T) {
	inv := decodeCorpus(t, "ironlib-dell-r6515.lshw.json")
	var nvme int
	for _, c := range hwgolden.Components(inv, inventory.KindDisk) {
		if hwgolden.HasParty(c, inventory.RoleVendor, "Micron Technology Inc") && c.Model == "Micron_9300_MTFDHAL3T8TDP" {
			nvme++
		}
	}
	if nvme != 2 {
		t.Errorf("%d Micron NVMe disks, want 2", nvme)
	}
	// "Advanced Micro Devices, Inc. [AMD] [dead]": the numeric suffix is the
	// vendor id lshw printed; the name keeps its "[AMD]".
	var amd bool
	for _, c := range inv.Components {
		if hwgolden.HasParty(c, inventory.RoleVendor, "Advanced Micro Devices, Inc. [AMD]") && hwgolden.HasID(c, inventory.IDPCIVendor, "dead") {
			amd = true
		}
	}
	if !amd {
		t.Error("no AMD component with the numeric vendor suffix as a PCI vendor id")
	}
	if n := len(hwgolden.Components(inv, inventory.KindMemory)); n != 8 {
		t.Errorf("%d memory modules, want 8", n)
	}
}

func TestAsrockMicronDIMMs(t *testing.T) {
	inv := decodeCorpus(t, "ironlib-asrockrack-e3c246d4i-nl.lshw.json")
	mods := hwgolden.Components(inv, inventory.KindMemory)
	if len(mods) != 2 {
		t.Fatalf("%d memory modules, want 2", len(mods))
	}
	for _, m := range mods {
		if !hwgolden.HasParty(m, inventory.RoleVendor, "Micron") || !hwgolden.HasID(m, inventory.IDPartNumber, "18ASF2G72HZ-2G6E1") {
			t.Errorf("%+v", m)
		}
	}
	if !strings.HasPrefix(mods[0].Location.Ref, "/0/children/") {
		t.Errorf("ref %q, want a pointer into the top-level array", mods[0].Location.Ref)
	}
	var nics []inventory.Component
	for _, c := range hwgolden.Components(inv, inventory.KindNIC) {
		if hwgolden.HasParty(c, inventory.RoleVendor, "Intel Corporation") {
			nics = append(nics, c)
		}
	}
	if len(nics) != 2 || !hwgolden.HasID(nics[0], inventory.IDMAC, "b4:96:91:70:26:c8") || nics[0].Serial != "" {
		t.Errorf("nics %+v", nics)
	}
}

// The same machine dumped as JSON and XML yields the same components.
func TestDL360pJSONAndXMLAgree(t *testing.T) {
	j := decodeCorpus(t, "dl360p-gen8.lshw.json")
	x := decodeCorpus(t, "dl360p-gen8.lshw.xml")
	strip := func(inv *inventory.Inventory) []inventory.Component {
		var out []inventory.Component
		for _, c := range inv.Components {
			c.Location = inventory.Location{Path: c.Location.Path}
			out = append(out, c)
		}
		return out
	}
	jc, xc := strip(j), strip(x)
	if len(jc) != len(xc) {
		t.Fatalf("json %d components, xml %d", len(jc), len(xc))
	}
	for i := range jc {
		if !reflect.DeepEqual(jc[i], xc[i]) {
			t.Errorf("component %d differs:\njson %+v\n xml %+v", i, jc[i], xc[i])
		}
	}
	// the XML decoder records the line of each node
	for _, c := range x.Components {
		if c.Kind == inventory.KindSystem && c.Location.Line != 7 {
			t.Errorf("system at line %d, want 7", c.Location.Line)
		}
	}
	mods := hwgolden.Components(x, inventory.KindMemory)
	if len(mods) != 16 {
		t.Errorf("%d memory modules, want 16 (8 empty banks skipped)", len(mods))
	}
	for _, m := range mods {
		if len(m.Parties) != 0 || len(m.Identifiers) != 0 || m.Model != "" {
			t.Errorf("placeholder vendor/product kept: %+v", m)
		}
	}
	if x.Host != "HP ProLiant DL360p Gen8 (763480-B21)" {
		t.Errorf("host %q ([REMOVED] serial is a placeholder)", x.Host)
	}
}

func TestHexVendorBankIsJEDEC(t *testing.T) {
	in := `[{"id":"computer","class":"system","claimed":true,"children":[
	 {"id":"bank:0","class":"memory","claimed":true,"description":"DIMM DDR4","vendor":"802C00B3802C","product":"36ASF2G72PZ-2G3B1","serial":"1234ABCD","size":17179869184},
	 {"id":"bank:1","class":"memory","claimed":true,"description":"DIMM [empty]","vendor":"NO DIMM","product":"NO DIMM"},
	 {"id":"usb","class":"communication","businfo":"usb@1:2","vendor":"Huawei Technologies Co., Ltd. [12d1]","product":"E3372 [12d1:14db]"}
	]}]`
	inv, err := NewJSON().Decode(context.Background(), strings.NewReader(in), "x.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Components) != 3 {
		t.Fatalf("%d components: %+v", len(inv.Components), inv.Components)
	}
	bank := inv.Components[1]
	want := []inventory.Identifier{
		{Kind: inventory.IDJEDEC, Value: "802C00B3802C", Field: FieldVendor},
		{Kind: inventory.IDPartNumber, Value: "36ASF2G72PZ-2G3B1", Field: FieldProduct},
	}
	if !reflect.DeepEqual(bank.Identifiers, want) || len(bank.Parties) != 0 || bank.Location.Line != 2 {
		t.Errorf("bank %+v", bank)
	}
	usb := inv.Components[2]
	if usb.Kind != inventory.KindUSB || !hwgolden.HasID(usb, inventory.IDUSBVendor, "12d1") ||
		!hwgolden.HasParty(usb, inventory.RoleVendor, "Huawei Technologies Co., Ltd.") || usb.Model != "E3372" {
		t.Errorf("usb %+v", usb)
	}
}

func TestIdentify(t *testing.T) {
	j, x := NewJSON(), NewXML()
	jsonYes := []string{
		`{"id" : "computer", "class" : "system", "claimed" : true}`,
		"[\n  {\n    \"id\": \"host\",\n    \"class\": \"system\",\n    \"handle\": \"DMI:0001\"",
	}
	xmlYes := []string{
		"<?xml version=\"1.0\" standalone=\"yes\" ?>\n<!-- generated by lshw-B.02.18 -->\n<list>\n",
		"<?xml version=\"1.0\"?>\n<list>\n<node id=\"computer\" claimed=\"true\" class=\"system\">",
		"<node id=\"computer\" claimed=\"true\" class=\"system\" handle=\"DMI:0100\">",
	}
	no := []string{
		"", `{"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"type":"device","name":"x"}]}`,
		`{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","packages":[{"class":"x"}]}`,
		`{"@odata.id":"/redfish/v1/Systems/1","Id":"1","Manufacturer":"Huawei"}`,
		`{"id":"abc","class":"x"}`, // no lshw keys
		"<?xml version=\"1.0\"?>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\"><components><node id=\"a\" class=\"b\"/></components></bom>",
		"# dmidecode 3.4\n", "Bus 001 Device 002: ID 8087:8000 Intel Corp.\n",
	}
	for _, s := range jsonYes {
		if !j.Identify([]byte(s)) || x.Identify([]byte(s)) {
			t.Errorf("json %q misidentified", s)
		}
	}
	for _, s := range xmlYes {
		if !x.Identify([]byte(s)) || j.Identify([]byte(s)) {
			t.Errorf("xml %q misidentified", s)
		}
	}
	for _, s := range no {
		if j.Identify([]byte(s)) || x.Identify([]byte(s)) {
			t.Errorf("identifies %q", s)
		}
	}
}

func TestMalformed(t *testing.T) {
	cases := []struct {
		d        ingest.Decoder
		name, in string
		line     int
		msg      string
	}{
		{NewJSON(), "truncated", "{\n\"id\": \"computer\",\n\"class\": \"system\",\n\"children\": [\n{\"id\": \"core\",", 5, "truncated"},
		{NewJSON(), "syntax", "{\n\"id\": \"computer\",\n\"class\": system\n}", 3, "invalid character"},
		{NewJSON(), "no class", "{\n\"id\": \"computer\",\n\"children\": [\n  {\"id\": \"x\", \"class\": \"bus\"},\n  {\"id\": \"y\"}\n]}", 5, "without \"id\" or \"class\""},
		{NewJSON(), "wrong type", "{\"id\": \"computer\", \"class\": \"system\",\n\"vendor\": {\"a\": 1}}", 2, "not a string"},
		{NewJSON(), "trailing", "{\"id\": \"c\", \"class\": \"system\"}\n{}", 2, "after the lshw tree"},
		{NewXML(), "truncated", "<?xml version=\"1.0\"?>\n<list>\n<node id=\"computer\" class=\"system\">\n<vendor>HP</vendor>\n", 5, "unexpected EOF"},
		{NewXML(), "mismatched", "<list>\n<node id=\"c\" class=\"system\">\n<vendor>HP</product>\n</node></list>", 3, "element <vendor> closed by </product>"},
		{NewXML(), "no nodes", "<list>\n</list>\n", 3, "no lshw nodes"},
	}
	for _, tc := range cases {
		t.Run(tc.d.ID()+"/"+tc.name, func(t *testing.T) {
			_, err := tc.d.Decode(context.Background(), strings.NewReader(tc.in), "in")
			if err == nil {
				t.Fatal("no error")
			}
			var de *ingest.DecodeError
			if !errors.Is(err, ingest.ErrMalformed) || !errors.As(err, &de) || de.File != "in" {
				t.Fatalf("error %v: not a malformed DecodeError for in", err)
			}
			if de.Line != tc.line || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q: line %d, want line %d and %q", err, de.Line, tc.line, tc.msg)
			}
		})
	}
}

func TestLooksLikePart(t *testing.T) {
	for s, want := range map[string]bool{
		"Micron_5200_MTFD": true, "18ASF2G72HZ-2G6E1": true, "INTEL SSDSC2KB48": true,
		"HGST HUS728T8TAL": true, "LUN 01 Media 0": false, "Ultra Fit": false, "Internal SD-CARD": false,
	} {
		if got := looksLikePart(s); got != want {
			t.Errorf("looksLikePart(%q) = %v", s, got)
		}
	}
}
