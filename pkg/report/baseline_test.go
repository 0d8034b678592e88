package report_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/policy"
	"github.com/vendorcheck/vendorcheck/pkg/report"
	"github.com/vendorcheck/vendorcheck/pkg/scan"
)

// writeExample copies the example SBOM into dir, adding the given
// CycloneDX components, and returns the file name.
func writeExample(t *testing.T, dir string, extra ...map[string]any) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot(t), richExample))
	if err != nil {
		t.Fatal(err)
	}
	var bom map[string]any
	if err := json.Unmarshal(data, &bom); err != nil {
		t.Fatal(err)
	}
	comps := bom["components"].([]any)
	for _, c := range extra {
		comps = append(comps, c)
	}
	bom["components"] = comps
	out, err := json.MarshalIndent(bom, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "sbom.cdx.json"), out, 0o644); err != nil {
		t.Fatal(err)
	}
	return "sbom.cdx.json"
}

// roundTrip writes a result with -o json and reads it back, as a baseline
// file is.
func roundTrip(t *testing.T, res *report.Result) *report.Result {
	t.Helper()
	got, err := report.ReadResult(bytes.NewReader(render(t, mustFormat(t, "json"), res)))
	if err != nil {
		t.Fatalf("reading back -o json: %v", err)
	}
	return got
}

func nonBaseline(res *report.Result) []report.Finding {
	var out []report.Finding
	for _, f := range res.Findings {
		if !f.Baseline {
			out = append(out, f)
		}
	}
	return out
}

func TestBaseline(t *testing.T) {
	lists := []string{"us-fcc-covered-list"}
	dir := t.TempDir()
	name := writeExample(t, dir)
	base := runScan(t, dir, policy.ActionDeny, lists, name)
	if len(base.Findings) == 0 || base.Summary.Failing == 0 {
		t.Fatalf("the example has %d findings, %d failing, on the FCC list", len(base.Findings), base.Summary.Failing)
	}
	baseline := roundTrip(t, base)

	// Unchanged input: nothing new, nothing fails.
	again := runScan(t, dir, policy.ActionDeny, lists, name)
	report.ApplyBaseline(again, baseline)
	scan.Tally(again, policy.ActionDeny)
	if n := nonBaseline(again); len(n) != 0 {
		t.Errorf("unchanged input: %d new findings: %+v", len(n), n)
	}
	if again.Summary.Failing != 0 {
		t.Errorf("unchanged input: %d failing", again.Summary.Failing)
	}

	// One new restricted component: only its findings are new, and it fails.
	dir2 := t.TempDir()
	name2 := writeExample(t, dir2, map[string]any{
		"type": "device", "bom-ref": "new-olt", "name": "ZXA10 C600 OLT", "version": "V1.2",
		"supplier": map[string]any{"name": "ZTE Corporation"},
	})
	changed := runScan(t, dir2, policy.ActionDeny, lists, name2)
	added := len(changed.Findings) - len(base.Findings)
	if added < 1 {
		t.Fatalf("the new ZTE component gave %d more findings, want at least 1", added)
	}
	report.ApplyBaseline(changed, baseline)
	scan.Tally(changed, policy.ActionDeny)
	n := nonBaseline(changed)
	if len(n) != added {
		t.Fatalf("%d new findings, want %d: %+v", len(n), added, n)
	}
	for _, f := range n {
		if f.Entity != "zte" || f.Component.Ref != "new-olt" {
			t.Errorf("new finding is %s on %s, want zte on new-olt", f.Entity, f.Component.Ref)
		}
	}
	if changed.Summary.Failing != 1 {
		t.Errorf("%d failing after the baseline, want 1 (the new ZTE device)", changed.Summary.Failing)
	}

	// A nil baseline marks nothing.
	fresh := runScan(t, dir2, policy.ActionDeny, lists, name2)
	report.ApplyBaseline(fresh, nil)
	if len(nonBaseline(fresh)) != len(fresh.Findings) {
		t.Error("nil baseline marked findings")
	}
}

func TestReadResult(t *testing.T) {
	good := render(t, mustFormat(t, "json"), richResult(t))
	res, err := report.ReadResult(bytes.NewReader(good))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) == 0 || res.Findings[0].Fingerprint == "" || res.Findings[0].Citation == "" {
		t.Errorf("findings not read back: %+v", res.Findings)
	}
	// Writing what was read gives the same bytes: nothing is lost.
	if again := render(t, mustFormat(t, "json"), res); !bytes.Equal(again, good) {
		t.Errorf("json -> ReadResult -> json changed the result:\n%s", firstDiff(string(good), string(again)))
	}

	minor := bytes.Replace(good, []byte(`"schema_version": "2.0"`), []byte(`"schema_version": "2.7"`), 1)
	if _, err := report.ReadResult(bytes.NewReader(minor)); err != nil {
		t.Errorf("schema 2.7 refused: %v", err)
	}
	// A schema 1 result (flat findings) is still read as a baseline.
	old, err := report.ReadResult(strings.NewReader(`{"schema_version": "1.0", "findings": [{"fingerprint": "abc", "entity": "zte"}]}`))
	if err != nil || len(old.Findings) != 1 || old.Findings[0].Fingerprint != "abc" {
		t.Errorf("schema 1.0 result: %v, %+v", err, old)
	}
	for name, tc := range map[string]struct {
		in   string
		want string
	}{
		"major 3":       {strings.Replace(string(good), `"schema_version": "2.0"`, `"schema_version": "3.0"`, 1), `schema version "3.0" is not supported (want 2.x or 1.x)`},
		"no version":    {`{"findings": []}`, `no "schema_version"`},
		"empty":         {"  \n", "empty file"},
		"not json":      {"{\n\"schema_version\": \"1.0\",\n oops}", "line 3: not a vendorcheck JSON result"},
		"unknown field": {"{\n\"schema_version\": \"1.0\",\n\"findngs\": []\n}", `line 3: result: json: unknown field "findngs"`},
		"wrong type":    {"{\n\"schema_version\": \"1.0\",\n\"findings\": {}\n}", "line 3: result: json: cannot unmarshal"},
		"trailing":      {`{"schema_version": "1.0"} {}`, "unexpected data after"},
		"fingerprint":   {`{"schema_version": "1.0", "findings": [{"entity": "zte"}]}`, "finding 1 has no fingerprint"},
	} {
		_, err := report.ReadResult(strings.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", name, err, tc.want)
		}
	}

	// ReadResultFile names the file and line.
	p := filepath.Join(t.TempDir(), "base.json")
	if err := os.WriteFile(p, []byte("{\n\"schema_version\": \"1.0\",\n\"bogus\": 1\n}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := report.ReadResultFile(p); err == nil || !strings.HasPrefix(err.Error(), p+":3: ") {
		t.Errorf("ReadResultFile error %v, want %s:3: ...", err, p)
	}
}
