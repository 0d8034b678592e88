package ingest

import (
	"fmt"

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
