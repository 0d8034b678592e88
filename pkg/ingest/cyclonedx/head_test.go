package cyclonedx_test

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/internal/testgen/sbomgen"
	"github.com/vendorcheck/vendorcheck/internal/testgen/streamcheck"
	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/cyclonedx"
)

// TestRegistryReadsAsDirect: read through a Registry, the JSON decoder
// starts in the buffer the head was read into for detection
// (ingest.TakeHead); it must read exactly as when it reads the input
// (after a byte-order mark, which the Registry drops) through a reader of
// its own: the same components, or the same error at the same line and
// column. The documents put values across the head's end and every later
// buffer boundary, and values near and over the bound for one value,
// which is where the buffer grows.
func TestRegistryReadsAsDirect(t *testing.T) {
	dec := cyclonedx.NewJSON()
	same := func(name string, data []byte) bool {
		t.Helper()
		want, werr := streamcheck.Streamed(t, dec, name, ingest.StripBOM(data))
		got, gerr := streamcheck.Registered(t, dec, name, data)
		if errors.Is(gerr, ingest.ErrUnknownFormat) {
			return false // cut before what detection needs
		}
		switch {
		case (werr == nil) != (gerr == nil):
			t.Errorf("%s: direct error %v, through the registry %v", name, werr, gerr)
			return false
		case werr != nil:
			if werr.Error() != gerr.Error() {
				t.Errorf("%s: direct error %v, through the registry %v", name, werr, gerr)
			}
			return false
		}
		got.Warnings = nil // the registry's own (shared references)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: inventories differ:\nthrough the registry %+v\ndirect %+v", name, got, want)
			return false
		}
		return true
	}
	var gen bytes.Buffer
	if err := sbomgen.CycloneDXJSON(&gen, 1000, 3); err != nil {
		t.Fatal(err)
	}
	docs := map[string]string{
		"generated": gen.String(),
		// descriptions of many lengths: values cross each buffer end
		"long-values": longValues(400, func(i int) int { return 300 + 131*i }),
		// around the bound for one value, starting inside the head
		"near-bound": longValues(3, func(i int) int { return ingest.MaxValueSize - 64<<10 + 30<<10*i }),
		"over-bound": longValues(2, func(i int) int { return ingest.MaxValueSize + i }),
		// detection needs more than the head: the head is not taken
		"late-format": `{"metadata":{"x":"` + strings.Repeat("m", 70<<10) + `"},"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"name":"a"}]}`,
		"small":       `{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"name":"a","supplier":{"name":"Huawei"}}]}`,
		"truncated":   `{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"name":"a`,
		"bad-tail":    gen.String()[:100<<10] + "\x01",
	}
	decoded := 0
	for name, doc := range docs {
		for _, bom := range []string{"", "\xef\xbb\xbf"} {
			data := []byte(bom + doc)
			if same(name+fmt.Sprintf("(bom %d)", len(bom)), data) {
				decoded++
			}
			for _, n := range []int{1, 100, 64<<10 - 1, 64 << 10, 64<<10 + 1, 64<<10 + 3, 64<<10 + 4, 100 << 10, 128 << 10, 1 << 20} {
				if n < len(data) {
					same(fmt.Sprintf("%s(bom %d)[:%d]", name, len(bom), n), data[:n])
				}
			}
			for n := 0; n < len(data); n += len(data)/30 + 1 {
				same(fmt.Sprintf("%s(bom %d)[:%d]", name, len(bom), n), data[:n])
			}
		}
	}
	if decoded < 10 {
		t.Errorf("only %d documents decoded", decoded)
	}
}

// longValues is a document of n components whose descriptions are
// size(i) bytes long, on lines of their own.
func longValues(n int, size func(int) int) string {
	var b strings.Builder
	b.WriteString("{\n  \"bomFormat\": \"CycloneDX\",\n  \"specVersion\": \"1.6\",\n  \"components\": [\n")
	for i := range n {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, "    {\"name\": \"c%d\",\n     \"description\": \"%s\",\n     \"supplier\": {\"name\": \"s\\u00e9%d\"}}", i, strings.Repeat(string(rune('a'+i%26)), size(i)), i)
	}
	b.WriteString("\n  ]\n}\n")
	return b.String()
}
