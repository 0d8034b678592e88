package ingest

import (
	"fmt"
	"hash/maphash"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// guard checks every component a decoder yields, decoded whole or
// streamed: no kept value longer than MaxValueSize (the streaming decoders
// refuse one while reading; this holds every decoder to the bound), and,
// for formats whose references are the document's own, a warning for a
// reference that more than one component carries.
type guard struct {
	file, format string
	refs         bool

	seed maphash.Seed
	seen refLog
}

type dupRef struct {
	ref          string
	first, again int
	count        int
}

func newGuard(file, format string) *guard {
	g := &guard{file: file, format: format, refs: documentRefs(format)}
	if g.refs {
		g.seed = maphash.MakeSeed()
	}
	return g
}

// documentRefs reports whether the components a format's decoder yields
// carry the document's own references, which the format says are unique
// (CycloneDX bom-refs, SPDX identifiers), rather than references the
// decoder makes up (a sheet cell, an inventory class and name, which two
// entries of a real inventory may share).
func documentRefs(format string) bool {
	return strings.HasPrefix(format, "cyclonedx-") || strings.HasPrefix(format, "spdx")
}

// component checks one component: an error for a value over the limit.
func (g *guard) component(c *inventory.Component) error {
	if err := g.values(c); err != nil {
		return err
	}
	if g.refs && c.Location.Ref != "" {
		g.ref(c.Location.Ref, c.Location.Line)
	}
	return nil
}

func (g *guard) values(c *inventory.Component) error {
	tooLong := func(field string) error {
		return &DecodeError{File: g.file, Line: c.Location.Line, Format: g.format,
			Err: fmt.Errorf("%w: a component's %s is longer than %s (the limit for one value)", ErrTooLarge, field, FormatSize(MaxValueSize))}
	}
	for _, f := range [...]struct {
		field, v string
	}{
		{"name", c.Name}, {"version", c.Version}, {"group", c.Group}, {"description", c.Description},
		{"purl", c.PURL}, {"model", c.Model}, {"serial", c.Serial}, {"host", c.Host}, {"site", c.Site},
		{"reference", c.Location.Ref},
	} {
		if len(f.v) > MaxValueSize {
			return tooLong(f.field)
		}
	}
	for _, v := range c.CPEs {
		if len(v) > MaxValueSize {
			return tooLong("CPE")
		}
	}
	for _, p := range c.Parties {
		if len(p.Name) > MaxValueSize || len(p.Email) > MaxValueSize || len(p.URL) > MaxValueSize {
			return tooLong(string(p.Role))
		}
	}
	for _, id := range c.Identifiers {
		if len(id.Value) > MaxValueSize {
			return tooLong(id.Field)
		}
	}
	for _, p := range c.Properties {
		if len(p.Name) > MaxValueSize || len(p.Value) > MaxValueSize {
			return tooLong("property")
		}
	}
	for _, p := range c.Location.Path {
		if len(p) > MaxValueSize {
			return tooLong("enclosing component's name")
		}
	}
	return nil
}

// ref records a reference, as its 64-bit hash (with a seed of this
// process, so that an input cannot choose collisions): refLog finds the
// ones given more than once.
func (g *guard) ref(ref string, line int) {
	g.seen.add(maphash.String(g.seed, ref), ref, int32(line))
}

// maxDuplicateRefWarnings bounds the warnings about shared references;
// the rest are counted in one more.
const maxDuplicateRefWarnings = 10

// finish adds the warnings about shared references to inv. Such a document
// is read and every component in it is checked (refusing it would refuse
// the output of several SBOM generators), but the reference no longer says
// which component a finding is about, so the author should hear of it.
func (g *guard) finish(inv *inventory.Inventory) error {
	if len(inv.Host) > MaxValueSize {
		return &DecodeError{File: g.file, Format: g.format, Err: fmt.Errorf("%w: the host name is longer than %s (the limit for one value)", ErrTooLarge, FormatSize(MaxValueSize))}
	}
	dups := g.seen.dups()
	for k, d := range dups {
		if k == maxDuplicateRefWarnings {
			inv.Warnings = append(inv.Warnings, inventory.Warning{
				Message: fmt.Sprintf("%d more references are each given to more than one component", len(dups)-k)})
			break
		}
		where := ""
		if d.first > 0 && d.again > 0 {
			where = fmt.Sprintf(" (first on line %d, again on line %d)", d.first, d.again)
		}
		inv.Warnings = append(inv.Warnings, inventory.Warning{Line: d.again,
			Message: fmt.Sprintf("reference %q is given to %d components%s: each is checked, but the reference does not tell them apart", d.ref, d.count, where)})
	}
	g.seen = refLog{}
	return nil
}
