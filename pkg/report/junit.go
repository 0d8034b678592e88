package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/internal/safetext"
	"github.com/vendorcheck/vendorcheck/pkg/policy"
)

// JUnit writes JUnit XML as GitLab, Jenkins and Azure DevOps read it: a test
// suite per input file, a test case per attributed component, a failure per
// verdict (component and entity) at or above --fail-on, naming the other
// rule hits in its body.
//
// Every input also gets an "inventory" test case (an error when the input
// could not be checked), so a clean run still reports tests: Jenkins' junit
// step fails on a report with none.
type JUnit struct{}

func (JUnit) ID() string { return "junit" }
func (JUnit) Description() string {
	return "JUnit XML test report (GitLab, Jenkins, Azure DevOps): a test case per component, a failure per verdict at or above --fail-on"
}

// JUnitTestSuites is the document element of the JUnit output. The types
// are exported so that tests and users can read the report back.
type JUnitTestSuites struct {
	XMLName  xml.Name         `xml:"testsuites"`
	Name     string           `xml:"name,attr"`
	Tests    int              `xml:"tests,attr"`
	Failures int              `xml:"failures,attr"`
	Errors   int              `xml:"errors,attr"`
	Suites   []JUnitTestSuite `xml:"testsuite"`
}

// JUnitTestSuite is one input file.
type JUnitTestSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Properties []JUnitProperty `xml:"properties>property,omitempty"`
	Cases      []JUnitTestCase `xml:"testcase"`
}

// JUnitProperty is a name/value pair of a suite.
type JUnitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

// JUnitTestCase is one attributed component (or an input's "inventory").
type JUnitTestCase struct {
	ClassName string         `xml:"classname,attr"`
	Name      string         `xml:"name,attr"`
	File      string         `xml:"file,attr,omitempty"`
	Line      int            `xml:"line,attr,omitempty"`
	Failures  []JUnitProblem `xml:"failure"`
	Error     *JUnitProblem  `xml:"error"`
	SystemOut string         `xml:"system-out,omitempty"`
}

// JUnitProblem is a <failure> or an <error>.
type JUnitProblem struct {
	Type    string `xml:"type,attr"`
	Message string `xml:"message,attr"`
	Body    string `xml:",chardata"`
}

// FailOnOf reads the fail-on action of a result: the run's parameter, else
// the summary's; "never" (or nothing) fails nothing.
func FailOnOf(r *Result) policy.Action {
	s := r.Parameters.FailOn
	if s == "" {
		s = r.Summary.FailOnAction
	}
	switch policy.Action(s) {
	case policy.ActionDeny, policy.ActionWarn, policy.ActionInfo:
		return policy.Action(s)
	}
	return ""
}

// compKey identifies a component within a result. Its strings share the
// component's: a map keyed by it copies no value (a name may be 1 MiB).
type compKey struct {
	file, ref           string
	line                int
	name, version, kind string
}

// componentKey identifies a component within a result.
func componentKey(c Component) compKey {
	return compKey{c.File, c.Ref, c.Line, c.Name, c.Version, c.Kind}
}

func (JUnit) Render(w io.Writer, r *Result, _ Options) error {
	r = SafeResult(r) // text from inputs shown escaped (safe.go)
	doc := BuildJUnit(r)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// MaxJUnitValue bounds how much of a component's name or version a JUnit
// test's name, message and body quote; the JSON result keeps them whole.
const MaxJUnitValue = 1024

// junitComponent returns c with its name and version cut to MaxJUnitValue
// bytes, at a character boundary, their length said.
func junitComponent(c Component) Component {
	c.Name, c.Version = safetext.Shorten(c.Name, MaxJUnitValue), safetext.Shorten(c.Version, MaxJUnitValue)
	return c
}

// BuildJUnit builds the JUnit document of a result.
func BuildJUnit(r *Result) *JUnitTestSuites {
	failOn := FailOnOf(r)
	// Test names and messages quote a component's name and version at
	// most MaxJUnitValue bytes each: a CI's test view shows them whole, and
	// one name may be 1 MiB, quoted in a test's name, message and body.
	vs := VerdictsOf(r)
	type caseAcc struct {
		comp     Component
		entities map[string]bool
		tc       JUnitTestCase
		out      []string
	}
	type suiteAcc struct {
		suite JUnitTestSuite
		cases []*caseAcc
		byKey map[compKey]*caseAcc
	}
	suites := map[string]*suiteAcc{}
	var order []string
	suiteFor := func(file string) *suiteAcc {
		s, ok := suites[file]
		if !ok {
			s = &suiteAcc{suite: JUnitTestSuite{Name: file}, byKey: map[compKey]*caseAcc{}}
			suites[file] = s
			order = append(order, file)
		}
		return s
	}
	caseFor := func(c Component) *caseAcc {
		s := suiteFor(c.File)
		k := componentKey(c)
		ca, ok := s.byKey[k]
		if !ok {
			ca = &caseAcc{comp: junitComponent(c), entities: map[string]bool{}}
			s.byKey[k] = ca
			s.cases = append(s.cases, ca)
		}
		return ca
	}

	// Suites in input order; inputs first so that a failed input still has
	// its suite.
	for _, in := range r.Inputs {
		suiteFor(in.File)
	}
	for _, e := range r.Errors {
		suiteFor(e.File)
	}
	for _, a := range r.Attributed {
		ca := caseFor(a.Component)
		for _, at := range a.Attributions {
			ca.entities[at.Entity] = true
		}
	}
	for i := range vs {
		ca := caseFor(vs[i].Component)
		cv := vs[i]
		cv.Component = junitComponent(cv.Component)
		v := &cv
		ca.entities[v.Entity] = true
		if v.FailsAt(failOn) {
			ca.tc.Failures = append(ca.tc.Failures, JUnitProblem{
				Type:    v.List + "/" + v.Rule,
				Message: VerdictText(v),
				Body:    junitBody(v),
			})
			continue
		}
		note := ""
		if v.Baseline {
			note += ", in baseline"
		}
		if v.Waived {
			note += ", waived"
			if v.Waiver != nil {
				note += ": " + WaiverText(*v.Waiver)
			}
		}
		ca.out = append(ca.out, fmt.Sprintf("%s %s (%s%s, %s): %s", strings.ToUpper(string(v.Action)), v.DecidedBy(), v.Status, note, v.Entity, v.Why))
		for _, h := range v.Hits[1:] {
			ca.out = append(ca.out, "  "+HitLine(h))
		}
	}

	inputs := map[string]Input{}
	for _, in := range r.Inputs {
		inputs[in.File] = in
	}
	errs := map[string][]Error{}
	for _, e := range r.Errors {
		errs[e.File] = append(errs[e.File], e)
	}
	unassessed := map[string]int{}
	for _, c := range r.Unassessed {
		unassessed[c.File]++
	}
	for _, u := range r.UnlistedUnassessed {
		unassessed[u.File] += u.Components
	}

	doc := &JUnitTestSuites{Name: "vendorcheck", Suites: []JUnitTestSuite{}}
	for _, file := range order {
		s := suites[file]
		st := s.suite
		in := inputs[file]
		st.Properties = []JUnitProperty{
			{Name: "format", Value: in.Format},
			{Name: "components", Value: strconv.Itoa(in.Components)},
			{Name: "unassessed", Value: strconv.Itoa(unassessed[file])},
			{Name: "as_of", Value: r.Parameters.AsOf},
			{Name: "fail_on", Value: string(failOn)},
		}
		if failOn == "" {
			st.Properties[4].Value = "never"
		}
		inv := JUnitTestCase{ClassName: file, Name: "inventory", File: file}
		if es := errs[file]; len(es) > 0 {
			var msgs []string
			for _, e := range es {
				msgs = append(msgs, ErrorText(e))
			}
			inv.Error = &JUnitProblem{Type: "input-error", Message: msgs[0], Body: strings.Join(msgs, "\n")}
			st.Errors++
		} else {
			inv.SystemOut = fmt.Sprintf("%s %s: %d component(s), %d attributed to a listed entity, %d unassessed (no vendor signal)",
				in.Format, in.SpecVersion, in.Components, len(s.cases), unassessed[file])
		}
		st.Cases = append(st.Cases, inv)
		names := map[string]int{"inventory": 1}
		for _, ca := range s.cases {
			tc := ca.tc
			c := ca.comp
			// Test ids (classname and name) are unique across files: the
			// class is the file, the name the component with its reference
			// or line, numbered if two still read the same.
			tc.ClassName = file
			tc.Name = componentLabel(c)
			switch {
			case c.Ref != "":
				tc.Name += " [" + c.Ref + "]"
			case c.Line > 0:
				tc.Name += " [line " + strconv.Itoa(c.Line) + "]"
			}
			if ents := classNameOf(ca.entities, ""); ents != "" {
				tc.Name += " (" + ents + ")"
			}
			names[tc.Name]++
			if n := names[tc.Name]; n > 1 {
				tc.Name += " #" + strconv.Itoa(n)
			}
			tc.File = c.File
			tc.Line = c.Line
			if len(ca.out) > 0 {
				tc.SystemOut = strings.Join(ca.out, "\n")
			}
			st.Failures += len(tc.Failures)
			st.Cases = append(st.Cases, tc)
		}
		st.Tests = len(st.Cases)
		doc.Tests += st.Tests
		doc.Failures += st.Failures
		doc.Errors += st.Errors
		doc.Suites = append(doc.Suites, st)
	}
	return doc
}

func classNameOf(entities map[string]bool, file string) string {
	if len(entities) == 0 {
		return file
	}
	ids := make([]string, 0, len(entities))
	for e := range entities {
		ids = append(ids, e)
	}
	sort.Strings(ids)
	return strings.Join(ids, ",")
}

func junitBody(v *Verdict) string {
	f := v.Hits[0]
	var b strings.Builder
	fmt.Fprintf(&b, "verdict: %s, %s\nlist: %s", v.Action, v.Why, f.List)
	if f.ListTitle != "" {
		fmt.Fprintf(&b, " (%s)", f.ListTitle)
	}
	fmt.Fprintf(&b, "\nrule: %s\naction: %s (%s)\nentity: %s\ncomponent: %s\nwhere: %s\nconfidence: %s, %s\n",
		f.Rule, f.Action, f.Status, entityLabel(v.Entity, v.EntityName), componentLabel(v.Component),
		v.Component.Where(), v.Confidence, v.Relation)
	if v.Component.PURL != "" {
		fmt.Fprintf(&b, "purl: %s\n", v.Component.PURL)
	}
	if v.Category != "" {
		fmt.Fprintf(&b, "category: %s (%s)\n", v.Category, v.CategorySignal)
	}
	if f.Deadline != "" {
		fmt.Fprintf(&b, "deadline: %s\n", f.Deadline)
	}
	if f.Citation != "" {
		fmt.Fprintf(&b, "citation: %s\n", f.Citation)
	}
	if f.URL != "" {
		fmt.Fprintf(&b, "url: %s\n", f.URL)
	}
	for _, ev := range EvidenceLines(v.Evidence) {
		fmt.Fprintf(&b, "evidence: %s\n", ev)
	}
	for _, h := range v.Hits[1:] {
		fmt.Fprintf(&b, "also: %s\n", HitLine(h))
	}
	fmt.Fprintf(&b, "fingerprint: %s", v.Fingerprint)
	return b.String()
}
