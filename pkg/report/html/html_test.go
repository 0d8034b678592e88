package html_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"text/template"

	"github.com/vendorcheck/vendorcheck/internal/testgen/reportfixture"
	"github.com/vendorcheck/vendorcheck/pkg/report"
	"github.com/vendorcheck/vendorcheck/pkg/report/html"
)

const hostile = reportfixture.Hostile

var hostileResult = reportfixture.HostileResult

func renderHTML(t *testing.T, res *report.Result) string {
	t.Helper()
	var b bytes.Buffer
	if err := (html.Format{}).Render(&b, res, report.Options{}); err != nil {
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
		`id="n-components">2<`, `id="n-deny">1<`, `id="n-warn">0<`, `id="n-hits">2<`, `id="n-unassessed">1<`,
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

// TestHTMLRuleTextOnce: a rule's text and its list's citation are printed
// once however many verdicts it decides, and every verdict links to them.
func TestHTMLRuleTextOnce(t *testing.T) {
	res := reportfixture.Rich(t)
	if len(res.Findings) < 2 {
		t.Fatalf("fixture has %d findings", len(res.Findings))
	}
	out := renderHTML(t, res)
	_, findings, ok := strings.Cut(out, `<section id="findings">`)
	if !ok {
		t.Fatal("no findings section")
	}
	findings, _, _ = strings.Cut(findings, "</section>")
	params := out[strings.Index(out, `<section id="parameters">`):]
	seen := map[string]bool{}
	for _, f := range res.Findings {
		key := f.List + "/" + f.Rule
		if seen[key] || f.Message == "" {
			continue
		}
		seen[key] = true
		msg := template.HTMLEscapeString(f.Message)
		if n := strings.Count(findings, msg); n != 0 {
			t.Errorf("rule %s: its text is repeated %d times in the findings", key, n)
		}
		if !strings.Contains(params, `<li id="rule-`+f.List+`-`+f.Rule+`"><code>`+f.Rule+`</code>: `+msg+`</li>`) {
			t.Errorf("rule %s: its text is not under the cited lists", key)
		}
		if n := strings.Count(out, `id="rule-`+f.List+`-`+f.Rule+`"`); n != 1 {
			t.Errorf("rule %s: %d anchors, want 1", key, n)
		}
		if !strings.Contains(out, `href="#rule-`+f.List+`-`+f.Rule+`"`) {
			t.Errorf("rule %s: no verdict links to it", key)
		}
	}
	if len(seen) == 0 {
		t.Fatal("no rule text to look for")
	}
}
