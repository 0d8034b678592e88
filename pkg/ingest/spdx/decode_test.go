package spdx

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

func allDecoders() []ingest.Decoder {
	return []ingest.Decoder{NewJSON(), NewTagValue(), NewYAML(), NewRDF(), NewXML()}
}

func registry() *ingest.Registry { return ingest.NewRegistry(allDecoders()...) }

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func head(b []byte) []byte {
	if len(b) > ingest.HeadSize {
		return b[:ingest.HeadSize]
	}
	return b
}

// identifiedBy returns the ids of every SPDX decoder that claims head: the
// identifiers must not overlap, so that registry order does not matter.
func identifiedBy(h []byte) []string {
	var ids []string
	for _, d := range allDecoders() {
		if d.Identify(h) {
			ids = append(ids, d.ID())
		}
	}
	return ids
}

func decodeFile(t *testing.T, path string) (*inventory.Inventory, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return registry().Decode(context.Background(), f, filepath.Base(path))
}

// countPackages counts packages without tools-golang, so that the decoder's
// count is checked against an independent reading of the file.
func countPackages(t *testing.T, id string, data []byte) int {
	t.Helper()
	var doc struct {
		Packages []json.RawMessage `json:"packages"`
	}
	switch id {
	case IDJSON:
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		return len(doc.Packages)
	case IDYAML:
		var ydoc struct {
			Packages []any `yaml:"packages"`
		}
		if err := yaml.Unmarshal(data, &ydoc); err != nil {
			t.Fatal(err)
		}
		return len(ydoc.Packages)
	case IDTagValue:
		n := 0
		for _, l := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(l, "PackageName:") {
				n++
			}
		}
		return n
	case IDRDF:
		return bytes.Count(data, []byte("<spdx:Package "))
	}
	t.Fatalf("no independent count for %s", id)
	return 0
}

// TestCorpus decodes every real document in testdata/corpus through the
// decoder that Identify picks.
func TestCorpus(t *testing.T) {
	tests := []struct {
		file    string
		id      string
		version string
		pkgs    int // pinned: counted with grep / python json when the file was added
		host    string
		err     error
		errText string
	}{
		{file: "SPDXJSONExample-v2.2.spdx.json", id: IDJSON, version: "SPDX-2.2", pkgs: 4, host: "SPDX-Tools-v2.0"},
		{file: "SPDXJSONExample-v2.3.spdx.json", id: IDJSON, version: "SPDX-2.3", pkgs: 5, host: "SPDX-Tools-v2.0"},
		{file: "SPDXRdfExample-v2.2.spdx.rdf", id: IDRDF, version: "SPDX-2.2", pkgs: 2, host: "SPDX-Tools-v2.0"},
		{file: "SPDXTagExample-v2.2.spdx", id: IDTagValue, version: "SPDX-2.2", pkgs: 4, host: "SPDX-Tools-v2.0"},
		{file: "SPDXTagExample-v2.3.spdx", id: IDTagValue, version: "SPDX-2.3", pkgs: 5, host: "SPDX-Tools-v2.0"},
		{file: "SPDXYAMLExample-2.3.spdx.yaml", id: IDYAML, version: "SPDX-2.3", pkgs: 5, host: "SPDX-Tools-v2.0"},
		{file: "hello-src.spdx2.2.json", id: IDJSON, version: "SPDX-2.2", pkgs: 1, host: "hello"},
		{file: "hello.spdx", id: IDTagValue, version: "SPDX-2.2", pkgs: 1, host: "hello"},
		{file: "julia.spdx", id: IDTagValue, version: "SPDX-2.2", pkgs: 34, host: "Julia"},
		{file: "usbutils.spdx", id: IDTagValue, version: "SPDX-2.1", pkgs: 0, host: "usbutils"},
		{file: "spdx-bom-kasmweb_vlc-75fdfbcb.spdx.json", id: IDJSON, version: "SPDX-2.3", pkgs: 2550,
			host: "sha256:75fdfbcb8f3ed7f4ca7ca334324d6a078489b91d8a14cd8f3d7aecf62cb7afaf"}, // the DESCRIBES target
		{file: "spdx-tern-datadog_agent-4992b383.spdx.json", id: IDJSON, version: "SPDX-2.2", pkgs: 194, host: "datadog/agent"},
		// trivy writes "DESCRIBE", not "DESCRIBES": the host is the document name.
		{file: "spdx-trivy-airbyte_destination-postgres-01df6c50.spdx.json", id: IDJSON, version: "SPDX-2.2", pkgs: 755,
			host: "airbyte/destination-postgres@sha256:01df6c5073c90f00b4696f47dd0f2cc8223dfc7c5eaf92e98cab302a1887a1a0"},
		{file: "spdx-trivy-newrelic_synthetics-minion-runner-cbfa244c.spdx.json", id: IDJSON, version: "SPDX-2.2", pkgs: 3952,
			host: "newrelic/synthetics-minion-runner@sha256:cbfa244c7d31e471944398f7f22119ea2a7491887591a3ebd78ebf12869611d9"},

		{file: "SPDXXMLExample-v2.2.spdx.xml", id: IDXML, err: ingest.ErrUnsupportedVersion, errText: msgXML},
	}
	seen := map[string]bool{}
	for _, tc := range tests {
		seen[tc.file] = true
		t.Run(tc.file, func(t *testing.T) {
			if tc.id == IDRDF && raceEnabled {
				t.Skip("gordf, the RDF parser, has a data race of its own (see race_on_test.go)")
			}
			path := filepath.Join("testdata", "corpus", tc.file)
			data := readFile(t, path)
			if got := identifiedBy(head(data)); len(got) != 1 || got[0] != tc.id {
				t.Fatalf("identified by %v, want [%s]", got, tc.id)
			}
			inv, err := decodeFile(t, path)
			if tc.err != nil {
				if !errors.Is(err, tc.err) || !strings.Contains(err.Error(), tc.errText) {
					t.Fatalf("err = %v, want %v with %q", err, tc.err, tc.errText)
				}
				var de *ingest.DecodeError
				if !errors.As(err, &de) || de.File != tc.file || de.Format != tc.id {
					t.Fatalf("err = %#v, want a DecodeError naming %s and %s", err, tc.file, tc.id)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if inv.Format != tc.id || inv.SpecVersion != tc.version || inv.Source != tc.file {
				t.Errorf("format, version, source = %q, %q, %q; want %q, %q, %q",
					inv.Format, inv.SpecVersion, inv.Source, tc.id, tc.version, tc.file)
			}
			if inv.Host != tc.host {
				t.Errorf("host = %q, want %q", inv.Host, tc.host)
			}
			if got, indep := len(inv.Components), countPackages(t, tc.id, data); got != tc.pkgs || got != indep {
				t.Errorf("%d components, want %d (pinned) and %d (counted in the file)", got, tc.pkgs, indep)
			}
			lines := strings.Split(string(data), "\n")
			refs := map[string]bool{}
			for i, c := range inv.Components {
				if c.Name == "" || !strings.HasPrefix(c.Location.Ref, "SPDXRef-") || c.Location.File != tc.file {
					t.Fatalf("component %d: name %q, location %+v", i, c.Name, c.Location)
				}
				if c.Kind == "" {
					t.Fatalf("component %d (%s): no kind", i, c.Name)
				}
				refs[c.Location.Ref] = true
				// The line, where we give one, must hold the package: its
				// PackageName in tag-value, its SPDXID key in JSON and YAML.
				switch tc.id {
				case IDTagValue, IDJSON, IDYAML:
					if c.Location.Line <= 0 || c.Location.Line > len(lines) {
						t.Fatalf("component %s: line %d", c.Location.Ref, c.Location.Line)
					}
					l := lines[c.Location.Line-1]
					want := c.Location.Ref
					if tc.id == IDTagValue {
						want = "PackageName: " + c.Name
					}
					if !strings.Contains(l, want) {
						t.Fatalf("component %s: line %d is %q, want it to hold %q", c.Location.Ref, c.Location.Line, l, want)
					}
				}
			}
			if len(refs) != len(inv.Components) {
				t.Errorf("%d distinct SPDXIDs for %d components", len(refs), len(inv.Components))
			}
		})
	}
	entries, err := os.ReadDir(filepath.Join("testdata", "corpus"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != "SOURCES.md" && !seen[e.Name()] {
			t.Errorf("corpus file %s has no test case", e.Name())
		}
	}
}

// TestCorpusText: names in copyright text and comments are not parties.
func TestCorpusText(t *testing.T) {
	tests := []struct {
		file string
		text string // present in the file, outside any party field
		bad  *regexp.Regexp
	}{
		{"spdx-tern-datadog_agent-4992b383.spdx.json", "Huawei Inc.", regexp.MustCompile(`(?i)huawei|micron`)},
		{"julia.spdx", "Dahua Lin", regexp.MustCompile(`(?i)dahua`)},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join("testdata", "corpus", tc.file)
			if !bytes.Contains(readFile(t, path), []byte(tc.text)) {
				t.Fatalf("%s no longer holds %q: the test would prove nothing", tc.file, tc.text)
			}
			inv, err := decodeFile(t, path)
			if err != nil {
				t.Fatal(err)
			}
			parties := 0
			for _, c := range inv.Components {
				for _, p := range c.Parties {
					parties++
					if tc.bad.MatchString(p.Name) {
						t.Errorf("%s: party %+v comes from text", c.Name, p)
					}
				}
			}
			t.Logf("%d parties in %d components", parties, len(inv.Components))
		})
	}
}

func TestJuliaParties(t *testing.T) {
	// julia.spdx has real suppliers and originators, with empty "()" e-mails.
	inv, err := decodeFile(t, filepath.Join("testdata", "corpus", "julia.spdx"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, c := range inv.Components {
		for _, p := range c.Parties {
			got[string(p.Role)+" "+p.Name+" "+p.Field] = true
		}
	}
	for _, want := range []string{
		"supplier julialang.org PackageSupplier",
		"originator libuv.org PackageOriginator",
		"originator llvm.org PackageOriginator",
	} {
		if !got[want] {
			t.Errorf("missing party %q in %v", want, got)
		}
	}
}

func findComponent(t *testing.T, inv *inventory.Inventory, ref string) inventory.Component {
	t.Helper()
	for _, c := range inv.Components {
		if c.Location.Ref == ref {
			return c
		}
	}
	t.Fatalf("no component %s", ref)
	return inventory.Component{}
}

// TestParties checks the mapping of a hand-made document in JSON and its
// tag-value twin.
func TestParties(t *testing.T) {
	for _, tc := range []struct {
		file    string
		id      string
		version string
		lines   map[string]int
		kinds   map[string]inventory.Kind
	}{
		{
			file: "parties.spdx.json", id: IDJSON, version: "SPDX-2.3",
			lines: map[string]int{"SPDXRef-Package-app": 16, "SPDXRef-Package-lib": 35, "SPDXRef-Package-person": 47},
			kinds: map[string]inventory.Kind{
				"SPDXRef-Package-app": inventory.KindFirmware, "SPDXRef-Package-lib": inventory.KindLibrary,
				"SPDXRef-Package-person": inventory.KindOS, "SPDXRef-Package-src": inventory.KindFile,
			},
		},
		{
			file: "parties.spdx", id: IDTagValue, version: "SPDX-2.2", // 2.2 has no PrimaryPackagePurpose
			lines: map[string]int{"SPDXRef-Package-app": 17, "SPDXRef-Package-lib": 39, "SPDXRef-Package-person": 50, "SPDXRef-Package-src": 58},
			kinds: map[string]inventory.Kind{
				"SPDXRef-Package-app": inventory.KindLibrary, "SPDXRef-Package-lib": inventory.KindLibrary,
				"SPDXRef-Package-person": inventory.KindLibrary, "SPDXRef-Package-src": inventory.KindLibrary,
			},
		},
	} {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join("testdata", "fixtures", tc.file)
			if got := identifiedBy(head(readFile(t, path))); len(got) != 1 || got[0] != tc.id {
				t.Fatalf("identified by %v, want [%s]", got, tc.id)
			}
			inv, err := decodeFile(t, path)
			if err != nil {
				t.Fatal(err)
			}
			if inv.SpecVersion != tc.version || inv.Host != "router-firmware" || len(inv.Components) != 4 {
				t.Fatalf("version %q, host %q, %d components", inv.SpecVersion, inv.Host, len(inv.Components))
			}
			for ref, line := range tc.lines {
				if got := findComponent(t, inv, ref).Location.Line; got != line {
					t.Errorf("%s: line %d, want %d", ref, got, line)
				}
			}
			for ref, k := range tc.kinds {
				if got := findComponent(t, inv, ref).Kind; got != k {
					t.Errorf("%s: kind %q, want %q", ref, got, k)
				}
			}

			app := findComponent(t, inv, "SPDXRef-Package-app")
			wantParties := []inventory.Party{
				{Role: inventory.RoleSupplier, Name: "Huawei Technologies Co., Ltd.", Field: "PackageSupplier", Email: "opensource@huawei.com"},
				{Role: inventory.RoleOriginator, Name: "Jane Doe", Field: "PackageOriginator", Person: true},
			}
			if !equalParties(app.Parties, wantParties) {
				t.Errorf("app parties = %+v, want %+v", app.Parties, wantParties)
			}
			if app.Name != "router-firmware" || app.Version != "1.0" || app.Description != "Firmware of a router." {
				t.Errorf("app = %q %q %q", app.Name, app.Version, app.Description)
			}
			if app.PURL != "pkg:generic/huawei/router-firmware@1.0" {
				t.Errorf("app purl = %q", app.PURL)
			}
			wantCPEs := []string{"cpe:2.3:o:huawei:router_firmware:1.0:*:*:*:*:*:*:*", "cpe:/o:huawei:router_firmware:1.0"}
			if strings.Join(app.CPEs, " ") != strings.Join(wantCPEs, " ") {
				t.Errorf("app CPEs = %q, want %q", app.CPEs, wantCPEs)
			}
			props := map[string]string{}
			for _, p := range app.Properties {
				props[p.Name] = p.Value
			}
			if props["ExternalRef.purl"] != "pkg:generic/router-firmware@1.0" || props["PackageSupplier.email"] != "opensource@huawei.com" {
				t.Errorf("app properties = %+v", app.Properties)
			}
			if _, ok := props["ExternalRef.advisory"]; ok {
				t.Errorf("advisory kept as a property: %+v", app.Properties)
			}

			lib := findComponent(t, inv, "SPDXRef-Package-lib")
			wantParties = []inventory.Party{
				// NOASSERTION supplier: no party. A parenthesis that is not an
				// e-mail stays in the name.
				{Role: inventory.RoleOriginator, Name: "Example Widgets (Beijing) Ltd.", Field: "PackageOriginator"},
			}
			if !equalParties(lib.Parties, wantParties) || lib.Version != "" || lib.Description != "A library." {
				t.Errorf("lib = %+v", lib)
			}

			person := findComponent(t, inv, "SPDXRef-Package-person")
			wantParties = []inventory.Party{{Role: inventory.RoleSupplier, Name: "John Smith", Field: "PackageSupplier", Person: true, Email: "john@example.invalid"}}
			if !equalParties(person.Parties, wantParties) {
				t.Errorf("person parties = %+v, want %+v", person.Parties, wantParties)
			}
			if src := findComponent(t, inv, "SPDXRef-Package-src"); len(src.Parties) != 0 || src.Assessable() {
				t.Errorf("src = %+v, want no parties and unassessed", src)
			}
			for _, c := range inv.Components {
				for _, p := range c.Parties {
					if strings.Contains(p.Name, "Dahua") {
						t.Errorf("party %+v from copyright text", p)
					}
				}
				if c.Name == "not-a-package-inside-text" {
					t.Errorf("a PackageName inside <text> became a component")
				}
			}
		})
	}
}

func equalParties(a, b []inventory.Party) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestUnsupportedVersion(t *testing.T) {
	for _, tc := range []struct {
		file, id, version string
	}{
		{"version-2.9.spdx.json", IDJSON, "SPDX-2.9"},
		{"version-2.9.spdx.yaml", IDYAML, "SPDX-2.9"},
		{"version-1.2.spdx", IDTagValue, "SPDX-1.2"},
		{"version-2.1.spdx.rdf", IDRDF, "SPDX-2.1"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join("testdata", "fixtures", tc.file)
			if got := identifiedBy(head(readFile(t, path))); len(got) != 1 || got[0] != tc.id {
				t.Fatalf("identified by %v, want [%s]", got, tc.id)
			}
			_, err := decodeFile(t, path)
			if !errors.Is(err, ingest.ErrUnsupportedVersion) || errors.Is(err, ingest.ErrMalformed) {
				t.Fatalf("err = %v, want ErrUnsupportedVersion", err)
			}
			if !strings.Contains(err.Error(), `"`+tc.version+`"`) {
				t.Errorf("err = %v, want it to name %s", err, tc.version)
			}
		})
	}
}

func TestMalformed(t *testing.T) {
	for _, tc := range []struct {
		file string
		line int
		text string
	}{
		{"malformed.spdx.json", 7, "invalid character"},
		{"garbage.spdx", 8, "no colon found"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			_, err := decodeFile(t, filepath.Join("testdata", "fixtures", tc.file))
			var de *ingest.DecodeError
			if !errors.Is(err, ingest.ErrMalformed) || !errors.As(err, &de) {
				t.Fatalf("err = %v, want a DecodeError wrapping ErrMalformed", err)
			}
			if de.Line != tc.line || de.File != tc.file || !strings.Contains(err.Error(), tc.text) {
				t.Errorf("err = %q (line %d), want %s:%d and %q", err, de.Line, tc.file, tc.line, tc.text)
			}
			if want := tc.file + ":" + strconv.Itoa(tc.line) + ": "; !strings.HasPrefix(err.Error(), want) {
				t.Errorf("err = %q, want it to start with %q", err, want)
			}
		})
	}
}

func TestIdentify(t *testing.T) {
	yamlSorted := readFile(t, filepath.Join("testdata", "fixtures", "sorted-keys.spdx.yaml"))
	cut := bytes.LastIndex(yamlSorted, []byte("spdxVersion"))
	trivy := readFile(t, filepath.Join("testdata", "corpus", "spdx-trivy-airbyte_destination-postgres-01df6c50.spdx.json"))
	for _, tc := range []struct {
		name string
		head []byte
		want string // "" for none
	}{
		{"yaml with spdxVersion beyond the head", yamlSorted[:cut], IDYAML},
		{"trivy json with spdxVersion at the end", head(trivy), IDJSON},
		{"json with BOM", []byte("\xef\xbb\xbf{\"spdxVersion\": \"SPDX-2.3\"}"), IDJSON},
		{"tag-value with leading comment", []byte("# made by hand\n\nSPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n"), IDTagValue},
		{"cyclonedx naming spdx licences", []byte(`{"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"licenses":[{"license":{"id":"MIT"}}],"properties":[{"name":"spdxVersion","value":"x"}],"SPDXID":"SPDXRef-x"}]}`), ""},
		{"in-toto statement with an spdx predicate", []byte(`{"_type":"https://in-toto.io/Statement/v0.1","predicateType":"https://spdx.dev/Document","predicate":{"spdxVersion":"SPDX-2.3"}}`), ""},
		{"plain json", []byte(`{"name": "x", "version": "1"}`), ""},
		{"json-ld that is not spdx", []byte(`{"@context": "https://schema.org", "@graph": []}`), ""},
		{"spdx3 json-ld", []byte(`{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": []}`), ""}, // package spdx3 reads it
		{"text mentioning the tag mid-line", []byte("notes: use SPDXVersion: SPDX-2.3 in tag-value\n"), ""},
		{"yaml that is not spdx", []byte("apiVersion: v1\nkind: Pod\n"), ""},
		{"rdf that is not spdx", []byte(`<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF>`), ""},
		{"xml that is not spdx", []byte(`<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.5"></bom>`), ""},
		{"empty", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := identifiedBy(tc.head)
			switch {
			case tc.want == "" && len(got) != 0:
				t.Errorf("identified by %v, want none", got)
			case tc.want != "" && (len(got) != 1 || got[0] != tc.want):
				t.Errorf("identified by %v, want [%s]", got, tc.want)
			}
		})
	}
	if cut <= 0 {
		t.Fatal("sorted-keys fixture lost its spdxVersion")
	}
}

func TestSortedYAML(t *testing.T) {
	inv, err := decodeFile(t, filepath.Join("testdata", "fixtures", "sorted-keys.spdx.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Components) != 1 {
		t.Fatalf("%d components", len(inv.Components))
	}
	c := inv.Components[0]
	if c.Version != "1.0" || c.Kind != inventory.KindApplication || c.Location.Line != 13 ||
		len(c.Parties) != 1 || c.Parties[0].Name != "Acme Corp" {
		t.Errorf("component = %+v", c)
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, d := range allDecoders() {
		_, err := d.Decode(ctx, strings.NewReader(`{"spdxVersion": "SPDX-2.3"}`), "x")
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: err = %v, want context.Canceled", d.ID(), err)
		}
	}
}

// TestTagValueIndex checks the line tracker on its own, with CRLF line ends,
// a line split across writes and a package inside <text>.
func TestTagValueIndex(t *testing.T) {
	doc := "SPDXVersion: SPDX-2.3\r\nDocumentComment: <text>\r\nPackageName: fake\r\nSPDXID: SPDXRef-fake\r\n</text>\r\n" +
		"PackageName: real\r\nSPDXID: SPDXRef-real\r\nno colon here\r\n"
	x := newTVIndex()
	r := bufio.NewReaderSize(strings.NewReader(doc), 16)
	buf := make([]byte, 7)
	for {
		n, err := r.Read(buf)
		x.Write(buf[:n])
		if err != nil {
			break
		}
	}
	x.finish()
	if x.version != "SPDX-2.3" || len(x.lines) != 1 || x.lines["SPDXRef-real"] != 6 || x.badLine != 8 {
		t.Errorf("version %q, lines %v, bad line %d", x.version, x.lines, x.badLine)
	}
}

// TestRDF: RDF writes reference types as URIs; they map like the others.
func TestRDF(t *testing.T) {
	if raceEnabled {
		t.Skip("gordf, the RDF parser, has a data race of its own (see race_on_test.go)")
	}
	inv, err := decodeFile(t, filepath.Join("testdata", "corpus", "SPDXRdfExample-v2.2.spdx.rdf"))
	if err != nil {
		t.Fatal(err)
	}
	glibc := findComponent(t, inv, "SPDXRef-Package")
	want := []inventory.Party{
		{Role: inventory.RoleSupplier, Name: "Jane Doe", Field: "PackageSupplier", Person: true, Email: "jane.doe@example.com"},
		{Role: inventory.RoleOriginator, Name: "ExampleCodeInspect", Field: "PackageOriginator", Email: "contact@example.com"},
	}
	if glibc.Name != "glibc" || glibc.Version != "2.11.1" || !equalParties(glibc.Parties, want) ||
		len(glibc.CPEs) != 1 || glibc.CPEs[0] != "cpe:2.3:a:pivotal_software:spring_framework:4.1.0:*:*:*:*:*:*:*" {
		t.Errorf("glibc = %+v", glibc)
	}
}
