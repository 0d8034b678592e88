package report_test

import (
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/catalog"
	"github.com/vendorcheck/vendorcheck/pkg/policy"
	"github.com/vendorcheck/vendorcheck/pkg/report"
)

func TestComputeGroups(t *testing.T) {
	srv := report.Component{File: "a.dmi", Ref: "", Line: 10, Name: "DIMM", Kind: "memory", Host: "SRV1"}
	row := report.Component{File: "buy.csv", Line: 2, Name: "switch", Kind: "switch", Host: "SRV1", Site: "ams1"}
	cam := report.Component{File: "buy.csv", Line: 3, Name: "camera", Kind: "camera", Site: "fra2"}
	lib := report.Component{File: "lib.json", Ref: "x", Name: "left-pad", Kind: "library"}
	res := &report.Result{
		Inputs: []report.Input{
			// The dump: its one listed component names the host, so
			// all 5 components count there.
			{File: "a.dmi", Components: 5},
			// The sheet says which rows name which host or site; one
			// row names neither.
			{File: "buy.csv", Components: 4, Hosts: []report.HostCount{
				{Key: "SRV1", Kind: "host", Site: "ams1", Components: 1},
				{Key: "fra2", Kind: "site", Components: 2}}},
			{File: "lib.json", Components: 3},
			{File: "bad.json", Error: "malformed"},
		},
		Attributed: []report.Attributed{{Component: srv}, {Component: row}, {Component: cam}},
		Unassessed: []report.Component{lib},
		Findings: []report.Finding{
			{Subject: &report.Subject{Component: srv, Entity: "micron"}, Finding: &policy.Finding{Action: "warn"}},
			{Subject: &report.Subject{Component: row, Entity: "huawei"}, Finding: &policy.Finding{Action: "deny"}},
			{Subject: &report.Subject{Component: cam, Entity: "hikvision"}, Finding: &policy.Finding{Action: "deny"}},
		},
	}
	report.ComputeGroups(res)
	type g struct {
		key, kind, site          string
		inputs, comps, attr, una int
		deny, warn               int
	}
	want := []g{
		{"SRV1", "host", "ams1", 2, 6, 2, 0, 1, 1},
		{"fra2", "site", "fra2", 1, 2, 1, 0, 1, 0},
		{"buy.csv", "file", "", 1, 1, 0, 0, 0, 0},
		{"lib.json", "file", "", 1, 3, 0, 1, 0, 0},
	}
	if len(res.Groups) != len(want) {
		t.Fatalf("%d groups, want %d: %+v", len(res.Groups), len(want), res.Groups)
	}
	total := 0
	for i, w := range want {
		x := res.Groups[i]
		got := g{x.Key, x.Kind, x.Site, len(x.Inputs), x.Components, x.Attributed, x.Unassessed, x.Findings["deny"], x.Findings["warn"]}
		if got != w {
			t.Errorf("group %d: %+v, want %+v", i, got, w)
		}
		total += x.Components
	}
	if total != 5+4+3 {
		t.Errorf("groups hold %d components, the inputs 12", total)
	}
	if e := res.Groups[0].Entities; len(e) != 2 || e[0] != "huawei" || e[1] != "micron" {
		t.Errorf("SRV1 entities %v", e)
	}
}

func TestComputeDeadlines(t *testing.T) {
	d := func(s string) catalog.Date {
		x, err := catalog.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	lists := []*policy.List{{
		ID: "uk", Jurisdiction: "GB", Scope: "telecoms",
		Rules: []policy.Rule{
			{ID: "removal", Entity: "huawei", Deadlines: []policy.Deadline{
				{Date: d("2023-12-31"), Requirement: "out of the core"}, // passed: not listed
				{Date: d("2027-12-31"), Requirement: "out of 5G"}}},
			{ID: "later", Entity: "zte", From: d("2027-06-01")},
		},
	}, {ID: "idea", Status: policy.StatusProposal, Rules: []policy.Rule{{ID: "r", Entity: "dji", From: d("2030-01-01")}}}}
	days := 399
	c1 := report.Component{File: "a", Ref: "1", Name: "x"}
	c2 := report.Component{File: "a", Ref: "2", Name: "y"}
	f := func(c report.Component, status string) report.Finding {
		return report.Finding{Subject: &report.Subject{Component: c, Entity: "huawei"}, Finding: &policy.Finding{List: "uk", Jurisdiction: "GB", Rule: "removal",
			Action: "warn", Status: status, Deadline: "2027-12-31", DaysRemaining: &days,
			Message: "applies only where used for 5g-network (declare with --use): out of 5G by 2027-12-31 (399 days left)"}}
	}
	res := &report.Result{Parameters: report.Parameters{AsOf: "2026-11-27"},
		// Two findings on one component and one on another: 2 affected,
		// whatever the status that decided the action.
		Findings: []report.Finding{f(c1, "deadline-pending"), f(c1, "use-conditional"), f(c2, "use-conditional")}}
	report.ComputeDeadlines(res, lists)
	if len(res.Deadlines) != 2 {
		t.Fatalf("%d dates, want 2: %+v", len(res.Deadlines), res.Deadlines)
	}
	a, b := res.Deadlines[0], res.Deadlines[1]
	if a.Date != "2027-06-01" || a.Kind != "effective" || a.Rule != "later" || a.Affected != 0 || a.DaysRemaining != 186 {
		t.Errorf("first date %+v", a)
	}
	if b.Date != "2027-12-31" || b.Kind != "deadline" || b.Requirement != "out of 5G" || b.Affected != 2 || b.DaysRemaining != 399 {
		t.Errorf("second date %+v", b)
	}
	// Without the lists, the findings' own dates, with the condition
	// taken off the requirement.
	res.Deadlines = nil
	report.ComputeDeadlines(res, nil)
	if len(res.Deadlines) != 1 || res.Deadlines[0].Requirement != "out of 5G" || res.Deadlines[0].Affected != 2 {
		t.Errorf("from findings only: %+v", res.Deadlines)
	}
}
