package syftjson

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
	if len(files) < 4 || len(fixtures) < 2 {
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

func TestVendors(t *testing.T) {
	inv, err := decodeFile(t, "testdata/fixtures/vendors.syft.json")
	if err != nil {
		t.Fatal(err)
	}
	if inv.Host != "example/app" || inv.SpecVersion != "16.0.20" || len(inv.Components) != 4 {
		t.Fatalf("host %q spec %q, %d components", inv.Host, inv.SpecVersion, len(inv.Components))
	}
	os := find(t, inv, "openEuler")
	if os.Kind != inventory.KindOS || os.Version != "22.03" || len(os.CPEs) != 1 {
		t.Errorf("distro: %+v", os)
	}
	jar := find(t, inv, "hms-core")
	if jar.PURL != "pkg:maven/com.huawei.hms/hms-core@6.1.0" || len(jar.CPEs) != 1 || !hwgolden.HasParty(jar, inventory.RoleSupplier, "Huawei Technologies Co., Ltd.") {
		t.Errorf("jar: %+v", jar)
	}
	exe := find(t, inv, "avp.exe")
	if exe.Kind != inventory.KindApplication || len(exe.Parties) != 1 ||
		exe.Parties[0] != (inventory.Party{Role: inventory.RolePublisher, Name: "AO Kaspersky Lab", Field: "metadata.versionResources.CompanyName"}) {
		t.Errorf("exe: %+v", exe)
	}
	pad := find(t, inv, "left-pad")
	if len(pad.Parties) != 1 || pad.Parties[0].Name != "azer" || pad.Parties[0].Role != inventory.RoleAuthor {
		t.Errorf("author not read as a name without mail and url: %+v", pad.Parties)
	}
	if strings.Join(pad.Location.Path, "/") != "hms-core" {
		t.Errorf("path %v", pad.Location.Path)
	}
}

func TestAlpineMaintainers(t *testing.T) {
	inv, err := decodeFile(t, "testdata/corpus/alpine-schema13.syft.json")
	if err != nil {
		t.Fatal(err)
	}
	c := find(t, inv, "apk-tools")
	if !hwgolden.HasParty(c, inventory.RoleSupplier, "Natanael Copa") || len(c.CPEs) == 0 || c.PURL == "" {
		t.Errorf("apk-tools: %+v", c)
	}
	if d := find(t, inv, "Alpine Linux"); d.Kind != inventory.KindOS {
		t.Errorf("distro: %+v", d)
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		err      error
		msg      string
		line     int
	}{
		{"truncated", "{\"artifacts\": [\n{\"id\": \"x\", \"foundBy\": \"c\"", ingest.ErrMalformed, "unexpected end of input", 2},
		{"artifact not object", "{\"artifacts\": [\n\"x\"], \"artifactRelationships\": []}", ingest.ErrMalformed, "an artifact must be an object", 2},
		{"trailing", `{"artifacts": [], "artifactRelationships": []} {}`, ingest.ErrMalformed, "after top-level value", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ingest.NewRegistry(New()).Decode(context.Background(), strings.NewReader(tc.in), "in.json")
			var de *ingest.DecodeError
			if !errors.Is(err, tc.err) || !errors.As(err, &de) || de.Line != tc.line || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("got %v, want %v at line %d with %q", err, tc.err, tc.line, tc.msg)
			}
		})
	}
}

func TestIdentify(t *testing.T) {
	d := New()
	for in, want := range map[string]bool{
		`{"artifacts": [{"id": "x", "foundBy": "apk-db-cataloger"}]}`:   true,
		`{"artifacts": [], "artifactRelationships": []}`:                true,
		`{"bomFormat": "CycloneDX", "artifacts": []}`:                   false,
		`{"name": "x", "artifacts": [{"foundBy": "y"}]}`:                false,
		`[{"artifacts": [{"id": "x", "foundBy": "apk-db-cataloger"}]}]`: false,
	} {
		if got := d.Identify([]byte(in)); got != want {
			t.Errorf("Identify(%s) = %v", in, got)
		}
	}
}
