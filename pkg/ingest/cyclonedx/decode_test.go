package cyclonedx

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/internal/testgen/sbomgen"
	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/xmlscan/xmlref"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

var update = flag.Bool("update", false, "rewrite golden files")

// detect picks the decoder by content, as the registry does, and checks that
// exactly one of ours claims the input.
func detect(t *testing.T, data []byte) ingest.Decoder {
	t.Helper()
	var found []ingest.Decoder
	for _, d := range []ingest.Decoder{NewJSON(), NewXML()} {
		if d.Identify(data[:min(len(data), ingest.HeadSize)]) {
			found = append(found, d)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d decoders identify the input, want 1", len(found))
	}
	return found[0]
}

func decodeFile(t *testing.T, path string) *inventory.Inventory {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	inv, err := detect(t, data).Decode(context.Background(), bytes.NewReader(data), path)
	if err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	return inv
}

func decodeErr(t *testing.T, path string) *ingest.DecodeError {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = detect(t, data).Decode(context.Background(), bytes.NewReader(data), path)
	if err == nil {
		t.Fatalf("decode %s: no error", path)
	}
	var de *ingest.DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("decode %s: error %T %v is not a DecodeError", path, err, err)
	}
	if de.File != path {
		t.Errorf("error names file %q, want %q", de.File, path)
	}
	return de
}

func TestIdentify(t *testing.T) {
	tests := []struct {
		file string
		want string // decoder id, "" for none
	}{
		{"corpus/laravel-7.12.0.bom.1.2.json", IDJSON},
		{"corpus/keycloak-10.0.2.bom.xml", IDXML},
		{"corpus/laravel-7.12.0.bom.1.1.xml", IDXML},
		{"fixtures/reordered.json", IDJSON}, // bomFormat is the last key
		{"fixtures/prefixed-1.6.xml", IDXML},
		{"fixtures/unsupported-9.9.json", IDJSON},
		{"fixtures/unsupported-9.9.xml", IDXML},
		{"fixtures/not-cyclonedx-intoto.json", ""},
		{"fixtures/not-cyclonedx-dsse.json", ""},
		{"fixtures/not-cyclonedx-spdx.json", ""},
		{"fixtures/not-cyclonedx.xml", ""},
	}
	for _, tt := range tests {
		data, err := os.ReadFile(filepath.Join("testdata", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range []ingest.Decoder{NewJSON(), NewXML()} {
			if got, want := d.Identify(data), d.ID() == tt.want; got != want {
				t.Errorf("%s: %s.Identify = %v, want %v", tt.file, d.ID(), got, want)
			}
		}
	}
	inline := map[string]bool{
		`{"$schema": "http://cyclonedx.org/schema/bom-1.5.schema.json", "specVersion": "1.5"}`: true,
		`{"$schema": "http://cyclonedx.org/schema/bom-1.5.schema.json"}`:                       false,
		"\xef\xbb\xbf" + `{"bomFormat":"CycloneDX"}`:                                           true,
		`{"bomFormat": "SPDX"}`:        false,
		`[{"bomFormat": "CycloneDX"}]`: false,
		`{"bomFormat": "CycloneDX"`:    true, // a head may be cut anywhere
		`{"bomFormat": 1}`:             false,
		``:                             false,
		`not json`:                     false,
	}
	for in, want := range inline {
		if got := NewJSON().Identify([]byte(in)); got != want {
			t.Errorf("JSON Identify(%q) = %v, want %v", in, got, want)
		}
	}
	if NewXML().Identify([]byte(`<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>`)) {
		t.Error("XML Identify accepts RDF")
	}
}

// expected is what an independent, generic walk of a document finds: one
// entry per component, metadata.component first, depth first.
type expected struct {
	name, ref, path string
}

func (e expected) String() string { return fmt.Sprintf("%s ref=%s path=%s", e.name, e.ref, e.path) }

func walkJSON(t *testing.T, data []byte) []expected {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	var out []expected
	var walk func(c map[string]any, ptr string, path []string)
	walk = func(c map[string]any, ptr string, path []string) {
		name, _ := c["name"].(string)
		ref, _ := c["bom-ref"].(string)
		if ref == "" {
			ref = ptr
		}
		out = append(out, expected{name, ref, strings.Join(path, "/")})
		kids, _ := c["components"].([]any)
		for i, k := range kids {
			walk(k.(map[string]any), ptr+"/components/"+strconv.Itoa(i), append(slices.Clip(path), name))
		}
	}
	if md, ok := doc["metadata"].(map[string]any); ok {
		if c, ok := md["component"].(map[string]any); ok {
			walk(c, "/metadata/component", nil)
		}
	}
	comps, _ := doc["components"].([]any)
	for i, c := range comps {
		walk(c.(map[string]any), "/components/"+strconv.Itoa(i), nil)
	}
	return out
}

type xmlNode struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []xmlNode  `xml:",any"`
	Text    string     `xml:",chardata"`
}

func (n *xmlNode) child(name string) *xmlNode {
	for i := range n.Nodes {
		if n.Nodes[i].XMLName.Local == name {
			return &n.Nodes[i]
		}
	}
	return nil
}

func walkXML(t *testing.T, data []byte) []expected {
	t.Helper()
	var root xmlNode
	dec := xmlref.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil {
		t.Fatal(err)
	}
	var out []expected
	var walk func(c *xmlNode, ptr string, path []string)
	walk = func(c *xmlNode, ptr string, path []string) {
		var name, ref string
		if n := c.child("name"); n != nil {
			name = strings.TrimSpace(n.Text)
		}
		for _, a := range c.Attrs {
			if a.Name.Local == "bom-ref" {
				ref = a.Value
			}
		}
		if ref == "" {
			ref = ptr
		}
		out = append(out, expected{name, ref, strings.Join(path, "/")})
		list := func(cs *xmlNode, ptr string, path []string) {
			i := 0
			for k := range cs.Nodes {
				if cs.Nodes[k].XMLName.Local == "component" {
					i++
					walk(&cs.Nodes[k], fmt.Sprintf("%s/component[%d]", ptr, i), path)
				}
			}
		}
		for k := range c.Nodes {
			if c.Nodes[k].XMLName.Local == "components" {
				list(&c.Nodes[k], ptr+"/components", append(slices.Clip(path), name))
			}
		}
	}
	if md := root.child("metadata"); md != nil {
		if c := md.child("component"); c != nil {
			walk(c, "/bom/metadata/component", nil)
		}
	}
	for k := range root.Nodes {
		if root.Nodes[k].XMLName.Local == "components" {
			i := 0
			for j := range root.Nodes[k].Nodes {
				if root.Nodes[k].Nodes[j].XMLName.Local == "component" {
					i++
					walk(&root.Nodes[k].Nodes[j], fmt.Sprintf("/bom/components/component[%d]", i), nil)
				}
			}
		}
	}
	return out
}

func got(inv *inventory.Inventory) []expected {
	out := make([]expected, len(inv.Components))
	for i, c := range inv.Components {
		out[i] = expected{c.Name, c.Location.Ref, strings.Join(c.Location.Path, "/")}
	}
	return out
}

// TestCorpus decodes every real file and compares each component's name,
// ref and path, in order, with a generic walk of the same document.
func TestCorpus(t *testing.T) {
	files, err := filepath.Glob("testdata/corpus/*")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, ".md") {
			continue
		}
		n++
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			inv := decodeFile(t, f)
			var want []expected
			if inv.Format == IDXML {
				want = walkXML(t, data)
			} else {
				want = walkJSON(t, data)
			}
			if len(inv.Components) != len(want) {
				t.Fatalf("%d components, want %d", len(inv.Components), len(want))
			}
			if g := got(inv); !slices.Equal(g, want) {
				for i := range g {
					if g[i] != want[i] {
						t.Fatalf("component %d: got %v, want %v", i, g[i], want[i])
					}
				}
			}
			if !supported(inv.SpecVersion) {
				t.Errorf("spec version %q", inv.SpecVersion)
			}
			lines := bytes.Split(data, []byte("\n"))
			for i, c := range inv.Components {
				if c.Location.File != f || c.Location.Ref == "" {
					t.Fatalf("component %d: location %+v", i, c.Location)
				}
				if c.Location.Line < 1 || c.Location.Line > len(lines) {
					t.Fatalf("component %d %q: line %d out of range", i, c.Name, c.Location.Line)
				}
				// The line is where the component object or element starts.
				l := lines[c.Location.Line-1]
				if inv.Format == IDJSON && !bytes.Contains(l, []byte("{")) ||
					inv.Format == IDXML && !bytes.Contains(l, []byte("component")) {
					t.Fatalf("component %d %q: line %d is %q", i, c.Name, c.Location.Line, l)
				}
			}
		})
	}
	if n != 19 {
		t.Errorf("%d corpus files, want 19", n)
	}
}

// TestGenerated checks the decoder on the benchmark's generator output
// against the generic walk.
func TestGenerated(t *testing.T) {
	var b bytes.Buffer
	if err := sbomgen.CycloneDXJSON(&b, 3000, 3); err != nil {
		t.Fatal(err)
	}
	inv, err := NewJSON().Decode(context.Background(), bytes.NewReader(b.Bytes()), "gen.json")
	if err != nil {
		t.Fatal(err)
	}
	if g, want := got(inv), walkJSON(t, b.Bytes()); !slices.Equal(g, want) || len(g) != 3001 {
		t.Errorf("%d components, want %d (3000 and metadata.component), or they differ", len(g), len(want))
	}
}

func TestCorpusDetails(t *testing.T) {
	// HBOM: device components are kept, their name is their model, the
	// supplier is a party, cdx:device properties are kept.
	inv := decodeFile(t, "testdata/corpus/hbom-pcie-sata-adapter-board.bom.json")
	if inv.Host != "pcie-sata-adaptor-board" || inv.SpecVersion != "1.4" || inv.Format != IDJSON {
		t.Errorf("inventory header %q %q %q", inv.Host, inv.SpecVersion, inv.Format)
	}
	if c := inv.Components[0]; c.Name != "pcie-sata-adaptor-board" || c.Location.Ref != "pcie-sata-adaptor-board" || len(c.Location.Path) != 0 || c.Location.Line != 8 {
		t.Errorf("metadata.component = %+v", c)
	}
	devices := 0
	for _, c := range inv.Components {
		if c.Kind == inventory.KindDevice {
			devices++
			if c.Model != c.Name {
				t.Errorf("device %q has model %q", c.Name, c.Model)
			}
		}
	}
	if devices != 7 {
		t.Errorf("%d devices, want 7", devices)
	}
	samtec := inv.Components[1]
	if samtec.Name != "PCIE-098-02-F-D-EMS2" || samtec.Location.Line != 17 ||
		!slices.Equal(samtec.Parties, []inventory.Party{{Role: inventory.RoleSupplier, Name: "Samtec", Field: "supplier.name", URL: "https://www.samtec.com/"}}) ||
		!slices.Contains(samtec.Properties, inventory.Property{Name: "cdx:device:function", Value: "connector"}) {
		t.Errorf("first device = %+v", samtec)
	}

	// Nested components carry the names of their parents.
	for _, f := range []string{"testdata/corpus/harp-darwin-amd64.sbom.json", "testdata/corpus/dependency-track-bom-issue2519.cdx.xml"} {
		inv := decodeFile(t, f)
		nested := 0
		for _, c := range inv.Components {
			if len(c.Location.Path) > 0 {
				nested++
			}
		}
		if nested == 0 {
			t.Errorf("%s: no nested components", f)
		}
	}

	// CBOM: cryptographic assets have no inventory kind of their own.
	inv = decodeFile(t, "testdata/corpus/cbom-protocol.bom.json")
	other := 0
	for _, c := range inv.Components {
		if c.Kind == inventory.KindOther {
			other++
		}
	}
	if other == 0 {
		t.Error("cbom: no component of kind other")
	}
}

// TestJSONAndXMLAgree: the same BOM in both encodings gives the same
// inventory, except where a location is format-specific.
func TestJSONAndXMLAgree(t *testing.T) {
	pairs := [][2]string{
		{"testdata/fixtures/parties-1.6.json", "testdata/fixtures/parties-1.6.xml"},
		{"testdata/corpus/laravel-7.12.0.bom.1.4.json", "testdata/corpus/laravel-7.12.0.bom.1.4.xml"},
	}
	strip := func(inv *inventory.Inventory) []inventory.Component {
		out := slices.Clone(inv.Components)
		for i := range out {
			out[i].Location.File, out[i].Location.Line = "", 0
			if strings.HasPrefix(out[i].Location.Ref, "/") {
				out[i].Location.Ref = "pointer"
			}
		}
		return out
	}
	for _, p := range pairs {
		j, x := decodeFile(t, p[0]), decodeFile(t, p[1])
		if j.Host != x.Host || j.SpecVersion != x.SpecVersion {
			t.Errorf("%s: host/spec %q %q vs %q %q", p[0], j.Host, j.SpecVersion, x.Host, x.SpecVersion)
		}
		jc, xc := strip(j), strip(x)
		if len(jc) != len(xc) {
			t.Fatalf("%s: %d vs %d components", p[0], len(jc), len(xc))
		}
		for i := range jc {
			a, _ := json.Marshal(jc[i])
			b, _ := json.Marshal(xc[i])
			if !bytes.Equal(a, b) {
				t.Errorf("%s component %d:\njson %s\nxml  %s", p[0], i, a, b)
			}
		}
	}
}

func TestParties(t *testing.T) {
	for _, f := range []string{"testdata/fixtures/parties-1.6.json", "testdata/fixtures/parties-1.6.xml"} {
		inv := decodeFile(t, f)
		byName := map[string]inventory.Component{}
		for _, c := range inv.Components {
			byName[c.Name] = c
		}
		if inv.Host != "AR6300" || len(inv.Components) != 7 {
			t.Fatalf("%s: host %q, %d components", f, inv.Host, len(inv.Components))
		}
		router := byName["AR6300"]
		wantRouter := []inventory.Party{
			{Role: inventory.RoleManufacturer, Name: "Huawei Technologies Co., Ltd.", Field: "manufacturer.name"},
			{Role: inventory.RoleSupplier, Name: "Example Distribution GmbH", Field: "metadata.supplier.name", URL: "https://example.org"},
			// metadata.manufacturer repeats the component's own: not added twice.
			{Role: inventory.RoleManufacturer, Name: "Huawei Device Co., Ltd.", Field: "metadata.manufacture.name"},
		}
		if !slices.Equal(router.Parties, wantRouter) || router.Kind != inventory.KindDevice || router.Model != "AR6300" {
			t.Errorf("%s: router = %+v", f, router)
		}
		push := byName["push"]
		wantPush := []inventory.Party{
			{Role: inventory.RoleSupplier, Name: "Huawei Technologies Co., Ltd.", Field: "supplier.name", URL: "https://consumer.huawei.com"},
			{Role: inventory.RolePublisher, Name: "Huawei Services", Field: "publisher"},
			{Role: inventory.RoleAuthor, Name: "HMS Core team", Field: "author"},
			{Role: inventory.RoleAuthor, Name: "Jane Roe", Field: "authors[].name", Email: "jane@example.org"},
			// An author with only an e-mail address is kept for its domain.
			{Role: inventory.RoleAuthor, Field: "authors[].name", Email: "no-name@example.org"},
		}
		if !slices.Equal(push.Parties, wantPush) {
			t.Errorf("%s: push parties = %+v", f, push.Parties)
		}
		if push.PURL != "pkg:maven/com.huawei.hms/push@6.11.0.300" || push.Group != "com.huawei.hms" ||
			push.Description != `Push kit éè "quoted"` || push.Kind != inventory.KindLibrary || push.Model != "" {
			t.Errorf("%s: push = %+v", f, push)
		}
		fw := byName["DS-2CD2042WD-I firmware"]
		wantCPEs := []string{
			"cpe:2.3:o:hikvision:ds-2cd2042wd-i_firmware:5.4.5:*:*:*:*:*:*:*",
			"cpe:2.3:h:hikvision:ds-2cd2042wd-i:-:*:*:*:*:*:*:*",
		}
		if !slices.Equal(fw.CPEs, wantCPEs) || fw.Kind != inventory.KindFirmware || fw.Model != fw.Name || len(fw.Properties) != 3 {
			t.Errorf("%s: firmware = %+v", f, fw)
		}
		dram := byName["MT40A1G8SA-075:E"]
		if dram.Kind != inventory.KindDevice || dram.Location.Ref != "dram0" ||
			!slices.Equal(dram.Parties, []inventory.Party{{Role: inventory.RoleManufacturer, Name: "Micron Technology, Inc.", Field: "manufacturer.name"}}) {
			t.Errorf("%s: dram = %+v", f, dram)
		}
		spd := byName["spd-eeprom"]
		if !slices.Equal(spd.Location.Path, []string{"MT40A1G8SA-075:E"}) || spd.Kind != inventory.KindFirmware {
			t.Errorf("%s: nested firmware = %+v", f, spd)
		}
		if k := byName["detector"].Kind; k != inventory.KindOther {
			t.Errorf("%s: machine-learning-model kind %q", f, k)
		}
		if a := byName["aztec"]; len(a.Parties) != 0 || a.PURL != "pkg:npm/aztec@0.3.1" {
			t.Errorf("%s: aztec = %+v", f, a)
		}
	}
	// Refs without bom-ref are pointers in the document's own syntax.
	j := decodeFile(t, "testdata/fixtures/parties-1.6.json")
	x := decodeFile(t, "testdata/fixtures/parties-1.6.xml")
	if r := j.Components[4].Location.Ref; r != "/components/2/components/0" {
		t.Errorf("json pointer %q", r)
	}
	if r := x.Components[4].Location.Ref; r != "/bom/components/component[3]/components/component[1]" {
		t.Errorf("xml path %q", r)
	}
	if l := j.Components[1].Location.Line; l != 21 {
		t.Errorf("push is on line %d, want 21", l)
	}
	if l := x.Components[1].Location.Line; l != 15 {
		t.Errorf("xml push is on line %d, want 15", l)
	}
}

func TestReordered(t *testing.T) {
	inv := decodeFile(t, "testdata/fixtures/reordered.json")
	want := []expected{
		{"product", "/metadata/component", ""},
		{"inside-product", "/metadata/component/components/0", "product"},
		{"parent", "/components/0", ""},
		{"child", "/components/0/components/0", "parent"},
		{"grandchild", "/components/0/components/0/components/0", "parent/child"},
		{"second", "second-ref", ""},
	}
	if g := got(inv); !slices.Equal(g, want) {
		t.Errorf("got\n%v\nwant\n%v", g, want)
	}
	if inv.Host != "product" || len(inv.Components[0].Parties) != 1 || inv.Components[0].Parties[0].Name != "Late Supplier Ltd" {
		t.Errorf("host %q, product parties %+v", inv.Host, inv.Components[0].Parties)
	}
}

func TestLatin1Prefixed(t *testing.T) {
	inv := decodeFile(t, "testdata/fixtures/prefixed-1.6.xml")
	if len(inv.Components) != 1 || inv.SpecVersion != "1.6" {
		t.Fatalf("%+v", inv)
	}
	c := inv.Components[0]
	if c.Name != "Kamera 9" || len(c.Parties) != 1 || c.Parties[0].Name != "Müller Gerätebau" || c.Kind != inventory.KindDevice {
		t.Errorf("%+v", c)
	}
}

func TestSpecVersions(t *testing.T) {
	for _, v := range SupportedVersions {
		docs := map[ingest.Decoder]string{
			NewJSON(): fmt.Sprintf(`{"bomFormat":"CycloneDX","specVersion":%q,"components":[{"type":"library","name":"a"}]}`, v),
			NewXML():  fmt.Sprintf(`<bom xmlns="http://cyclonedx.org/schema/bom/%s"><components><component type="library"><name>a</name></component></components></bom>`, v),
		}
		for d, doc := range docs {
			if !d.Identify([]byte(doc)) {
				t.Errorf("%s %s: not identified", d.ID(), v)
			}
			inv, err := d.Decode(context.Background(), strings.NewReader(doc), "x")
			if err != nil {
				t.Errorf("%s %s: %v", d.ID(), v, err)
				continue
			}
			if inv.SpecVersion != v || inv.Format != d.ID() || len(inv.Components) != 1 || inv.Components[0].Name != "a" {
				t.Errorf("%s %s: %+v", d.ID(), v, inv)
			}
		}
	}
}

func TestUnsupportedVersion(t *testing.T) {
	for _, f := range []string{"testdata/fixtures/unsupported-9.9.json", "testdata/fixtures/unsupported-9.9.xml"} {
		de := decodeErr(t, f)
		if !errors.Is(de, ingest.ErrUnsupportedVersion) || errors.Is(de, ingest.ErrMalformed) {
			t.Errorf("%s: %v", f, de)
		}
		msg := de.Error()
		if !strings.Contains(msg, `"9.9"`) || !strings.Contains(msg, "1.0") || !strings.Contains(msg, "1.7") {
			t.Errorf("%s: message %q does not name the version and the supported ones", f, msg)
		}
		if de.Line != 3 {
			t.Errorf("%s: line %d, want 3", f, de.Line)
		}
	}
}

func TestMalformed(t *testing.T) {
	tests := []struct {
		file    string
		line    int
		message string
	}{
		{"testdata/fixtures/malformed.json", 9, `invalid character '"' after object value (expecting ',' or '}') (column 7)`},
		{"testdata/fixtures/malformed.xml", 7, "element <component> closed by </componnet>"},
		{"testdata/fixtures/components-not-objects.json", 7, "components/1: a component must be an object, found a string (column 5)"},
	}
	for _, tt := range tests {
		de := decodeErr(t, tt.file)
		if !errors.Is(de, ingest.ErrMalformed) || de.Line != tt.line || !strings.Contains(de.Error(), tt.message) {
			t.Errorf("%s: got %q (line %d), want line %d and %q", tt.file, de.Error(), de.Line, tt.line, tt.message)
		}
		if !strings.HasPrefix(de.Error(), fmt.Sprintf("%s:%d: ", tt.file, tt.line)) {
			t.Errorf("%s: message %q does not start with file:line", tt.file, de.Error())
		}
	}

	inline := map[string]string{
		`{"bomFormat":"CycloneDX","specVersion":"1.5"} x`:                             "after top-level value",
		`{"bomFormat":"CycloneDX","specVersion":"1.5","components":{}}`:               "components must be an array",
		`{"bomFormat":"CycloneDX","specVersion":"1.5","metadata":[]}`:                 "metadata must be an object",
		`{"bomFormat":"CycloneDX","specVersion":1.5}`:                                 "specVersion must be a string",
		`{"bomFormat":"CycloneDX","components":[]}`:                                   "no specVersion",
		`{"bomFormat":"SPDX","specVersion":"1.5"}`:                                    `bomFormat is "SPDX"`,
		`{"bomFormat":"CycloneDX","specVersion":"1.5","x":[1,2,}`:                     "looking for beginning of value",
		`{"bomFormat":"CycloneDX","specVersion":"1.5","x":"\q"}`:                      "in string escape code",
		`{"bomFormat":"CycloneDX","specVersion":"1.5","x":01}`:                        "after object value",
		`{"bomFormat":"CycloneDX","specVersion":"1.5","x":-}`:                         "in numeric literal",
		`{"bomFormat":"CycloneDX","specVersion":"1.5","x":tru}`:                       "in literal true",
		"{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"x\":\"\t\"}":          "in string literal",
		`{"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"name":["x"]}]}`: "name must be a string",
		`null`: "must be an object",
	}
	for in, want := range inline {
		_, err := NewJSON().Decode(context.Background(), strings.NewReader(in), "in.json")
		if !errors.Is(err, ingest.ErrMalformed) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", in, err, want)
		}
	}
}

// TestTruncated cuts a document at every byte: each cut must fail cleanly.
func TestTruncated(t *testing.T) {
	for _, f := range []string{"testdata/fixtures/parties-1.6.json", "testdata/fixtures/parties-1.6.xml"} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d := detect(t, data)
		end := len(bytes.TrimRight(data, " \n"))
		for i := 0; i < end; i++ {
			_, err := d.Decode(context.Background(), bytes.NewReader(data[:i]), f)
			if !errors.Is(err, ingest.ErrMalformed) {
				t.Fatalf("%s cut at %d: %v", f, i, err)
			}
		}
	}
}

func TestMaxDepth(t *testing.T) {
	nestJSON := func(levels int) string {
		var b strings.Builder
		b.WriteString(`{"bomFormat":"CycloneDX","specVersion":"1.6","components":[`)
		for i := range levels {
			fmt.Fprintf(&b, `{"type":"library","name":"c%d","components":[`, i)
		}
		b.WriteString(strings.Repeat("]}", levels))
		b.WriteString("]}")
		return b.String()
	}
	// Each component level is two JSON levels (object and array).
	inv, err := NewJSON().Decode(context.Background(), strings.NewReader(nestJSON(MaxDepth/2-1)), "ok.json")
	if err != nil {
		t.Fatal(err)
	}
	if last := inv.Components[len(inv.Components)-1]; len(last.Location.Path) != MaxDepth/2-2 || last.Location.Path[0] != "c0" {
		t.Errorf("deepest path has %d names", len(last.Location.Path))
	}
	_, err = NewJSON().Decode(context.Background(), strings.NewReader(nestJSON(MaxDepth/2+1)), "deep.json")
	if !errors.Is(err, ingest.ErrMalformed) || !strings.Contains(err.Error(), "nesting deeper than 1000 levels") {
		t.Errorf("deep JSON components: %v", err)
	}
	// Deep nesting in a skipped value is caught too.
	deepSkip := `{"bomFormat":"CycloneDX","specVersion":"1.6","x":` + strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1) + "}"
	if _, err = NewJSON().Decode(context.Background(), strings.NewReader(deepSkip), "deep.json"); !errors.Is(err, ingest.ErrMalformed) || !strings.Contains(err.Error(), "nesting") {
		t.Errorf("deep JSON value: %v", err)
	}
	deepXML := `<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><x>` + strings.Repeat("<y>", MaxDepth) + strings.Repeat("</y>", MaxDepth) + `</x></bom>`
	if _, err = NewXML().Decode(context.Background(), strings.NewReader(deepXML), "deep.xml"); !errors.Is(err, ingest.ErrMalformed) || !strings.Contains(err.Error(), "nesting deeper than 1000 levels") {
		t.Errorf("deep XML: %v", err)
	}
}

func TestCanceled(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"bomFormat":"CycloneDX","specVersion":"1.6","components":[`)
	for i := range 5000 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"name":"c%d"}`, i)
	}
	b.WriteString("]}")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := NewJSON().Decode(ctx, strings.NewReader(b.String()), "x.json"); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

// TestRegistry decodes through ingest.Registry, which strips a byte-order
// mark and picks the decoder by content.
func TestRegistry(t *testing.T) {
	reg := ingest.NewRegistry(NewJSON(), NewXML())
	for _, f := range []string{"testdata/fixtures/parties-1.6.json", "testdata/fixtures/parties-1.6.xml"} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range [][]byte{data, append([]byte("\xef\xbb\xbf"), data...)} {
			inv, err := reg.Decode(context.Background(), bytes.NewReader(in), f)
			if err != nil {
				t.Fatal(err)
			}
			if len(inv.Components) != 7 || inv.Source != f {
				t.Errorf("%s: %d components, source %q", f, len(inv.Components), inv.Source)
			}
		}
		// Called directly, the decoders strip the mark themselves.
		if _, err := detect(t, data).Decode(context.Background(), bytes.NewReader(append([]byte("\xef\xbb\xbf"), data...)), f); err != nil {
			t.Errorf("%s with BOM: %v", f, err)
		}
	}
}

// TestGolden compares the whole normalized inventory of small inputs.
func TestGolden(t *testing.T) {
	for _, f := range []string{
		"testdata/fixtures/parties-1.6.json",
		"testdata/fixtures/parties-1.6.xml",
		"testdata/corpus/hbom-pcie-sata-adapter-board.bom.json",
	} {
		inv := decodeFile(t, f)
		gotJSON, err := json.MarshalIndent(inv, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		gotJSON = append(gotJSON, '\n')
		golden := filepath.Join("testdata/golden", "TestGolden-"+filepath.Base(f)+".golden.json")
		if *update {
			if err := os.WriteFile(golden, gotJSON, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if !bytes.Equal(gotJSON, want) {
			t.Errorf("%s differs from %s; run go test -update and review the diff", f, golden)
		}
	}
}

func FuzzDecodeJSON(f *testing.F) {
	for _, p := range []string{"testdata/fixtures/parties-1.6.json", "testdata/fixtures/reordered.json", "testdata/fixtures/malformed.json"} {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		NewJSON().Identify(data)
		inv, err := NewJSON().Decode(context.Background(), bytes.NewReader(data), "f.json")
		if err == nil {
			if !json.Valid(data) {
				t.Fatalf("accepted invalid JSON %q", data)
			}
			for _, c := range inv.Components {
				if c.Location.Ref == "" || c.Location.Line < 1 {
					t.Fatalf("component without location: %+v", c)
				}
			}
			return
		}
		var de *ingest.DecodeError
		if !errors.As(err, &de) {
			t.Fatalf("error %v is not a DecodeError", err)
		}
	})
}

func ExampleNewJSON() {
	doc := `{
  "bomFormat": "CycloneDX",
  "specVersion": "1.6",
  "components": [
    {"type": "library", "name": "push", "version": "6.11.0.300",
     "supplier": {"name": "Huawei Technologies Co., Ltd."},
     "purl": "pkg:maven/com.huawei.hms/push@6.11.0.300"}
  ]
}`
	dec := NewJSON()
	if !dec.Identify([]byte(doc)) {
		return
	}
	inv, err := dec.Decode(context.Background(), strings.NewReader(doc), "sbom.cdx.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range inv.Components {
		fmt.Println(c.Name, c.PURL, c.Parties[0].Role, c.Parties[0].Name, c.Location.File, c.Location.Line, c.Location.Ref)
	}
	// Output: push pkg:maven/com.huawei.hms/push@6.11.0.300 supplier Huawei Technologies Co., Ltd. sbom.cdx.json 5 /components/0
}
