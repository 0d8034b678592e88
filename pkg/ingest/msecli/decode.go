// Package msecli is the ingest stage for the drive listing of Micron's
// Storage Executive command line tool, `msecli -L`: one block of
// "Key : Value" lines per drive ("Device Name", "Model No", "Serial No",
// "FW-Rev", "Total Size", ...), then the tool's status lines and Micron's
// copyright. Each block becomes a disk component with its model, serial
// and firmware revision; the other fields are kept as properties.
//
// The listing names no manufacturer: the tool lists the drives it can
// manage, but that is not taken as evidence of who made them. A drive is
// attributed by what its model says ("Micron_5200_MTFDDAK480TDN"), like a
// model in any other report. It must not import anything after ingest
// (match, policy, report).
package msecli

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

// ID is the decoder id.
const ID = "msecli"

// MaxDevices bounds the drive blocks of one file.
const MaxDevices = 100_000

// Field names of a drive block.
const (
	FieldDevice   = "Device Name"
	FieldModel    = "Model No"
	FieldSerial   = "Serial No"
	FieldFirmware = "FW-Rev"
)

type decoder struct{}

var _ ingest.Decoder = (*decoder)(nil)

// New returns the decoder of `msecli -L` listings.
func New() ingest.Decoder { return &decoder{} }

func (*decoder) ID() string { return ID }

var (
	// reField is one "Key : Value" line: msecli pads the key to a column.
	reField     = lazyre.New(`^([A-Za-z][A-Za-z0-9 ()/_.-]*?)\s*:\s?(.*)$`)
	reDevice    = lazyre.New(`^Device Name\s+:`)
	reModelLine = lazyre.New(`(?m)^Model No\s+:`)
	reCopyright = lazyre.New(`(?m)^Copyright \(C\) \d{4} Micron Technology, Inc\.`)
	reStatus    = lazyre.New(`(?m)^CMD_STATUS\s+:`)
)

// Identify accepts a listing whose first line is a "Device Name" field
// followed by a "Model No" field, or the tool's status line together with
// Micron's copyright line (a listing of no drive, or the output of another
// msecli command, refused with a message that says to run msecli -L).
func (*decoder) Identify(head []byte) bool {
	head = ingest.StripBOM(head)
	first, ok := hwtext.FirstLine(head)
	if !ok {
		return false
	}
	// The fixed words first: the expressions run only on text that has
	// them, and are compiled only then.
	if strings.HasPrefix(first, "Device Name") && reDevice.MatchString(first) && reModelLine.Match(head) {
		return true
	}
	// The words each expression needs first: a line-anchored expression
	// is otherwise tried at every byte of every other input's head.
	return bytes.Contains(head, []byte("CMD_STATUS")) && bytes.Contains(head, []byte("Micron Technology, Inc.")) &&
		reStatus.Match(head) && reCopyright.Match(head)
}

// drive is one block, with the line its "Device Name" is on.
type drive struct {
	line   int
	fields map[string]string
}

func (*decoder) Decode(ctx context.Context, r io.Reader, name string) (*inventory.Inventory, error) {
	var drives []*drive
	var cur *drive
	status := ""
	err := hwtext.Lines(r, func(n int, line string) error {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if strings.TrimSpace(line) == "" {
			cur = nil
			return nil
		}
		m := reField.FindStringSubmatch(line)
		if m == nil {
			return nil
		}
		k, v := m[1], strings.TrimSpace(m[2])
		switch {
		case k == FieldDevice:
			if len(drives) >= MaxDevices {
				return fmt.Errorf("%w: more than %d drives", ingest.ErrTooLarge, MaxDevices)
			}
			cur = &drive{line: n, fields: map[string]string{}}
			drives = append(drives, cur)
		case k == "CMD_STATUS":
			status = v
			cur = nil
			return nil
		case cur == nil:
			return nil
		}
		cur.fields[k] = v
		return nil
	})
	if err != nil {
		return nil, hwtext.Wrap(name, ID, err)
	}
	if len(drives) == 0 {
		msg := "no drive listed (no \"Device Name\" line): run msecli -L"
		if status != "" && !strings.EqualFold(status, "Success") {
			msg += fmt.Sprintf("; the tool reported CMD_STATUS %q", status)
		}
		return nil, hwtext.Malformed(name, 0, ID, "%s", msg)
	}
	inv := &inventory.Inventory{Source: name, Format: ID, SpecVersion: "msecli -L", Components: []inventory.Component{}}
	for _, d := range drives {
		inv.Components = append(inv.Components, component(d, name))
	}
	return inv, nil
}

// properties are the fields kept as they are, prefixed "msecli:".
var properties = []string{"Total Size", "Drive Status", "Sata Link Speed", "Sata Link Max Speed", "PCIe Link Speed", "PCI Path", "OS Device", "Interface"}

func component(d *drive, file string) inventory.Component {
	f := func(k string) string { return hwtext.Value(d.fields[k]) }
	dev := f(FieldDevice)
	c := inventory.Component{Kind: inventory.KindDisk, Location: inventory.Location{File: file, Line: d.line, Ref: dev}}
	c.Model = f(FieldModel)
	c.Name = c.Model
	if c.Name == "" {
		c.Name = dev
	}
	c.Serial = f(FieldSerial)
	c.Version = f(FieldFirmware)
	for _, k := range properties {
		if v := f(k); v != "" {
			c.Properties = append(c.Properties, inventory.Property{Name: "msecli:" + k, Value: v})
		}
	}
	return c
}
