// Package smartctl is the ingest stage for smartmontools reports:
// `smartctl -a` (or `-i`, `-x`) text and `smartctl --json` output. Each
// device a report describes becomes a disk component with its model, its
// SCSI vendor, its NVMe PCI vendor id, its serial and the raw signals a
// category can be decided from (protocol, rotation rate, form factor).
//
// Several reports in one file (a loop over the disks of a host, written
// to one file) give one component each. The PCI vendor id is read only from
// the NVMe "PCI Vendor/Subsystem ID" field (JSON "nvme_pci_vendor.id");
// serial numbers, WWNs and attribute values never become identifiers. It
// must not import anything after ingest (match, policy, report).
package smartctl

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/hwtext"
	"github.com/vendorcheck/vendorcheck/pkg/internal/lazyre"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// Decoder ids.
const (
	IDText = "smartctl"
	IDJSON = "smartctl-json"
)

// Identifier fields.
const (
	FieldPCIVendor     = "PCI Vendor/Subsystem ID"
	FieldJSONPCIVendor = "nvme_pci_vendor.id"
)

// MaxDevices bounds the reports of one file.
const MaxDevices = 100_000

type textDecoder struct{}

var _ ingest.Decoder = (*textDecoder)(nil)

// NewText returns the decoder of smartctl's text reports.
func NewText() ingest.Decoder { return &textDecoder{} }

func (*textDecoder) ID() string { return IDText }

var (
	reBanner   = lazyre.New(`(?m)^smartctl \d+\.\d+ `)
	reVersion  = lazyre.New(`^smartctl (\d+\.\d+) `)
	reInfoHead = lazyre.New(`(?m)^=== START OF INFORMATION SECTION ===`)
)

// Identify accepts smartctl's banner line followed by smartmontools'
// copyright, or an information section header.
func (*textDecoder) Identify(head []byte) bool {
	head = ingest.StripBOM(head)
	if t := bytes.TrimLeft(head, " \t\r\n"); len(t) == 0 || t[0] == '{' || t[0] == '<' || t[0] == '[' {
		return false
	}
	// The fixed words first: the expressions run only on text that has
	// them, and are compiled only then.
	return (bytes.Contains(head, []byte("smartmontools.org")) && reBanner.Match(head)) ||
		(bytes.Contains(head, []byte("=== START OF INFORMATION SECTION ===")) && reInfoHead.Match(head))
}

// device is one report, with the line its information section starts on.
type device struct {
	line   int
	fields map[string]string
}

func (dec *textDecoder) Decode(ctx context.Context, r io.Reader, name string) (*inventory.Inventory, error) {
	var devs []*device
	var cur *device
	var version string
	inInfo := false
	err := hwtext.Lines(r, func(n int, line string) error {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if version == "" {
			if m := reVersion.FindStringSubmatch(line); m != nil {
				version = "smartctl " + m[1]
			}
		}
		switch {
		case strings.HasPrefix(line, "=== START OF INFORMATION SECTION"):
			if len(devs) >= MaxDevices {
				return fmt.Errorf("%w: more than %d device reports", ingest.ErrTooLarge, MaxDevices)
			}
			cur = &device{line: n, fields: map[string]string{}}
			devs = append(devs, cur)
			inInfo = true
			return nil
		case strings.HasPrefix(line, "=== START OF"):
			inInfo = false
			return nil
		case strings.TrimSpace(line) == "":
			// The information section of ATA and NVMe reports ends at the
			// first blank line.
			inInfo = false
			return nil
		}
		if !inInfo || cur == nil {
			return nil
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok || strings.HasPrefix(line, " ") {
			return nil
		}
		cur.fields[strings.TrimSpace(k)] = strings.TrimSpace(v)
		return nil
	})
	if err != nil {
		return nil, hwtext.Wrap(name, IDText, err)
	}
	if len(devs) == 0 {
		return nil, hwtext.Malformed(name, 0, IDText, "no information section (\"=== START OF INFORMATION SECTION ===\"): run smartctl with -a, -i or -x")
	}
	inv := &inventory.Inventory{Source: name, Format: IDText, SpecVersion: version, Components: []inventory.Component{}}
	for i, d := range devs {
		if c, ok := textComponent(d, name, i+1); ok {
			inv.Components = append(inv.Components, c)
		}
	}
	return inv, nil
}

func textComponent(d *device, file string, n int) (inventory.Component, bool) {
	f := func(k string) string { return hwtext.Value(d.fields[k]) }
	// The report names no device; its ordinal in the file is its reference.
	c := inventory.Component{Kind: inventory.KindDisk, Location: inventory.Location{File: file, Line: d.line, Ref: fmt.Sprintf("report %d", n)}}
	c.Model = f("Device Model")
	if c.Model == "" {
		c.Model = f("Model Number") // NVMe
	}
	if c.Model == "" {
		c.Model = f("Product") // SCSI
	}
	if c.Model == "" {
		return c, false
	}
	c.Name = c.Model
	c.Serial = f("Serial Number")
	c.Version = f("Firmware Version")
	if c.Version == "" {
		c.Version = f("Revision")
	}
	if v := f("Vendor"); v != "" {
		c.Parties = append(c.Parties, inventory.Party{Role: inventory.RoleVendor, Name: v, Field: "Vendor"})
	}
	if v := f("PCI Vendor/Subsystem ID"); v != "" {
		if id, ok := pciID(v); ok {
			c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDPCIVendor, Value: id, Field: FieldPCIVendor})
		}
	}
	protocol := "ATA"
	switch {
	case d.fields["Model Number"] != "" || d.fields["NVMe Version"] != "":
		protocol = "NVMe"
	case d.fields["Product"] != "" || d.fields["Transport protocol"] != "":
		protocol = "SCSI"
	}
	c.Properties = append(c.Properties, inventory.Property{Name: "smartctl:protocol", Value: protocol})
	for _, k := range []string{"Model Family", "Rotation Rate", "Form Factor", "User Capacity", "Total NVM Capacity", "IEEE OUI Identifier", "LU WWN Device Id", "Transport protocol", "Device type"} {
		if v := f(k); v != "" {
			c.Properties = append(c.Properties, inventory.Property{Name: "smartctl:" + k, Value: v})
		}
	}
	return c, true
}

var rePCIID = lazyre.New(`^0[xX]([0-9A-Fa-f]{1,4})$`)

// pciID reads "0x144d" (smartctl prints vendor and subsystem ids as one
// when they are equal, "0x1344" or "0x1344/0x1344" otherwise) as four hex
// digits.
func pciID(v string) (string, bool) {
	v, _, _ = strings.Cut(strings.TrimSpace(v), "/")
	m := rePCIID.FindStringSubmatch(strings.TrimSpace(v))
	if m == nil {
		return "", false
	}
	id := strings.ToLower(fmt.Sprintf("%04s", m[1]))
	if id == "0000" || id == "ffff" {
		return "", false
	}
	return id, true
}
