// Package sarif renders a result as a SARIF 2.1.0 log for code scanning.
// It lives apart from package report so that only programs that register
// it link the SARIF library.
package sarif

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"sort"
	"strings"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/vendorcheck/vendorcheck/pkg/internal/safetext"
	"github.com/vendorcheck/vendorcheck/pkg/policy"
	"github.com/vendorcheck/vendorcheck/pkg/report"
)

// Format writes a SARIF 2.1.0 log for code scanning (GitHub, GitLab, Azure
// DevOps): one rule per list rule, one result per verdict (component and
// entity) at the verdict's level under its deciding rule, with the other
// rule hits in the message and the properties.
type Format struct{}

// sarifSchemaURI is the OASIS location of the SARIF 2.1.0 schema
// (errata 01), which the output declares as its $schema.
const sarifSchemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// sarifFingerprintKey names the partial fingerprint: a verdict's, per
// component and entity (the suffix is bumped if it ever changes meaning,
// so old alerts close cleanly).
const sarifFingerprintKey = "vendorcheckVerdict/v1"

func (Format) ID() string { return "sarif" }
func (Format) Description() string {
	return "SARIF 2.1.0 for code scanning (GitHub upload-sarif, GitLab, Azure DevOps)"
}

// sarifLevel maps an action to a SARIF level.
func sarifLevel(a policy.Action) string {
	switch a {
	case policy.ActionDeny:
		return "error"
	case policy.ActionWarn:
		return "warning"
	}
	return "note"
}

// The go-sarif types write "null" for a suppression's unset optional
// members, which the schema refuses; these wrappers replace the results
// and their suppressions and keep everything else.
type (
	sarifLogOut struct {
		*sarif.Report
		Runs []sarifRunOut `json:"runs"`
	}
	sarifRunOut struct {
		*sarif.Run
		Results []sarifResultOut `json:"results"`
	}
	sarifResultOut struct {
		*sarif.Result
		Suppressions []sarifSuppression `json:"suppressions,omitempty"`
	}
	sarifSuppression struct {
		Kind          string           `json:"kind"`
		Status        string           `json:"status,omitempty"`
		Justification string           `json:"justification,omitempty"`
		Properties    sarif.Properties `json:"properties,omitempty"`
	}
)

func (Format) Render(w io.Writer, r *report.Result, _ report.Options) error {
	r = report.SafeResult(r) // text from inputs shown escaped
	vs := report.VerdictsOf(r)
	run := buildSARIFRun(r, vs)
	out := sarifRunOut{Run: run, Results: make([]sarifResultOut, len(run.Results))}
	for i, res := range run.Results {
		out.Results[i] = sarifResultOut{Result: res, Suppressions: sarifSuppressions(&vs[i])}
	}
	log := sarifLogOut{
		Report: &sarif.Report{Version: string(sarif.Version210), Schema: sarifSchemaURI},
		Runs:   []sarifRunOut{out},
	}
	sw := safetext.NewJSONWriter(w)
	enc := json.NewEncoder(sw)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(log); err != nil {
		return err
	}
	return sw.Close()
}

func buildSARIFRun(r *report.Result, vs []report.Verdict) *sarif.Run {
	// One rule per list rule, in id order; the rule's default level is the
	// most severe action any of its findings has (a rule not yet in force
	// warns for one component and denies for none, for instance).
	type ruleAcc struct {
		first  report.Finding
		action policy.Action
	}
	rules := map[string]*ruleAcc{}
	for _, f := range r.Findings {
		id := report.RuleID(f)
		acc, ok := rules[id]
		if !ok {
			rules[id] = &ruleAcc{first: f, action: f.Action}
			continue
		}
		if f.Action.Rank() > acc.action.Rank() {
			acc.action = f.Action
		}
	}
	ids := make([]string, 0, len(rules))
	for id := range rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	index := map[string]uint{}
	descs := make([]*sarif.ReportingDescriptor, 0, len(ids))
	for i, id := range ids {
		index[id] = uint(i)
		descs = append(descs, sarifRule(id, rules[id].first, rules[id].action))
	}

	version := r.Tool.Version
	name := r.Tool.Name
	if name == "" {
		name = "vendorcheck"
	}
	driver := &sarif.ToolComponent{
		Name:           name,
		InformationURI: strPtr(report.InformationURI),
		Rules:          descs,
	}
	if version != "" {
		driver.Version = &version
	}
	if r.Tool.DataReviewed != "" {
		driver.Properties = sarif.Properties{"dataReviewed": r.Tool.DataReviewed}
	}

	results := make([]*sarif.Result, 0, len(vs))
	for i := range vs {
		v := &vs[i]
		results = append(results, sarifResult(v, index[v.List+"/"+v.Rule]))
	}

	ok := len(r.Errors) == 0
	inv := &sarif.Invocation{ExecutionSuccessful: &ok}
	inv.Properties = sarifParameters(r.Parameters)
	for _, e := range r.Errors {
		n := &sarif.Notification{
			Level:   "error",
			Message: &sarif.Message{Text: strPtr(report.ErrorText(e))},
		}
		if e.File != "" {
			loc := &sarif.Location{PhysicalLocation: &sarif.PhysicalLocation{
				ArtifactLocation: &sarif.ArtifactLocation{URI: strPtr(artifactURI(e.File))},
			}}
			if e.Line > 0 {
				loc.PhysicalLocation.Region = &sarif.Region{StartLine: intPtr(e.Line)}
			}
			n.Locations = []*sarif.Location{loc}
		}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, n)
	}

	run := &sarif.Run{
		Tool:        sarif.Tool{Driver: driver},
		Invocations: []*sarif.Invocation{inv},
		Results:     results,
	}
	s := r.Summary
	run.Properties = sarif.Properties{
		"files":        s.Files,
		"filesFailed":  s.FilesFailed,
		"components":   s.Components,
		"attributed":   s.Attributed,
		"unassessed":   s.Unassessed,
		"failing":      s.Failing,
		"flagged":      s.Flagged,
		"verdicts":     nonNilCounts(s.Verdicts),
		"findings":     nonNilCounts(s.Findings),
		"failOnAction": s.FailOnAction,
	}
	return run
}

func sarifRule(id string, f report.Finding, action policy.Action) *sarif.ReportingDescriptor {
	short := f.ListTitle
	if short == "" {
		short = f.List
	}
	short += ": " + f.Rule
	var help, helpMD strings.Builder
	help.WriteString(short + ".")
	helpMD.WriteString("**" + report.EscapeMarkdown(short) + "**")
	if f.Citation != "" {
		help.WriteString("\nCitation: " + f.Citation)
		helpMD.WriteString("\n\nCitation: " + report.EscapeMarkdown(f.Citation))
	}
	if f.URL != "" {
		help.WriteString("\nSource: " + f.URL)
		helpMD.WriteString("\n\nSource: <" + f.URL + ">")
	}
	if f.Scope != "" {
		help.WriteString("\nScope: " + f.Scope)
		helpMD.WriteString("\n\nScope: " + report.EscapeMarkdown(f.Scope))
	}
	d := &sarif.ReportingDescriptor{
		ID:                   id,
		Name:                 strPtr(pascalCase(id)),
		ShortDescription:     &sarif.MultiformatMessageString{Text: strPtr(short)},
		DefaultConfiguration: &sarif.ReportingConfiguration{Level: sarifLevel(action)},
		Help:                 &sarif.MultiformatMessageString{Text: strPtr(help.String()), Markdown: strPtr(helpMD.String())},
		Properties: sarif.Properties{
			"tags":         []string{"vendorcheck", "supply-chain", "jurisdiction:" + f.Jurisdiction, "entity:" + f.Entity},
			"list":         f.List,
			"jurisdiction": f.Jurisdiction,
		},
	}
	if f.Scope != "" {
		d.FullDescription = &sarif.MultiformatMessageString{Text: strPtr(f.Scope)}
	}
	if f.URL != "" {
		d.HelpURI = strPtr(f.URL)
	}
	return d
}

// sarifSuppressions records a waiver as an accepted external suppression,
// so code scanning shows the alert as dismissed with the waiver's reason.
func sarifSuppressions(v *report.Verdict) []sarifSuppression {
	if !v.Waived {
		return nil
	}
	s := sarifSuppression{Kind: "external", Status: "accepted"}
	if w := v.Waiver; w != nil {
		s.Justification = report.WaiverText(*w)
		s.Properties = sarif.Properties{"waiver": w.ID, "expires": w.Expires, "approvedBy": w.ApprovedBy, "source": w.Source}
	}
	return []sarifSuppression{s}
}

func sarifResult(v *report.Verdict, ruleIndex uint) *sarif.Result {
	c := v.Component
	uri := artifactURI(c.File)
	loc := &sarif.Location{
		PhysicalLocation: &sarif.PhysicalLocation{ArtifactLocation: &sarif.ArtifactLocation{URI: &uri}},
	}
	if c.Line > 0 {
		loc.PhysicalLocation.Region = &sarif.Region{StartLine: intPtr(c.Line)}
	}
	logical := c.Ref
	if logical == "" {
		logical = c.Name
	}
	if logical != "" {
		loc.LogicalLocations = []*sarif.LogicalLocation{{
			Name:               strPtr(logical),
			FullyQualifiedName: strPtr(c.Where()),
			Kind:               strPtr("component"),
		}}
	}
	// The message names the other rules too: code scanning shows one
	// alert per component and entity.
	var msg strings.Builder
	msg.WriteString(report.VerdictText(v) + ".")
	if len(v.Hits) > 1 {
		msg.WriteString(" Rules:")
		for _, h := range v.Hits {
			msg.WriteString("\n- " + report.HitLine(h))
		}
	}
	res := &sarif.Result{
		RuleID:              strPtr(v.List + "/" + v.Rule),
		RuleIndex:           &ruleIndex,
		Level:               strPtr(sarifLevel(v.Action)),
		Message:             sarif.Message{Text: strPtr(msg.String())},
		Locations:           []*sarif.Location{loc},
		PartialFingerprints: map[string]interface{}{sarifFingerprintKey: v.Fingerprint},
	}
	if v.Baseline {
		res.BaselineState = strPtr("unchanged")
	}
	hits := make([]map[string]any, 0, len(v.Hits))
	for _, h := range v.Hits {
		m := map[string]any{"rule": h.List + "/" + h.Rule, "action": string(h.Action), "status": h.Status,
			"why": report.HitWhy(h.Finding), "fingerprint": h.Fingerprint}
		if h.Citation != "" {
			m["citation"] = h.Citation
		}
		if h.Waived {
			m["waived"] = true
		}
		if h.Baseline {
			m["baseline"] = true
		}
		hits = append(hits, m)
	}
	props := sarif.Properties{
		"entity":     v.Entity,
		"confidence": v.Confidence.String(),
		"relation":   string(v.Relation),
		"status":     v.Status,
		"why":        v.Why,
		"action":     string(v.Action),
		"evidence":   report.EvidenceLines(report.Finding{Evidence: v.Evidence}),
		"hits":       hits,
	}
	if v.Organisation {
		props["organisationPolicy"] = true
	}
	if v.Category != "" {
		props["category"] = v.Category
		props["categorySignal"] = v.CategorySignal
	}
	if len(v.Hits) > 0 && v.Hits[0].Citation != "" {
		props["citation"] = v.Hits[0].Citation
	}
	if len(v.Hits) > 0 && v.Hits[0].Deadline != "" {
		props["deadline"] = v.Hits[0].Deadline
	}
	if c.PURL != "" {
		props["purl"] = c.PURL
	}
	res.Properties = props
	return res
}

// artifactURI turns a file name as given into a URI reference: relative
// paths stay relative (code scanning resolves them against the checkout),
// absolute ones become file: URIs.
func artifactURI(file string) string {
	slashed := filepath.ToSlash(file)
	if filepath.IsAbs(file) {
		return (&url.URL{Scheme: "file", Path: slashed}).String()
	}
	return (&url.URL{Path: slashed}).String()
}

func sarifParameters(p report.Parameters) sarif.Properties {
	props := sarif.Properties{
		"asOf":          p.AsOf,
		"failOn":        p.FailOn,
		"minConfidence": p.MinConfidence,
	}
	if len(p.Uses) > 0 {
		props["uses"] = p.Uses
	}
	if len(p.Jurisdictions) > 0 {
		props["jurisdictions"] = p.Jurisdictions
	}
	lists := make([]string, 0, len(p.Lists))
	for _, l := range p.Lists {
		lists = append(lists, l.ID)
	}
	props["lists"] = lists
	return props
}

func nonNilCounts(m map[string]int) map[string]int {
	out := map[string]int{"deny": 0, "warn": 0, "info": 0}
	for k, v := range m {
		out[k] = v
	}
	return out
}

// pascalCase turns "us-fcc-covered-list/huawei" into "UsFccCoveredListHuawei",
// the identifier-like name SARIF suggests for a rule.
func pascalCase(s string) string {
	var b strings.Builder
	up := true
	for _, r := range s {
		switch {
		case r == '-' || r == '/' || r == '_' || r == '.' || r == ' ':
			up = true
		case up:
			b.WriteString(strings.ToUpper(string(r)))
			up = false
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func strPtr(s string) *string { return &s }
func intPtr(n int) *int       { return &n }
