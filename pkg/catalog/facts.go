package catalog

import (
	"fmt"
	"iter"
)

// FactRef is one sourced fact of an entity, flattened so that reviews,
// reports and tests can treat names, tokens, relations and identifiers alike.
type FactRef struct {
	// Path says where the fact sits, e.g. "names", "brands[Honor]",
	// "subsidiaries[HiSilicon Technologies Co., Ltd.].jedec".
	Path   string
	Value  string
	Note   string
	Source string
	// Verified is the fact's own flag (see Fact.IsVerified). A fact inside an
	// unverified brand or subsidiary keeps its own flag; RelatedVerified
	// tells whether the enclosing relation is verified (true at top level).
	Verified        bool
	RelatedVerified bool
}

// Facts yields every sourced fact of the entity: names, tokens, brands,
// subsidiaries and all identifiers, including those of brands and
// subsidiaries. Entity-level Notes are free text and are not yielded.
func (e *Entity) Facts() iter.Seq[FactRef] {
	return func(yield func(FactRef) bool) {
		fact := func(path string, f Fact, rel bool) FactRef {
			return FactRef{Path: path, Value: f.Value, Note: f.Note, Source: f.Source, Verified: f.IsVerified(), RelatedVerified: rel}
		}
		for _, f := range e.Names {
			if !yield(fact("names", f, true)) {
				return
			}
		}
		for _, f := range e.Tokens {
			if !yield(fact("tokens", f, true)) {
				return
			}
		}
		if !yieldIdentifiers(yield, "identifiers", e.Identifiers, true) {
			return
		}
		for _, group := range []struct {
			kind string
			rs   []Related
		}{{"brands", e.Brands}, {"subsidiaries", e.Subsidiaries}} {
			for _, r := range group.rs {
				path := fmt.Sprintf("%s[%s]", group.kind, r.Name)
				if !yield(FactRef{Path: path, Value: r.Name, Note: r.Note, Source: r.Source, Verified: r.IsVerified(), RelatedVerified: true}) {
					return
				}
				if !yieldIdentifiers(yield, path, r.Identifiers, r.IsVerified()) {
					return
				}
			}
		}
	}
}

func yieldIdentifiers(yield func(FactRef) bool, path string, ids Identifiers, rel bool) bool {
	lists := []struct {
		kind  string
		facts []Fact
	}{
		{"cpe_vendors", ids.CPEVendors},
		{"purl_prefixes", ids.PURLPrefixes},
		{"pci_vendors", ids.PCIVendors},
		{"usb_vendors", ids.USBVendors},
		{"iana_pens", ids.IANAPENs},
		{"domains", ids.Domains},
	}
	for _, l := range lists {
		for _, f := range l.facts {
			if !yield(FactRef{Path: path + "." + l.kind, Value: f.Value, Note: f.Note, Source: f.Source, Verified: f.IsVerified(), RelatedVerified: rel}) {
				return false
			}
		}
	}
	for _, j := range ids.JEDEC {
		v := j.Verified == nil || *j.Verified
		if !yield(FactRef{Path: path + ".jedec", Value: fmt.Sprintf("bank %d %s", j.Bank, j.Code), Note: j.Note, Source: j.Source, Verified: v, RelatedVerified: rel}) {
			return false
		}
	}
	for _, p := range ids.PartPatterns {
		v := p.Verified == nil || *p.Verified
		if !yield(FactRef{Path: path + ".part_patterns", Value: p.Pattern, Note: p.Note, Source: p.Source, Verified: v, RelatedVerified: rel}) {
			return false
		}
	}
	return true
}
