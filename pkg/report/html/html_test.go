package report_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/match"
	"github.com/vendorcheck/vendorcheck/pkg/policy"
	"github.com/vendorcheck/vendorcheck/pkg/report"
)

const hostile = `<script>alert(1)</script>`

// hostileResult is a result whose every input-derived string tries to
// break out of HTML.
func hostileResult() *report.Result {
	days := 400
	c := report.Component{File: `inv/"><img src=x onerror=alert(2)>.json`, Ref: "r1", Name: hostile, Version: `1"'<b>`,
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
			{Fingerprint: "aaaa", Component: c, Entity: "huawei", EntityName: "Huawei", Confidence: match.High,
				Evidence: []match.Evidence{{Field: "supplier.name", Value: hostile, Rule: "party-name", Matched: "Huawei", Confidence: match.High}},
				Finding: policy.Finding{List: "us-fcc-covered-list", ListTitle: "FCC Covered List", Jurisdiction: "US", Rule: "huawei-equipment",
					Action: policy.ActionDeny, Status: "in-force", Message: hostile, Citation: "47 CFR 1.50002", URL: "javascript:alert(4)"}},
			{Fingerprint: "bbbb", Component: c, Entity: "huawei", EntityName: "Huawei", Confidence: match.High,
				Finding: policy.Finding{List: "gb-huawei", ListTitle: "UK", Jurisdiction: "GB", Rule: "core",
					Action: policy.ActionWarn, Status: "deadline-pending", Deadline: "2027-12-31", DaysRemaining: &days,
					Message: "remove by 2027-12-31 (400 days left)", URL: "https://example.gov/x"}},
		},
		Attributed: []report.Attributed{{Component: c}},
		Unassessed: []report.Component{{File: c.File, Ref: "r2", Name: hostile + "2", Kind: "library"}},
		Errors:     []report.Error{},
		Waivers: []report.WaiverStatus{{WaiverRef: report.WaiverRef{ID: "w1", Reason: hostile, Expires: "2027-01-01", ApprovedBy: "ciso"},
			Status: report.WaiverStale}},
	}
	return res
}

func renderHTML(t *testing.T, res *report.Result) string {
	t.Helper()
	var b bytes.Buffer
	if err := (report.HTML{}).Render(&b, res, report.Options{}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestHTMLEscapes: text from the inputs is shown as text; it never becomes
// markup, script or a javascript: link.
func TestHTMLEscapes(t *testing.T) {
	out := renderHTML(t, hostileResult())
	for _, bad := range []string{hostile, "<img src=x", "<svg onload", "<b>", `href="javascript:`} {
		if strings.Contains(out, bad) {
			t.Errorf("output contains %q unescaped", bad)
		}
	}
	if !strings.Contains(out, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("the component name is not shown as escaped text")
	}
	// Exactly one script element: the report's own.
	if n := strings.Count(out, "<script"); n != 1 {
		t.Errorf("%d <script elements, want 1 (the report's own)", n)
	}
	if !strings.Contains(out, `href="https://example.gov/x"`) {
		t.Errorf("a safe citation URL is not linked")
	}
}

// TestHTMLSelfContained: nothing is loaded from anywhere.
func TestHTMLSelfContained(t *testing.T) {
	out := renderHTML(t, hostileResult())
	for _, re := range []string{`<link\b`, `<script[^>]+src=`, `<img\b`, `<iframe\b`, `@import`, `url\(`, `@font-face`} {
		if regexp.MustCompile(re).MatchString(out) {
			t.Errorf("output matches %s: it would load a resource", re)
		}
	}
	if !strings.Contains(out, "@media print") {
		t.Errorf("no print styles")
	}
}

// TestHTMLContent: the parts of the audit are there, with the result's
// numbers, and the rendering is deterministic.
func TestHTMLContent(t *testing.T) {
	res := hostileResult()
	out := renderHTML(t, res)
	for _, want := range []string{
		`id="n-components">2<`, `id="n-deny">1<`, `id="n-warn">1<`, `id="n-unassessed">1<`,
		`id="findings-table"`, `data-fingerprint="aaaa"`, `data-fingerprint="bbbb"`,
		`<svg class="chart"`, // exposure chart
		`2027-12-31`,         // the pending deadline on the timeline
		`<span class="badge stale">stale</span>`,
		`us-fcc-covered-list`, `2026-01-15`, // lists with reviewed dates
		`47 CFR 1.50002`,
		`host&lt;svg onload=alert(3)&gt;`, // the group, escaped
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if out != renderHTML(t, res) {
		t.Errorf("two renderings differ")
	}
	// Render does not change the result it is given.
	if res.Groups != nil || res.Deadlines != nil {
		t.Errorf("Render set the result's groups or deadlines")
	}
}
