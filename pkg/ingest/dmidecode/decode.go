// Package dmidecode is the ingest stage for the text output of dmidecode
// (SMBIOS/DMI tables): the system, base board, chassis, BIOS, processors,
// memory modules and power supplies it describes become inventory
// components, with the manufacturer, model, part number and JEDEC
// manufacturer id each structure records.
//
// Like every ingest package it makes no judgement about vendors: raw JEDEC
// codes are passed on as written, for the matcher to interpret. Values are
// taken only from their own fields; a serial number, OEM string, BIOS
// version or table address never becomes an identifier.
package dmidecode

import (
	"bytes"
	"context"
	"encoding/hex"
	"io"
	"strconv"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/hwtext"
	"github.com/vendorcheck/vendorcheck/pkg/internal/lazyre"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// ID is the decoder id.
const ID = "dmidecode"

// New returns the dmidecode decoder.
func New() ingest.Decoder { return &decoder{} }

type decoder struct{}

var _ ingest.Decoder = (*decoder)(nil)

func (*decoder) ID() string { return ID }

var (
	reHandle     = lazyre.New(`^Handle (0x[0-9A-Fa-f]{4}), DMI type (\d+), (\d+) bytes\.?$`)
	reHandleHead = lazyre.New(`(?m)^Handle 0x[0-9A-Fa-f]{4}, DMI type \d+, \d+ bytes`)
	reSMBIOS     = lazyre.New(`^SMBIOS (\d+(?:\.\d+)*) present`)
)

// Identify recognises dmidecode output by its "# dmidecode" banner or by a
// "Handle 0x...., DMI type N, M bytes" structure header.
func (*decoder) Identify(head []byte) bool {
	first, ok := hwtext.FirstLine(head)
	if !ok {
		return false
	}
	if strings.HasPrefix(first, "# dmidecode") {
		return true
	}
	// The header's fixed words first: the expression runs only on text
	// that has them.
	return bytes.Contains(head, []byte("Handle 0x")) && reHandleHead.Match(head)
}

// field is one "Key: Value" line of a structure.
type field struct {
	key, value string
	line       int
}

// record is one DMI structure.
type record struct {
	handle string
	typ    int
	line   int // the Handle line
	title  string
	fields []field
}

func (r *record) get(key string) string {
	for _, f := range r.fields {
		if f.key == key {
			return strings.TrimSpace(f.value)
		}
	}
	return ""
}

type parseState int

const (
	stHeader parseState = iota
	stTitle
	stBody
	stBetween
)

// Decode parses the structures and converts those that describe hardware.
func (*decoder) Decode(ctx context.Context, r io.Reader, name string) (*inventory.Inventory, error) {
	var (
		recs   []*record
		cur    *record
		state  = stHeader
		smbios string
	)
	err := hwtext.Lines(r, func(n int, line string) error {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if strings.HasPrefix(line, "Handle ") {
			m := reHandle.FindStringSubmatch(line)
			if m == nil {
				return hwtext.Malformed(name, n, ID, "malformed structure header %q", line)
			}
			typ, _ := strconv.Atoi(m[2])
			cur = &record{handle: m[1], typ: typ, line: n}
			recs = append(recs, cur)
			state = stTitle
			return nil
		}
		blank := strings.TrimSpace(line) == ""
		indented := strings.HasPrefix(line, "\t") || strings.HasPrefix(line, " ")
		switch state {
		case stHeader:
			if m := reSMBIOS.FindStringSubmatch(line); m != nil {
				smbios = m[1]
			}
		case stTitle:
			if blank || indented {
				return hwtext.Malformed(name, n, ID, "structure %s (line %d) has no name", cur.handle, cur.line)
			}
			cur.title = strings.TrimSpace(line)
			state = stBody
		case stBody:
			switch {
			case blank:
				state = stBetween
			case strings.HasPrefix(line, "\t\t"), strings.HasPrefix(line, "        "):
				// list items and hex dumps under a "Key:" line
			case indented:
				k, v, ok := strings.Cut(strings.TrimSpace(line), ":")
				if !ok {
					// a bare value line (seen in anonymised dumps); not a field
					return nil
				}
				cur.fields = append(cur.fields, field{key: strings.TrimSpace(k), value: v, line: n})
			default:
				// a sub-heading, as type 40 has ("Additional Information 2")
			}
		case stBetween:
			if blank {
				return nil
			}
			if indented || !diagnostic(line) {
				return hwtext.Malformed(name, n, ID, "unexpected text %q between DMI structures", clip(line))
			}
		}
		return nil
	})
	if err != nil {
		return nil, hwtext.Wrap(name, ID, err)
	}
	if len(recs) == 0 {
		return nil, hwtext.Malformed(name, 0, ID, "no DMI structures (no \"Handle 0x...., DMI type\" lines)")
	}
	if state == stTitle {
		return nil, hwtext.Malformed(name, cur.line, ID, "truncated: structure %s has no name", cur.handle)
	}

	inv := &inventory.Inventory{Source: name, Format: ID, SpecVersion: smbios, Components: []inventory.Component{}}
	for _, rec := range recs {
		if c, ok := convert(rec, name); ok {
			inv.Components = append(inv.Components, c)
		}
	}
	inv.Host = host(recs)
	for i := range inv.Components {
		inv.Components[i].Host = inv.Host
	}
	return inv, nil
}

// diagnostic reports whether a line between structures is one of
// dmidecode's own messages ("Invalid entry length (16). Fixed up to 11.",
// "Wrong DMI structures count: ...") rather than foreign text.
func diagnostic(line string) bool {
	l := strings.ToLower(line)
	for _, w := range []string{"dmi", "smbios", "table", "entry", "structure", "handle"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "..."
	}
	return s
}

// SMBIOS structure types converted to components, and the record labels
// used in Party and Identifier fields.
const (
	typeBIOS        = 0
	typeSystem      = 1
	typeBoard       = 2
	typeChassis     = 3
	typeProcessor   = 4
	typeMemory      = 17
	typePowerSupply = 39
)

var labels = map[int]string{
	typeBIOS:        "BIOS Information",
	typeSystem:      "System Information",
	typeBoard:       "Base Board Information",
	typeChassis:     "Chassis Information",
	typeProcessor:   "Processor Information",
	typeMemory:      "Memory Device",
	typePowerSupply: "System Power Supply",
}

// Identifier fields the decoder emits; nothing else ever yields an
// identifier.
const (
	FieldMemoryManufacturer   = "Memory Device.Manufacturer"
	FieldModuleManufacturerID = "Memory Device.Module Manufacturer ID"
	FieldMemoryPartNumber     = "Memory Device.Part Number"
	FieldPSUPartNumber        = "System Power Supply.Model Part Number"
)

// IdentifierFields lists every Field an identifier from this decoder can
// carry.
var IdentifierFields = []string{FieldMemoryManufacturer, FieldModuleManufacturerID, FieldMemoryPartNumber, FieldPSUPartNumber}

func convert(rec *record, file string) (inventory.Component, bool) {
	label, ok := labels[rec.typ]
	if !ok {
		return inventory.Component{}, false
	}
	c := inventory.Component{
		Location: inventory.Location{File: file, Line: rec.line, Ref: "handle " + rec.handle},
	}
	v := func(key string) string { return hwtext.Value(rec.get(key)) }
	party := func(role inventory.Role, key string) string {
		val := v(key)
		if val != "" {
			c.Parties = append(c.Parties, inventory.Party{Role: role, Name: val, Field: label + "." + key})
		}
		return val
	}
	prop := func(key string) {
		if val := v(key); val != "" {
			c.Properties = append(c.Properties, inventory.Property{Name: label + "." + key, Value: val})
		}
	}
	switch rec.typ {
	case typeBIOS:
		c.Kind = inventory.KindBIOS
		vendor := party(inventory.RoleVendor, "Vendor")
		c.Version = v("Version")
		c.Name = join(vendor, "BIOS", c.Version)
		prop("Release Date")
	case typeSystem, typeBoard:
		c.Kind = inventory.KindSystem
		if rec.typ == typeBoard {
			c.Kind = inventory.KindBoard
		}
		mfr := party(inventory.RoleManufacturer, "Manufacturer")
		c.Model = v("Product Name")
		c.Version = v("Version")
		c.Serial = v("Serial Number")
		c.Name = join(mfr, c.Model)
		prop("SKU Number")
		prop("Family")
	case typeChassis:
		c.Kind = inventory.KindChassis
		mfr := party(inventory.RoleManufacturer, "Manufacturer")
		c.Version = v("Version")
		c.Serial = v("Serial Number")
		c.Name = join(mfr, v("Type"))
		prop("Type")
		prop("SKU Number")
	case typeProcessor:
		if strings.Contains(rec.get("Status"), "Unpopulated") {
			return c, false
		}
		c.Kind = inventory.KindProcessor
		mfr := party(inventory.RoleManufacturer, "Manufacturer")
		c.Model = v("Version")
		c.Serial = v("Serial Number")
		c.Name = c.Model
		if c.Name == "" {
			c.Name = join(mfr, v("Family"), "processor")
		}
		prop("Socket Designation")
		prop("Family")
		prop("Part Number")
	case typeMemory:
		if size := rec.get("Size"); size == "No Module Installed" || size == "Not Installed" {
			return c, false
		}
		c.Kind = inventory.KindMemory
		memory(&c, rec, label)
	case typePowerSupply:
		if strings.Contains(rec.get("Status"), "Not Present") {
			return c, false
		}
		c.Kind = inventory.KindOther
		mfr := party(inventory.RoleManufacturer, "Manufacturer")
		c.Model = v("Name")
		c.Serial = v("Serial Number")
		if pn := v("Model Part Number"); pn != "" {
			c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDPartNumber, Value: pn, Field: FieldPSUPartNumber})
		}
		c.Name = join(mfr, c.Model, "power supply")
		prop("Location")
		prop("Revision")
	}
	if c.Name == "" {
		c.Name = label
	}
	return c, true
}

// memory fills a Memory Device component. A Manufacturer written as a raw
// hex code ("802C8632802C", "0x2C00000000000000", "Unknown - [0x9B85]") is
// a JEDEC identifier, kept raw for the matcher; a part number written as
// hex-encoded ASCII is decoded.
func memory(c *inventory.Component, rec *record, label string) {
	mfr := strings.TrimSpace(rec.get("Manufacturer"))
	name := ""
	switch {
	case hwtext.IsPlaceholder(mfr):
	case hwtext.IsHexCode(mfr):
		c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDJEDEC, Value: mfr, Field: FieldMemoryManufacturer})
	default:
		if n, ok := hwtext.EmbeddedHexCode(mfr); ok {
			c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDJEDEC, Value: mfr, Field: FieldMemoryManufacturer})
			name = n
		} else {
			name = mfr
		}
		if name != "" {
			c.Parties = append(c.Parties, inventory.Party{Role: inventory.RoleManufacturer, Name: name, Field: FieldMemoryManufacturer})
		}
	}
	if id := hwtext.Value(rec.get("Module Manufacturer ID")); id != "" {
		c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDJEDEC, Value: id, Field: FieldModuleManufacturerID})
	}
	pn := hwtext.Value(rec.get("Part Number"))
	if dec, ok := hexASCII(pn); ok {
		c.Properties = append(c.Properties, inventory.Property{Name: label + ".Part Number (raw)", Value: pn})
		pn = dec
	}
	if pn != "" {
		c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDPartNumber, Value: pn, Field: FieldMemoryPartNumber})
	}
	c.Serial = hwtext.Value(rec.get("Serial Number"))
	loc := hwtext.Value(rec.get("Locator"))
	c.Name = join(loc, name, pn)
	for _, k := range []string{"Locator", "Bank Locator", "Size", "Type", "Form Factor", "Speed"} {
		if val := hwtext.Value(rec.get(k)); val != "" {
			c.Properties = append(c.Properties, inventory.Property{Name: label + "." + k, Value: val})
		}
	}
}

// hexASCII decodes a part number some firmware (Apple) writes as hex-encoded
// ASCII: "0x31364854..." -> "16HT...". It reports false unless the value has
// the 0x prefix and decodes to printable ASCII.
func hexASCII(s string) (string, bool) {
	h, ok := strings.CutPrefix(s, "0x")
	if !ok || len(h) < 4 || len(h)%2 != 0 {
		return "", false
	}
	b, err := hex.DecodeString(h)
	if err != nil {
		return "", false
	}
	b = []byte(strings.TrimRight(string(b), "\x00 "))
	if len(b) == 0 {
		return "", false
	}
	for _, c := range b {
		if c < 0x20 || c > 0x7e {
			return "", false
		}
	}
	return strings.TrimSpace(string(b)), true
}

func join(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " ")
}

// host names the machine: the System Information serial number, else its
// manufacturer and product name.
func host(recs []*record) string {
	for _, r := range recs {
		if r.typ != typeSystem {
			continue
		}
		if s := hwtext.Value(r.get("Serial Number")); s != "" {
			return s
		}
		return join(hwtext.Value(r.get("Manufacturer")), hwtext.Value(r.get("Product Name")))
	}
	return ""
}
