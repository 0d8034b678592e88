package spdx_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/internal/testgen/sbomgen"
	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/spdx"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

type emitted struct {
	ord int64
	c   inventory.Component
}

// streamed runs d's Stream over data and returns the inventory with the
// components it handed out, sorted by ord.
func streamed(t *testing.T, d ingest.Decoder, name string, data []byte) (*inventory.Inventory, error) {
	t.Helper()
	st, ok := d.(ingest.Streamer)
	if !ok {
		t.Fatalf("%s is not an ingest.Streamer", d.ID())
	}
	var got []emitted
	seen := map[int64]bool{}
	inv, err := st.Stream(context.Background(), bytes.NewReader(data), name, func(ord int64, c *inventory.Component) error {
		if seen[ord] {
			t.Errorf("%s: ord %d handed out twice", name, ord)
		}
		seen[ord] = true
		got = append(got, emitted{ord, cloneComponent(*c)})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if inv.Components != nil {
		t.Errorf("%s: Stream returned %d components in the inventory", name, len(inv.Components))
	}
	slices.SortStableFunc(got, func(a, b emitted) int {
		switch {
		case a.ord < b.ord:
			return -1
		case a.ord > b.ord:
			return 1
		}
		return 0
	})
	for _, e := range got {
		inv.Components = append(inv.Components, e.c)
	}
	return inv, nil
}

// cloneComponent copies c out of the decoder's memory, which it may reuse
// once emit returns.
func cloneComponent(c inventory.Component) inventory.Component {
	cl := strings.Clone
	c.Name, c.Version, c.Kind, c.Group = cl(c.Name), cl(c.Version), inventory.Kind(cl(string(c.Kind))), cl(c.Group)
	c.Description, c.PURL, c.Model, c.Serial, c.Host, c.Site = cl(c.Description), cl(c.PURL), cl(c.Model), cl(c.Serial), cl(c.Host), cl(c.Site)
	c.CPEs = cloneSlice(c.CPEs, cl)
	c.Parties = cloneSlice(c.Parties, func(p inventory.Party) inventory.Party {
		p.Role, p.Name, p.Field, p.Email, p.URL = inventory.Role(cl(string(p.Role))), cl(p.Name), cl(p.Field), cl(p.Email), cl(p.URL)
		return p
	})
	c.Identifiers = cloneSlice(c.Identifiers, func(id inventory.Identifier) inventory.Identifier {
		id.Kind, id.Value, id.Field = inventory.IDKind(cl(string(id.Kind))), cl(id.Value), cl(id.Field)
		return id
	})
	c.Properties = cloneSlice(c.Properties, func(p inventory.Property) inventory.Property {
		p.Name, p.Value = cl(p.Name), cl(p.Value)
		return p
	})
	c.Location.File, c.Location.Ref = cl(c.Location.File), cl(c.Location.Ref)
	c.Location.Path = cloneSlice(c.Location.Path, cl)
	return c
}

func cloneSlice[T any](xs []T, f func(T) T) []T {
	if xs == nil {
		return nil
	}
	out := make([]T, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

// sameStreamed fails unless Decode and Stream (its components sorted by
// ord) give the same inventory, or the same error.
func sameStreamed(t *testing.T, d ingest.Decoder, name string, data []byte) bool {
	t.Helper()
	want, werr := d.Decode(context.Background(), bytes.NewReader(data), name)
	got, gerr := streamed(t, d, name, data)
	switch {
	case (werr == nil) != (gerr == nil):
		t.Errorf("%s: Decode error %v, Stream error %v", name, werr, gerr)
		return false
	case werr != nil:
		if werr.Error() != gerr.Error() {
			t.Errorf("%s: Decode error %v, Stream error %v", name, werr, gerr)
		}
		return false
	}
	if len(want.Components) == 0 {
		want.Components, got.Components = nil, nil
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: inventories differ:\nStream %+v\nDecode %+v", name, got, want)
		return false
	}
	return true
}

// testdataFiles lists the repository's testdata files ending in ext.
func testdataFiles(t *testing.T, ext string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir("../../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.Contains(path, "testdata") && strings.HasSuffix(strings.ToLower(d.Name()), ext) {
			out = append(out, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Nesting and order cases: metadata after the components, a name after
// its nested components, both at once, nested components of
// metadata.component.
var streamCases = map[string]string{
	"metadata-last": `{"bomFormat":"CycloneDX","specVersion":"1.6","components":[
		{"type":"device","name":"server","components":[{"type":"device","name":"dimm","manufacturer":{"name":"Micron"}}]},
		{"type":"library","name":"lib","purl":"pkg:npm/lib@1"}],
	"metadata":{"component":{"type":"device","name":"rack","components":[{"type":"device","name":"psu"}]},"supplier":{"name":"Huawei"}}}`,
	"name-last": `{"bomFormat":"CycloneDX","specVersion":"1.6","components":[
		{"type":"device","components":[
			{"type":"device","components":[{"type":"memory","name":"dimm","supplier":{"name":"Micron"}}],"name":"board"},
			{"type":"device","name":"nic"}],"name":"server","supplier":{"name":"Huawei"}},
		{"type":"library","name":"after"}]}`,
	"meta-name-last": `{"bomFormat":"CycloneDX","specVersion":"1.5","metadata":{"supplier":{"name":"ZTE"},"component":{"components":[{"name":"a","components":[{"name":"b"}]}],"name":"product","type":"device"}},"components":[{"name":"c"}]}`,
	"empty":          `{"bomFormat":"CycloneDX","specVersion":"1.4","components":[]}`,
}

// XML nesting and order cases, and what only XML allows: two metadata
// elements, two components in one metadata.
var streamCasesXML = map[string]string{
	"metadata-last": `<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components>
		<component type="device"><name>server</name><components><component type="device"><name>dimm</name><manufacturer><name>Micron</name></manufacturer></component></components></component>
		<component type="library"><name>lib</name><purl>pkg:npm/lib@1</purl></component></components>
		<metadata><supplier><name>Huawei</name></supplier><component type="device"><name>rack</name><components><component type="device"><name>psu</name></component></components></component></metadata></bom>`,
	"name-last": `<bom xmlns="http://cyclonedx.org/schema/bom/1.5"><components>
		<component type="device"><components>
			<component type="device"><components><component><name>dimm</name><supplier><name>Micron</name></supplier></component></components><name>board</name></component>
			<component><name>nic</name></component></components><name>server</name></component>
		<component><name>after</name></component></components></bom>`,
	"two-metadata": `<bom xmlns="http://cyclonedx.org/schema/bom/1.4">
		<metadata><component><name>first</name><components><component><name>x</name></component></components></component><supplier><name>ZTE</name></supplier></metadata>
		<components><component><name>a</name></component></components>
		<metadata><component><name>one</name></component><component><components><component><name>y</name></component></components><name>two</name></component><manufacture><name>Hikvision</name></manufacture></metadata>
		<components><component><name>b</name></component></components></bom>`,
}

// TestStreamMatchesDecode: Stream hands out the packages Decode returns,
// in Decode's order once sorted by ord, on every SPDX JSON file of the
// repository's testdata, a generated document, documents whose version or
// relationships come after the packages, and prefixes of them (same
// error).
func TestStreamMatchesDecode(t *testing.T) {
	d := spdx.NewJSON()
	decoded := 0
	for _, path := range testdataFiles(t, ".json") {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !d.Identify(data) {
			continue
		}
		if sameStreamed(t, d, path, data) {
			decoded++
		}
	}
	if decoded < 5 {
		t.Errorf("only %d files decoded", decoded)
	}
	var gen bytes.Buffer
	if err := sbomgen.SPDXJSON(&gen, 300, 7); err != nil {
		t.Fatal(err)
	}
	const pkgs = `"packages":[{"SPDXID":"SPDXRef-a","name":"A","supplier":"Organization: Huawei","primaryPackagePurpose":"DEVICE"},` +
		`{"SPDXID":"SPDXRef-b","name":" B ","originator":"Person: X (x@y.z)","externalRefs":[{"referenceCategory":"PACKAGE-MANAGER","referenceType":"purl","referenceLocator":"pkg:npm/b@1"}]}]`
	cases := map[string]string{
		"generated":       gen.String(),
		"version first":   `{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"doc",` + pkgs + `,"relationships":[{"spdxElementId":"SPDXRef-DOCUMENT","relationshipType":"DESCRIBES","relatedSpdxElement":"SPDXRef-b"}]}`,
		"version last":    `{"SPDXID":"SPDXRef-DOCUMENT","name":"doc",` + pkgs + `,"relationships":[{"spdxElementId":"SPDXRef-DOCUMENT","relationshipType":"DESCRIBES","relatedSpdxElement":"SPDXRef-a"}],"spdxVersion":"SPDX-2.3"}`,
		"version 2.2":     `{"spdxVersion":"SPDX-2.2","SPDXID":"SPDXRef-DOCUMENT","name":"doc","documentDescribes":["SPDXRef-a"],` + pkgs + `}`,
		"describes first": `{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"doc","relationships":[{"spdxElementId":"SPDXRef-b","relationshipType":"DESCRIBED_BY","relatedSpdxElement":"SPDXRef-DOCUMENT"}],` + pkgs + `}`,
		"two described":   `{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"doc","documentDescribes":["SPDXRef-a","SPDXRef-b"],` + pkgs + `}`,
		"no packages":     `{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"doc"}`,
	}
	for name, doc := range cases {
		if !sameStreamed(t, d, name, []byte(doc)) {
			t.Errorf("%s: not decoded", name)
		}
		for i := 1; i < len(doc); i += 1 + len(doc)/200 {
			sameStreamed(t, d, fmt.Sprintf("%s[:%d]", name, i), []byte(doc[:i]))
		}
	}
	// Refused alike: an unsupported version before or after the packages,
	// a package that does not parse.
	for name, doc := range map[string]string{
		"version 3 first": `{"spdxVersion":"SPDX-3.0",` + pkgs + `}`,
		"version 3 last":  `{` + pkgs + `,"spdxVersion":"SPDX-3.0"}`,
		"bad package":     `{"spdxVersion":"SPDX-2.3","packages":[{"SPDXID":"SPDXRef-a","name":"A"},{"supplier":7}]}`,
	} {
		if sameStreamed(t, d, name, []byte(doc)) {
			t.Errorf("%s: decoded", name)
		}
	}
}

// TestStreamEmitError: an error from emit stops the stream and is
// returned as it is.
func TestStreamEmitError(t *testing.T) {
	var gen bytes.Buffer
	if err := sbomgen.SPDXJSON(&gen, 100, 1); err != nil {
		t.Fatal(err)
	}
	stop := errors.New("stop")
	n := 0
	_, err := spdx.NewJSON().(ingest.Streamer).Stream(context.Background(), &gen, "gen.json", func(int64, *inventory.Component) error {
		n++
		if n == 3 {
			return stop
		}
		return nil
	})
	if err != stop || n != 3 {
		t.Fatalf("err %v after %d components, want the emit error after 3", err, n)
	}
}
