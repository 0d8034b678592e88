package report_test

import (
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/policy"
	"github.com/vendorcheck/vendorcheck/pkg/report"
)

// sharedResult has two findings on one component and entity, sharing one
// subject, with text that needs escaping in the component and in a hit.
func sharedResult() (*report.Result, string, string) {
	name, msg := "evil\x1b[2Jname", "m\x1b[31m"
	subj := &report.Subject{Entity: "huawei", Component: report.Component{File: "a.json", Ref: "r", Name: name}}
	res := &report.Result{Findings: []report.Finding{
		{Fingerprint: "f1", Subject: subj, Finding: &policy.Finding{List: "l1", Rule: "r", Action: policy.ActionDeny, Status: "in-force", Message: msg}},
		{Fingerprint: "f2", Subject: subj, Finding: &policy.Finding{List: "l2", Rule: "r", Action: policy.ActionWarn, Status: "in-force", Message: "plain"}},
	}}
	report.ComputeVerdicts(res, policy.ActionDeny)
	return res, name, msg
}

// TestSharedSubjectsSafe: making a result safe copies what it escapes, once
// for each place that shows it, and never changes the result it was given,
// whose findings and verdict share their parts.
func TestSharedSubjectsSafe(t *testing.T) {
	res, name, msg := sharedResult()
	if len(res.Verdicts) != 1 || res.Verdicts[0].Subject != res.Findings[0].Subject || res.Verdicts[0].Hits[0].Finding != res.Findings[0].Finding {
		t.Fatalf("the verdict does not share the findings' subject and rule hit: %+v", res.Verdicts)
	}
	safe := report.SafeResult(res)
	if safe == res {
		t.Fatal("nothing was escaped")
	}
	want := report.Text(name)
	if want == name {
		t.Fatalf("Text(%q) = %q: the test needs a name that changes when escaped", name, want)
	}
	for i, f := range safe.Findings {
		if f.Component.Name != want {
			t.Errorf("safe finding %d: name %q, want %q", i, f.Component.Name, want)
		}
	}
	if got := safe.Verdicts[0].Component.Name; got != want {
		t.Errorf("safe verdict: name %q, want %q", got, want)
	}
	if got := safe.Verdicts[0].Hits[0].Message; got != report.Text(msg) {
		t.Errorf("safe hit: message %q, want %q", got, report.Text(msg))
	}
	// The result itself is as it was.
	if res.Findings[0].Component.Name != name || res.Verdicts[0].Component.Name != name || res.Verdicts[0].Hits[0].Message != msg || res.Findings[0].Message != msg {
		t.Errorf("SafeResult changed the result it was given: %q %q %q", res.Findings[0].Component.Name, res.Verdicts[0].Component.Name, res.Verdicts[0].Hits[0].Message)
	}
}

// TestFindingOwn: a finding given its own parts can be changed alone.
func TestFindingOwn(t *testing.T) {
	res, name, msg := sharedResult()
	f := &res.Findings[1]
	f.Own()
	f.Component.Name = "other"
	f.Message = "changed"
	if res.Findings[0].Component.Name != name || res.Verdicts[0].Component.Name != name {
		t.Errorf("changing an owned finding changed the other: %q, verdict %q", res.Findings[0].Component.Name, res.Verdicts[0].Component.Name)
	}
	if res.Verdicts[0].Hits[1].Message != "plain" || res.Findings[0].Message != msg {
		t.Errorf("changing an owned finding changed a hit: %q", res.Verdicts[0].Hits[1].Message)
	}
	// Read from a file, a finding without a component or rule has empty
	// ones, not nil.
	var r report.Result
	if err := r.UnmarshalJSON([]byte(`{"schema_version":"1.0","findings":[{"fingerprint":"x"}]}`)); err != nil {
		t.Fatal(err)
	}
	if len(r.Findings) != 1 || r.Findings[0].Subject == nil || r.Findings[0].Finding == nil || r.Findings[0].Component.Name != "" {
		t.Errorf("finding read without parts: %+v", r.Findings)
	}
}
