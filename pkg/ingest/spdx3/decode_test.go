package spdx3

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/hwtext/hwgolden"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

func decodeFile(t *testing.T, path string) (*inventory.Inventory, error) {
	return hwgolden.Read(t, ingest.NewRegistry(New()), path)
}

// TestGolden pins what every corpus file and fixture yields (go test -update).
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/corpus/*.json")
	fixtures, _ := filepath.Glob("testdata/fixtures/*.json")
	if len(files) < 6 || len(fixtures) < 2 {
		t.Fatalf("expected corpus and fixtures, found %d and %d", len(files), len(fixtures))
	}
	hwgolden.Each(t, append(files, fixtures...), func(path string) string {
		return filepath.Join("testdata/golden", filepath.Base(filepath.Dir(path))+"-"+strings.TrimSuffix(filepath.Base(path), ".json")+".golden.json")
	}, decodeFile, func(t *testing.T, path string, inv *inventory.Inventory) {
		for _, c := range inv.Components {
			if c.Location.Ref == "" || c.Location.Line == 0 {
				t.Errorf("component %q has an incomplete location %+v", c.Name, c.Location)
			}
		}
	})
}

func find(t *testing.T, inv *inventory.Inventory, name string) inventory.Component {
	t.Helper()
	for _, c := range inv.Components {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no component %q in %s", name, inv.Source)
	return inventory.Component{}
}

func TestParties(t *testing.T) {
	inv, err := decodeFile(t, "testdata/fixtures/parties.spdx3.json")
	if err != nil {
		t.Fatal(err)
	}
	if inv.SpecVersion != "SPDX-3.0.1" || inv.Host != "router-firmware" || len(inv.Components) != 3 {
		t.Fatalf("spec %q host %q, %d components", inv.SpecVersion, inv.Host, len(inv.Components))
	}
	fw := find(t, inv, "router-firmware")
	if fw.Kind != inventory.KindFirmware || len(fw.CPEs) != 1 || !strings.HasPrefix(fw.CPEs[0], "cpe:2.3:o:huawei:") {
		t.Errorf("firmware: %+v", fw)
	}
	want := []inventory.Party{
		{Role: inventory.RoleSupplier, Name: "Huawei Technologies Co., Ltd.", Field: "suppliedBy"},
		{Role: inventory.RoleOriginator, Name: "Jane Micron", Field: "originatedBy", Person: true},
	}
	if len(fw.Parties) != 2 || fw.Parties[0] != want[0] || fw.Parties[1] != want[1] {
		t.Errorf("parties %+v, want %+v", fw.Parties, want)
	}
	lib := find(t, inv, "libexample")
	if lib.PURL != "pkg:maven/com.example/libexample@1.0" || len(lib.Parties) != 1 || lib.Parties[0].Name != "ZTE Corporation" || lib.Parties[0].Person {
		t.Errorf("inline agent or purl identifier lost: %+v", lib)
	}
	if strings.Join(lib.Location.Path, "/") != "router-firmware" {
		t.Errorf("path %v", lib.Location.Path)
	}
	orphan := find(t, inv, "orphan")
	if len(orphan.Parties) != 0 || strings.Join(orphan.Location.Path, "/") != "router-firmware/libexample" {
		t.Errorf("orphan: %+v", orphan)
	}
}

func TestMaven(t *testing.T) {
	inv, err := decodeFile(t, "testdata/corpus/software-example9-appbomination.spdx3.json")
	if err != nil {
		t.Fatal(err)
	}
	var purls, parties int
	for _, c := range inv.Components {
		if c.PURL != "" {
			purls++
		}
		parties += len(c.Parties)
	}
	if purls < 4 || parties < 2 {
		t.Errorf("%d purls, %d parties", purls, parties)
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		err      error
		msg      string
		line     int
	}{
		{"truncated", `{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": [` + "\n" + `{"type": "software_Package"`, ingest.ErrMalformed, "unexpected end of input", 2},
		{"version 2", `{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": [{"type": "CreationInfo", "specVersion": "2.3"}]}`, ingest.ErrUnsupportedVersion, `specVersion "2.3"`, 0},
		{"graph not array", `{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": 3}`, ingest.ErrMalformed, "must be an array", 1},
		{"name not string", `{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld",` + "\n" + `"@graph": [{"type": "software_Package", "name": 7}]}`, ingest.ErrMalformed, `"name" must be a string`, 2},
		{"trailing", `{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": []} x`, ingest.ErrMalformed, "after top-level value", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ingest.NewRegistry(New()).Decode(context.Background(), strings.NewReader(tc.in), "in.json")
			var de *ingest.DecodeError
			if !errors.Is(err, tc.err) || !errors.As(err, &de) || de.Line != tc.line || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("got %v (line %d), want %v at line %d with %q", err, de.Line, tc.err, tc.line, tc.msg)
			}
		})
	}
}

func TestIdentify(t *testing.T) {
	d := New()
	for in, want := range map[string]bool{
		`{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": []}`: true,
		`{"@context": "https://spdx.org/rdf/3.0.0/spdx-context.jsonld"}`:               true,
		`{"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT"}`:                    false,
		`{"@context": "https://schema.org"}`:                                           false,
		`[{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"}]`:             false,
	} {
		if got := d.Identify([]byte(in)); got != want {
			t.Errorf("Identify(%s) = %v", in, got)
		}
	}
}
