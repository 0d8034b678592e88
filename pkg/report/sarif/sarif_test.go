package sarif_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/vendorcheck/vendorcheck/internal/testgen/reportfixture"
	"github.com/vendorcheck/vendorcheck/pkg/report"
	"github.com/vendorcheck/vendorcheck/pkg/report/sarif"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// pkgDir is this package's directory, taken before any test changes the
// working directory.
var pkgDir = func() string {
	d, err := os.Getwd()
	if err != nil {
		panic(err)
	}
	return d
}()

// TestGolden compares the SARIF rendering of the example SBOM (every
// shipped list, as of 2026-11-27) with its golden file.
func TestGolden(t *testing.T) {
	got := reportfixture.Render(t, sarif.Format{}, reportfixture.Rich(t))
	reportfixture.Golden(t, filepath.Join(pkgDir, "testdata", "golden", "TestGolden", "restricted-mix.sarif"), got, *update)
}

// The official SARIF 2.1.0 schema (OASIS, errata 01), as shipped inside
// github.com/owenrumney/go-sarif/v3; see testdata/schema/README.md.
const sarifSchemaFile = "testdata/schema/sarif-schema-2.1.0.json"

func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join(pkgDir, sarifSchemaFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const url = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validateSARIF(t *testing.T, s *jsonschema.Schema, out []byte) {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if err := s.Validate(doc); err != nil {
		t.Fatalf("SARIF does not validate against the 2.1.0 schema: %v", err)
	}
}

// The parts of a SARIF log the tests look at.
type sarifLog struct {
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name           string `json:"name"`
				Version        string `json:"version"`
				InformationURI string `json:"informationUri"`
				Rules          []struct {
					ID                   string `json:"id"`
					DefaultConfiguration struct {
						Level string `json:"level"`
					} `json:"defaultConfiguration"`
					Help struct {
						Text string `json:"text"`
					} `json:"help"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Invocations []struct {
			ExecutionSuccessful bool           `json:"executionSuccessful"`
			Properties          map[string]any `json:"properties"`
			Notifications       []struct {
				Message struct {
					Text string `json:"text"`
				} `json:"message"`
			} `json:"toolExecutionNotifications"`
		} `json:"invocations"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex int    `json:"ruleIndex"`
			Level     string `json:"level"`
			Message   struct {
				Text string `json:"text"`
			} `json:"message"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI string `json:"uri"`
					} `json:"artifactLocation"`
					Region *struct {
						StartLine int `json:"startLine"`
					} `json:"region"`
				} `json:"physicalLocation"`
				LogicalLocations []struct {
					Name string `json:"name"`
				} `json:"logicalLocations"`
			} `json:"locations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
			BaselineState       string            `json:"baselineState"`
			Suppressions        []struct {
				Kind          string `json:"kind"`
				Status        string `json:"status"`
				Justification string `json:"justification"`
			} `json:"suppressions"`
		} `json:"results"`
	} `json:"runs"`
}

func TestSARIFRich(t *testing.T) {
	schema := sarifSchema(t)
	res := reportfixture.Rich(t)
	out := reportfixture.Render(t, sarif.Format{}, res)
	validateSARIF(t, schema, out)

	var log sarifLog
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("version %q, %d runs", log.Version, len(log.Runs))
	}
	run := log.Runs[0]
	d := run.Tool.Driver
	if d.Name != "vendorcheck" || d.Version != "0.0.0-test" || d.InformationURI == "" {
		t.Errorf("driver %q %q %q", d.Name, d.Version, d.InformationURI)
	}
	if len(run.Invocations) != 1 || !run.Invocations[0].ExecutionSuccessful || run.Invocations[0].Properties["asOf"] != "2026-11-27" {
		t.Errorf("invocations: %+v", run.Invocations)
	}
	// One result per verdict, that is per flagged component and entity.
	if len(run.Results) != len(res.Verdicts) || len(res.Verdicts) == 0 {
		t.Fatalf("%d results for %d verdicts", len(run.Results), len(res.Verdicts))
	}
	pairs := map[string]bool{}
	for _, f := range res.Findings {
		pairs[f.Component.Where()+"|"+f.Component.Name+"|"+f.Entity] = true
	}
	if len(run.Results) != len(pairs) {
		t.Errorf("%d results for %d flagged component-entity pairs", len(run.Results), len(pairs))
	}
	ruleIDs := map[string]bool{}
	for i, r := range d.Rules {
		if ruleIDs[r.ID] {
			t.Errorf("rule %s twice", r.ID)
		}
		ruleIDs[r.ID] = true
		if i > 0 && d.Rules[i-1].ID > r.ID {
			t.Errorf("rules out of order: %s before %s", d.Rules[i-1].ID, r.ID)
		}
	}
	levels := map[string]string{"deny": "error", "warn": "warning", "info": "note"}
	seenFP := map[string]bool{}
	for i, v := range res.Verdicts {
		r := run.Results[i]
		if want := v.List + "/" + v.Rule; r.RuleID != want {
			t.Errorf("result %d: ruleId %s, want the deciding rule %s", i, r.RuleID, want)
		}
		if r.RuleIndex < 0 || r.RuleIndex >= len(d.Rules) || d.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %d: ruleIndex %d does not point at %s", i, r.RuleIndex, r.RuleID)
		} else {
			rule := d.Rules[r.RuleIndex]
			if c := v.Hits[0].Citation; c != "" && !strings.Contains(rule.Help.Text, c) {
				t.Errorf("rule %s help does not cite %q", rule.ID, c)
			}
		}
		if r.Level != levels[string(v.Action)] {
			t.Errorf("result %d: level %s for verdict %s", i, r.Level, v.Action)
		}
		if got := r.PartialFingerprints["vendorcheckVerdict/v1"]; got != v.Fingerprint || got == "" {
			t.Errorf("result %d: fingerprint %q, want %q", i, got, v.Fingerprint)
		}
		seenFP[v.Fingerprint] = true
		if !strings.Contains(r.Message.Text, v.EntityName) || !strings.Contains(r.Message.Text, v.Component.Name) ||
			!strings.Contains(r.Message.Text, v.Why) {
			t.Errorf("result %d: message %q lacks entity, component or why", i, r.Message.Text)
		}
		// Every other rule is named in the message.
		for _, h := range v.Hits[1:] {
			if !strings.Contains(r.Message.Text, h.List+"/"+h.Rule) {
				t.Errorf("result %d: message does not name the hit %s/%s", i, h.List, h.Rule)
			}
		}
		if len(r.Locations) != 1 {
			t.Fatalf("result %d: %d locations", i, len(r.Locations))
		}
		loc := r.Locations[0]
		if loc.PhysicalLocation.ArtifactLocation.URI != v.Component.File {
			t.Errorf("result %d: uri %q, want %q", i, loc.PhysicalLocation.ArtifactLocation.URI, v.Component.File)
		}
		if v.Component.Line > 0 && (loc.PhysicalLocation.Region == nil || loc.PhysicalLocation.Region.StartLine != v.Component.Line) {
			t.Errorf("result %d: region %+v, want line %d", i, loc.PhysicalLocation.Region, v.Component.Line)
		}
		if len(loc.LogicalLocations) != 1 || loc.LogicalLocations[0].Name != v.Component.Ref {
			t.Errorf("result %d: logical locations %+v, want %s", i, loc.LogicalLocations, v.Component.Ref)
		}
	}
	if len(seenFP) != len(res.Verdicts) {
		t.Errorf("%d distinct fingerprints for %d verdicts: code scanning would merge alerts", len(seenFP), len(res.Verdicts))
	}
	// The default level of the FCC Huawei rule is error: it denies.
	for _, r := range d.Rules {
		if r.ID == "us-fcc-covered-list/huawei" && r.DefaultConfiguration.Level != "error" {
			t.Errorf("%s default level %s", r.ID, r.DefaultConfiguration.Level)
		}
	}
}

// TestSARIFEdgeCases: no findings, failed inputs, components with no line,
// absolute paths and names with characters that need escaping all stay
// valid SARIF.
func TestSARIFEdgeCases(t *testing.T) {
	schema := sarifSchema(t)
	validateSARIF(t, schema, reportfixture.Render(t, sarif.Format{}, reportfixture.Empty()))

	res := reportfixture.Rich(t)
	res.Findings = res.Findings[:2]
	res.Findings[0].Own()
	res.Findings[0].Component.Line = 0
	res.Findings[0].Component.File = "/abs/dir with space/sbom.json"
	res.Findings[0].Component.Name = "evil\" <name> `x`"
	res.Findings[1].Baseline = true
	res.Findings[1].Waived = true
	res.Findings[1].Waiver = &report.WaiverRef{ID: "w1", Reason: "lab only", Expires: "2027-01-31", ApprovedBy: "ciso", Source: "waivers.yaml:3"}
	// The two findings must be two verdicts.
	res.Findings[1].Component.Ref += "-other"
	report.ComputeVerdicts(res, "deny")
	if len(res.Verdicts) != 2 || res.Verdicts[1].Fingerprint == res.Verdicts[0].Fingerprint {
		t.Fatalf("%d verdicts", len(res.Verdicts))
	}
	res.Errors = []report.Error{{File: "broken.json", Line: 3, Message: "broken.json:3: unexpected end of JSON"}}
	out := reportfixture.Render(t, sarif.Format{}, res)
	validateSARIF(t, schema, out)
	var log sarifLog
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if run.Invocations[0].ExecutionSuccessful {
		t.Error("executionSuccessful with a failed input")
	}
	if n := run.Invocations[0].Notifications; len(n) != 1 || n[0].Message.Text != "broken.json:3: unexpected end of JSON" {
		t.Errorf("notifications %+v", n)
	}
	r0 := run.Results[0]
	// GitHub places an alert by its region: a component with no line is
	// flagged at line 1.
	if reg := r0.Locations[0].PhysicalLocation.Region; reg == nil || reg.StartLine != 1 {
		t.Errorf("region for a component with no line: %+v, want startLine 1", reg)
	}
	if got := r0.Locations[0].PhysicalLocation.ArtifactLocation.URI; got != "file:///abs/dir%20with%20space/sbom.json" {
		t.Errorf("absolute path uri %q", got)
	}
	if sup := run.Results[1].Suppressions; len(sup) != 1 || sup[0].Kind != "external" || sup[0].Status != "accepted" ||
		sup[0].Justification != "lab only; approved by ciso; expires 2027-01-31 (waivers.yaml:3)" || len(r0.Suppressions) != 0 {
		t.Errorf("suppressions %+v / %+v", run.Results[1].Suppressions, r0.Suppressions)
	}
	if run.Results[1].BaselineState != "unchanged" || r0.BaselineState != "" {
		t.Errorf("baseline states %q %q", r0.BaselineState, run.Results[1].BaselineState)
	}
}

// TestSARIFSchemaRejects makes sure the schema check can fail: the real
// output, broken in one place at a time, is refused.
func TestSARIFSchemaRejects(t *testing.T) {
	schema := sarifSchema(t)
	out := reportfixture.Render(t, sarif.Format{}, reportfixture.Rich(t))
	for name, breakIt := range map[string]func(log map[string]any){
		"bad level":       func(log map[string]any) { firstResult(log)["level"] = "fatal" },
		"unknown key":     func(log map[string]any) { firstResult(log)["severity"] = "high" },
		"line 0":          func(log map[string]any) { firstRegion(log)["startLine"] = 0 },
		"no version":      func(log map[string]any) { delete(log, "version") },
		"message no text": func(log map[string]any) { firstResult(log)["message"] = map[string]any{} },
	} {
		var log map[string]any
		if err := json.Unmarshal(out, &log); err != nil {
			t.Fatal(err)
		}
		breakIt(log)
		b, err := json.Marshal(log)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(doc); err == nil {
			t.Errorf("%s: the schema accepted it", name)
		}
	}
}

func firstResult(log map[string]any) map[string]any {
	return log["runs"].([]any)[0].(map[string]any)["results"].([]any)[0].(map[string]any)
}

func firstRegion(log map[string]any) map[string]any {
	loc := firstResult(log)["locations"].([]any)[0].(map[string]any)
	return loc["physicalLocation"].(map[string]any)["region"].(map[string]any)
}
