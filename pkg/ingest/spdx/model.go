package spdx

import (
	"slices"
	"strings"

	"github.com/spdx/tools-golang/spdx"
	"github.com/spdx/tools-golang/spdx/v2/common"

	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// Field names recorded as evidence: the SPDX tag-value names, which are the
// names the specification gives these fields.
const (
	fieldSupplier   = "PackageSupplier"
	fieldOriginator = "PackageOriginator"
)

// toInventory translates a decoded document into the normalized model. Only
// packages become components; files, snippets, copyright and licence text
// and comments are not read.
func toInventory(doc *spdx.Document, name string, lines map[string]int) *inventory.Inventory {
	inv := &inventory.Inventory{
		Source:     name,
		Host:       host(doc),
		Components: make([]inventory.Component, 0, len(doc.Packages)),
	}
	var lp leanPackage
	for _, p := range doc.Packages {
		if p == nil {
			continue
		}
		lp = leanPackage{
			id: string(p.PackageSPDXIdentifier), name: p.PackageName, version: p.PackageVersion,
			purpose: p.PrimaryPackagePurpose, description: p.PackageDescription, summary: p.PackageSummary,
			homepage: p.PackageHomePage, download: p.PackageDownloadLocation, refs: lp.refs[:0],
		}
		if s := p.PackageSupplier; s != nil {
			lp.supplier = party{set: true, typ: s.SupplierType, name: s.Supplier}
		}
		if o := p.PackageOriginator; o != nil {
			lp.originator = party{set: true, typ: o.OriginatorType, name: o.Originator}
		}
		for _, r := range p.PackageExternalReferences {
			if r != nil {
				lp.refs = append(lp.refs, leanRef{typ: r.RefType, locator: r.Locator})
			}
		}
		ref := elementRef(common.ElementID(lp.id))
		inv.Components = append(inv.Components, lp.component(name, lines[ref], nil))
	}
	return inv
}

// leanPackage holds the fields of a package that become a component: the
// tools-golang model's for the tag-value, YAML and RDF readers, and the
// streaming JSON reader's own.
type leanPackage struct {
	id                     string // without "SPDXRef-", as tools-golang keeps it
	ref                    string // with it, when the reader has it at hand
	name, version, purpose string
	description, summary   string
	homepage, download     string
	supplier, originator   party
	refs                   []leanRef
}

// party is a PackageSupplier or PackageOriginator split at its colon; set
// says the package has one.
type party struct {
	set       bool
	typ, name string
}

type leanRef struct{ typ, locator string }

// component translates one package. line is the line of its SPDXID.
//
// bufs, when not nil, holds the memory the component's slices are taken
// from instead of allocating them for each component.
func (p *leanPackage) component(file string, line int, bufs *compBufs) inventory.Component {
	ref := p.ref
	if ref == "" {
		ref = elementRef(common.ElementID(p.id))
	}
	c := inventory.Component{
		Name:        strings.TrimSpace(p.name),
		Version:     assertion(p.version),
		Kind:        kind(p.purpose),
		Description: firstNonEmpty(p.description, p.summary),
		Location:    inventory.Location{File: file, Line: line, Ref: ref},
	}
	var parties *[]inventory.Party
	if bufs != nil {
		parties = &bufs.parties
		if bufs.reuse {
			c.Properties, c.Identifiers, c.CPEs = bufs.props[:0], bufs.ids[:0], bufs.cpes[:0]
		}
	}
	if parties != nil && (p.supplier.set || p.originator.set) {
		if cap(*parties)-len(*parties) < 2 {
			*parties = make([]inventory.Party, 0, partyBlock)
		}
		n := len(*parties)
		c.Parties = (*parties)[n : n : n+2]
	}
	if p.supplier.set {
		c.Parties = appendParty(c.Parties, inventory.RoleSupplier, fieldSupplier,
			p.supplier.typ, p.supplier.name, &c.Properties)
	}
	if p.originator.set {
		c.Parties = appendParty(c.Parties, inventory.RoleOriginator, fieldOriginator,
			p.originator.typ, p.originator.name, &c.Properties)
	}
	if parties != nil && c.Parties != nil {
		if len(c.Parties) == 0 {
			c.Parties = nil
		} else {
			// Taken from the block, and capped so that an append
			// elsewhere copies instead of writing into the next one's.
			*parties = (*parties)[:len(*parties)+len(c.Parties)]
			c.Parties = c.Parties[:len(c.Parties):len(c.Parties)]
		}
	}
	addExternalRefs(&c, p.refs)
	if v := assertion(p.homepage); v != "" {
		c.Properties = append(c.Properties, inventory.Property{Name: "PackageHomePage", Value: v})
		// The package's own page: its domain or code-host owner is matched.
		c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDURL, Value: v, Field: "PackageHomePage"})
	}
	if v := assertion(p.download); v != "" {
		c.Properties = append(c.Properties, inventory.Property{Name: "PackageDownloadLocation", Value: v})
	}
	if bufs != nil && bufs.reuse {
		bufs.props, bufs.ids, bufs.cpes = c.Properties[:0], c.Identifiers[:0], c.CPEs[:0]
		if len(c.Properties) == 0 {
			c.Properties = nil
		}
		if len(c.Identifiers) == 0 {
			c.Identifiers = nil
		}
		if len(c.CPEs) == 0 {
			c.CPEs = nil
		}
	}
	return c
}

// compBufs is the memory components take their slices from. Parties are
// carved from a block; when reuse is set (a streamed component is the
// callee's only while it is handed out), the same memory serves every
// component.
type compBufs struct {
	parties []inventory.Party
	reuse   bool
	props   []inventory.Property
	ids     []inventory.Identifier
	cpes    []string
}

// partyBlock is how many parties one block holds.
const partyBlock = 1024

// elementRef gives an SPDXID as the document writes it: tools-golang keeps
// element ids without their "SPDXRef-" prefix.
func elementRef(id common.ElementID) string {
	s := string(id)
	if s == "" || strings.HasPrefix(s, "SPDXRef-") {
		return s
	}
	return "SPDXRef-" + s
}

// host names what the document describes: the one package it DESCRIBES, or
// else the document's name.
func host(doc *spdx.Document) string {
	byID := make(map[common.ElementID]string, len(doc.Packages))
	for _, p := range doc.Packages {
		if p != nil {
			byID[p.PackageSPDXIdentifier] = p.PackageName
		}
	}
	described := map[common.ElementID]bool{}
	for _, r := range doc.Relationships {
		if r == nil || r.RefA.DocumentRefID != "" || r.RefB.DocumentRefID != "" {
			continue
		}
		switch {
		case r.Relationship == common.TypeRelationshipDescribe && r.RefA.ElementRefID == doc.SPDXIdentifier:
			described[r.RefB.ElementRefID] = true
		case r.Relationship == common.TypeRelationshipDescribeBy && r.RefB.ElementRefID == doc.SPDXIdentifier:
			described[r.RefA.ElementRefID] = true
		}
	}
	if len(described) == 1 {
		for id := range described {
			if n := strings.TrimSpace(byID[id]); n != "" {
				return n
			}
		}
	}
	return strings.TrimSpace(doc.DocumentName)
}

var purposeFolder = strings.NewReplacer("-", "", "_", "")

// kind maps PrimaryPackagePurpose (tag-value and JSON write "OPERATING-SYSTEM",
// RDF a URI ending in "purpose_operatingSystem").
func kind(purpose string) inventory.Kind {
	// The purposes as SPDX 2.3 JSON writes them need no folding
	// (TestKindFastPath holds these to foldKind).
	switch purpose {
	case "", "LIBRARY":
		return inventory.KindLibrary
	case "APPLICATION":
		return inventory.KindApplication
	case "FRAMEWORK":
		return inventory.KindFramework
	case "CONTAINER":
		return inventory.KindContainer
	case "OPERATING-SYSTEM":
		return inventory.KindOS
	case "DEVICE":
		return inventory.KindDevice
	case "FIRMWARE":
		return inventory.KindFirmware
	case "FILE", "SOURCE", "ARCHIVE", "INSTALL":
		return inventory.KindFile
	case "OTHER":
		return inventory.KindOther
	}
	return foldKind(purpose)
}

// spdxPurposes are the purposes kind reads without folding.
var spdxPurposes = []string{"", "APPLICATION", "FRAMEWORK", "LIBRARY", "CONTAINER", "OPERATING-SYSTEM", "DEVICE",
	"FIRMWARE", "SOURCE", "ARCHIVE", "FILE", "INSTALL", "OTHER"}

func foldKind(purpose string) inventory.Kind {
	p := purpose
	if i := strings.LastIndexAny(p, "#/"); i >= 0 {
		p = p[i+1:]
	}
	p = strings.TrimPrefix(p, "purpose_")
	p = purposeFolder.Replace(strings.ToUpper(strings.TrimSpace(p)))
	switch p {
	case "":
		return inventory.KindLibrary
	case "APPLICATION":
		return inventory.KindApplication
	case "FRAMEWORK":
		return inventory.KindFramework
	case "LIBRARY":
		return inventory.KindLibrary
	case "CONTAINER":
		return inventory.KindContainer
	case "OPERATINGSYSTEM":
		return inventory.KindOS
	case "DEVICE":
		return inventory.KindDevice
	case "FIRMWARE":
		return inventory.KindFirmware
	case "FILE", "SOURCE", "ARCHIVE", "INSTALL":
		return inventory.KindFile
	}
	return inventory.KindOther
}

// appendParty adds a PackageSupplier or PackageOriginator party. SPDX writes
// "Organization: Name (email)" or "Person: Name (email)"; tools-golang splits
// off the type. NOASSERTION and empty names are no party. The e-mail, when
// given, is kept as a property rather than in the name.
func appendParty(parties []inventory.Party, role inventory.Role, field, typ, value string, props *[]inventory.Property) []inventory.Party {
	value = strings.TrimSpace(value)
	if assertion(value) == "" {
		return parties
	}
	name, email := splitEmail(value)
	if name == "" {
		return parties
	}
	if email != "" {
		*props = append(*props, inventory.Property{Name: emailField(field), Value: email})
	}
	return append(parties, inventory.Party{
		Role:   role,
		Name:   name,
		Field:  field,
		Email:  email,
		Person: strings.EqualFold(strings.TrimSpace(typ), "Person"),
	})
}

// emailField names the property of a party's e-mail address.
func emailField(field string) string {
	switch field {
	case fieldSupplier:
		return fieldSupplier + ".email"
	case fieldOriginator:
		return fieldOriginator + ".email"
	}
	return field + ".email"
}

// splitEmail splits "Name (email)" and "Name ()". A final parenthesis that
// is not an e-mail ("Huawei Technologies (Beijing)") stays in the name.
func splitEmail(s string) (name, email string) {
	if !strings.HasSuffix(s, ")") {
		return s, ""
	}
	i := strings.LastIndex(s, "(")
	if i < 0 {
		return s, ""
	}
	inner := strings.TrimSpace(s[i+1 : len(s)-1])
	if inner != "" && !strings.Contains(inner, "@") {
		return s, ""
	}
	return strings.TrimSpace(s[:i]), inner
}

// addExternalRefs takes the first purl as the component's purl, every CPE,
// and keeps other package-manager and persistent-id references (further
// purls, maven-central, npm, swh ...) as properties. Security advisories and
// fixes are not kept.
func addExternalRefs(c *inventory.Component, refs []leanRef) {
	for _, r := range refs {
		loc := strings.TrimSpace(r.locator)
		if loc == "" {
			continue
		}
		typ := r.typ
		switch typ {
		case "purl", "cpe23Type", "cpe22Type": // as JSON writes them
		default:
			if i := strings.LastIndexAny(typ, "#/"); i >= 0 { // RDF writes a URI
				typ = typ[i+1:]
			}
		}
		switch typ {
		case "purl":
			if c.PURL == "" {
				c.PURL = loc
			} else if loc != c.PURL {
				c.Properties = append(c.Properties, inventory.Property{Name: "ExternalRef.purl", Value: loc})
			}
		case "cpe22Type", "cpe23Type":
			if !slices.Contains(c.CPEs, loc) {
				c.CPEs = append(c.CPEs, loc)
			}
		case "advisory", "fix", "url":
			// Security references say nothing about who made the package.
		default:
			c.Properties = append(c.Properties, inventory.Property{Name: "ExternalRef." + typ, Value: loc})
		}
	}
}

// assertion returns s unless it is NOASSERTION or NONE.
func assertion(s string) string {
	s = strings.TrimSpace(s)
	if s == "NOASSERTION" || s == "NONE" {
		return ""
	}
	return s
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}
