// Package reportfixture builds the results that the renderers' tests share:
// real ones, by running the pipeline (pkg/scan with the shipped catalog and
// lists) over the example SBOM and a real dmidecode dump, so the renderers
// are tested on what users get; an empty one; and a hostile one whose every
// input-derived string tries to break out of its format. Only tests import
// it; the renderers themselves never see the ingest side.
package reportfixture

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/vendorcheck/vendorcheck/pkg/catalog"
	"github.com/vendorcheck/vendorcheck/pkg/match"
	"github.com/vendorcheck/vendorcheck/pkg/policy"
	"github.com/vendorcheck/vendorcheck/pkg/report"
	"github.com/vendorcheck/vendorcheck/pkg/scan"
	"github.com/vendorcheck/vendorcheck/pkg/waiver"
	"github.com/vendorcheck/vendorcheck/policies"
)

// AsOf is the fixed evaluation date of every fixture result.
var AsOf = time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

// RichExample is the example SBOM, relative to the repository root.
const RichExample = "testdata/examples/restricted-mix.cdx.json"

// RichDump is a real dmidecode dump of a Huawei server with Micron DIMMs.
const RichDump = "pkg/ingest/dmidecode/testdata/corpus/huawei-RH2288-V3_EC438425FBC0.txt"

// RichWaivers waives the HMS library's findings under one list.
const RichWaivers = `waivers:
  - id: hms-removal
    ref: hms-push
    list: us-dod-1260h
    reason: HMS kit removed in release 7.0 (ticket SEC-1234)
    expires: 2027-03-31
    approved_by: ciso@example.com
`

// RepoRoot is the repository root.
func RepoRoot() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		panic("reportfixture: no caller information")
	}
	return filepath.Join(filepath.Dir(file), "..", "..", "..")
}

// Run runs the pipeline over paths (relative to dir) with the shipped
// lists whose ids are given (all when none), the way `vendorcheck scan`
// does, with the tool version normalised. It changes the test's working
// directory to dir, so component files stay relative.
func Run(t testing.TB, dir string, failOn policy.Action, listIDs []string, paths ...string) *report.Result {
	t.Helper()
	cat, err := catalog.LoadFS(policies.FS, "vendors")
	if err != nil {
		t.Fatal(err)
	}
	all, err := policy.LoadFS(policies.FS)
	if err != nil {
		t.Fatal(err)
	}
	lists := all
	if len(listIDs) > 0 {
		lists = nil
		for _, id := range listIDs {
			found := false
			for _, l := range all {
				if l.ID == id {
					lists = append(lists, l)
					found = true
				}
			}
			if !found {
				t.Fatalf("no shipped list %q", id)
			}
		}
	}
	m, err := match.New(cat)
	if err != nil {
		t.Fatal(err)
	}
	cfg := scan.Config{
		Registry:      scan.Decoders(scan.DecoderOptions{}),
		Catalog:       cat,
		Matcher:       m,
		Lists:         lists,
		AsOf:          AsOf,
		MinConfidence: match.Medium,
		FailOn:        failOn,
		Workers:       1,
	}
	// Component files are reported as given, so run from dir to keep them
	// relative (and the golden files free of absolute paths).
	t.Chdir(dir)
	inputs, expandErrs := scan.Expand(paths, nil)
	if len(expandErrs) > 0 {
		t.Fatalf("expand: %v", expandErrs)
	}
	res := scan.RunConfig(context.Background(), cfg, inputs)
	failOnName := string(failOn)
	if failOn == "" {
		failOnName = "never"
	}
	res.Tool = report.Tool{Name: "vendorcheck", Version: "0.0.0-test", DataReviewed: "2026-11-27"}
	res.Parameters = report.Parameters{
		AsOf: AsOf.Format("2006-01-02"), FailOn: failOnName, MinConfidence: "medium",
		Lists: scan.ListInfos(lists),
	}
	return res
}

// Rich is the example SBOM checked against every shipped list.
//
// It is rich on purpose: two inputs of different formats (the example
// SBOM and a real dmidecode dump, whose components have line numbers but no
// bom-ref), every jurisdiction's lists, one finding waived and one already
// in a baseline. It changes the test's working directory to the repository
// root.
func Rich(t testing.TB) *report.Result {
	t.Helper()
	res := Run(t, RepoRoot(), policy.ActionDeny, nil, RichExample, RichDump)
	ws, err := waiver.Parse("waivers.yaml", []byte(RichWaivers))
	if err != nil {
		t.Fatal(err)
	}
	ws.Apply(res, AsOf)
	var base report.Result
	for _, f := range res.Findings {
		if f.Component.File == RichDump {
			base.Findings = append(base.Findings, report.Finding{Fingerprint: f.Fingerprint})
			break
		}
	}
	if len(base.Findings) != 1 {
		t.Fatal("the dump gave no finding to put in the baseline")
	}
	report.ApplyBaseline(res, &base)
	scan.Tally(res, policy.ActionDeny)
	if len(res.Findings) < 3 || res.Summary.Failing == 0 || len(res.Errors) > 0 {
		t.Fatalf("example gave %d findings, %d failing, errors %v: the example or the pipeline changed",
			len(res.Findings), res.Summary.Failing, res.Errors)
	}
	return res
}

// Empty is what a run over an inventory with nothing in it gives.
func Empty() *report.Result {
	return &report.Result{
		SchemaVersion: report.SchemaVersion,
		Tool:          report.Tool{Name: "vendorcheck", Version: "0.0.0-test"},
		Parameters:    report.Parameters{AsOf: "2026-11-27", FailOn: "deny", MinConfidence: "medium", Lists: []report.ListInfo{}},
		Summary:       report.Summary{Findings: map[string]int{"deny": 0, "warn": 0, "info": 0}, ByFormat: map[string]int{}, FailOnAction: "deny"},
		Inputs:        []report.Input{},
		Findings:      []report.Finding{},
		Attributed:    []report.Attributed{},
		Unassessed:    []report.Component{},
		Errors:        []report.Error{},
	}
}

// Hostile is the markup a hostile input puts in every string it controls.
const Hostile = `<script>alert(1)</script>`

// HostileResult is a result whose every input-derived string tries to
// break out of HTML.
func HostileResult() *report.Result {
	days := 400
	c := report.Component{File: `inv/"><img src=x onerror=alert(2)>.json`, Ref: "r1", Name: Hostile, Version: `1"'<b>`,
		Kind: "device", Host: `host<svg onload=alert(3)>`, Site: "s&ite"}
	res := &report.Result{
		SchemaVersion: report.SchemaVersion,
		Tool:          report.Tool{Name: "vendorcheck", Version: "test"},
		Parameters: report.Parameters{AsOf: "2026-11-27", FailOn: "deny", MinConfidence: "medium",
			Lists: []report.ListInfo{{ID: "us-fcc-covered-list", Title: "FCC Covered List", Jurisdiction: "US", Reviewed: "2026-01-15"}}},
		Summary: report.Summary{Files: 1, Components: 2, Attributed: 1, Unassessed: 1,
			Findings: map[string]int{"deny": 1, "warn": 1, "info": 0}, Failing: 1, FailOnAction: "deny"},
		Inputs: []report.Input{{File: c.File, Format: "cyclonedx-json", Components: 2}},
		Findings: []report.Finding{
			{Fingerprint: "aaaa", Subject: &report.Subject{Component: c, Entity: "huawei", EntityName: "Huawei", Confidence: match.High,
				Evidence: []match.Evidence{{Field: "supplier.name", Value: Hostile, Rule: "party-name", Matched: "Huawei", Confidence: match.High}}},
				Finding: &policy.Finding{List: "us-fcc-covered-list", ListTitle: "FCC Covered List", Jurisdiction: "US", Rule: "huawei-equipment",
					Action: policy.ActionDeny, Status: "in-force", Message: Hostile, Citation: "47 CFR 1.50002", URL: "javascript:alert(4)"}},
			{Fingerprint: "bbbb", Subject: &report.Subject{Component: c, Entity: "huawei", EntityName: "Huawei", Confidence: match.High},
				Finding: &policy.Finding{List: "gb-huawei", ListTitle: "UK", Jurisdiction: "GB", Rule: "core",
					Action: policy.ActionWarn, Status: "deadline-pending", Deadline: "2027-12-31", DaysRemaining: &days,
					Message: "remove by 2027-12-31 (400 days left)", URL: "https://example.gov/x"}},
		},
		Attributed: []report.Attributed{{Component: c}},
		Unassessed: []report.Component{{File: c.File, Ref: "r2", Name: Hostile + "2", Kind: "library"}},
		Errors:     []report.Error{},
		Waivers: []report.WaiverStatus{{WaiverRef: report.WaiverRef{ID: "w1", Reason: Hostile, Expires: "2027-01-01", ApprovedBy: "ciso"},
			Status: report.WaiverStale}},
	}
	return res
}

// Render renders res with r and default options.
func Render(t testing.TB, r report.Reporter, res *report.Result) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := r.Render(&buf, res, report.Options{}); err != nil {
		t.Fatalf("%s: %v", r.ID(), err)
	}
	return buf.Bytes()
}

// Golden compares got with the golden file at path, or rewrites the file
// when update is set (the test's -update flag).
func Golden(t testing.TB, path string, got []byte, update bool) {
	t.Helper()
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (run go test -update to accept):\n%s", path, FirstDiff(string(want), string(got)))
	}
}

// FirstDiff describes the first line where want and got differ.
func FirstDiff(want, got string) string {
	wl, gl := bytes.Split([]byte(want), []byte("\n")), bytes.Split([]byte(got), []byte("\n"))
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g []byte
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if !bytes.Equal(w, g) {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + string(w) + "\n  got:  " + string(g)
		}
	}
	return "(lengths differ)"
}
