// Package report is the last stage of the pipeline: it holds the result of a
// run (Result, the documented JSON schema) and renders it in the output
// formats (table, json, ...), each a Reporter in an explicit registry.
//
// It must not import ingest or any format library: reporters see only the
// result.
package report

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"

	"github.com/vendorcheck/vendorcheck/pkg/match"
	"github.com/vendorcheck/vendorcheck/pkg/policy"
)

// SchemaVersion is the version of the JSON result schema (docs/json-schema.md).
// It changes in its major part when a field is removed or changes meaning.
const SchemaVersion = "2.0"

// Result is everything a run found. It is what `-o json` writes.
type Result struct {
	SchemaVersion string     `json:"schema_version"`
	Tool          Tool       `json:"tool"`
	Parameters    Parameters `json:"parameters"`
	Summary       Summary    `json:"summary"`
	Inputs        []Input    `json:"inputs"`
	// Verdicts are what a person acts on: one per component and entity,
	// with the rule hits nested (ComputeVerdicts).
	Verdicts []Verdict `json:"verdicts"`
	// Findings are the rule hits, flat: the source the verdicts are built
	// from. The JSON output nests them in the verdicts instead (schema 2);
	// a schema 1 result read as a baseline fills them directly.
	Findings []Finding `json:"findings,omitempty"`
	// Attributed lists every component attributed to an entity at or above
	// the minimum confidence, with or without findings.
	Attributed []Attributed `json:"attributed"`
	// Unassessed lists components with no vendor signal at all, up to the
	// run's bound (scan.Limits.MaxUnassessed, --max-unassessed).
	Unassessed []Component `json:"unassessed"`
	// UnlistedUnassessed counts the unassessed components past that bound,
	// which Unassessed does not list, by input, host and site.
	UnlistedUnassessed []UnlistedCount `json:"unlisted_unassessed,omitempty"`
	Errors             []Error         `json:"errors"`
	// Warnings are the bends in the inputs that were read past (see
	// inventory.Warning).
	Warnings []Warning `json:"warnings,omitempty"`
	// Skipped lists the files of a directory walk that were not read, with
	// the reason (not a recognised format, source code ...).
	Skipped []Skipped `json:"skipped,omitempty"`
	// Waivers reports every waiver that was applied: active, expired (it no
	// longer suppresses anything) or stale (it matched nothing).
	Waivers []WaiverStatus `json:"waivers,omitempty"`
	// Groups sorts the components by host, site or file (set by
	// ComputeGroups, for audits).
	Groups []Group `json:"groups,omitempty"`
	// Deadlines are the upcoming dates of the applied lists with the
	// components they affect (set by ComputeDeadlines, for audits).
	Deadlines []DeadlineInfo `json:"deadlines,omitempty"`
}

// Tool identifies the program and its data.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	// DataReviewed is the latest reviewed date of the policy data used.
	DataReviewed string `json:"data_reviewed,omitempty"`
	// Data is the data bundle the lists and catalog came from.
	Data *DataInfo `json:"data,omitempty"`
}

// DataInfo names the data bundle a run used (docs/data.md).
type DataInfo struct {
	Bundle  string `json:"bundle"`
	Version string `json:"version"`
	// Built is the day the data was last reviewed.
	Built string `json:"built"`
	// Source is "embedded" or the path of the bundle given.
	Source string `json:"source"`
	// Signature is embedded, verified or unsigned; KeyID names the key
	// that verified it.
	Signature string `json:"signature"`
	KeyID     string `json:"key_id,omitempty"`
	// AgeDays is the age of the data at the evaluation date.
	AgeDays int `json:"age_days"`
}

// String names the bundle as the outputs do: "vendorcheck-data 2026.12.0
// (built 2026-12-03, embedded)".
func (d *DataInfo) String() string {
	if d == nil {
		return ""
	}
	origin := d.Source
	switch d.Signature {
	case "verified":
		origin += ", signed by key " + d.KeyID
	case "unsigned":
		origin += ", unsigned"
	}
	return d.Bundle + " " + d.Version + " (built " + d.Built + ", " + origin + ")"
}

// Parameters are the settings the run was made with, so it can be repeated.
type Parameters struct {
	AsOf          string     `json:"as_of"`
	FailOn        string     `json:"fail_on"`
	MinConfidence string     `json:"min_confidence"`
	Uses          []string   `json:"uses,omitempty"`
	Jurisdictions []string   `json:"jurisdictions,omitempty"`
	Lists         []ListInfo `json:"lists"`
	// Settings are the effective settings of the run with where each
	// came from (a flag, a VENDORCHECK_* variable, a config file, or the
	// default), so that a reader can see whether a file changed the gate.
	Settings []Setting `json:"settings,omitempty"`
}

// Setting is one effective setting and its source.
type Setting struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Source string `json:"source"`
}

// ListInfo names a list that was applied.
type ListInfo struct {
	ID           string `json:"id"`
	Title        string `json:"title"`
	Jurisdiction string `json:"jurisdiction"`
	Reviewed     string `json:"reviewed"`
	Status       string `json:"status,omitempty"`
	File         string `json:"file,omitempty"`
	// Organisation marks the organisation's own list.
	Organisation bool `json:"organisation,omitempty"`
}

// Summary counts what the run saw.
type Summary struct {
	Files       int `json:"files"`
	FilesFailed int `json:"files_failed"`
	// FilesSkipped counts the files of a directory walk that were not read
	// (Result.Skipped says why).
	FilesSkipped int `json:"files_skipped"`
	Components   int `json:"components"`
	Attributed   int `json:"attributed"`
	// Unassessed counts every component with no vendor signal, listed
	// or not; UnassessedUnlisted those of them Result.Unassessed does not
	// list.
	Unassessed         int `json:"unassessed"`
	UnassessedUnlisted int `json:"unassessed_unlisted,omitempty"`
	// Flagged counts the distinct components with a verdict, and Verdicts
	// those components by their strongest verdict's action.
	Flagged  int            `json:"flagged"`
	Verdicts map[string]int `json:"verdicts"`
	// Findings counts the rule hits by action.
	Findings map[string]int `json:"findings"`
	ByFormat map[string]int `json:"by_format"`
	// Failing counts the verdicts at or above --fail-on (neither waived nor
	// in the baseline).
	Failing      int    `json:"failing"`
	FailOnAction string `json:"fail_on"`
}

// Warning is a bend in an input that was read past.
type Warning struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

// Skipped is a file of a directory walk that was passed over.
type Skipped struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

// Input is one input that was read (or that failed).
type Input struct {
	File        string `json:"file"`
	Format      string `json:"format,omitempty"`
	SpecVersion string `json:"spec_version,omitempty"`
	Components  int    `json:"components"`
	Error       string `json:"error,omitempty"`
	// Hosts counts the input's components by group (host, else site),
	// for inputs whose components name one; the rest are the file's own.
	Hosts []HostCount `json:"hosts,omitempty"`
}

// UnlistedNote says, when the result lists only some of the unassessed
// components, how many and where the bound is set; "" when it lists all.
// It is a sentence that begins with a number, ready for any report.
func UnlistedNote(s Summary) string {
	if s.UnassessedUnlisted <= 0 {
		return ""
	}
	return fmt.Sprintf("%d of the %d unassessed components are listed; the other %d are counted by input and host, not listed (--max-unassessed)",
		s.Unassessed-s.UnassessedUnlisted, s.Unassessed, s.UnassessedUnlisted)
}

// UnlistedCount is how many unassessed components of one input, host and
// site the result does not list.
type UnlistedCount struct {
	File       string `json:"file"`
	Host       string `json:"host,omitempty"`
	Site       string `json:"site,omitempty"`
	Components int    `json:"components"`
}

// HostCount is how many of an input's components name one host or site.
type HostCount struct {
	Key        string `json:"key"`
	Kind       string `json:"kind"` // host or site
	Site       string `json:"site,omitempty"`
	Components int    `json:"components"`
}

// Component identifies a component in its input.
type Component struct {
	File    string   `json:"file"`
	Ref     string   `json:"ref"`
	Line    int      `json:"line,omitempty"`
	Path    []string `json:"path,omitempty"`
	Name    string   `json:"name"`
	Version string   `json:"version,omitempty"`
	Kind    string   `json:"kind"`
	PURL    string   `json:"purl,omitempty"`
	Host    string   `json:"host,omitempty"`
	Site    string   `json:"site,omitempty"`
	// Category is the product category the category model gave the
	// component, and CategorySignal the fact it rests on (or the fact that
	// was missing).
	Category       string `json:"category,omitempty"`
	CategorySignal string `json:"category_signal,omitempty"`
}

// Where gives "file#ref" or "file:line".
func (c Component) Where() string {
	switch {
	case c.Ref != "":
		return c.File + "#" + c.Ref
	case c.Line > 0:
		return c.File + ":" + strconv.Itoa(c.Line)
	}
	return c.File
}

// Attributed is a component with its attributions.
type Attributed struct {
	Component    Component           `json:"component"`
	Attributions []match.Attribution `json:"attributions"`
}

// Finding is one rule of one list speaking to one attributed component.
//
// A finding points at its parts rather than holding them: the findings of
// one component and entity share one Subject, and a verdict's Hit shares
// the finding's policy.Finding, so that a result with many findings holds
// each once. Both are read-only once the finding is made: to change one
// for one finding (or hit), point it at a changed copy.
type Finding struct {
	// Fingerprint identifies the finding across runs: entity, list rule and
	// component identity (purl, else name and version, else reference).
	Fingerprint string `json:"fingerprint"`
	*Subject
	*policy.Finding
	// Baseline is set when the finding was already in the baseline result.
	Baseline bool `json:"baseline,omitempty"`
	// Waived is set when an unexpired waiver covers the finding: it stays
	// in every output but does not fail the run.
	Waived bool       `json:"waived,omitempty"`
	Waiver *WaiverRef `json:"waiver,omitempty"`
}

// Subject is what a finding is about: a component attributed to an
// entity, with the evidence of the attribution.
type Subject struct {
	Component  Component        `json:"component"`
	Entity     string           `json:"entity"`
	EntityName string           `json:"entity_name"`
	Confidence match.Confidence `json:"confidence"`
	Relation   match.Relation   `json:"relation"`
	Evidence   []match.Evidence `json:"evidence"`
}

// Own gives f copies of its subject and rule hit of its own, so that
// changing them changes no other finding or verdict.
func (f *Finding) Own() {
	f.complete()
	s, pf := *f.Subject, *f.Finding
	f.Subject, f.Finding = &s, &pf
}

// complete gives a finding read from a file the parts it did not name,
// so that every finding has both.
func (f *Finding) complete() {
	if f.Subject == nil {
		f.Subject = &Subject{}
	}
	if f.Finding == nil {
		f.Finding = &policy.Finding{}
	}
}

// WaiverRef names the waiver that covers a finding.
type WaiverRef struct {
	ID         string `json:"id,omitempty"`
	Reason     string `json:"reason"`
	Expires    string `json:"expires"`
	ApprovedBy string `json:"approved_by"`
	// Source is where the waiver was written ("file:line").
	Source string `json:"source,omitempty"`
}

// Waiver statuses.
const (
	WaiverActive  = "active"
	WaiverExpired = "expired"
	WaiverStale   = "stale"
)

// WaiverStatus reports one waiver after it was applied.
type WaiverStatus struct {
	WaiverRef
	// Status is active, expired (past its expiry date: it suppressed
	// nothing) or stale (unexpired but matched no finding).
	Status string `json:"status"`
	// Matched counts the findings the waiver matched (for an expired
	// waiver: would have matched).
	Matched int `json:"matched"`
}

// Error is an input that could not be checked.
type Error struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

// Fingerprint computes a finding's stable identity.
func Fingerprint(entity, list, rule string, c Component) string {
	// The hash of entity NUL list NUL rule NUL id, where id is the purl or
	// name@version|kind|ref, written piece by piece: a value may be 1 MiB,
	// and there is a fingerprint per finding.
	// The hash takes bytes, not strings: each piece goes through a buffer
	// on the stack, never a copy of its whole.
	h := sha256.New()
	var buf [512]byte
	write := func(s string) {
		for len(s) > 0 {
			n := copy(buf[:], s)
			h.Write(buf[:n])
			s = s[n:]
		}
	}
	for _, s := range [...]string{entity, "\x00", list, "\x00", rule, "\x00"} {
		write(s)
	}
	if c.PURL != "" {
		write(c.PURL)
	} else {
		for _, s := range [...]string{c.Name, "@", c.Version, "|", c.Kind, "|", c.Ref} {
			write(s)
		}
	}
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0])[:8])
}

// Sort puts findings in a deterministic order: most severe first, then by
// file, component reference, entity, list and rule.
func (r *Result) Sort() {
	sort.SliceStable(r.Findings, func(i, j int) bool {
		a, b := r.Findings[i], r.Findings[j]
		if a.Action.Rank() != b.Action.Rank() {
			return a.Action.Rank() > b.Action.Rank()
		}
		if a.Component.File != b.Component.File {
			return a.Component.File < b.Component.File
		}
		if a.Component.Ref != b.Component.Ref {
			return a.Component.Ref < b.Component.Ref
		}
		if a.Component.Line != b.Component.Line {
			return a.Component.Line < b.Component.Line
		}
		if a.Entity != b.Entity {
			return a.Entity < b.Entity
		}
		if a.List != b.List {
			return a.List < b.List
		}
		return a.Rule < b.Rule
	})
}

// Failing reports whether a finding is at or above the fail-on action, not
// in the baseline and not waived.
func Failing(f Finding, failOn policy.Action) bool {
	return failOn != "" && !f.Baseline && !f.Waived && f.Action.Rank() >= failOn.Rank() && failOn.Rank() > 0
}
