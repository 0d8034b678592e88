// Package cyclonedx is the ingest stage for CycloneDX SBOMs and HBOMs, in
// JSON (NewJSON, id "cyclonedx-json") and XML (NewXML, id "cyclonedx-xml"),
// spec versions 1.0 to 1.7.
//
// Both decoders stream: they keep only the fields the rest of the pipeline
// needs (identity, identifiers, parties, properties and where each component
// was found), and every component at any depth, metadata.component included,
// becomes one inventory.Component. device and firmware components are kept.
//
// Like every ingest package it imports only package inventory and ingest; it
// makes no judgement about vendors.
package cyclonedx

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// Decoder ids.
const (
	IDJSON = "cyclonedx-json"
	IDXML  = "cyclonedx-xml"
)

// MaxDepth bounds the nesting of objects/arrays (JSON) or elements (XML) a
// document may have. Deeper input is rejected rather than recursed into.
const MaxDepth = 1000

// SupportedVersions lists the CycloneDX specification versions read.
var SupportedVersions = []string{"1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7"}

func supported(v string) bool {
	for _, s := range SupportedVersions {
		if s == v {
			return true
		}
	}
	return false
}

func unsupportedVersion(v string) error {
	return fmt.Errorf("%w: CycloneDX specVersion %q (supported: %s)",
		ingest.ErrUnsupportedVersion, v, strings.Join(SupportedVersions, ", "))
}

// kinds maps CycloneDX component types to inventory kinds. Types with no
// inventory equivalent (machine-learning-model, cryptographic-asset,
// device-driver) and unknown ones are KindOther.
var kinds = map[string]inventory.Kind{
	"library":          inventory.KindLibrary,
	"application":      inventory.KindApplication,
	"framework":        inventory.KindFramework,
	"container":        inventory.KindContainer,
	"operating-system": inventory.KindOS,
	"device":           inventory.KindDevice,
	"firmware":         inventory.KindFirmware,
	"file":             inventory.KindFile,
	"platform":         inventory.KindPlatform,
	"data":             inventory.KindData,
}

// kindOf maps a CycloneDX component type to an inventory kind.
func kindOf(t string) inventory.Kind {
	if k, ok := kinds[t]; ok {
		return k
	}
	return inventory.KindOther
}

// Party field names, as they appear in evidence.
const (
	fieldSupplier         = "supplier.name"
	fieldManufacturer     = "manufacturer.name"
	fieldPublisher        = "publisher"
	fieldAuthor           = "author"
	fieldAuthors          = "authors[].name"
	fieldMetaSupplier     = "metadata.supplier.name"
	fieldMetaManufacturer = "metadata.manufacturer.name"
	fieldMetaManufacture  = "metadata.manufacture.name"
)

// rawComponent collects one component's fields while its element is read;
// build turns it into an inventory.Component.
type rawComponent struct {
	kind                                                 inventory.Kind
	bomRef, name, version, group, description, purl, cpe string
	supplier, manufacturer                               entity
	publisher, author                                    string
	authors                                              []entity
	refs                                                 []inventory.Identifier
	props                                                []inventory.Property
	line                                                 int
}

// entity is an organizational entity or contact: its name, and its URLs
// and e-mail addresses (url[], contact[].email, email).
type entity struct {
	name     string
	contacts []string
}

// parties appends e as parties in role: the name with the first e-mail
// address and the first URL, then one nameless party per further address.
func (e entity) parties(ps []inventory.Party, role inventory.Role, field string) []inventory.Party {
	name := strings.TrimSpace(e.name)
	if name == "" && len(e.contacts) == 0 {
		return ps
	}
	p := inventory.Party{Role: role, Name: name, Field: field}
	var rest []string
	for _, ct := range e.contacts {
		ct = strings.TrimSpace(ct)
		isMail := strings.Contains(ct, "@") && !strings.Contains(ct, "/")
		switch {
		case ct == "":
		case isMail && p.Email == "":
			p.Email = ct
		case !isMail && p.URL == "":
			p.URL = ct
		default:
			rest = append(rest, ct)
		}
	}
	ps = append(ps, p)
	for _, ct := range rest {
		q := inventory.Party{Role: role, Field: field}
		if strings.Contains(ct, "@") && !strings.Contains(ct, "/") {
			q.Email = ct
		} else {
			q.URL = ct
		}
		ps = append(ps, q)
	}
	return ps
}

// keep copies vs into *block, a new block of at least 256 when it is
// full, and returns the copy (capped, so nothing appends into the next
// one), nil for none: kept slices share an allocation, many components
// to one.
func keep[T any](block *[]T, vs []T) []T {
	if len(vs) == 0 {
		return nil
	}
	if cap(*block)-len(*block) < len(vs) {
		*block = make([]T, 0, max(256, len(vs)))
	}
	n := len(*block)
	*block = append(*block, vs...)
	return (*block)[n : n+len(vs) : n+len(vs)]
}

// blocks is where a decoder keeps the slices of its components (keep),
// many components to one allocation.
type blocks struct {
	ids     []inventory.Identifier
	props   []inventory.Property
	parties []inventory.Party
	strs    []string // CPEs and contacts
	// scratch for build
	partyScratch []inventory.Party
	strScratch   []string
}

// reuse lets the next components' slices overwrite the blocks from their
// start: for a reader that has handed out every component whose slices
// are in them.
func (b *blocks) reuse() {
	clear(b.ids)
	clear(b.props)
	clear(b.parties)
	clear(b.strs)
	b.ids, b.props, b.parties, b.strs = b.ids[:0], b.props[:0], b.parties[:0], b.strs[:0]
}

// urlRefTypes are the external reference types whose URL says whose the
// component is: its website and its source repository.
// The value is the evidence field name.
var urlRefTypes = map[string]string{"website": "externalReferences[website]", "vcs": "externalReferences[vcs]"}

// build makes the component. Its parties and CPEs are kept in mem when it
// is not nil.
func (rc *rawComponent) build(file string, path []string, ref string, mem *blocks) inventory.Component {
	c := inventory.Component{
		Name:        rc.name,
		Version:     rc.version,
		Kind:        rc.kind,
		Group:       rc.group,
		Description: rc.description,
		PURL:        rc.purl,
		Properties:  rc.props,
		Location:    inventory.Location{File: file, Line: rc.line, Ref: rc.bomRef, Path: path},
	}
	if c.Location.Ref == "" {
		c.Location.Ref = ref
	}
	if c.Kind == inventory.KindDevice || c.Kind == inventory.KindFirmware {
		c.Model = rc.name
	}
	if mem == nil {
		c.CPEs = cpes(nil, rc.cpe, rc.props)
	} else {
		cs := cpes(mem.strScratch[:0], rc.cpe, rc.props)
		c.CPEs = keep(&mem.strs, cs)
		mem.strScratch = cs[:0]
	}
	c.Identifiers = identifiers(rc.props)
	switch {
	case len(rc.refs) == 0:
	case c.Identifiers == nil:
		// The references as they are, in the slice the decoder kept them
		// in for this component (capped: an append makes a copy).
		c.Identifiers = rc.refs[:len(rc.refs):len(rc.refs)]
	default:
		// Identifier properties and external references together.
		c.Identifiers = append(c.Identifiers, rc.refs...)
	}

	n := len(rc.authors)
	for _, s := range [...]string{rc.supplier.name, rc.manufacturer.name, rc.publisher, rc.author} {
		if s != "" {
			n++
		}
	}
	if n > 0 || len(rc.supplier.contacts)+len(rc.manufacturer.contacts) > 0 {
		var ps []inventory.Party
		if mem == nil {
			ps = make([]inventory.Party, 0, n)
		} else {
			ps = mem.partyScratch[:0]
		}
		ps = rc.supplier.parties(ps, inventory.RoleSupplier, fieldSupplier)
		ps = rc.manufacturer.parties(ps, inventory.RoleManufacturer, fieldManufacturer)
		ps = entity{name: rc.publisher}.parties(ps, inventory.RolePublisher, fieldPublisher)
		ps = entity{name: rc.author}.parties(ps, inventory.RoleAuthor, fieldAuthor)
		for _, a := range rc.authors {
			ps = a.parties(ps, inventory.RoleAuthor, fieldAuthors)
		}
		switch {
		case len(ps) == 0:
		case mem == nil:
			c.Parties = ps
		default:
			c.Parties = keep(&mem.parties, ps)
			mem.partyScratch = ps[:0]
		}
	}
	return c
}

// IDPropertyPrefix starts the name of a property that carries a hardware
// identifier in its own field: "vendorcheck:id:pci-vendor" = "19e5", as
// `vendorcheck collect` writes (CycloneDX has no field for PCI, USB, JEDEC
// ids or MAC addresses).
const IDPropertyPrefix = "vendorcheck:id:"

// identifiers reads the identifier properties; a property of an unknown
// kind is left as a plain property.
func identifiers(props []inventory.Property) []inventory.Identifier {
	var out []inventory.Identifier
	for _, p := range props {
		kind, ok := strings.CutPrefix(p.Name, IDPropertyPrefix)
		if !ok || strings.TrimSpace(p.Value) == "" {
			continue
		}
		switch k := inventory.IDKind(kind); k {
		case inventory.IDPCIVendor, inventory.IDUSBVendor, inventory.IDMAC, inventory.IDJEDEC, inventory.IDIANAPEN, inventory.IDPartNumber:
			out = append(out, inventory.Identifier{Kind: k, Value: strings.TrimSpace(p.Value), Field: "properties." + p.Name})
		}
	}
	return out
}

// cpes appends to out (empty) the component's cpe plus CPEs carried in
// properties (syft writes extra candidates as "syft:cpe23"), without
// duplicates.
func cpes(out []string, cpe string, props []inventory.Property) []string {
	if cpe = strings.TrimSpace(cpe); cpe != "" {
		out = append(out, cpe)
	}
	for _, p := range props {
		if !isCPEProperty(p) {
			continue
		}
		v := strings.TrimSpace(p.Value)
		dup := false
		for _, o := range out {
			if o == v {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, v)
		}
	}
	return out
}

// isCPEProperty: a property whose name mentions cpe and whose value is a
// CPE 2.3 or 2.2 URI.
func isCPEProperty(p inventory.Property) bool {
	v := strings.TrimSpace(p.Value)
	if !strings.HasPrefix(v, "cpe:2.3:") && !strings.HasPrefix(v, "cpe:/") {
		return false
	}
	n := p.Name
	for i := 0; i+3 <= len(n); i++ {
		if (n[i]|0x20) == 'c' && (n[i+1]|0x20) == 'p' && (n[i+2]|0x20) == 'e' {
			return true
		}
	}
	return false
}

// metaParties are the party fields of metadata that describe the
// metadata.component (the product the BOM is about).
type metaParties struct {
	supplier, manufacturer, manufacture entity
}

// apply adds the metadata parties to c, skipping a name already present in
// the same role.
func (m *metaParties) apply(c *inventory.Component) {
	add := func(role inventory.Role, e entity, field string) {
		for _, np := range e.parties(nil, role, field) {
			if !slices.ContainsFunc(c.Parties, func(p inventory.Party) bool {
				return p.Role == np.Role && p.Name == np.Name && p.Email == np.Email && p.URL == np.URL
			}) {
				c.Parties = append(c.Parties, np)
			}
		}
	}
	add(inventory.RoleSupplier, m.supplier, fieldMetaSupplier)
	add(inventory.RoleManufacturer, m.manufacturer, fieldMetaManufacturer)
	add(inventory.RoleManufacturer, m.manufacture, fieldMetaManufacture)
}

// childPath is the Path of the children of a component at path named name.
// Its capacity is its length so that siblings share it and deeper levels
// copy.
func childPath(path []string, name string) []string {
	p := make([]string, len(path)+1)
	copy(p, path)
	p[len(path)] = name
	return p
}

// limitInput bounds what a decoder reads when it is called directly, not
// through ingest.Registry.Decode.
func limitInput(r io.Reader) *ingest.LimitedReader {
	return &ingest.LimitedReader{R: r, N: ingest.MaxInputSize}
}

func tooLarge(lr *ingest.LimitedReader) error {
	if lr.Exceeded {
		return fmt.Errorf("%w: more than %d bytes", ingest.ErrTooLarge, ingest.MaxInputSize)
	}
	return nil
}

// rotateFront moves out[from:to] before out[:from], keeping both in order,
// in place: used when metadata comes after components.
func rotateFront(out []inventory.Component, from, to int) {
	slices.Reverse(out[:from])
	slices.Reverse(out[from:to])
	slices.Reverse(out[:to])
}
