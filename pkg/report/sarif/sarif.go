// Package sarif renders a result as a SARIF 2.1.0 log for code scanning.
// It lives apart from package report so that only programs that register
// it link the SARIF library.
package sarif

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"sort"
	"strings"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/vendorcheck/vendorcheck/pkg/internal/jsonout"
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

func (Format) Render(w io.Writer, r *report.Result, opt report.Options) error {
	r = report.SafeResult(r) // text from inputs shown escaped
	vs, omitted := capVerdicts(report.VerdictsOf(r), MaxResults)
	run := buildSARIFRun(r, vs, omitted, opt)
	// The document without its results, then the results one at a time
	// in their place: a result's message may hold a 1 MiB name, and the
	// encoder would hold the whole document twice (internal/jsonout).
	log := sarifLogOut{
		Report: &sarif.Report{Version: string(sarif.Version210), Schema: sarifSchemaURI},
		Runs:   []sarifRunOut{{Run: run, Results: []sarifResultOut{}}},
	}
	var frame bytes.Buffer
	enc := json.NewEncoder(&frame)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(log); err != nil {
		return err
	}
	// The results of the one run are at depth 3; JSON strings hold no raw
	// newline, so the marker is the structure's own.
	const marker = "\n      \"results\": []"
	doc := frame.Bytes()
	at := bytes.Index(doc, []byte(marker))
	if at < 0 || bytes.Count(doc, []byte(marker)) != 1 {
		return fmt.Errorf("sarif: no single results array in the document frame")
	}
	at += len(marker) - len("[]")
	sw := safetext.NewJSONWriter(w)
	o := jsonout.New(sw)
	o.Raw(string(doc[:at]))
	o.Array(3, len(run.Results), func(i int) any {
		return sarifResultOut{Result: run.Results[i], Suppressions: sarifSuppressions(&vs[i])}
	})
	o.Raw(string(doc[at+len("[]"):]))
	if err := o.Err(); err != nil {
		return err
	}
	return sw.Close()
}

// GitHub code scanning's documented limits on an uploaded SARIF file
// (docs.github.com, "SARIF support for code scanning"): a run with more
// results or rules is rejected, longer names and descriptions are refused
// or cut.
const (
	MaxResults           = 25000 // results per run
	MaxRules             = 25000 // rules per run
	MaxTags              = 20    // tags per rule (10 shown)
	MaxRuleName          = 255   // reportingDescriptor.name, and identifiers
	MaxDescription       = 1024  // shortDescription.text, fullDescription.text
	MaxLocations         = 10    // locations per result (the first is used)
	SecuritySeverityDeny = "8.0" // deny: high (7.0-8.9)
	SecuritySeverityWarn = "5.0" // warn: medium (4.0-6.9)
	SecuritySeverityInfo = "2.0" // info: low (0.1-3.9)
)

// SecuritySeverity is the security-severity of a rule whose strongest
// action is a: GitHub ranks the rule's alerts High, Medium or Low by it.
func SecuritySeverity(a policy.Action) string {
	switch a {
	case policy.ActionDeny:
		return SecuritySeverityDeny
	case policy.ActionWarn:
		return SecuritySeverityWarn
	}
	return SecuritySeverityInfo
}

// capVerdicts keeps at most max verdicts, the strongest actions first (in
// their order otherwise), and says how many it left out: GitHub rejects a
// run with more results than its limit.
func capVerdicts(vs []report.Verdict, max int) ([]report.Verdict, int) {
	if len(vs) <= max {
		return vs, 0
	}
	idx := make([]int, len(vs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return vs[idx[a]].Action.Rank() > vs[idx[b]].Action.Rank() })
	keep := idx[:max]
	sort.Ints(keep)
	out := make([]report.Verdict, 0, max)
	for _, i := range keep {
		out = append(out, vs[i])
	}
	return out, len(vs) - max
}

// clip shortens s to at most n runes, ending in "…" when cut.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func buildSARIFRun(r *report.Result, vs []report.Verdict, omitted int, opt report.Options) *sarif.Run {
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
	if r.Tool.Data != nil {
		if driver.Properties == nil {
			driver.Properties = sarif.Properties{}
		}
		driver.Properties["dataBundle"] = r.Tool.Data.String()
	}

	results := make([]*sarif.Result, 0, len(vs))
	for i := range vs {
		v := &vs[i]
		results = append(results, sarifResult(v, index[v.List+"/"+v.Rule], opt))
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
				ArtifactLocation: artifactLocation(e.File, opt),
			}}
			if e.Line > 0 {
				loc.PhysicalLocation.Region = &sarif.Region{StartLine: intPtr(e.Line)}
			}
			n.Locations = []*sarif.Location{loc}
		}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, n)
	}

	if omitted > 0 {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, &sarif.Notification{
			Level: "warning",
			Message: &sarif.Message{Text: strPtr(fmt.Sprintf("%d of %d results left out (the weakest actions first): code scanning accepts at most %d results per run; see the JSON output for all of them",
				omitted, omitted+len(vs), MaxResults))},
		})
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
	if omitted > 0 {
		run.Properties["omittedResults"] = omitted
	}
	return run
}

func sarifRule(id string, f report.Finding, action policy.Action) *sarif.ReportingDescriptor {
	title := f.ListTitle
	if title == "" {
		title = f.List
	}
	entity := f.EntityName
	if entity == "" {
		entity = f.Entity
	}
	short := title + ": " + f.Rule
	full := f.Scope
	if full == "" {
		full = short + ": components made, supplied or published by " + entity + "."
	}
	tags := []string{"security", "vendorcheck", "supply-chain", "jurisdiction:" + f.Jurisdiction, "entity:" + f.Entity}
	d := &sarif.ReportingDescriptor{
		ID:                   id,
		Name:                 strPtr(clip(pascalCase(id), MaxRuleName)),
		ShortDescription:     &sarif.MultiformatMessageString{Text: strPtr(clip(short, MaxDescription))},
		FullDescription:      &sarif.MultiformatMessageString{Text: strPtr(clip(full, MaxDescription))},
		DefaultConfiguration: &sarif.ReportingConfiguration{Level: sarifLevel(action)},
		Help:                 &sarif.MultiformatMessageString{Text: strPtr(ruleHelpText(id, f, title, entity)), Markdown: strPtr(ruleHelpMarkdown(id, f, title, entity))},
		Properties: sarif.Properties{
			"tags":              tags[:min(len(tags), MaxTags)],
			"security-severity": SecuritySeverity(action),
			"list":              f.List,
			"jurisdiction":      f.Jurisdiction,
		},
	}
	if f.URL != "" {
		d.HelpURI = strPtr(f.URL)
	}
	return d
}

// exampleWaiver is a waiver for one component under a rule, in the waiver
// file format (docs/policy-format.md), for the rule's help.
func exampleWaiver(f report.Finding) string {
	sel := "    name: " + yamlScalar(f.Component.Name) + "\n"
	switch c := f.Component; {
	case c.PURL != "" && len(c.PURL) <= MaxRuleName:
		sel = "    purl: " + yamlScalar(c.PURL) + "\n"
	case len(c.Name) <= MaxRuleName:
	case c.Ref != "" && len(c.Ref) <= MaxRuleName:
		// A name of up to 1 MiB would be copied into every rule's help.
		sel = "    ref: " + yamlScalar(c.Ref) + "\n"
	case len(c.File) <= MaxRuleName:
		sel = "    file: " + yamlScalar(c.File) + "\n"
	default:
		sel = ""
	}
	return "waivers:\n" +
		"  - id: " + yamlScalar(f.List+"-"+f.Rule+"-exception") + "\n" +
		"    list: " + yamlScalar(f.List) + "\n" +
		"    rule: " + yamlScalar(f.Rule) + "\n" +
		"    entity: " + yamlScalar(f.Entity) + "\n" +
		sel +
		"    reason: replacement ordered, removal in the next release (ticket SEC-123)\n" +
		"    expires: 2027-06-30\n" +
		"    approved_by: security@example.com\n"
}

// yamlScalar quotes a value for YAML when it is not a plain word.
func yamlScalar(s string) string {
	plain := s != ""
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./@", r)) {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	b, _ := json.Marshal(s)
	return string(b)
}

// whatToDo says how to resolve an alert of the rule.
func whatToDo(f report.Finding, entity string) []string {
	todo := []string{
		"Check the evidence in the alert (which field and value attributed the component to " + entity + "). If the attribution is wrong, `vendorcheck explain --component FILE#REF` shows every rule tried; correct the inventory or report the false positive.",
	}
	switch {
	case f.Deadline != "":
		todo = append(todo, "Otherwise remove or replace the component by "+f.Deadline+", the list's deadline.")
	case len(f.Uses) > 0:
		todo = append(todo, "The rule applies only where the inventory is used for "+strings.Join(f.Uses, ", ")+": say what it is used for with `--use` (or `use:` in the configuration); otherwise remove or replace the component.")
	default:
		todo = append(todo, "Otherwise remove or replace the component, or keep it under an approved, dated waiver (below).")
	}
	return todo
}

func ruleHelpText(id string, f report.Finding, title, entity string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s, %s), rule %s: components made, supplied or published by %s.\n", title, f.List, f.Jurisdiction, f.Rule, entity)
	if f.Scope != "" {
		b.WriteString("Scope: " + f.Scope + "\n")
	}
	if f.Citation != "" {
		b.WriteString("Citation: " + f.Citation + "\n")
	}
	if f.URL != "" {
		b.WriteString("Source: " + f.URL + "\n")
	}
	b.WriteString("\nWhat to do:\n")
	for _, t := range whatToDo(f, entity) {
		b.WriteString("- " + t + "\n")
	}
	b.WriteString("\nHow to waive: add a waiver to a file given with --waivers FILE (docs/policy-format.md, \"Waiver file\"); the alert is then dismissed with the waiver's reason until it expires.\n\n")
	b.WriteString(exampleWaiver(f))
	return b.String()
}

func ruleHelpMarkdown(id string, f report.Finding, title, entity string) string {
	esc := report.EscapeMarkdown
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** (`%s`, %s), rule `%s`: components made, supplied or published by **%s**.\n\n", esc(title), f.List, esc(f.Jurisdiction), f.Rule, esc(entity))
	if f.Scope != "" {
		b.WriteString(esc(f.Scope) + "\n\n")
	}
	if f.Citation != "" {
		b.WriteString("Citation: " + esc(f.Citation) + "\n\n")
	}
	if f.URL != "" {
		b.WriteString("Source: <" + f.URL + ">\n\n")
	}
	b.WriteString("### What to do\n\n")
	for _, t := range whatToDo(f, esc(entity)) {
		b.WriteString("- " + t + "\n")
	}
	b.WriteString("\n### How to waive\n\n")
	b.WriteString("Add an approved, dated waiver to a file given with `--waivers FILE` ([waiver file](" + report.InformationURI + "/blob/main/docs/policy-format.md#waiver-file)). " +
		"The finding stays in every report, marked waived, and this alert is dismissed with the waiver's reason until the waiver expires.\n\n")
	b.WriteString("```yaml\n" + exampleWaiver(f) + "```\n")
	return b.String()
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

func sarifResult(v *report.Verdict, ruleIndex uint, opt report.Options) *sarif.Result {
	c := v.Component
	loc := &sarif.Location{
		PhysicalLocation: &sarif.PhysicalLocation{ArtifactLocation: artifactLocation(c.File, opt)},
	}
	// GitHub places an alert by its region; an input without line numbers
	// is flagged at its first line.
	loc.PhysicalLocation.Region = &sarif.Region{StartLine: intPtr(max(c.Line, 1))}
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
		"evidence":   report.EvidenceLines(v.Evidence),
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

// SourceRootBase is the uriBaseId of locations relative to the repository
// root (Options.SourceRoot), the name GitHub and the SARIF spec use.
const SourceRootBase = "%SRCROOT%"

// artifactLocation is where a file is: relative to the repository root
// with uriBaseId %SRCROOT% when the file lies under opt.SourceRoot, else
// the file name as given (see artifactURI).
func artifactLocation(file string, opt report.Options) *sarif.ArtifactLocation {
	if rel, ok := opt.RepoPath(file); ok {
		return &sarif.ArtifactLocation{URI: strPtr((&url.URL{Path: rel}).String()), URIBaseId: strPtr(SourceRootBase)}
	}
	return &sarif.ArtifactLocation{URI: strPtr(artifactURI(file))}
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
