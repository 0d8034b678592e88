package cyclonedx_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"testing"

	"github.com/vendorcheck/vendorcheck/internal/testgen/fuzzcheck"
	"github.com/vendorcheck/vendorcheck/internal/testgen/sbomgen"
	"github.com/vendorcheck/vendorcheck/internal/testgen/streamcheck"
	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/cyclonedx"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

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
			for _, path := range fuzzcheck.TestdataFiles(t, tc.ext) {
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if !tc.d.Identify(data) {
					continue
				}
				if streamcheck.Same(t, tc.d, path, data) {
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
				if !streamcheck.Same(t, tc.d, name, []byte(doc)) {
					t.Errorf("%s: not decoded", name)
				}
				for i := 1; i < len(doc); i += 1 + len(doc)/200 {
					streamcheck.Same(t, tc.d, fmt.Sprintf("%s[:%d]", name, i), []byte(doc[:i]))
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
		streamcheck.Same(t, json, "fuzz.json", data)
		streamcheck.Same(t, xml, "fuzz.xml", data)
	})
}
