package report_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/internal/safetext"
	"github.com/vendorcheck/vendorcheck/pkg/policy"
	"github.com/vendorcheck/vendorcheck/pkg/report"
)

// junitAllowed is the JUnit vocabulary the output may use (the subset of
// the Jenkins/GitLab schema): element -> its allowed attributes, and its
// allowed children. Anything else fails the strict read.
var junitAllowed = map[string]struct {
	attrs    []string
	children []string
}{
	"testsuites": {[]string{"name", "tests", "failures", "errors"}, []string{"testsuite"}},
	"testsuite":  {[]string{"name", "tests", "failures", "errors", "skipped"}, []string{"properties", "testcase"}},
	"properties": {nil, []string{"property"}},
	"property":   {[]string{"name", "value"}, nil},
	"testcase":   {[]string{"classname", "name", "file", "line"}, []string{"failure", "error", "system-out"}},
	"failure":    {[]string{"type", "message"}, nil},
	"error":      {[]string{"type", "message"}, nil},
	"system-out": {nil, nil},
}

// strictJUnit walks the document token by token: well-formed, one root,
// only the known elements, attributes and nesting; then decodes it.
func strictJUnit(t *testing.T, out []byte) report.JUnitTestSuites {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(out))
	dec.Strict = true
	var stack []string
	roots := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			name := tok.Name.Local
			spec, ok := junitAllowed[name]
			if !ok || tok.Name.Space != "" {
				t.Fatalf("unknown element <%s>", name)
			}
			if len(stack) == 0 {
				roots++
				if name != "testsuites" {
					t.Fatalf("root <%s>, want <testsuites>", name)
				}
			} else if parent := junitAllowed[stack[len(stack)-1]]; !contains(parent.children, name) {
				t.Fatalf("<%s> inside <%s>", name, stack[len(stack)-1])
			}
			for _, a := range tok.Attr {
				if !contains(spec.attrs, a.Name.Local) {
					t.Fatalf("<%s> has unknown attribute %s", name, a.Name.Local)
				}
			}
			stack = append(stack, name)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 && len(bytes.TrimSpace(tok)) > 0 {
				if p := stack[len(stack)-1]; p != "failure" && p != "error" && p != "system-out" {
					t.Fatalf("text inside <%s>", p)
				}
			}
		}
	}
	if roots != 1 {
		t.Fatalf("%d root elements", roots)
	}
	var doc report.JUnitTestSuites
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// checkJUnit asserts the counts and that each failing finding has exactly
// one failure, in its component's test case, and nothing else does.
func checkJUnit(t *testing.T, res *report.Result, failOn policy.Action) report.JUnitTestSuites {
	t.Helper()
	report.ComputeVerdicts(res, failOn)
	doc := strictJUnit(t, render(t, mustFormat(t, "junit"), res))
	want := map[string]int{} // "file|case name prefix|type" -> failures expected
	wantTotal := 0
	for _, v := range res.Verdicts {
		if v.FailsAt(failOn) {
			name := v.Component.Name
			if v.Component.Version != "" {
				name += "@" + v.Component.Version
			}
			want[xmlText(v.Component.File+"|"+name+" ["+v.Component.Ref+"]|"+v.List+"/"+v.Rule)]++
			wantTotal++
		}
	}
	got := map[string]int{}
	total, tests := 0, 0
	for _, s := range doc.Suites {
		fails := 0
		for _, c := range s.Cases {
			for _, f := range c.Failures {
				name, _, _ := strings.Cut(c.Name, "] (")
				got[s.Name+"|"+name+"]|"+f.Type]++
				if !strings.Contains(f.Body, "citation: ") || !strings.Contains(f.Body, "evidence: ") {
					t.Errorf("failure %s of %s lacks citation or evidence:\n%s", f.Type, c.Name, f.Body)
				}
			}
			fails += len(c.Failures)
		}
		if s.Failures != fails || s.Tests != len(s.Cases) {
			t.Errorf("suite %s says tests=%d failures=%d, has %d cases and %d failures", s.Name, s.Tests, s.Failures, len(s.Cases), fails)
		}
		total += fails
		tests += len(s.Cases)
	}
	if doc.Failures != total || doc.Tests != tests {
		t.Errorf("testsuites says tests=%d failures=%d, has %d and %d", doc.Tests, doc.Failures, tests, total)
	}
	if total != wantTotal || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("failures (fail-on %q):\n got  %v\n want %v", failOn, got, want)
	}
	return doc
}

func TestJUnit(t *testing.T) {
	res := richResult(t)
	doc := checkJUnit(t, res, policy.ActionDeny)
	// One suite per input file.
	if len(doc.Suites) != 2 || doc.Suites[0].Name != richExample || doc.Suites[1].Name != richDump {
		t.Fatalf("suites %+v", doc.Suites)
	}
	// One test case per attributed component, plus one inventory case per
	// input.
	cases := 0
	for _, s := range doc.Suites {
		cases += len(s.Cases)
	}
	if want := len(res.Attributed) + 2; cases != want {
		t.Errorf("%d test cases, want %d", cases, want)
	}
	// Test ids are unique across files: the same component in two files
	// is two test cases.
	twice := *res
	twice.Findings = append([]report.Finding(nil), res.Findings...)
	twice.Attributed = append([]report.Attributed(nil), res.Attributed...)
	for _, f := range res.Findings {
		f.Component.File = "copy/" + f.Component.File
		twice.Findings = append(twice.Findings, f)
	}
	for _, a := range res.Attributed {
		a.Component.File = "copy/" + a.Component.File
		twice.Attributed = append(twice.Attributed, a)
	}
	twice.Verdicts = nil
	ids := map[string]bool{}
	for _, s := range strictJUnit(t, render(t, mustFormat(t, "junit"), &twice)).Suites {
		for _, c := range s.Cases {
			if ids[c.ClassName+"|"+c.Name] {
				t.Errorf("test id %s|%s twice", c.ClassName, c.Name)
			}
			ids[c.ClassName+"|"+c.Name] = true
		}
	}
	if len(ids) != 2*cases {
		t.Errorf("%d test ids over two copies of %d cases", len(ids), cases)
	}
	if doc.Failures != 1 {
		t.Errorf("%d failures at fail-on deny, want 1 (the FCC Covered List router)", doc.Failures)
	}
	// Non-failing findings are reported in system-out.
	out := ""
	for _, c := range doc.Suites[0].Cases {
		out += c.SystemOut
	}
	if !strings.Contains(out, "WARN cn-cac-micron-2023/micron-ciio-purchase (use-conditional, micron): applies only to uses critical-infrastructure") {
		t.Errorf("warning not in system-out:\n%s", out)
	}

	res.Parameters.FailOn = "warn"
	if doc := checkJUnit(t, res, policy.ActionWarn); doc.Failures <= 1 {
		t.Errorf("fail-on warn: %d failures", doc.Failures)
	}
	res.Parameters.FailOn = "never"
	if doc := checkJUnit(t, res, ""); doc.Failures != 0 {
		t.Errorf("fail-on never: %d failures", doc.Failures)
	}
	// Waived findings do not fail, and say why in the output.
	res.Parameters.FailOn = "deny"
	for i := range res.Findings {
		if res.Findings[i].Action == policy.ActionDeny {
			res.Findings[i].Waived = true
			res.Findings[i].Waiver = &report.WaiverRef{Reason: "lab only", Expires: "2027-01-31", ApprovedBy: "ciso"}
		}
	}
	doc = checkJUnit(t, res, policy.ActionDeny)
	if doc.Failures != 0 || !strings.Contains(fmt.Sprint(doc), "waived: lab only; approved by ciso") {
		t.Errorf("waived denial: %d failures, output %v", doc.Failures, doc)
	}
	for i := range res.Findings {
		res.Findings[i].Waived, res.Findings[i].Waiver = false, nil
	}
	// Baseline findings do not fail.
	res.Parameters.FailOn = "deny"
	for i := range res.Findings {
		res.Findings[i].Baseline = true
	}
	if doc := checkJUnit(t, res, policy.ActionDeny); doc.Failures != 0 {
		t.Errorf("all in baseline: %d failures", doc.Failures)
	}
}

func TestJUnitErrorsAndHostileText(t *testing.T) {
	res := richResult(t)
	res.Findings[0].Component.Name = "x\"<y>&]]>\x01z"
	res.Errors = []report.Error{{File: "broken.json", Line: 2, Message: "broken.json:2: unexpected end of JSON"}}
	res.Inputs = append(res.Inputs, report.Input{File: "broken.json", Error: "broken.json:2: unexpected end of JSON"})
	doc := checkJUnit(t, res, policy.ActionDeny)
	var broken *report.JUnitTestSuite
	for i := range doc.Suites {
		if doc.Suites[i].Name == "broken.json" {
			broken = &doc.Suites[i]
		}
	}
	if broken == nil || broken.Errors != 1 || doc.Errors != 1 || len(broken.Cases) != 1 || broken.Cases[0].Error == nil {
		t.Fatalf("failed input not reported as an error: %+v", broken)
	}
	// An empty result still has a well-formed document.
	strictJUnit(t, render(t, mustFormat(t, "junit"), emptyResult()))
}

// xmlText is s as the report shows it: control characters from the input
// visibly escaped (safetext.Line), which also keeps them out of the XML.
func xmlText(s string) string { return safetext.Line(s) }

// A long name is quoted at most MaxJUnitValue bytes in a test's name,
// message and body, its length said; the test stays one test per
// component.
func TestJUnitLongName(t *testing.T) {
	res := richResult(t)
	long := strings.Repeat("n", 3*report.MaxJUnitValue)
	c := res.Findings[0].Component
	for i := range res.Findings {
		if res.Findings[i].Component.Where() == c.Where() {
			res.Findings[i].Component.Name = long
		}
	}
	for i := range res.Attributed {
		if res.Attributed[i].Component.Where() == c.Where() {
			res.Attributed[i].Component.Name = long
		}
	}
	res.Verdicts = nil
	out := string(render(t, mustFormat(t, "junit"), res))
	if strings.Contains(out, long[:report.MaxJUnitValue+1]) {
		t.Errorf("the JUnit output quotes more than %d bytes of a name", report.MaxJUnitValue)
	}
	suffix := fmt.Sprintf("… (%d bytes in all)", len(long))
	n := 0
	for _, s := range strictJUnit(t, []byte(out)).Suites {
		for _, tc := range s.Cases {
			if strings.Contains(tc.Name, suffix) {
				n++
			}
		}
	}
	if n != 1 {
		t.Errorf("%d tests name the long component with its length, want 1:\n%.3000s", n, out)
	}
}
