package scan

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/vendorcheck/vendorcheck/pkg/catalog"
	"github.com/vendorcheck/vendorcheck/pkg/match"
	"github.com/vendorcheck/vendorcheck/pkg/policy"
	"github.com/vendorcheck/vendorcheck/pkg/report"
	"github.com/vendorcheck/vendorcheck/policies"
)

var update = flag.Bool("update", false, "rewrite golden files")

var asOf = time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

func config(t testing.TB) Config {
	t.Helper()
	cat, err := catalog.LoadFS(policies.FS, "vendors")
	if err != nil {
		t.Fatal(err)
	}
	lists, err := policy.LoadFS(policies.FS)
	if err != nil {
		t.Fatal(err)
	}
	m, err := match.New(cat)
	if err != nil {
		t.Fatal(err)
	}
	return Config{Registry: Decoders(DecoderOptions{}), Catalog: cat, Matcher: m, Lists: lists, AsOf: asOf,
		MinConfidence: match.Medium, FailOn: policy.ActionDeny}
}

func run(t testing.TB, cfg Config, paths ...string) *report.Result {
	t.Helper()
	ins, errs := Expand(paths, nil)
	if len(errs) > 0 {
		t.Fatalf("expand: %v", errs)
	}
	return RunConfig(context.Background(), cfg, ins)
}

// checkInvariants asserts what must hold of every result before anything
// is compared: every finding has evidence and cites its list.
func checkInvariants(t *testing.T, res *report.Result) {
	t.Helper()
	for _, f := range res.Findings {
		if len(f.Evidence) == 0 {
			t.Errorf("finding without evidence: %+v", f)
		}
		for _, ev := range f.Evidence {
			if ev.Field == "" || ev.Value == "" || ev.Rule == "" {
				t.Errorf("incomplete evidence %+v in %s", ev, f.Fingerprint)
			}
		}
		if f.List == "" || f.Rule == "" || f.Citation == "" || f.URL == "" || f.Message == "" || f.JudgedAt == "" {
			t.Errorf("finding does not cite its list fully: %+v", f.Finding)
		}
		if f.Component.File == "" || (f.Component.Ref == "" && f.Component.Line == 0) {
			t.Errorf("finding without a component reference: %+v", f.Component)
		}
		if f.Action.Rank() == 0 {
			t.Errorf("finding with action %q", f.Action)
		}
	}
}

// TestExample pins the shipped example: exactly the four restricted
// components are flagged, the near-misses are not, and the JSON (with its
// evidence) matches the golden file.
func TestExample(t *testing.T) {
	dir := "../../testdata/examples"
	cfg := config(t)
	old, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(old)
	res := run(t, cfg, "restricted-mix.cdx.json")
	checkInvariants(t, res)

	flagged := map[string]bool{}
	for _, f := range res.Findings {
		flagged[f.Component.Ref+"="+f.Entity] = true
	}
	var got []string
	for k := range flagged {
		got = append(got, k)
	}
	sort.Strings(got)
	want := []string{"camera-fw=hikvision", "dimm-a1=micron", "hms-push=huawei", "uplink-router=huawei"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("flagged %v, want %v", got, want)
	}
	if res.Summary.Failing == 0 || res.Summary.Unassessed != 1 || res.Summary.Components != 9 {
		t.Fatalf("summary %+v", res.Summary)
	}
	res.Tool = report.Tool{Name: "vendorcheck", Version: "test"}
	var buf bytes.Buffer
	if err := (report.JSON{}).Render(&buf, res, report.Options{}); err != nil {
		t.Fatal(err)
	}
	golden(t, filepath.Join(old, "testdata/golden/restricted-mix.json"), buf.Bytes())
}

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
		t.Fatalf("%v (run go test ./pkg/scan -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output; run go test ./pkg/scan -update and review the diff", path)
	}
}

// TestPurchaseDates: a CIIO's Micron purchases are judged by date.
func TestUsesMakeCACDeny(t *testing.T) {
	cfg := config(t)
	cfg.Uses = []string{"critical-infrastructure"}
	var cac []report.Finding
	for _, f := range run(t, cfg, "../../testdata/examples/restricted-mix.cdx.json").Findings {
		if f.List == "cn-cac-micron-2023" {
			cac = append(cac, f)
		}
	}
	if len(cac) != 1 || cac[0].Action != policy.ActionDeny || cac[0].Component.Ref != "dimm-a1" {
		t.Fatalf("CAC findings with --use critical-infrastructure: %+v", cac)
	}
}

// TestCorpusNeverCrashes: every real input in the repository is checked or
// rejected with an error that names it; nothing panics.
func TestCorpusNeverCrashes(t *testing.T) {
	files, _ := filepath.Glob("../ingest/*/testdata/corpus/*")
	var inputs []string
	for _, f := range files {
		if !strings.HasSuffix(f, ".md") {
			inputs = append(inputs, f)
		}
	}
	if len(inputs) < 60 {
		t.Fatalf("only %d corpus files found", len(inputs))
	}
	cfg := config(t)
	res := run(t, cfg, inputs...)
	checkInvariants(t, res)
	if res.Summary.Files != len(inputs) {
		t.Fatalf("%d files in the result, %d given", res.Summary.Files, len(inputs))
	}
	for _, e := range res.Errors {
		// Only the inputs we refuse on purpose may fail: formats we do not
		// read, and a sheet without a vendor column (it asks for --columns).
		if !strings.Contains(e.Message, "not supported") && !strings.Contains(e.Message, "--columns") {
			t.Errorf("corpus file failed: %s", e.Message)
		}
		if !strings.Contains(e.Message, e.File) {
			t.Errorf("error does not name its file: %+v", e)
		}
	}
	b, err := json.Marshal(res)
	if err != nil || len(b) == 0 {
		t.Fatal(err)
	}
	t.Logf("%d files, %d components, %d attributed, %d findings, %d refused",
		res.Summary.Files, res.Summary.Components, res.Summary.Attributed, len(res.Findings), len(res.Errors))
}
