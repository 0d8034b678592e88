package spdx3

import (
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// inventory resolves references between the elements read and builds the
// components: one per package element, in document order.
func (rd *reader) inventory() (*inventory.Inventory, error) {
	byID := make(map[string]*element, len(rd.elems))
	var version string
	var docs []*element
	for _, e := range rd.elems {
		if e.id != "" {
			if _, dup := byID[e.id]; !dup {
				byID[e.id] = e
			}
		}
		if version == "" {
			switch {
			case shortType(e.typ) == "CreationInfo" && e.specVersion != "":
				version = e.specVersion
			case e.creationSpec != "":
				version = e.creationSpec
			}
		}
		if shortType(e.typ) == "SpdxDocument" {
			docs = append(docs, e)
		}
	}
	if version != "" && !strings.HasPrefix(version, "3.") {
		return nil, errorf(rd.file, 0, "%w: specVersion %q; this decoder reads SPDX 3.x", ingest.ErrUnsupportedVersion, version)
	}

	// "contains" between two packages nests the second under the first.
	parent := map[string]string{}
	for _, e := range rd.elems {
		if shortType(e.typ) != "Relationship" || e.relType != "contains" {
			continue
		}
		from := byID[e.from]
		if from == nil || !from.isPackage() {
			continue
		}
		for _, to := range e.to {
			if t := byID[to]; t != nil && t.isPackage() && to != e.from {
				if _, ok := parent[to]; !ok {
					parent[to] = e.from
				}
			}
		}
	}

	inv := &inventory.Inventory{Source: rd.file, Format: ID, Components: []inventory.Component{}}
	if version != "" {
		inv.SpecVersion = "SPDX-" + version
	}
	for _, e := range rd.elems {
		if !e.isPackage() {
			continue
		}
		inv.Components = append(inv.Components, rd.component(e, byID, parent))
	}
	inv.Host = host(docs, byID)
	return inv, nil
}

func (rd *reader) component(e *element, byID map[string]*element, parent map[string]string) inventory.Component {
	c := inventory.Component{
		Name:     strings.TrimSpace(e.name),
		Version:  strings.TrimSpace(e.version),
		Kind:     kind(e),
		PURL:     strings.TrimSpace(e.purl),
		Location: inventory.Location{File: rd.file, Line: e.line, Ref: e.id},
	}
	c.Description = strings.TrimSpace(e.summary)
	if c.Description == "" {
		c.Description = strings.TrimSpace(e.description)
	}
	for _, x := range e.extIDs {
		switch x.typ {
		case "packageUrl":
			if c.PURL == "" {
				c.PURL = x.value
			}
		case "cpe22", "cpe23":
			c.CPEs = append(c.CPEs, x.value)
		}
	}
	c.Parties = appendParties(c.Parties, inventory.RoleSupplier, "suppliedBy", e.suppliedBy, byID)
	c.Parties = appendParties(c.Parties, inventory.RoleOriginator, "originatedBy", e.originatedBy, byID)
	c.Properties = append(c.Properties, inventory.Property{Name: "spdx3:type", Value: e.typ})
	if e.purpose != "" {
		c.Properties = append(c.Properties, inventory.Property{Name: "spdx3:primaryPurpose", Value: e.purpose})
	}
	// The path of enclosing packages, outermost first; cycles and very deep
	// chains stop the walk.
	seen := map[string]bool{e.id: true}
	var path []string
	for p, ok := parent[e.id]; ok && len(path) < MaxPathDepth && !seen[p]; p, ok = parent[p] {
		seen[p] = true
		name := strings.TrimSpace(byID[p].name)
		if name == "" {
			name = p
		}
		path = append(path, name)
	}
	for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
		path[i], path[j] = path[j], path[i]
	}
	c.Location.Path = path
	return c
}

// appendParties resolves agent references into parties. An agent that the
// document does not define (an id only) names no one; NOASSERTION and NONE
// are no party. Persons are marked so that they are never matched as
// companies.
func appendParties(ps []inventory.Party, role inventory.Role, field string, refs []ref, byID map[string]*element) []inventory.Party {
	for _, r := range refs {
		a := r.inline
		if a == nil {
			a = byID[r.id]
		}
		if a == nil {
			continue
		}
		name := strings.TrimSpace(a.name)
		switch strings.ToUpper(name) {
		case "", "NOASSERTION", "NONE":
			continue
		}
		ps = append(ps, inventory.Party{Role: role, Name: name, Field: field, Person: shortType(a.typ) == "Person"})
	}
	return ps
}

// kind maps software_primaryPurpose (and the package's own type) to a
// component kind, as the SPDX 2 decoder does for primaryPackagePurpose.
func kind(e *element) inventory.Kind {
	p := e.purpose
	if i := strings.LastIndexAny(p, "/#"); i >= 0 {
		p = p[i+1:]
	}
	switch strings.ToLower(p) {
	case "":
		switch shortType(e.typ) {
		case "AIPackage", "DatasetPackage":
			return inventory.KindData
		}
		return inventory.KindLibrary
	case "application", "executable":
		return inventory.KindApplication
	case "library", "module":
		return inventory.KindLibrary
	case "framework":
		return inventory.KindFramework
	case "container", "diskimage", "filesystemimage":
		return inventory.KindContainer
	case "operatingsystem":
		return inventory.KindOS
	case "device":
		return inventory.KindDevice
	case "firmware":
		return inventory.KindFirmware
	case "platform":
		return inventory.KindPlatform
	case "data", "model":
		return inventory.KindData
	case "file", "source", "archive", "install", "patch":
		return inventory.KindFile
	}
	return inventory.KindOther
}

// host names what the document describes: its single root package, looking
// through an Sbom element that has a single root.
func host(docs []*element, byID map[string]*element) string {
	if len(docs) != 1 || len(docs[0].rootElements) != 1 {
		return ""
	}
	e := byID[docs[0].rootElements[0]]
	for range 4 {
		if e == nil {
			return ""
		}
		if e.isPackage() {
			return strings.TrimSpace(e.name)
		}
		if len(e.rootElements) != 1 {
			return ""
		}
		e = byID[e.rootElements[0]]
	}
	return ""
}
