package match

import (
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// Explanation is how Match reached its answer for one component: every
// field value it examined, every rule it tried on it and whether the rule
// hit, and the attributions it returned. It is recorded by the matching
// path itself (a trace hook in the collector), so it cannot drift from what
// Match does.
type Explanation struct {
	Values       []ValueTrace  `json:"values"`
	Attributions []Attribution `json:"attributions"`
}

// ValueTrace is one field value as the matcher saw it.
type ValueTrace struct {
	Field string `json:"field"`
	Value string `json:"value"`
	// Normalized, Tokens and NameKey are the folded forms that were
	// compared (name-like values only).
	Normalized string   `json:"normalized,omitempty"`
	Tokens     []string `json:"tokens,omitempty"`
	NameKey    string   `json:"name_key,omitempty"`
	Steps      []Step   `json:"steps"`
}

// Step is one rule tried on a value.
type Step struct {
	// Rule names what was tried: a Rule* constant for the matching rules,
	// or one of the Check* names for the checks around them.
	Rule string `json:"rule"`
	Hit  bool   `json:"hit"`
	// Entity and Matched say what the rule found in the catalog.
	Entity     string     `json:"entity,omitempty"`
	Matched    string     `json:"matched,omitempty"`
	Confidence Confidence `json:"confidence,omitempty"`
	Detail     string     `json:"detail,omitempty"`
}

// Names of the checks an explanation records besides the matching rules.
const (
	CheckSkipped       = "skipped"
	CheckNameIndex     = "name-index"
	CheckTokenScan     = "token-scan"
	CheckExclusion     = "exclusion"
	CheckModelContext  = "model-context"
	CheckPartyContext  = "party-context"
	CheckPURLPrefix    = "purl-prefix"
	CheckMavenNS       = "maven-namespace"
	CheckDated         = "dated-ownership"
	CheckUnverified    = "unverified-fact"
	CheckEvidence      = "evidence"
	CheckPartCorrobor  = "part-number-backed"
	CheckNotIdentifier = "identifier-parse"
	CheckContact       = "contact"
	CheckPerson        = "person"
	CheckLookalike     = "lookalike-fold"
	CheckFolded        = "folded-cap"
	CheckSpaced        = "spaced-join"
	CheckContext       = "component-context"
)

// Explain matches c as Match does and records how: the values examined,
// their normalised forms, tokens and name keys, every rule tried and
// whether it hit, exclusions, dated ownership, unverified facts, and the
// final attributions (the same as Match returns).
func (m *Matcher) Explain(c *inventory.Component, ctx Context) Explanation {
	m.wait()
	tr := &Explanation{Values: []ValueTrace{}}
	tr.Attributions = m.match(c, ctx, tr)
	if tr.Attributions == nil {
		tr.Attributions = []Attribution{}
	}
	return *tr
}

// begin starts the trace of one value.
func (col *collector) begin(field, value string, nameLike bool) {
	if col.tr == nil {
		return
	}
	v := ValueTrace{Field: field, Value: value}
	if nameLike {
		v.Normalized = Normalize(value)
		v.Tokens = Tokens(value)
		v.NameKey = NameKey(value)
	}
	col.tr.Values = append(col.tr.Values, v)
}

// step records one rule tried on the current value.
func (col *collector) step(s Step) {
	if col.tr == nil || len(col.tr.Values) == 0 {
		return
	}
	v := &col.tr.Values[len(col.tr.Values)-1]
	v.Steps = append(v.Steps, s)
}

// tracing reports whether an explanation is being recorded, so that
// explanation-only work is skipped in ordinary matching.
func (col *collector) tracing() bool { return col.tr != nil }
