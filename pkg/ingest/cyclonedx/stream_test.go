package cyclonedx_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/internal/testgen/fuzzcheck"
	"github.com/vendorcheck/vendorcheck/internal/testgen/sbomgen"
	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/cyclonedx"
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

// TestStreamMatchesDecode: Stream hands out the components Decode returns,
// in Decode's order once sorted by ord, on every CycloneDX JSON and XML
// file of the repository's testdata, generated documents, nesting cases
// and prefixes of them (same error).
func TestStreamMatchesDecode(t *testing.T) {
	for _, tc := range []struct {
		d     ingest.Decoder
		ext   string
		gen   func(io.Writer, int, int64) error
		cases map[string]string
	}{
		{cyclonedx.NewJSON(), ".json", sbomgen.CycloneDXJSON, streamCases},
		{cyclonedx.NewXML(), ".xml", sbomgen.CycloneDXXML, streamCasesXML},
	} {
		t.Run(tc.d.ID(), func(t *testing.T) {
			decoded := 0
			for _, path := range testdataFiles(t, tc.ext) {
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if !tc.d.Identify(data) {
					continue
				}
				if sameStreamed(t, tc.d, path, data) {
					decoded++
				}
			}
			if decoded < 10 {
				t.Errorf("only %d files decoded", decoded)
			}
			var gen bytes.Buffer
			if err := tc.gen(&gen, 300, 7); err != nil {
				t.Fatal(err)
			}
			cases := map[string]string{"generated": gen.String()}
			for k, v := range tc.cases {
				cases[k] = v
			}
			for name, doc := range cases {
				if !sameStreamed(t, tc.d, name, []byte(doc)) {
					t.Errorf("%s: not decoded", name)
				}
				for i := 1; i < len(doc); i += 1 + len(doc)/200 {
					sameStreamed(t, tc.d, fmt.Sprintf("%s[:%d]", name, i), []byte(doc[:i]))
				}
			}
		})
	}
}

// TestStreamIsIncremental: Stream hands out the first components before it
// has read the whole input.
func TestStreamIsIncremental(t *testing.T) {
	var doc bytes.Buffer
	if err := sbomgen.CycloneDXJSON(&doc, 2000, 1); err != nil {
		t.Fatal(err)
	}
	total := doc.Len()
	r := &countingReader{r: &doc}
	readAtFirst := -1
	st := cyclonedx.NewJSON().(ingest.Streamer)
	_, err := st.Stream(context.Background(), r, "gen.json", func(int64, *inventory.Component) error {
		if readAtFirst < 0 {
			readAtFirst = r.n
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if readAtFirst < 0 || readAtFirst > total/4 {
		t.Errorf("JSON: first component handed out after reading %d of %d bytes", readAtFirst, total)
	}

	doc.Reset()
	if err := sbomgen.CycloneDXXML(&doc, 2000, 1); err != nil {
		t.Fatal(err)
	}
	total = doc.Len()
	r = &countingReader{r: &doc}
	readAtFirst = -1
	st = cyclonedx.NewXML().(ingest.Streamer)
	_, err = st.Stream(context.Background(), r, "gen.xml", func(int64, *inventory.Component) error {
		if readAtFirst < 0 {
			readAtFirst = r.n
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if readAtFirst < 0 || readAtFirst > total/4 {
		t.Errorf("XML: first component handed out after reading %d of %d bytes", readAtFirst, total)
	}
}

type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// FuzzStreamMatchesDecode: on any input, both decoders' Stream hands out
// what Decode returns (in Decode's order once sorted by ord), or fails
// with the same error.
func FuzzStreamMatchesDecode(f *testing.F) {
	fuzzcheck.Seed(f, seedDirs)
	for _, doc := range streamCases {
		f.Add([]byte(doc))
	}
	for _, doc := range streamCasesXML {
		f.Add([]byte(doc))
	}
	json, xml := cyclonedx.NewJSON(), cyclonedx.NewXML()
	f.Fuzz(func(t *testing.T, data []byte) {
		sameStreamed(t, json, "fuzz.json", data)
		sameStreamed(t, xml, "fuzz.xml", data)
	})
}
