package html_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
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
	// Exactly two script elements: the data block and the report's own
	// script; the data block holds no markup character at all, so no
	// input can close it or open a comment.
	if n := strings.Count(out, "<script"); n != 2 {
		t.Errorf("%d <script elements, want 2 (the data block and the report's script)", n)
	}
	raw := dataBlockText(t, out)
	if i := strings.IndexAny(raw, "<>&\u2028\u2029"); i >= 0 {
		t.Errorf("the data block holds %q raw: %q", raw[i], raw[max(0, i-40):min(len(raw), i+40)])
	}
	// What the script shows is the text of the input, as text.
	d := dataBlock(t, out)
	for _, want := range []string{hostile, `host<svg onload=alert(3)>`, `inv/"><img src=x onerror=alert(2)>.json`} {
		if !slices.Contains(d.S, want) {
			t.Errorf("the data block lacks the string %q", want)
		}
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
		`id="findings-table"`, `id="deny-table"`,
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
	d := dataBlock(t, out)
	if len(d.V) != 1 || len(d.U) != len(res.Unassessed) {
		t.Errorf("the data block has %d verdicts and %d unassessed, want 1 and %d", len(d.V), len(d.U), len(res.Unassessed))
	}
	// The one verdict carries both rule hits (field 15 is its list of
	// hits; a hit's second number is its list).
	if len(d.V) == 1 {
		hits := d.T[int(d.V[0][15].(float64))]
		var lists []string
		for _, h := range hits {
			lists = append(lists, d.S[d.T[h][1]])
		}
		if !slices.Equal(lists, []string{"us-fcc-covered-list", "gb-huawei"}) {
			t.Errorf("the verdict's hits name the lists %q, want us-fcc-covered-list and gb-huawei", lists)
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
	var before []string
	for _, f := range res.Findings {
		before = append(before, f.Message+"|"+f.Citation+"|"+f.URL+"|"+f.Scope)
	}
	out := renderHTML(t, res)
	// The page leaves the rule text out of its copy of the hits, not out
	// of the result, whose findings share them.
	for i, f := range res.Findings {
		if got := f.Message + "|" + f.Citation + "|" + f.URL + "|" + f.Scope; got != before[i] {
			t.Fatalf("finding %d: rendering changed its rule text from %q to %q", i, before[i], got)
		}
	}
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
	}
	if len(seen) == 0 {
		t.Fatal("no rule text to look for")
	}
	// The deny verdicts, written into the page, link to their deciding
	// rule; the script links every row and hit the same way from the
	// data block (the browser test follows those links).
	denies := 0
	for _, v := range report.VerdictsOf(res) {
		if v.Action != "deny" {
			continue
		}
		denies++
		if !strings.Contains(out, `<tr class="deny" data-fingerprint="`+v.Fingerprint+`">`) {
			t.Errorf("deny verdict %s is not in the deny table", v.Fingerprint)
		}
		if !strings.Contains(out, `href="#rule-`+v.List+`-`+v.Rule+`"`) {
			t.Errorf("deny verdict %s: no link to its rule %s/%s", v.Fingerprint, v.List, v.Rule)
		}
	}
	if denies == 0 {
		t.Fatal("the fixture has no deny verdict")
	}
}

// reportData is the data block's shape, as far as the tests read it.
type reportData struct {
	S []string        `json:"s"`
	T [][]int         `json:"t"`
	V [][]any         `json:"v"`
	U [][]int         `json:"u"`
	I [][]json.Number `json:"i"`
}

func dataBlockText(t *testing.T, out string) string {
	t.Helper()
	_, rest, ok := strings.Cut(out, `<script type="application/json" id="report-data">`)
	if !ok {
		t.Fatal("no data block")
	}
	raw, _, ok := strings.Cut(rest, "</script>")
	if !ok {
		t.Fatal("the data block is not closed")
	}
	return raw
}

func dataBlock(t *testing.T, out string) reportData {
	t.Helper()
	var d reportData
	if err := json.Unmarshal([]byte(dataBlockText(t, out)), &d); err != nil {
		t.Fatalf("the data block is not JSON: %v", err)
	}
	return d
}

// TestHTMLHostsText: the text table of groups in the page has a line for
// every group, each beginning with its counts (never with text from an
// input), and the group's name escaped.
func TestHTMLHostsText(t *testing.T) {
	for _, res := range []*report.Result{hostileResult(), reportfixture.Rich(t)} {
		out := renderHTML(t, res)
		_, pre, ok := strings.Cut(out, `<pre class="hosts" id="groups-text">`)
		if !ok {
			t.Fatal("no text table of groups")
		}
		pre, _, _ = strings.Cut(pre, "</pre>")
		lines := strings.Split(strings.TrimSuffix(pre, "\n"), "\n")
		groups := report.WithGroups(res).Groups
		if len(groups) == 0 || len(lines) != len(groups)+1 {
			t.Fatalf("%d lines for %d groups", len(lines), len(groups))
		}
		for i, g := range groups {
			line := strings.TrimPrefix(lines[i+1], `<span class="has-deny">`)
			if !regexp.MustCompile(`^ +\d+ +\d+ +\d+ +\d+ +\d+ +\d+  `).MatchString(line) {
				t.Errorf("line %q does not begin with the counts", line)
			}
			if !strings.Contains(line, template.HTMLEscapeString(g.Key)) {
				t.Errorf("line %q lacks the group %q", line, g.Key)
			}
			if (g.Findings["deny"] > 0) != strings.HasPrefix(lines[i+1], `<span class="has-deny">`) {
				t.Errorf("line %q: marked as denied = %v, want %v", line, !(g.Findings["deny"] > 0), g.Findings["deny"] > 0)
			}
		}
	}
}

// TestHTMLDenyCap: beyond maxStaticDeny deny verdicts the page lists the
// first ones and says where all of them are; the data block keeps every
// verdict.
func TestHTMLDenyCap(t *testing.T) {
	res := hostileResult()
	vs := report.VerdictsOf(res)
	var deny report.Verdict
	for _, v := range vs {
		if v.Action == "deny" {
			deny = v
		}
	}
	if deny.Fingerprint == "" {
		t.Fatal("the fixture has no deny verdict")
	}
	const n = 1005
	res.Verdicts = nil
	for i := 0; i < n; i++ {
		v := deny
		s := *v.Subject // shared with the findings
		s.Component.Ref = fmt.Sprintf("r%d", i)
		v.Subject = &s
		v.Fingerprint = fmt.Sprintf("fp%04d", i)
		res.Verdicts = append(res.Verdicts, v)
	}
	out := renderHTML(t, res)
	if got := strings.Count(out, `<tr class="deny" data-fingerprint="`); got != 1000 {
		t.Errorf("%d deny rows in the page, want 1000", got)
	}
	for _, want := range []string{"The first 1000 of 1005 deny verdicts", "<code>-o xlsx=FILE</code>", "<code>-o csv=FILE</code>", "<code>-o json=FILE</code>"} {
		if !strings.Contains(out, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if d := dataBlock(t, out); len(d.V) != n {
		t.Errorf("the data block has %d verdicts, want %d", len(d.V), n)
	}
}
