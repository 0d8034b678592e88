package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/policy"
)

// A rule hit is evidence; a verdict is what a person acts on. For each
// component attributed to an entity that at least one rule speaks to, there
// is one verdict: the strongest action over the rules that apply, with a
// status in words, and the rule hits underneath.

// Verdict statuses beyond the rule-hit statuses of policy.Finding
// (in-force, upcoming, deadline-pending, deadline-passed, use-conditional,
// before-cutoff, proposal, category-unknown).
const (
	// StatusWaived: every hit at the verdict's action is waived.
	StatusWaived = "waived"
	// StatusBaseline: every hit at the verdict's action was already in the
	// baseline result.
	StatusBaseline = "baseline"
)

// Verdict is the judgement of one component attributed to one entity.
type Verdict struct {
	// Fingerprint identifies the verdict across runs: entity and component
	// identity (as Fingerprint, without list and rule).
	Fingerprint string `json:"fingerprint"`
	// Subject is the component and entity, shared with the findings.
	*Subject
	// Category is the component's product category as the category model
	// decided it, and CategorySignal the fact it was decided from.
	Category       string `json:"category,omitempty"`
	CategorySignal string `json:"category_signal,omitempty"`

	// Action is the strongest action over the hits that are neither waived
	// nor in the baseline; when every hit is, the strongest over all hits.
	Action policy.Action `json:"action"`
	// Status is the status of the deciding hit, or waived / baseline.
	Status string `json:"status"`
	// Why says the status in words a person acts on: "in force",
	// "deadline in 28 days (2026-12-31)", "applies only to uses
	// public-safety (pass --use public-safety)", "waived until 2027-01-31
	// by J. Doe", ...
	Why string `json:"why"`
	// List, ListTitle, Jurisdiction and Rule name the deciding hit.
	List         string `json:"list"`
	ListTitle    string `json:"list_title"`
	Jurisdiction string `json:"jurisdiction"`
	Rule         string `json:"rule"`
	// Organisation is set when the deciding list is the organisation's
	// own (--deny, a config deny: list, or a --policy FILE).
	Organisation bool `json:"organisation,omitempty"`
	// Also counts the other hits.
	Also int `json:"also"`
	// Failing is set when the verdict is at or above --fail-on.
	Failing  bool       `json:"failing"`
	Waived   bool       `json:"waived,omitempty"`
	Waiver   *WaiverRef `json:"waiver,omitempty"`
	Baseline bool       `json:"baseline,omitempty"`
	// Hits are the rule hits, the deciding one first.
	Hits []Hit `json:"hits"`
}

// Hit is one rule of one list speaking to the verdict's component: a
// Finding without the component and entity its verdict already names. Its
// policy.Finding is the finding's own, shared: to change it for one hit,
// point the hit at a changed copy.
type Hit struct {
	Fingerprint string `json:"fingerprint"`
	*policy.Finding
	Baseline bool       `json:"baseline,omitempty"`
	Waived   bool       `json:"waived,omitempty"`
	Waiver   *WaiverRef `json:"waiver,omitempty"`
}

// active reports whether a hit counts towards the verdict's action.
func (h *Hit) active() bool { return !h.Waived && !h.Baseline }

// Label is the component's name and version.
func (c Component) Label() string {
	if c.Version != "" {
		return c.Name + " " + c.Version
	}
	return c.Name
}

// statusRank orders the statuses of hits of the same action: the one that
// bites hardest and soonest decides. A rule that is both limited to uses
// nobody declared and not yet in force bites least: it ranks below one that
// is in force for those uses.
func statusRank(h *Hit) int {
	if h.Status == "upcoming" && h.UseUndeclared {
		return 3
	}
	switch h.Status {
	case "deadline-passed":
		return 9
	case "in-force":
		return 8
	case "category-unknown":
		return 7
	case "deadline-pending":
		return 6
	case "upcoming":
		return 5
	case "use-conditional":
		return 4
	case "proposal":
		return 2
	case "before-cutoff":
		return 1
	}
	return 0
}

// hitBefore orders hits: active before waived or baselined, stronger action,
// stronger status, sooner date, organisation lists, then list and rule.
func hitBefore(a, b *Hit) bool {
	if a.active() != b.active() {
		return a.active()
	}
	if a.Action.Rank() != b.Action.Rank() {
		return a.Action.Rank() > b.Action.Rank()
	}
	if statusRank(a) != statusRank(b) {
		return statusRank(a) > statusRank(b)
	}
	da, db := daysOr(a.DaysRemaining), daysOr(b.DaysRemaining)
	if da != db {
		return da < db
	}
	if a.Organisation != b.Organisation {
		return a.Organisation
	}
	if a.List != b.List {
		return a.List < b.List
	}
	return a.Rule < b.Rule
}

func daysOr(p *int) int {
	if p == nil {
		return 1 << 30
	}
	return *p
}

// ComputeVerdicts builds Result.Verdicts from Result.Findings: one verdict
// per (component, entity), decided by the strongest hit that is neither
// waived nor in the baseline, and marks the verdicts at or above failOn as
// failing. The verdicts are sorted like findings: failing and most severe
// first, then by file, reference and entity.
func ComputeVerdicts(res *Result, failOn policy.Action) {
	type key struct {
		comp   compKey
		entity string
	}
	idx := map[key]int{}
	vs := []Verdict{}
	for i := range res.Findings {
		f := &res.Findings[i]
		k := key{componentKey(f.Component), f.Entity}
		j, ok := idx[k]
		if !ok {
			j = len(vs)
			idx[k] = j
			vs = append(vs, Verdict{
				Fingerprint: Fingerprint(f.Entity, "", "", f.Component),
				Subject:     f.Subject,
				Category:    f.Component.Category, CategorySignal: f.Component.CategorySignal,
			})
		}
		vs[j].Hits = append(vs[j].Hits, Hit{Fingerprint: f.Fingerprint, Finding: f.Finding,
			Baseline: f.Baseline, Waived: f.Waived, Waiver: f.Waiver})
	}
	cats := map[compKey][2]string{}
	for _, a := range res.Attributed {
		if a.Component.Category != "" {
			cats[componentKey(a.Component)] = [2]string{a.Component.Category, a.Component.CategorySignal}
		}
	}
	for i := range vs {
		v := &vs[i]
		sort.SliceStable(v.Hits, func(a, b int) bool { return hitBefore(&v.Hits[a], &v.Hits[b]) })
		d := &v.Hits[0]
		v.Action, v.Status = d.Action, d.Status
		v.List, v.ListTitle, v.Jurisdiction, v.Rule = d.List, d.ListTitle, d.Jurisdiction, d.Rule
		v.Organisation = d.Organisation
		v.Also = len(v.Hits) - 1
		// The deciding hit is waived or in the baseline only when every
		// hit is.
		v.Waived, v.Waiver, v.Baseline = d.Waived, d.Waiver, d.Baseline
		switch {
		case d.Waived:
			v.Status = StatusWaived
		case d.Baseline:
			v.Status = StatusBaseline
		}
		v.Why = whyWords(v, d)
		v.Failing = v.FailsAt(failOn)
		if c, ok := cats[componentKey(v.Component)]; ok {
			v.Category, v.CategorySignal = c[0], c[1]
		}
	}
	sort.SliceStable(vs, func(i, j int) bool {
		a, b := &vs[i], &vs[j]
		if a.Failing != b.Failing {
			return a.Failing
		}
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
		if a.Component.Name != b.Component.Name {
			return a.Component.Name < b.Component.Name
		}
		return a.Entity < b.Entity
	})
	res.Verdicts = vs
}

// VerdictsOf returns the result's verdicts, building them from the
// findings when the result has none yet (a result put together by hand).
func VerdictsOf(r *Result) []Verdict {
	if r.Verdicts != nil || len(r.Findings) == 0 {
		return r.Verdicts
	}
	c := *r
	ComputeVerdicts(&c, FailOnOf(r))
	return c.Verdicts
}

// HitLine is one line about a hit: "list/rule (action): status in words".
func HitLine(h Hit) string {
	s := h.List + "/" + h.Rule
	if h.Organisation {
		s = "organisation policy (" + s + ")"
	}
	s += " (" + string(h.Action) + "): " + HitWhy(h.Finding)
	switch {
	case h.Waived && h.Waiver != nil:
		s += " [waived: " + WaiverText(*h.Waiver) + "]"
	case h.Waived:
		s += " [waived]"
	case h.Baseline:
		s += " [baseline]"
	}
	return s
}

// VerdictText is the one-line message of a verdict: who, what, the
// deciding rule and its status, and how many other rules hit.
func VerdictText(v *Verdict) string {
	var b strings.Builder
	b.WriteString(entityLabel(v.Entity, v.EntityName))
	b.WriteString(": ")
	b.WriteString(componentLabel(v.Component))
	if v.Component.Ref != "" {
		b.WriteString(" [" + v.Component.Ref + "]")
	}
	b.WriteString(": " + string(v.Action) + " by " + v.DecidedBy() + ", " + v.Why)
	if v.Also > 0 {
		fmt.Fprintf(&b, "; %d other rule(s) hit", v.Also)
	}
	return b.String()
}

// whyWords says a verdict's status in words.
func whyWords(v *Verdict, d *Hit) string {
	switch v.Status {
	case StatusWaived:
		w := v.Waiver
		s := "waived"
		if w != nil {
			if w.Expires != "" {
				s += " until " + w.Expires
			}
			if w.ApprovedBy != "" {
				s += " by " + w.ApprovedBy
			}
		}
		return s
	case StatusBaseline:
		return "in the baseline"
	}
	return HitWhy(d.Finding)
}

// HitWhy says a rule hit's status in words.
func HitWhy(f *policy.Finding) string {
	switch f.Status {
	case "in-force":
		return "in force"
	case "deadline-passed":
		return "deadline passed on " + f.Deadline
	case "deadline-pending":
		if f.DaysRemaining != nil {
			return fmt.Sprintf("deadline in %d days (%s)", *f.DaysRemaining, f.Deadline)
		}
		return "deadline on " + f.Deadline
	case "upcoming":
		if f.UseUndeclared && len(f.Uses) > 0 {
			return fmt.Sprintf("applies from %s, only to uses %s (pass --use %s)", f.Effective, strings.Join(f.Uses, ", "), f.Uses[0])
		}
		return "applies from " + f.Effective
	case "use-conditional":
		uses := strings.Join(f.Uses, ", ")
		first := ""
		if len(f.Uses) > 0 {
			first = f.Uses[0]
		}
		s := fmt.Sprintf("applies only to uses %s (pass --use %s)", uses, first)
		switch {
		case f.Deadline != "" && f.DaysRemaining != nil && *f.DaysRemaining < 0:
			s += "; deadline passed on " + f.Deadline
		case f.Deadline != "" && f.DaysRemaining != nil:
			s += fmt.Sprintf("; deadline in %d days (%s)", *f.DaysRemaining, f.Deadline)
		}
		return s
	case "before-cutoff":
		cut := f.Effective
		if f.Deadline != "" {
			cut = f.Deadline
		}
		verb := "bought"
		if strings.HasPrefix(f.Message, "installed") {
			verb = "installed"
		}
		if cut == "" {
			return verb + " before the cut-off"
		}
		return fmt.Sprintf("%s before the cut-off (%s)", verb, cut)
	case "proposal":
		return "a proposal, not law"
	case "category-unknown":
		why, _, _ := strings.Cut(f.Message, "; the rule covers")
		return why
	}
	return f.Status
}

// FailsAt reports whether the verdict fails a run with the given
// --fail-on action: at or above it, neither waived nor in the baseline.
func (v *Verdict) FailsAt(failOn policy.Action) bool {
	return failOn.Rank() > 0 && !v.Waived && !v.Baseline && v.Action.Rank() >= failOn.Rank()
}

// DecidedBy names a verdict's deciding list and rule, or "organisation
// policy" for the organisation's own.
func (v *Verdict) DecidedBy() string {
	if v.Organisation {
		return "organisation policy (" + v.List + "/" + v.Rule + ")"
	}
	return v.List + "/" + v.Rule
}

// VerdictCounts counts verdicts by action and the distinct components with
// a verdict ("flagged").
func VerdictCounts(vs []Verdict) (byAction map[string]int, flagged int) {
	byAction = map[string]int{"deny": 0, "warn": 0, "info": 0}
	best := map[compKey]int{}
	for _, v := range vs {
		k := componentKey(v.Component)
		if r, ok := best[k]; !ok || v.Action.Rank() > r {
			best[k] = v.Action.Rank()
		}
	}
	for _, r := range best {
		switch r {
		case 3:
			byAction["deny"]++
		case 2:
			byAction["warn"]++
		case 1:
			byAction["info"]++
		}
	}
	return byAction, len(best)
}
