package catalog

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/internal/lazyre"
	"github.com/vendorcheck/vendorcheck/pkg/internal/yamlstrict"
)

var idRe = lazyre.New(`^[a-z0-9][a-z0-9-]*$`)

// Parse decodes one vendor file strictly and validates it. name is used in
// errors.
func Parse(name string, data []byte) (*Entity, error) {
	var e Entity
	if err := yamlstrict.Decode(name, data, &e); err != nil {
		return nil, err
	}
	e.File = name
	if err := e.Validate(); err != nil {
		return nil, err
	}
	return &e, nil
}

// Validate checks an entity's fields: an id, at least one name, well-formed
// identifiers and compilable part patterns.
func (e *Entity) Validate() error {
	var errs yamlstrict.Errors
	bad := func(format string, a ...any) {
		errs = append(errs, &yamlstrict.Error{File: e.File, Msg: fmt.Sprintf(format, a...)})
	}
	if !idRe.MatchString(e.ID) {
		bad("id %q must be lower-case letters, digits and dashes", e.ID)
	}
	if e.Name == "" {
		bad("entity %s has no name", e.ID)
	}
	if len(e.Names) == 0 {
		bad("entity %s lists no names", e.ID)
	}
	check := func(where string, ids Identifiers) {
		for _, f := range ids.PCIVendors {
			if !isHex4(f.Value) {
				bad("%s: pci vendor %q is not 4 hex digits", where, f.Value)
			}
		}
		for _, f := range ids.USBVendors {
			if !isHex4(f.Value) {
				bad("%s: usb vendor %q is not 4 hex digits", where, f.Value)
			}
		}
		for _, f := range ids.IANAPENs {
			if _, err := strconv.ParseUint(f.Value, 10, 32); err != nil {
				bad("%s: iana pen %q is not a number", where, f.Value)
			}
		}
		for _, j := range ids.JEDEC {
			if _, err := j.CodeByte(); err != nil || j.Bank < 1 || j.Bank > 16 {
				bad("%s: jedec bank %d code %q: want bank 1-16 and a code 0x01-0x7F", where, j.Bank, j.Code)
			}
		}
		for _, p := range ids.PartPatterns {
			if _, err := regexp.Compile(p.Pattern); err != nil {
				bad("%s: part pattern %q: %v", where, p.Pattern, err)
			}
		}
		for _, f := range ids.PURLPrefixes {
			if !strings.HasPrefix(f.Value, "pkg:") {
				bad("%s: purl prefix %q must start with pkg:", where, f.Value)
			}
		}
	}
	check(e.ID, e.Identifiers)
	for _, r := range append(append([]Related{}, e.Brands...), e.Subsidiaries...) {
		if r.Name == "" {
			bad("%s: a brand or subsidiary has no name", e.ID)
		}
		if !r.From.IsZero() && !r.Until.IsZero() && !r.From.Before(r.Until.Time) {
			bad("%s: %s: from %s is not before until %s", e.ID, r.Name, r.From, r.Until)
		}
		check(e.ID+": "+r.Name, r.Identifiers)
	}
	if len(errs) == 1 {
		return errs[0]
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// CodeByte returns the JEP106 code without its parity bit.
func (j JEDEC) CodeByte() (byte, error) {
	s := strings.TrimPrefix(strings.ToLower(j.Code), "0x")
	v, err := strconv.ParseUint(s, 16, 8)
	if err != nil || v&0x7f == 0 {
		return 0, fmt.Errorf("invalid jedec code %q", j.Code)
	}
	return byte(v & 0x7f), nil
}

func isHex4(s string) bool {
	if len(s) != 4 {
		return false
	}
	_, err := strconv.ParseUint(s, 16, 16)
	return err == nil
}

// LoadFS loads every *.yaml file in dir of fsys, in name order.
func LoadFS(fsys fs.FS, dir string) (*Catalog, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	var es []*Entity
	var errs yamlstrict.Errors
	for _, n := range names {
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		e, err := Parse(n, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		es = append(es, e)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return New(es)
}
