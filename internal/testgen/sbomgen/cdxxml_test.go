package sbomgen

import (
	"bytes"
	"context"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/ingest/cyclonedx"
)

// TestCycloneDXXML: the XML document is what the CycloneDX XML decoder
// reads, with n components, the restricted vendors and near misses in it,
// and the same bytes for the same seed.
func TestCycloneDXXML(t *testing.T) {
	gen := func(n int, seed int64) []byte {
		var b bytes.Buffer
		if err := CycloneDXXML(&b, n, seed); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	if !bytes.Equal(gen(300, 7), gen(300, 7)) || bytes.Equal(gen(300, 7), gen(300, 8)) {
		t.Fatal("not deterministic per seed")
	}
	const n = 5000
	data := gen(n, 1)
	dec := cyclonedx.NewXML()
	if !dec.Identify(data[:min(len(data), 64<<10)]) {
		t.Fatal("not identified as CycloneDX XML")
	}
	inv, err := dec.Decode(context.Background(), bytes.NewReader(data), "gen.cdx.xml")
	if err != nil {
		t.Fatal(err)
	}
	// The metadata component is one more.
	if len(inv.Components) != n+1 {
		t.Fatalf("%d components, want %d", len(inv.Components), n+1)
	}
	seen := map[string]bool{}
	for _, c := range inv.Components {
		for _, p := range c.Parties {
			seen[p.Name] = true
		}
		seen[c.PURL] = seen[c.PURL] || c.PURL != ""
	}
	for _, want := range []string{"Huawei Technologies Co., Ltd.", "Micron Technology, Inc.", "Micronas GmbH"} {
		if !seen[want] {
			t.Errorf("no party %q", want)
		}
	}
}
