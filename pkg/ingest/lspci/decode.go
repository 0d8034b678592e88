// Package lspci is the ingest stage for lspci listings: "lspci -nn" (and
// plain "lspci"), "lspci -v[v]nn" and "lspci -vmm[ -nn]". Every PCI
// function becomes an inventory component with its vendor, device name,
// PCI vendor id and subsystem vendor id.
//
// Like every ingest package it makes no judgement about vendors. PCI ids
// are taken only from the "[vvvv:dddd]" lspci prints for the device and
// its subsystem; capability dumps, device serial numbers and addresses
// never become identifiers.
package lspci

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/hwtext"
	"github.com/vendorcheck/vendorcheck/pkg/internal/lazyre"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// ID is the decoder id.
const ID = "lspci"

// Identifier fields the decoder emits; nothing else yields an identifier.
const (
	FieldVendorID          = "vendor-id"
	FieldSubsystemVendorID = "subsystem-vendor-id"
)

// IdentifierFields lists every Field an identifier from this decoder can
// carry.
var IdentifierFields = []string{FieldVendorID, FieldSubsystemVendorID}

// New returns the lspci decoder.
func New() ingest.Decoder { return &decoder{} }

type decoder struct{}

var _ ingest.Decoder = (*decoder)(nil)

func (*decoder) ID() string { return ID }

const slotPattern = `(?:[0-9a-fA-F]{4,8}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]`

var (
	// "00:1f.3 Audio device [0403]: Intel Corporation ... [8086:a348]",
	// "0000:00:1f.3 Audio device: Intel Corporation ..."
	reDeviceLine = lazyre.New(`^(` + slotPattern + `) (\S.*?): (.*)$`)
	// "lspci -n": "00:1f.3 0403: 8086:a348 (rev 10)"
	reNumericLine = lazyre.New(`^(` + slotPattern + `) ([0-9a-fA-F]{4}): ([0-9a-fA-F]{4}):([0-9a-fA-F]{4})(.*)$`)
	reVMMSlot     = lazyre.New(`^Slot:\s+` + slotPattern + `\s*$`)
	reClassCode   = lazyre.New(`^(.*?)\s*\[([0-9a-fA-F]{4})\]$`)
	reIDs         = lazyre.New(`\s*\[([0-9a-fA-F]{4}):([0-9a-fA-F]{4})\]$`)
	reVendorCode  = lazyre.New(`^(.*?)\s*\[([0-9a-fA-F]{4})\]$`)
	reSuffixes    = lazyre.New(`(?:\s+\((?:rev [0-9a-fA-F]+|prog-if [0-9a-fA-F]+(?: \[[^\]]*\])?)\))+$`)
	reRev         = lazyre.New(`\(rev ([0-9a-fA-F]+)\)`)
	reTruncated   = lazyre.New(`\s*(?:\[[0-9a-fA-F:]*)?\.\.\.$`)
)

// Identify recognises lspci output by its first line: a device line
// ("00:1f.3 Audio device [0403]: ...") or, for -vmm, "Slot:\t00:1f.3".
func (*decoder) Identify(head []byte) bool {
	first, ok := hwtext.FirstLine(head)
	if !ok {
		return false
	}
	// A slot begins with a hex digit: the expressions run only on a line
	// that can be one, and are compiled only then.
	if isHexDigit(first[0]) {
		return reDeviceLine.MatchString(first) || reNumericLine.MatchString(first)
	}
	return strings.HasPrefix(first, "Slot:") && reVMMSlot.MatchString(first)
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// device is one PCI function as read, before conversion.
type device struct {
	line                  int
	slot                  string
	class, classCode      string
	vendor, vendorID      string
	name, deviceID        string
	combined              string // "vendor device" as lspci prints on one line
	svendor, svendorID    string
	sdevice, scombined    string
	rev, driver, physSlot string
	truncated             bool
}

// Decode reads every device.
func (*decoder) Decode(ctx context.Context, r io.Reader, name string) (*inventory.Inventory, error) {
	var (
		devs  []*device
		cur   *device
		vmm   bool
		first = true
	)
	err := hwtext.Lines(r, func(n int, line string) error {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if strings.TrimSpace(line) == "" {
			if vmm {
				cur = nil
			}
			return nil
		}
		if first {
			first = false
			vmm = reVMMSlot.MatchString(line)
		}
		if vmm {
			k, v, ok := strings.Cut(line, ":")
			if !ok || k == "" || strings.ContainsAny(k, " \t") {
				return hwtext.Malformed(name, n, ID, "expected a \"Key:\\tvalue\" line of lspci -vmm, found %q", clip(line))
			}
			v = strings.TrimSpace(v)
			if k == "Slot" {
				cur = &device{line: n, slot: v}
				devs = append(devs, cur)
				return nil
			}
			if cur == nil {
				return hwtext.Malformed(name, n, ID, "%q outside a device record (each starts with \"Slot:\")", k)
			}
			vmmField(cur, k, v)
			return nil
		}
		if strings.HasPrefix(line, "\t") || strings.HasPrefix(line, " ") {
			if cur == nil {
				return hwtext.Malformed(name, n, ID, "indented line before the first device line")
			}
			detail(cur, line)
			return nil
		}
		d, err := deviceLine(line)
		if err != nil {
			return hwtext.Malformed(name, n, ID, "%v", err)
		}
		d.line = n
		cur = d
		devs = append(devs, d)
		return nil
	})
	if err != nil {
		return nil, hwtext.Wrap(name, ID, err)
	}
	if len(devs) == 0 {
		return nil, hwtext.Malformed(name, 0, ID, "no PCI devices")
	}
	inv := &inventory.Inventory{Source: name, Format: ID, Components: make([]inventory.Component, 0, len(devs))}
	for _, d := range devs {
		if d.slot == "" {
			return nil, hwtext.Malformed(name, d.line, ID, "device without a slot")
		}
		inv.Components = append(inv.Components, component(d, name))
	}
	return inv, nil
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "..."
	}
	return s
}

// deviceLine parses "slot class [cccc]: vendor device [vvvv:dddd] (rev xx)".
func deviceLine(line string) (*device, error) {
	if m := reNumericLine.FindStringSubmatch(line); m != nil {
		d := &device{slot: m[1], classCode: strings.ToLower(m[2]), vendorID: strings.ToLower(m[3]), deviceID: strings.ToLower(m[4])}
		if r := reRev.FindStringSubmatch(m[5]); r != nil {
			d.rev = r[1]
		}
		return d, nil
	}
	m := reDeviceLine.FindStringSubmatch(line)
	if m == nil {
		return nil, fmt.Errorf("expected an lspci device line (\"00:1f.3 Class [cccc]: Vendor Device [vvvv:dddd]\"), found %q", clip(line))
	}
	d := &device{slot: m[1], class: m[2]}
	if c := reClassCode.FindStringSubmatch(d.class); c != nil {
		d.class, d.classCode = c[1], strings.ToLower(c[2])
	}
	text := m[3]
	if r := reRev.FindStringSubmatch(reSuffixes.FindString(text)); r != nil {
		d.rev = r[1]
	}
	text = reSuffixes.ReplaceAllString(text, "")
	if ids := reIDs.FindStringSubmatch(text); ids != nil {
		d.vendorID, d.deviceID = strings.ToLower(ids[1]), strings.ToLower(ids[2])
		text = text[:len(text)-len(ids[0])]
	} else if cut := reTruncated.FindString(text); cut != "" {
		// lspci cuts long names, ids included: "... Registers [808..."; a
		// partial id is no id
		d.truncated = true
		text = text[:len(text)-len(cut)]
	}
	d.combined = strings.TrimSpace(text)
	return d, nil
}

// detail reads one indented line of lspci -v output; only the device's own
// Subsystem, driver and slot are used.
func detail(d *device, line string) {
	if strings.HasPrefix(line, "\t\t") {
		return
	}
	k, v, ok := strings.Cut(strings.TrimSpace(line), ": ")
	if !ok {
		return
	}
	switch k {
	case "Subsystem":
		if ids := reIDs.FindStringSubmatch(v); ids != nil {
			d.svendorID = strings.ToLower(ids[1])
			v = v[:len(v)-len(ids[0])]
		}
		d.scombined = strings.TrimSpace(v)
	case "Kernel driver in use":
		d.driver = strings.TrimSpace(v)
	case "Physical Slot":
		d.physSlot = strings.TrimSpace(v)
	}
}

// vmmField reads one "Key:\tvalue" line of lspci -vmm.
func vmmField(d *device, k, v string) {
	code := func(s string) (string, string) {
		if m := reVendorCode.FindStringSubmatch(s); m != nil {
			return strings.TrimSpace(m[1]), strings.ToLower(m[2])
		}
		return s, ""
	}
	switch k {
	case "Class":
		d.class, d.classCode = code(v)
	case "Vendor":
		d.vendor, d.vendorID = code(v)
	case "Device":
		d.name, d.deviceID = code(v)
	case "SVendor":
		d.svendor, d.svendorID = code(v)
	case "SDevice":
		d.sdevice, _ = code(v)
	case "Rev":
		d.rev = v
	case "Driver":
		d.driver = v
	case "PhySlot":
		d.physSlot = v
	}
}

func kindOf(d *device) inventory.Kind {
	cc := d.classCode
	cls := strings.ToLower(d.class)
	switch {
	case strings.HasPrefix(cc, "02"), strings.Contains(cls, "ethernet controller"), strings.Contains(cls, "network controller"):
		return inventory.KindNIC
	case cc == "0108", strings.Contains(cls, "non-volatile memory controller"):
		// an NVMe controller is the SSD itself
		return inventory.KindDisk
	}
	return inventory.KindPCI
}

// unknownName is what lspci prints for ids missing from pci.ids.
func unknownName(s string) bool {
	return s == "" || s == "Device" || strings.HasPrefix(s, "Device ") || hwtext.IsPlaceholder(s)
}

func component(d *device, file string) inventory.Component {
	c := inventory.Component{
		Kind:     kindOf(d),
		Location: inventory.Location{File: file, Line: d.line, Ref: d.slot},
	}
	vendor, model := d.vendor, d.name
	if d.combined != "" {
		if v, p, ok := hwtext.SplitVendor(d.combined); ok {
			vendor, model = v, p
		} else {
			model = d.combined
		}
	}
	if unknownName(model) {
		model = ""
	}
	if vendor = hwtext.Value(vendor); vendor != "" && !unknownName(vendor) {
		c.Parties = append(c.Parties, inventory.Party{Role: inventory.RoleVendor, Name: vendor, Field: "Vendor"})
	} else {
		vendor = ""
	}
	if isID(d.vendorID) {
		c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDPCIVendor, Value: d.vendorID, Field: FieldVendorID})
	}
	if isID(d.svendorID) {
		c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDPCIVendor, Value: d.svendorID, Field: FieldSubsystemVendorID})
	}
	c.Model = model
	switch {
	case vendor != "" && model != "":
		c.Name = vendor + " " + model
	case d.combined != "" && !unknownName(d.combined):
		c.Name = d.combined
	case vendor != "":
		c.Name = vendor + " device"
	case d.vendorID != "":
		c.Name = "PCI device " + d.vendorID + ":" + d.deviceID
	default:
		c.Name = "PCI device " + d.slot
	}
	c.Version = d.rev
	prop := func(k, v string) {
		if v = strings.TrimSpace(v); v != "" {
			c.Properties = append(c.Properties, inventory.Property{Name: k, Value: v})
		}
	}
	prop("class", d.class)
	prop("class-code", d.classCode)
	if d.vendorID != "" {
		prop("device-id", d.vendorID+":"+d.deviceID)
	}
	sub := d.scombined
	if sub == "" {
		sub = strings.TrimSpace(d.svendor + " " + d.sdevice)
	}
	if !unknownName(sub) && !strings.EqualFold(sub, "Device") {
		prop("subsystem", sub)
	}
	if d.truncated {
		prop("name-truncated", "true")
	}
	prop("driver", d.driver)
	prop("physical-slot", d.physSlot)
	return c
}

// isID reports whether s is a real 4-digit vendor id (not 0000 or ffff).
func isID(s string) bool { return len(s) == 4 && !hwtext.IsPlaceholder(s) }
