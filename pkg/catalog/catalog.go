// Package catalog holds the restricted-vendor entities: their legal names,
// aliases (including Chinese names), brands and subsidiaries with the dates
// they were owned, and the identifiers registries assign them (CPE vendor,
// purl namespace, PCI and USB vendor ids, IEEE OUIs, JEDEC JEP106 codes, IANA
// PENs).
//
// The catalog is data with strict loading; it does not match components
// (that is package match) and knows nothing of policies or formats.
package catalog

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar date in YAML and JSON ("2020-11-17").
type Date struct{ time.Time }

// DateLayout is the one date format of vendor and policy files.
const DateLayout = "2006-01-02"

// ParseDate reads a YYYY-MM-DD date.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("invalid date %q: want YYYY-MM-DD", s)
	}
	return Date{t}, nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalText implements encoding.TextMarshaler.
func (d Date) MarshalText() ([]byte, error) {
	if d.IsZero() {
		return []byte(""), nil
	}
	return []byte(d.Format(DateLayout)), nil
}

// MarshalJSON writes the date as "YYYY-MM-DD" ("" for the zero date), as
// in the YAML, not as time.Time's timestamp.
func (d Date) MarshalJSON() ([]byte, error) {
	return []byte(strconv.Quote(d.String())), nil
}

// UnmarshalJSON reads "YYYY-MM-DD" ("" or null: the zero date).
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	s, err := strconv.Unquote(string(b))
	if err != nil {
		return fmt.Errorf("date %s: want a string YYYY-MM-DD", b)
	}
	if s == "" {
		*d = Date{}
		return nil
	}
	return d.UnmarshalText([]byte(s))
}

// String gives the date as YYYY-MM-DD, or "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(DateLayout)
}

// Fact is a value with its provenance. Verified is false for facts the
// reference material marks UNVERIFIED; such facts stay marked wherever they
// are shown.
type Fact struct {
	Value    string `yaml:"value" json:"value"`
	Note     string `yaml:"note,omitempty" json:"note,omitempty"`
	Source   string `yaml:"source,omitempty" json:"source,omitempty"`
	Verified *bool  `yaml:"verified,omitempty" json:"verified,omitempty"`
}

// IsVerified reports whether the fact is verified (the default).
func (f Fact) IsVerified() bool { return f.Verified == nil || *f.Verified }

// Related is a brand or subsidiary of an entity, owned between From and
// Until (either may be zero: open-ended).
type Related struct {
	Name     string   `yaml:"name" json:"name"`
	Aliases  []string `yaml:"aliases,omitempty" json:"aliases,omitempty"`
	From     Date     `yaml:"from,omitempty" json:"from,omitzero"`
	Until    Date     `yaml:"until,omitempty" json:"until,omitzero"`
	Note     string   `yaml:"note,omitempty" json:"note,omitempty"`
	Source   string   `yaml:"source,omitempty" json:"source,omitempty"`
	Verified *bool    `yaml:"verified,omitempty" json:"verified,omitempty"`
	// Hardware identifiers owned by this brand or subsidiary. They follow
	// the same dates.
	Identifiers Identifiers `yaml:"identifiers,omitempty" json:"identifiers,omitzero"`
}

// IsVerified reports whether the relation is verified (the default).
func (r Related) IsVerified() bool { return r.Verified == nil || *r.Verified }

// OwnedAt reports whether the relation held on day t.
func (r Related) OwnedAt(t time.Time) bool {
	if !r.From.IsZero() && t.Before(r.From.Time) {
		return false
	}
	if !r.Until.IsZero() && !t.Before(r.Until.Time) {
		return false
	}
	return true
}

// Dated reports whether the relation has a start or end date.
func (r Related) Dated() bool { return !r.From.IsZero() || !r.Until.IsZero() }

// JEDEC is a JEP106 manufacturer code: a bank (1-based, as dmidecode prints
// it) and the code byte without the parity bit.
type JEDEC struct {
	Bank     int    `yaml:"bank" json:"bank"`
	Code     string `yaml:"code" json:"code"` // "0x2C"
	Name     string `yaml:"name,omitempty" json:"name,omitempty"`
	Note     string `yaml:"note,omitempty" json:"note,omitempty"`
	Source   string `yaml:"source,omitempty" json:"source,omitempty"`
	Verified *bool  `yaml:"verified,omitempty" json:"verified,omitempty"`
}

// PartPattern is a regular expression over part numbers. Alone it is weak
// evidence: it raises confidence only together with another signal, unless
// Specific says the pattern alone has been shown specific enough.
type PartPattern struct {
	Pattern  string `yaml:"pattern" json:"pattern"`
	Specific bool   `yaml:"specific,omitempty" json:"specific,omitempty"`
	Note     string `yaml:"note,omitempty" json:"note,omitempty"`
	Source   string `yaml:"source,omitempty" json:"source,omitempty"`
	Verified *bool  `yaml:"verified,omitempty" json:"verified,omitempty"`
}

// Identifiers are the registry identifiers of an entity, brand or subsidiary.
type Identifiers struct {
	CPEVendors   []Fact        `yaml:"cpe_vendors,omitempty" json:"cpe_vendors,omitempty"`
	PURLPrefixes []Fact        `yaml:"purl_prefixes,omitempty" json:"purl_prefixes,omitempty"`
	PCIVendors   []Fact        `yaml:"pci_vendors,omitempty" json:"pci_vendors,omitempty"`
	USBVendors   []Fact        `yaml:"usb_vendors,omitempty" json:"usb_vendors,omitempty"`
	IANAPENs     []Fact        `yaml:"iana_pens,omitempty" json:"iana_pens,omitempty"`
	JEDEC        []JEDEC       `yaml:"jedec,omitempty" json:"jedec,omitempty"`
	PartPatterns []PartPattern `yaml:"part_patterns,omitempty" json:"part_patterns,omitempty"`
	Domains      []Fact        `yaml:"domains,omitempty" json:"domains,omitempty"`
}

// IsZero reports whether no identifier is set.
func (i Identifiers) IsZero() bool {
	return len(i.CPEVendors)+len(i.PURLPrefixes)+len(i.PCIVendors)+len(i.USBVendors)+
		len(i.IANAPENs)+len(i.JEDEC)+len(i.PartPatterns)+len(i.Domains) == 0
}

// Entity is a restricted vendor as one legal family: the company, its
// registered names, its brands and subsidiaries.
type Entity struct {
	ID      string `yaml:"id" json:"id"`
	Name    string `yaml:"name" json:"name"`
	Country string `yaml:"country,omitempty" json:"country,omitempty"`
	// Products are the product categories the entity makes or provides
	// (policy category words, e.g. telecom-equipment, memory-storage).
	Products []string `yaml:"products,omitempty" json:"products,omitempty"`
	// Names are legal names and registered aliases: a whole match in a party
	// field is high-confidence evidence.
	Names []Fact `yaml:"names" json:"names"`
	// Tokens are short distinctive names ("Huawei", "ZTE", "美光") that
	// identify the entity as a whole token inside a longer name.
	Tokens []Fact `yaml:"tokens,omitempty" json:"tokens,omitempty"`
	// Excludes are names that look like the entity's but are another
	// company's or a common word ("Micron Electronics", "SMIC device"): a
	// value containing one of them is never attributed to the entity by a
	// name token.
	Excludes     []Fact      `yaml:"excludes,omitempty" json:"excludes,omitempty"`
	Brands       []Related   `yaml:"brands,omitempty" json:"brands,omitempty"`
	Subsidiaries []Related   `yaml:"subsidiaries,omitempty" json:"subsidiaries,omitempty"`
	Identifiers  Identifiers `yaml:"identifiers,omitempty" json:"identifiers,omitzero"`
	Notes        []string    `yaml:"notes,omitempty" json:"notes,omitempty"`
	Reviewed     Date        `yaml:"reviewed,omitempty" json:"reviewed,omitzero"`

	// File is where the entity was loaded from (not part of the YAML).
	File string `yaml:"-" json:"-"`
}

// Catalog is the set of entities, keyed by id.
type Catalog struct {
	entities map[string]*Entity
	order    []string
}

// New builds a catalog from entities; a duplicate id is an error.
func New(es []*Entity) (*Catalog, error) {
	c := &Catalog{entities: map[string]*Entity{}}
	for _, e := range es {
		if err := c.Add(e); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Add adds an entity. An entity whose id is already present is merged: its
// names, tokens, brands, subsidiaries and identifiers are appended (so an
// organisation's file can add aliases to a shipped entity).
func (c *Catalog) Add(e *Entity) error {
	if e.ID == "" {
		return fmt.Errorf("%s: entity has no id", e.File)
	}
	if old, ok := c.entities[e.ID]; ok {
		old.Names = append(old.Names, e.Names...)
		old.Tokens = append(old.Tokens, e.Tokens...)
		old.Excludes = append(old.Excludes, e.Excludes...)
		old.Brands = append(old.Brands, e.Brands...)
		old.Subsidiaries = append(old.Subsidiaries, e.Subsidiaries...)
		mergeIdentifiers(&old.Identifiers, e.Identifiers)
		return nil
	}
	c.entities[e.ID] = e
	c.order = append(c.order, e.ID)
	sort.Strings(c.order)
	return nil
}

func mergeIdentifiers(dst *Identifiers, src Identifiers) {
	dst.CPEVendors = append(dst.CPEVendors, src.CPEVendors...)
	dst.PURLPrefixes = append(dst.PURLPrefixes, src.PURLPrefixes...)
	dst.PCIVendors = append(dst.PCIVendors, src.PCIVendors...)
	dst.USBVendors = append(dst.USBVendors, src.USBVendors...)
	dst.IANAPENs = append(dst.IANAPENs, src.IANAPENs...)
	dst.JEDEC = append(dst.JEDEC, src.JEDEC...)
	dst.PartPatterns = append(dst.PartPatterns, src.PartPatterns...)
	dst.Domains = append(dst.Domains, src.Domains...)
}

// Get returns the entity with the given id.
func (c *Catalog) Get(id string) (*Entity, bool) {
	e, ok := c.entities[strings.ToLower(id)]
	return e, ok
}

// Entities returns all entities sorted by id.
func (c *Catalog) Entities() []*Entity {
	out := make([]*Entity, 0, len(c.order))
	for _, id := range c.order {
		out = append(out, c.entities[id])
	}
	return out
}
