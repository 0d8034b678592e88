// Package match attributes inventory components to catalog entities: it
// answers "who made this?" with evidence and a confidence, from party
// fields, purl namespaces, CPE vendors and hardware identifiers.
//
// It imports only inventory and catalog; it knows nothing of formats or
// policies. Matching uses precompiled indexes: no per-component regex loops
// over the catalog and no substring search.
package match

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Confidence grades an attribution.
type Confidence int

// Confidence levels. Medium is the default threshold.
const (
	None Confidence = iota
	Low
	Medium
	High
)

func (c Confidence) String() string {
	switch c {
	case Low:
		return "low"
	case Medium:
		return "medium"
	case High:
		return "high"
	}
	return "none"
}

// ParseConfidence reads "low", "medium" or "high".
func ParseConfidence(s string) (Confidence, error) {
	switch strings.ToLower(s) {
	case "low":
		return Low, nil
	case "medium":
		return Medium, nil
	case "high":
		return High, nil
	}
	return None, fmt.Errorf("invalid confidence %q: want low, medium or high", s)
}

// MarshalText implements encoding.TextMarshaler.
func (c Confidence) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (c *Confidence) UnmarshalText(b []byte) error {
	v, err := ParseConfidence(string(b))
	*c = v
	return err
}

// Relation says how the component relates to the entity.
type Relation string

// Relations. made-by: the entity made, supplied or published it. mentions:
// only its name or description speaks of the entity (a community client
// "about" a vendor is not made by it).
const (
	MadeBy   Relation = "made-by"
	Mentions Relation = "mentions"
)

// Rules: the names of the ways an attribution can be reached. They appear in
// evidence and in `vendorcheck explain`.
const (
	RulePartyName        = "party-legal-name"
	RulePartyToken       = "party-name-token"
	RulePartyRelated     = "party-brand-or-subsidiary"
	RulePURLNamespace    = "purl-namespace"
	RuleCPEVendor        = "cpe-vendor"
	RulePCIVendor        = "pci-vendor-id"
	RulePCISubsystem     = "pci-subsystem-vendor-id"
	RuleUSBVendor        = "usb-vendor-id"
	RuleOUI              = "ieee-oui"
	RuleJEDEC            = "jedec-jep106"
	RuleIANAPEN          = "iana-pen"
	RulePartPattern      = "part-number-pattern"
	RuleDeviceNameToken  = "device-name-token"
	RuleSoftwareMentions = "software-name-token"
	RulePersonMention    = "person-name-token"
	RuleDomain           = "domain"
	RuleCodeHost         = "code-host-owner"
)

// Evidence is one signal that links a component to an entity.
type Evidence struct {
	// Field is the component field the value came from.
	Field string `json:"field"`
	// Value is the field's value as written.
	Value string `json:"value"`
	// Normalized is the folded form that was compared.
	Normalized string `json:"normalized,omitempty"`
	// Rule names the matching rule.
	Rule string `json:"rule"`
	// Matched is the catalog entry that matched (a name, brand, prefix or
	// identifier).
	Matched    string     `json:"matched"`
	Confidence Confidence `json:"confidence"`
	// Via names the brand or subsidiary through which the entity is reached.
	Via string `json:"via,omitempty"`
	// Unverified is set when the catalog fact is marked unverified.
	Unverified bool   `json:"unverified,omitempty"`
	Note       string `json:"note,omitempty"`
}

// Attribution links a component to an entity.
type Attribution struct {
	Entity     string     `json:"entity"`
	EntityName string     `json:"entity_name"`
	Confidence Confidence `json:"confidence"`
	Relation   Relation   `json:"relation"`
	Evidence   []Evidence `json:"evidence"`
}

// String renders an attribution briefly, for logs and tests.
func (a Attribution) String() string {
	b, _ := json.Marshal(a)
	return string(b)
}

// Context carries what matching needs besides the component: the date at
// which dated ownership (Honor, Lexar, Lorex, Elpida) is judged when the
// component carries no date of its own.
type Context struct {
	AsOf time.Time
}
