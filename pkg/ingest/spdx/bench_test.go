package spdx

import (
	"bytes"
	"context"
	"testing"

	spdxjson "github.com/spdx/tools-golang/json"

	"github.com/vendorcheck/vendorcheck/internal/testgen/sbomgen"
)

const benchPackages = 100_000

func benchDocument(b *testing.B) []byte {
	b.Helper()
	var buf bytes.Buffer
	if err := sbomgen.SPDXJSON(&buf, benchPackages, 1); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkDecodeJSON decodes a generated SPDX 2.3 JSON document of 100k
// packages into an inventory.
func BenchmarkDecodeJSON(b *testing.B) {
	data := benchDocument(b)
	d := NewJSON()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		inv, err := d.Decode(context.Background(), bytes.NewReader(data), "bench.spdx.json")
		if err != nil {
			b.Fatal(err)
		}
		if len(inv.Components) != benchPackages {
			b.Fatalf("%d components", len(inv.Components))
		}
	}
}

// BenchmarkToolsGolangJSON is tools-golang's own json.Read on the same
// document, for comparison.
func BenchmarkToolsGolangJSON(b *testing.B) {
	data := benchDocument(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		doc, err := spdxjson.Read(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		if len(doc.Packages) != benchPackages {
			b.Fatalf("%d packages", len(doc.Packages))
		}
	}
}

// TestGeneratedJSON decodes a generated document: every package becomes a
// component, suppliers come through, and copyright lines naming Huawei do not.
func TestGeneratedJSON(t *testing.T) {
	const n = 2000
	var buf bytes.Buffer
	if err := sbomgen.SPDXJSON(&buf, n, 7); err != nil {
		t.Fatal(err)
	}
	wantHuawei := bytes.Count(buf.Bytes(), []byte(`"supplier":"Organization: Huawei Technologies Co., Ltd."`))
	if wantHuawei == 0 || !bytes.Contains(buf.Bytes(), []byte("Huawei Inc.")) {
		t.Fatalf("generated document lacks the cases this test is about (%d Huawei suppliers)", wantHuawei)
	}
	inv, err := registry().Decode(context.Background(), &buf, "gen.spdx.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Components) != n || inv.Format != IDJSON || inv.Host != "sbomgen/image" {
		t.Fatalf("%d components, format %q, host %q", len(inv.Components), inv.Format, inv.Host)
	}
	huawei := 0
	for _, c := range inv.Components {
		for _, p := range c.Parties {
			if p.Name == "Huawei Technologies Co., Ltd." && p.Role == "supplier" {
				huawei++
			} else if bytes.Contains([]byte(p.Name), []byte("Huawei")) {
				t.Errorf("%s: unexpected party %+v", c.Location.Ref, p)
			}
		}
	}
	if huawei != wantHuawei {
		t.Errorf("%d Huawei suppliers, want %d", huawei, wantHuawei)
	}
}
