// Package policy holds the restriction lists (one YAML file per legal
// instrument), loads them strictly, and evaluates attributed components
// against them at a date, with the user's declared uses and waivers.
//
// It must not import ingest or any format package: it sees components only
// through the inventory model and attributions only through package match.
package policy

import (
	"slices"

	"github.com/vendorcheck/vendorcheck/pkg/catalog"
)

// Date is a calendar date (YYYY-MM-DD) in policy files.
type Date = catalog.Date

// Action is what a rule asks for when it applies.
type Action string

// Actions, from most to least severe.
const (
	ActionDeny Action = "deny"
	ActionWarn Action = "warn"
	ActionInfo Action = "info"
)

// Rank orders actions: deny 3, warn 2, info 1, anything else 0.
func (a Action) Rank() int {
	switch a {
	case ActionDeny:
		return 3
	case ActionWarn:
		return 2
	case ActionInfo:
		return 1
	}
	return 0
}

// Status of a list as a whole.
const (
	StatusInForce  = "in-force"
	StatusProposal = "proposal"
)

// Restricts says what act a rule restricts; rules about purchases or
// installs are judged at the component's purchase or install date where the
// inventory records one.
const (
	RestrictsPurchase      = "purchase"
	RestrictsInstall       = "install"
	RestrictsUse           = "use"
	RestrictsAuthorization = "authorization"
	RestrictsExport        = "export"
	RestrictsDesignation   = "designation"
)

// Product categories a list or rule can cover. A component's category comes
// from its kind; "any" covers everything the entity provides.
var Categories = []string{
	"any",
	"telecom-equipment",
	"telecom-services",
	"video-surveillance",
	"computing",
	"semiconductors",
	"memory-storage",
	"security-software",
	"software",
	"drones",
	"radio",
}

// Uses a rule can be limited to, and a user can declare with --use.
var Uses = []string{
	"public-safety",
	"government",
	"government-facility",
	"critical-infrastructure",
	"national-security",
	"federal-procurement",
	// US Department of Defense procurement (NDAA FY2024 §805 binds DoD
	// only). It implies federal-procurement: DoD is bound by every rule that
	// binds federal agencies, and by §805 besides.
	"defense-procurement",
	// An organisation that contracts with the US federal government (NDAA
	// §889 Part B bars contracting with users of covered equipment).
	"federal-contractor",
	"telecom-network",
	"network-core",
	"5g-network",
	"4g-network",
}

// Note is a remark on a list or rule; Verified false marks a fact the
// reference material flags as UNVERIFIED.
type Note struct {
	Text     string `yaml:"text" json:"text"`
	Verified *bool  `yaml:"verified,omitempty" json:"verified,omitempty"`
	Source   string `yaml:"source,omitempty" json:"source,omitempty"`
}

// Deadline is a date by which something must happen (a removal, a
// phase-out). Before it, a finding says what and how many days remain; once
// it has passed, the finding is a denial.
type Deadline struct {
	Date        Date   `yaml:"date" json:"date"`
	Requirement string `yaml:"requirement" json:"requirement"`
	Verified    *bool  `yaml:"verified,omitempty" json:"verified,omitempty"`
}

// Rule restricts one entity (with its subsidiaries and, where the catalog
// dates them, its brands) for some product categories.
type Rule struct {
	ID         string   `yaml:"id" json:"id"`
	Entity     string   `yaml:"entity" json:"entity"`
	Categories []string `yaml:"categories" json:"categories"`
	// Uses limits the rule to uses of the component; empty means any use.
	Uses []string `yaml:"uses,omitempty" json:"uses,omitempty"`
	// Restricts names the act restricted (purchase, install, use, ...).
	Restricts string     `yaml:"restricts,omitempty" json:"restricts,omitempty"`
	From      Date       `yaml:"from,omitempty" json:"from,omitzero"`
	Until     Date       `yaml:"until,omitempty" json:"until,omitzero"`
	Deadlines []Deadline `yaml:"deadlines,omitempty" json:"deadlines,omitempty"`
	Action    Action     `yaml:"action" json:"action"`
	Note      string     `yaml:"note,omitempty" json:"note,omitempty"`
	// Sources are secondary reports (news, law-firm notes) that support the
	// rule: evidence, never the citation a finding shows.
	Sources  []string `yaml:"sources,omitempty" json:"sources,omitempty"`
	Verified *bool    `yaml:"verified,omitempty" json:"verified,omitempty"`
}

// ImpliedUses maps a use to the uses it includes: declaring the key also
// declares the values.
var ImpliedUses = map[string][]string{
	"defense-procurement": {"federal-procurement"},
}

// ExpandUses returns uses with every use they imply, without duplicates.
func ExpandUses(uses []string) []string {
	out := make([]string, 0, len(uses))
	for _, u := range uses {
		if !slices.Contains(out, u) {
			out = append(out, u)
		}
		for _, v := range ImpliedUses[u] {
			if !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	return out
}

// List is one restriction list: a legal instrument in a jurisdiction.
type List struct {
	ID           string `yaml:"id" json:"id"`
	Title        string `yaml:"title" json:"title"`
	Jurisdiction string `yaml:"jurisdiction" json:"jurisdiction"`
	Authority    string `yaml:"authority" json:"authority"`
	Instrument   string `yaml:"instrument" json:"instrument"`
	Citation     string `yaml:"citation" json:"citation"`
	URL          string `yaml:"url" json:"url"`
	Reviewed     Date   `yaml:"reviewed" json:"reviewed"`
	Status       string `yaml:"status,omitempty" json:"status,omitempty"`
	Adopted      Date   `yaml:"adopted,omitempty" json:"adopted,omitzero"`
	Effective    Date   `yaml:"effective,omitempty" json:"effective,omitzero"`
	Until        Date   `yaml:"until,omitempty" json:"until,omitzero"`
	// Scope is the legal scope in words (who is bound, which acts).
	Scope      string   `yaml:"scope" json:"scope"`
	Categories []string `yaml:"categories" json:"categories"`
	Rules      []Rule   `yaml:"rules" json:"rules"`
	Notes      []Note   `yaml:"notes,omitempty" json:"notes,omitempty"`
	// Sources are secondary reports on the list (news, law-firm notes):
	// evidence for the facts, while Citation and URL name the primary
	// instrument.
	Sources []string `yaml:"sources,omitempty" json:"sources,omitempty"`
	// Entities lets an organisation's own list add entities or aliases to
	// the catalog.
	Entities []catalog.Entity `yaml:"entities,omitempty" json:"entities,omitempty"`

	// File is where the list was loaded from (not part of the YAML).
	File string `yaml:"-" json:"file,omitempty"`
	// Organisation marks the organisation's own list (a --policy FILE, or
	// the rules --deny and a config deny: list make); its findings are
	// shown as "organisation policy".
	Organisation bool `yaml:"-" json:"organisation,omitempty"`
}
