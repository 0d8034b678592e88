package scan

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	vcconfig "github.com/vendorcheck/vendorcheck/pkg/config"
	"github.com/vendorcheck/vendorcheck/pkg/match"
	"github.com/vendorcheck/vendorcheck/pkg/report"
)

const exampleSBOM = "testdata/example/sbom.cdx.json"

func TestRunDefaults(t *testing.T) {
	res, err := Run(context.Background(), Options{}, exampleSBOM)
	if err != nil {
		t.Fatal(err)
	}
	today := time.Now().UTC().Format("2006-01-02")
	p := res.Parameters
	if p.AsOf != today || p.FailOn != "deny" || p.MinConfidence != match.Medium.String() {
		t.Errorf("parameters %+v, want as of %s, fail on deny, min confidence medium", p, today)
	}
	if res.Tool.Name != "vendorcheck" || res.Tool.DataReviewed == "" {
		t.Errorf("tool %+v", res.Tool)
	}
	if len(p.Lists) < 10 {
		t.Errorf("%d lists applied, want every shipped list", len(p.Lists))
	}
	if len(res.Verdicts) == 0 || res.Summary.Failing == 0 {
		t.Errorf("%d verdicts, %d failing: the example SBOM holds a Huawei router", len(res.Verdicts), res.Summary.Failing)
	}
}

func TestRunNever(t *testing.T) {
	res, err := Run(context.Background(), Options{FailOn: Never, Jurisdictions: []string{"US"}}, exampleSBOM)
	if err != nil {
		t.Fatal(err)
	}
	if res.Parameters.FailOn != "never" || res.Summary.Failing != 0 || len(res.Verdicts) == 0 {
		t.Errorf("fail on %q, %d failing, %d verdicts", res.Parameters.FailOn, res.Summary.Failing, len(res.Verdicts))
	}
}

func TestRunOptionErrors(t *testing.T) {
	ctx := context.Background()
	_, err := Run(ctx, Options{Jurisdictions: []string{"XX1"}}, exampleSBOM)
	var se *SelectionError
	if !errors.As(err, &se) || se.Jurisdiction != "XX1" || !errors.Is(err, ErrUnknownJurisdiction) {
		t.Errorf("unknown jurisdiction: %v", err)
	}
	_, err = Run(ctx, Options{Policies: []string{"no-such-list"}}, exampleSBOM)
	if !errors.As(err, &se) || se.Policy != "no-such-list" || !errors.Is(err, ErrNoSuchList) {
		t.Errorf("unknown list: %v", err)
	}
	_, err = Run(ctx, Options{BaselineFile: filepath.Join(t.TempDir(), "none.json")}, exampleSBOM)
	var be *BaselineError
	if !errors.As(err, &be) {
		t.Errorf("missing baseline: %v", err)
	}
	_, err = Run(ctx, Options{Deny: []string{"no-such-entity"}}, exampleSBOM)
	var ue *UnknownEntityError
	if !errors.As(err, &ue) || ue.Entity != "no-such-entity" {
		t.Errorf("unknown deny entity: %v", err)
	}
	if _, err = Run(ctx, Options{FailOn: "sometimes"}, exampleSBOM); err == nil {
		t.Error("no error for fail on sometimes")
	}
	if _, err = Run(ctx, Options{Uses: []string{"juggling"}}, exampleSBOM); err == nil {
		t.Error("no error for an unknown use")
	}
}

// Progress is told once per input, the last time with every input done;
// Hosts counts a dump's components under its host.
func TestRunProgressAndHosts(t *testing.T) {
	dump := "../ingest/dmidecode/testdata/corpus/huawei-RH2288-V3_EC438425FBC0.txt"
	var seen []Progress
	opt, err := Prepare(Options{Hosts: true, Progress: func(p Progress) { seen = append(seen, p) }})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), opt, exampleSBOM, dump)
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 || seen[1].Done != 2 || seen[1].Total != 2 {
		t.Errorf("progress %+v, want 2 calls ending at 2 of 2", seen)
	}
	var hosts []report.HostCount
	for _, in := range res.Inputs {
		if in.File == dump {
			hosts = in.Hosts
		}
	}
	if len(hosts) != 1 || hosts[0].Kind != report.GroupHost || hosts[0].Components == 0 {
		t.Errorf("hosts of the dump: %+v, want one host with its components", hosts)
	}
	if res2, _ := Run(context.Background(), Options{}, dump); len(res2.Inputs) != 1 || res2.Inputs[0].Hosts != nil {
		t.Errorf("hosts counted without Options.Hosts: %+v", res2.Inputs)
	}
}

// A configuration file gives the options it names, resolved against the
// file's directory, and Run applies them.
func TestFromConfig(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "vendorcheck.yaml")
	data := "jurisdictions: [US]\nfail-on: never\nmin-confidence: high\nas-of: 2026-11-27\ndeny: [hikvision]\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := vcconfig.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	opt, err := FromConfig(c)
	if err != nil {
		t.Fatal(err)
	}
	if opt.FailOn != Never || opt.MinConfidence != match.High || opt.AsOf.Format("2006-01-02") != "2026-11-27" ||
		len(opt.Jurisdictions) != 1 || len(opt.Deny) != 1 || opt.DenySource != path+" deny:" {
		t.Fatalf("options %+v", opt)
	}
	res, err := Run(context.Background(), opt, exampleSBOM)
	if err != nil {
		t.Fatal(err)
	}
	if res.Parameters.FailOn != "never" || res.Parameters.AsOf != "2026-11-27" || res.Parameters.MinConfidence != "high" {
		t.Errorf("parameters %+v", res.Parameters)
	}
	organisation := false
	for _, l := range res.Parameters.Lists {
		organisation = organisation || l.ID == "organisation-deny"
	}
	if !organisation {
		t.Error("the config's deny list was not applied")
	}
	if opt, err := FromConfig(nil); err != nil || opt.FailOn != "" {
		t.Errorf("nil config: %+v, %v", opt, err)
	}
}
