package report_test

// Helpers shared by the reporter tests: they build real results by running
// the pipeline (pkg/scan with the shipped catalog and lists and the
// CycloneDX decoder) rather than by hand, so the reporters are tested on
// what users get. Only tests import the ingest side; package report itself
// never does.

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
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

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// asOf is the fixed evaluation date of every test result.
var asOf = time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

// richExample is the example SBOM, relative to the repository root.
const richExample = "testdata/examples/restricted-mix.cdx.json"

// richDump is a real dmidecode dump of a Huawei server with Micron DIMMs.
const richDump = "pkg/ingest/dmidecode/testdata/corpus/huawei-RH2288-V3_EC438425FBC0.txt"

// richWaivers waives the HMS library's findings under one list.
const richWaivers = `waivers:
  - id: hms-removal
    ref: hms-push
    list: us-dod-1260h
    reason: HMS kit removed in release 7.0 (ticket SEC-1234)
    expires: 2027-03-31
    approved_by: ciso@example.com
`

// pkgDir is this package's directory, taken before any test changes the
// working directory.
var pkgDir = func() string {
	d, err := os.Getwd()
	if err != nil {
		panic(err)
	}
	return d
}()

// repoRoot is the repository root.
func repoRoot(testing.TB) string { return filepath.Join(pkgDir, "..", "..") }

// runScan runs the pipeline over paths (relative to dir) with the shipped
// lists whose ids are given (all when none), the way `vendorcheck scan`
// does, with the tool version normalised.
func runScan(t testing.TB, dir string, failOn policy.Action, listIDs []string, paths ...string) *report.Result {
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
		AsOf:          asOf,
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
	res := scan.Run(context.Background(), cfg, inputs)
	failOnName := string(failOn)
	if failOn == "" {
		failOnName = "never"
	}
	res.Tool = report.Tool{Name: "vendorcheck", Version: "0.0.0-test", DataReviewed: "2026-11-27"}
	res.Parameters = report.Parameters{
		AsOf: asOf.Format("2006-01-02"), FailOn: failOnName, MinConfidence: "medium",
		Lists: scan.ListInfos(lists),
	}
	return res
}

// richResult is the example SBOM checked against every shipped list.
//
// It is rich on purpose: two inputs of different formats (the example
// SBOM and a real dmidecode dump, whose components have line numbers but no
// bom-ref), every jurisdiction's lists, one finding waived and one already
// in a baseline.
func richResult(t testing.TB) *report.Result {
	t.Helper()
	res := runScan(t, repoRoot(t), policy.ActionDeny, nil, richExample, richDump)
	ws, err := waiver.Parse("waivers.yaml", []byte(richWaivers))
	if err != nil {
		t.Fatal(err)
	}
	ws.Apply(res, asOf)
	var base report.Result
	for _, f := range res.Findings {
		if f.Component.File == richDump {
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

// emptyResult is what a run over an inventory with nothing in it gives.
func emptyResult() *report.Result {
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

func render(t testing.TB, r report.Reporter, res *report.Result) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := r.Render(&buf, res, report.Options{}); err != nil {
		t.Fatalf("%s: %v", r.ID(), err)
	}
	return buf.Bytes()
}

func mustFormat(t testing.TB, id string) report.Reporter {
	t.Helper()
	r, ok := report.Default().Lookup(id)
	if !ok {
		t.Fatalf("format %q is not registered", id)
	}
	return r
}

// golden compares got with the golden file, or rewrites it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
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
		t.Errorf("%s differs from the output (run go test -update to accept):\n%s", path, firstDiff(string(want), string(got)))
	}
}

func firstDiff(want, got string) string {
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
