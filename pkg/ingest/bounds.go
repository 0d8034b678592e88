package ingest

import (
	"fmt"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// checkValues refuses an inventory that keeps a value longer than
// MaxValueSize, naming the component's field and line. The streaming
// decoders refuse such a value while reading; this check holds every
// decoder to the same bound.
func checkValues(inv *inventory.Inventory, name, format string) error {
	tooLong := func(c *inventory.Component, field string) error {
		return &DecodeError{File: name, Line: c.Location.Line, Format: format,
			Err: fmt.Errorf("%w: a component's %s is longer than %s (the limit for one value)", ErrTooLarge, field, FormatSize(MaxValueSize))}
	}
	if len(inv.Host) > MaxValueSize {
		return &DecodeError{File: name, Format: format, Err: fmt.Errorf("%w: the host name is longer than %s (the limit for one value)", ErrTooLarge, FormatSize(MaxValueSize))}
	}
	for i := range inv.Components {
		c := &inv.Components[i]
		for _, f := range [...]struct {
			field, v string
		}{
			{"name", c.Name}, {"version", c.Version}, {"group", c.Group}, {"description", c.Description},
			{"purl", c.PURL}, {"model", c.Model}, {"serial", c.Serial}, {"host", c.Host}, {"site", c.Site},
			{"reference", c.Location.Ref},
		} {
			if len(f.v) > MaxValueSize {
				return tooLong(c, f.field)
			}
		}
		for _, v := range c.CPEs {
			if len(v) > MaxValueSize {
				return tooLong(c, "CPE")
			}
		}
		for _, p := range c.Parties {
			if len(p.Name) > MaxValueSize || len(p.Email) > MaxValueSize || len(p.URL) > MaxValueSize {
				return tooLong(c, string(p.Role))
			}
		}
		for _, id := range c.Identifiers {
			if len(id.Value) > MaxValueSize {
				return tooLong(c, id.Field)
			}
		}
		for _, p := range c.Properties {
			if len(p.Name) > MaxValueSize || len(p.Value) > MaxValueSize {
				return tooLong(c, "property")
			}
		}
		for _, p := range c.Location.Path {
			if len(p) > MaxValueSize {
				return tooLong(c, "enclosing component's name")
			}
		}
	}
	return nil
}

// documentRefs reports whether the components a format's decoder yields
// carry the document's own references, which the format says are unique
// (CycloneDX bom-refs, SPDX identifiers), rather than references the
// decoder makes up (a sheet cell, an inventory class and name, which two
// entries of a real inventory may share).
func documentRefs(format string) bool {
	return strings.HasPrefix(format, "cyclonedx-") || strings.HasPrefix(format, "spdx")
}

// maxDuplicateRefWarnings bounds the warnings about shared references;
// the rest are counted in one more.
const maxDuplicateRefWarnings = 10

// warnDuplicateRefs warns about a reference (a CycloneDX bom-ref, an
// SPDXID) that more than one component carries. Such a document is read
// and every component in it is checked (refusing it would refuse the
// output of several SBOM generators), but the reference no longer says
// which component a finding is about, so the author should hear of it. One pass and one map
// whatever the number of duplicates: 10^6 components sharing one reference
// cost what 10^6 distinct ones do.
func warnDuplicateRefs(inv *inventory.Inventory) {
	type seen struct {
		first, count int
		second       int
	}
	idx := make(map[string]int, len(inv.Components)) // ref -> index in dups, or -1
	var dups []seen
	var order []string
	for i := range inv.Components {
		ref := inv.Components[i].Location.Ref
		if ref == "" {
			continue
		}
		j, ok := idx[ref]
		switch {
		case !ok:
			idx[ref] = -1 - i // first seen at component i
		case j < 0:
			idx[ref] = len(dups)
			dups = append(dups, seen{first: -1 - j, second: i, count: 2})
			order = append(order, ref)
		default:
			dups[j].count++
		}
	}
	for k, d := range dups {
		if k == maxDuplicateRefWarnings {
			inv.Warnings = append(inv.Warnings, inventory.Warning{
				Message: fmt.Sprintf("%d more references are each given to more than one component", len(dups)-k)})
			break
		}
		first, second := &inv.Components[d.first], &inv.Components[d.second]
		where := ""
		if first.Location.Line > 0 && second.Location.Line > 0 {
			where = fmt.Sprintf(" (first on line %d, again on line %d)", first.Location.Line, second.Location.Line)
		}
		inv.Warnings = append(inv.Warnings, inventory.Warning{Line: second.Location.Line,
			Message: fmt.Sprintf("reference %q is given to %d components%s: each is checked, but the reference does not tell them apart", order[k], d.count, where)})
	}
}
