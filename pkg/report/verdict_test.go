package report_test

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/policy"
	"github.com/vendorcheck/vendorcheck/pkg/report"
)

// TestVerdicts checks the verdicts of the rich result: one per component
// and entity, holding every hit of that pair, decided by the strongest hit
// that is neither waived nor in the baseline.
func TestVerdicts(t *testing.T) {
	res := richResult(t)
	pairs := map[string]int{}
	for _, f := range res.Findings {
		pairs[f.Component.Where()+"|"+f.Component.Name+"|"+f.Entity]++
	}
	if len(res.Verdicts) != len(pairs) {
		t.Fatalf("%d verdicts for %d component-entity pairs", len(res.Verdicts), len(pairs))
	}
	hits, failing := 0, 0
	for _, v := range res.Verdicts {
		k := v.Component.Where() + "|" + v.Component.Name + "|" + v.Entity
		if pairs[k] != len(v.Hits) {
			t.Errorf("%s: %d hits, want %d", k, len(v.Hits), pairs[k])
		}
		hits += len(v.Hits)
		if v.Also != len(v.Hits)-1 {
			t.Errorf("%s: also %d with %d hits", k, v.Also, len(v.Hits))
		}
		if v.Why == "" || v.List == "" || v.Rule == "" {
			t.Errorf("%s: verdict without why, list or rule: %+v", k, v)
		}
		// The action is the strongest over the active hits (all hits when
		// none is active).
		best, anyActive := 0, false
		for _, h := range v.Hits {
			if !h.Waived && !h.Baseline {
				anyActive = true
			}
		}
		for _, h := range v.Hits {
			if (!anyActive || (!h.Waived && !h.Baseline)) && h.Action.Rank() > best {
				best = h.Action.Rank()
			}
		}
		if v.Action.Rank() != best {
			t.Errorf("%s: action %s, strongest hit rank %d", k, v.Action, best)
		}
		if d := v.Hits[0]; d.List != v.List || d.Rule != v.Rule {
			t.Errorf("%s: deciding hit %s/%s is not first (%s/%s)", k, v.List, v.Rule, d.List, d.Rule)
		}
		if !anyActive && v.Status != report.StatusWaived && v.Status != report.StatusBaseline {
			t.Errorf("%s: every hit waived or baselined, status %q", k, v.Status)
		}
		if v.Failing {
			failing++
		}
		if v.Failing != (anyActive && v.Action.Rank() >= policy.ActionDeny.Rank()) {
			t.Errorf("%s: failing %v for %s (active %v)", k, v.Failing, v.Action, anyActive)
		}
	}
	if hits != len(res.Findings) {
		t.Errorf("verdicts hold %d hits, the result %d findings", hits, len(res.Findings))
	}
	if failing != res.Summary.Failing || failing == 0 {
		t.Errorf("%d failing verdicts, summary says %d", failing, res.Summary.Failing)
	}
	// The example's waiver covers the HMS library under one list; its
	// baseline holds one finding of the dump.
	var sawWaived, sawBaseline bool
	for _, v := range res.Verdicts {
		for _, h := range v.Hits {
			sawWaived = sawWaived || h.Waived
			sawBaseline = sawBaseline || h.Baseline
		}
	}
	if !sawWaived || !sawBaseline {
		t.Errorf("rich result has waived %v, baseline %v hits", sawWaived, sawBaseline)
	}
}

// TestVerdictStatus checks the words of each status and which hit decides.
func TestVerdictStatus(t *testing.T) {
	days := func(n int) *int { return &n }
	comp := report.Component{File: "a.json", Ref: "r", Name: "router"}
	hit := func(list, rule string, a policy.Action, status string, mod func(*report.Finding)) report.Finding {
		f := report.Finding{Fingerprint: list + rule, Subject: &report.Subject{Component: comp, Entity: "huawei"},
			Finding: &policy.Finding{List: list, Rule: rule, Action: a, Status: status}}
		if mod != nil {
			mod(&f)
		}
		return f
	}
	for _, tc := range []struct {
		name     string
		hits     []report.Finding
		action   policy.Action
		why      string
		decider  string
		failing  bool
		baseline bool
	}{
		{"deny beats warn", []report.Finding{
			hit("b", "x", policy.ActionWarn, "in-force", nil),
			hit("a", "y", policy.ActionDeny, "in-force", nil),
		}, policy.ActionDeny, "in force", "a/y", true, false},
		{"sooner deadline decides", []report.Finding{
			hit("a", "late", policy.ActionWarn, "deadline-pending", func(f *report.Finding) {
				f.Deadline, f.DaysRemaining = "2027-12-31", days(399)
			}),
			hit("b", "soon", policy.ActionWarn, "deadline-pending", func(f *report.Finding) {
				f.Deadline, f.DaysRemaining = "2026-12-31", days(34)
			}),
		}, policy.ActionWarn, "deadline in 34 days (2026-12-31)", "b/soon", false, false},
		{"use condition", []report.Finding{
			hit("a", "x", policy.ActionWarn, "use-conditional", func(f *report.Finding) { f.Uses = []string{"5g-network"} }),
		}, policy.ActionWarn, "applies only to uses 5g-network (pass --use 5g-network)", "a/x", false, false},
		{"upcoming", []report.Finding{
			hit("a", "x", policy.ActionWarn, "upcoming", func(f *report.Finding) { f.Effective = "2027-01-01" }),
		}, policy.ActionWarn, "applies from 2027-01-01", "a/x", false, false},
		{"a use-limited rule not yet in force ranks below one in force for a use", []report.Finding{
			hit("a", "later", policy.ActionWarn, "upcoming", func(f *report.Finding) {
				f.Effective, f.DaysRemaining, f.Uses, f.UseUndeclared = "2027-06-30", days(209), []string{"defense-procurement"}, true
			}),
			hit("b", "now", policy.ActionWarn, "use-conditional", func(f *report.Finding) { f.Uses, f.UseUndeclared = []string{"government"}, true }),
		}, policy.ActionWarn, "applies only to uses government (pass --use government)", "b/now", false, false},
		{"upcoming and use-limited says both", []report.Finding{
			hit("a", "later", policy.ActionWarn, "upcoming", func(f *report.Finding) {
				f.Effective, f.Uses, f.UseUndeclared = "2027-06-30", []string{"defense-procurement"}, true
			}),
		}, policy.ActionWarn, "applies from 2027-06-30, only to uses defense-procurement (pass --use defense-procurement)", "a/later", false, false},
		{"before the cut-off", []report.Finding{
			hit("a", "x", policy.ActionInfo, "before-cutoff", func(f *report.Finding) {
				f.Effective, f.Message = "2023-05-21", "purchased 2022-01-10, before ..."
			}),
		}, policy.ActionInfo, "bought before the cut-off (2023-05-21)", "a/x", false, false},
		{"waived deny leaves the warn", []report.Finding{
			hit("a", "x", policy.ActionDeny, "in-force", func(f *report.Finding) {
				f.Waived, f.Waiver = true, &report.WaiverRef{Expires: "2027-03-31", ApprovedBy: "ciso@example.com"}
			}),
			hit("b", "y", policy.ActionWarn, "in-force", nil),
		}, policy.ActionWarn, "in force", "b/y", false, false},
		{"all waived", []report.Finding{
			hit("a", "x", policy.ActionDeny, "in-force", func(f *report.Finding) {
				f.Waived, f.Waiver = true, &report.WaiverRef{Expires: "2027-03-31", ApprovedBy: "ciso@example.com"}
			}),
		}, policy.ActionDeny, "waived until 2027-03-31 by ciso@example.com", "a/x", false, false},
		{"baseline", []report.Finding{
			hit("a", "x", policy.ActionDeny, "in-force", func(f *report.Finding) { f.Baseline = true }),
		}, policy.ActionDeny, "in the baseline", "a/x", false, true},
		{"organisation policy named", []report.Finding{
			hit("organisation", "huawei", policy.ActionDeny, "in-force", func(f *report.Finding) { f.Organisation = true }),
		}, policy.ActionDeny, "in force", "organisation policy (organisation/huawei)", true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := &report.Result{Findings: tc.hits}
			report.ComputeVerdicts(res, policy.ActionDeny)
			if len(res.Verdicts) != 1 {
				t.Fatalf("%d verdicts, want 1", len(res.Verdicts))
			}
			v := res.Verdicts[0]
			if v.Action != tc.action || v.Why != tc.why || v.DecidedBy() != tc.decider || v.Failing != tc.failing || v.Baseline != tc.baseline {
				t.Errorf("got %s %q by %s failing %v baseline %v, want %s %q by %s failing %v baseline %v",
					v.Action, v.Why, v.DecidedBy(), v.Failing, v.Baseline, tc.action, tc.why, tc.decider, tc.failing, tc.baseline)
			}
		})
	}
}

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

// TestTable checks the table against its golden files (verdict rows;
// rule rows with Hits) and that colour never shifts a column.
func TestTable(t *testing.T) {
	res := richResult(t)
	dir := filepath.Join(pkgDir, "testdata", "golden", "TestTable")
	for name, opt := range map[string]report.Options{
		"verdicts": {}, "hits": {Hits: true}, "verbose": {Hits: true, Verbose: true},
	} {
		t.Run(name, func(t *testing.T) {
			var plain, color bytes.Buffer
			if err := (report.Table{}).Render(&plain, res, opt); err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join(dir, "restricted-mix-"+name+".txt"), plain.Bytes())
			opt.Color = true
			if err := (report.Table{}).Render(&color, res, opt); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(color.String(), "\x1b[") {
				t.Fatal("no colour")
			}
			if got := ansi.ReplaceAllString(color.String(), ""); got != plain.String() {
				t.Errorf("without its escape codes the coloured table differs from the plain one:\n%s", firstDiff(plain.String(), got))
			}
		})
	}
	// One row per verdict by default, and the summary counts components.
	var b bytes.Buffer
	if err := (report.Table{}).Render(&b, res, report.Options{}); err != nil {
		t.Fatal(err)
	}
	rows := 0
	for _, line := range strings.Split(b.String(), "\n") {
		if regexp.MustCompile(`^(DENY|WARN|INFO)\b`).MatchString(line) {
			rows++
		}
	}
	if rows != len(res.Verdicts) {
		t.Errorf("%d verdict rows, %d verdicts", rows, len(res.Verdicts))
	}
	if !strings.Contains(b.String(), "rule hits (-v to list)") {
		t.Errorf("no summary of the rule hits:\n%s", b.String())
	}
}

// TestTableEscapes: nothing from an input reaches the terminal raw.
func TestTableEscapes(t *testing.T) {
	res := &report.Result{Findings: []report.Finding{{
		Fingerprint: "x",
		Subject:     &report.Subject{Entity: "huawei", Component: report.Component{File: "a\x1b]0;pwned\x07.json", Name: "evil\x1b[2J\rname\u202e", Ref: "r\nx"}},
		Finding:     &policy.Finding{List: "l", Rule: "r", Action: policy.ActionDeny, Status: "in-force", Message: "m\x1b[31m"},
	}}}
	report.ComputeVerdicts(res, policy.ActionDeny)
	for _, opt := range []report.Options{{}, {Hits: true, Verbose: true}} {
		var b bytes.Buffer
		if err := (report.Table{}).Render(&b, res, opt); err != nil {
			t.Fatal(err)
		}
		if strings.ContainsAny(b.String(), "\x1b\r\x07\u202e") || strings.Contains(b.String(), "r\nx") {
			t.Errorf("raw control characters in the table: %q", b.String())
		}
	}
}
