package nmap

import (
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/hwtext/hwgolden"

	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

func decodeFile(t *testing.T, path string) (*inventory.Inventory, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return ingest.NewRegistry(New()).Decode(context.Background(), f, filepath.ToSlash(path))
}

func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/corpus/*.xml")
	fixtures, _ := filepath.Glob("testdata/fixtures/*.xml")
	files = append(files, fixtures...)
	if len(files) < 6 {
		t.Fatalf("expected corpus and fixtures, found %d files", len(files))
	}
	hwgolden.Each(t, files, func(path string) string {
		return filepath.Join("testdata/golden", filepath.Base(filepath.Dir(path))+"-"+strings.TrimSuffix(filepath.Base(path), ".xml")+".golden.json")
	}, decodeFile, nil)
}

func byName(inv *inventory.Inventory) map[string]inventory.Component {
	m := map[string]inventory.Component{}
	for _, c := range inv.Components {
		m[c.Name] = c
	}
	return m
}

func TestHomeLANMACs(t *testing.T) {
	inv, err := decodeFile(t, "testdata/corpus/libnmap-full_sudo6.xml")
	if err != nil {
		t.Fatal(err)
	}
	var withMAC []string
	for _, c := range inv.Components {
		if c.Kind != inventory.KindHost || c.Location.Line == 0 {
			t.Errorf("component %+v", c)
		}
		for _, id := range c.Identifiers {
			if id.Kind == inventory.IDMAC {
				withMAC = append(withMAC, id.Value+"="+c.Parties[0].Name)
			}
		}
	}
	want := "6C:2E:85:19:AF:00=Sagemcom,C0:63:94:05:01:03=Apple,00:1F:3C:87:66:50=Intel Corporate"
	if got := strings.Join(withMAC, ","); got != want {
		t.Errorf("MACs %s, want %s", got, want)
	}
	// Down hosts (nmap -vv lists 251 of them) are not components; the
	// scanning host itself (no MAC) is, unassessed.
	if len(inv.Components) != 4 {
		t.Errorf("%d components, want 4 hosts that were up", len(inv.Components))
	}
	first := inv.Components[0]
	if first.Location.Line != 777 || first.Parties[0].Name != "Sagemcom" {
		t.Errorf("first host at line %d by %+v, want line 777 Sagemcom", first.Location.Line, first.Parties)
	}
}

func TestDionaeaMACWithoutVendor(t *testing.T) {
	inv, err := decodeFile(t, "testdata/corpus/libnmap-dionaea_scan.xml")
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Components) != 1 {
		t.Fatalf("%d components; the <hosthint> must not count as a host", len(inv.Components))
	}
	c := inv.Components[0]
	if c.Name != "dionaea" || c.Location.Line != 23 || len(c.Parties) != 0 {
		t.Errorf("got %+v", c)
	}
	if len(c.Identifiers) != 1 || c.Identifiers[0] != (inventory.Identifier{Kind: inventory.IDMAC, Value: "02:42:AC:1C:01:03", Field: "address[@addrtype=mac]"}) {
		t.Errorf("identifiers %+v", c.Identifiers)
	}
	if inv.SpecVersion != "1.05" {
		t.Errorf("spec version %q", inv.SpecVersion)
	}
}

func TestRestrictedMACs(t *testing.T) {
	inv, err := decodeFile(t, "testdata/fixtures/restricted-macs.xml")
	if err != nil {
		t.Fatal(err)
	}
	m := byName(inv)
	if len(m) != 3 {
		t.Fatalf("components %v", m)
	}
	cam := m["cam-lobby.example.net"]
	if cam.Identifiers[0].Value != "00:BC:99:12:34:56" || cam.Parties[0] != (inventory.Party{Role: inventory.RoleVendor, Name: "Hangzhou Hikvision Digital Technology", Field: "address@vendor"}) || cam.Location.Line != 4 {
		t.Errorf("camera %+v", cam)
	}
	router := m["10.0.0.1"]
	if router.Identifiers[0].Value != "00:18:82:AB:CD:EF" || router.Parties[0].Name != "Huawei Technologies" || router.Host != "10.0.0.1" {
		t.Errorf("router %+v", router)
	}
	files := m["files"]
	if files.Assessable() || files.Location.Line != 18 {
		t.Errorf("host without MAC %+v", files)
	}
}

func TestRejectsEntities(t *testing.T) {
	_, err := decodeFile(t, "testdata/fixtures/entity.xml")
	if !errors.Is(err, ingest.ErrMalformed) || !strings.Contains(err.Error(), "ENTITY") || !strings.HasPrefix(err.Error(), "testdata/fixtures/entity.xml:2:") {
		t.Fatalf("err = %v", err)
	}
}

func TestBadInput(t *testing.T) {
	_, err := decodeFile(t, "testdata/fixtures/truncated.xml")
	if !errors.Is(err, ingest.ErrMalformed) || !strings.HasPrefix(err.Error(), "testdata/fixtures/truncated.xml:") {
		t.Errorf("truncated: %v", err)
	}
	_, err = decodeFile(t, "testdata/fixtures/not-nmap.xml")
	if !errors.Is(err, ingest.ErrUnknownFormat) {
		t.Errorf("not-nmap: %v", err)
	}
}

func TestTooLarge(t *testing.T) {
	r := io.MultiReader(strings.NewReader("<nmaprun><!-- "), endless('x'))
	_, err := decode(context.Background(), r, "big.xml", 1<<20)
	if !errors.Is(err, ingest.ErrTooLarge) {
		t.Fatalf("err = %v", err)
	}
}

// endless is an input that never ends.
type endless byte

func (e endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(e)
	}
	return len(p), nil
}

func TestIdentify(t *testing.T) {
	d := New()
	for head, want := range map[string]bool{
		"<?xml version=\"1.0\"?>\n<nmaprun scanner=\"nmap\">": true,
		"\ufeff<nmaprun>": true,
		`<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.5">`: false,
		`<?xml version="1.0"?><list><node id="core" class="bus">`:                false, // lshw -xml
		`{"nmaprun": 1}`: false,
		``:               false,
	} {
		if got := d.Identify([]byte(head)); got != want {
			t.Errorf("Identify(%q) = %v", head, got)
		}
	}
}
