// Package lsusb is the ingest stage for lsusb listings, plain "lsusb" and
// "lsusb -v": every USB device becomes an inventory component with its USB
// vendor id, vendor and product names and, with -v, the manufacturer and
// product strings the device reports about itself.
//
// Like every ingest package it makes no judgement about vendors. The USB
// vendor id is taken only from the "ID vvvv:pppp" of the device line; bus
// and device numbers, serials and descriptor values never become
// identifiers.
package lsusb

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/hwtext"
	"github.com/vendorcheck/vendorcheck/pkg/internal/lazyre"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// ID is the decoder id.
const ID = "lsusb"

// FieldVendorID is the only Field an identifier from this decoder carries.
const FieldVendorID = "idVendor"

// IdentifierFields lists every Field an identifier from this decoder can
// carry.
var IdentifierFields = []string{FieldVendorID}

// linuxFoundation is the vendor id of the kernel's virtual root hubs, whose
// manufacturer string names the kernel and driver and whose serial is the
// host controller's PCI address.
const linuxFoundation = "1d6b"

// New returns the lsusb decoder.
func New() ingest.Decoder { return &decoder{} }

type decoder struct{}

var _ ingest.Decoder = (*decoder)(nil)

func (*decoder) ID() string { return ID }

var (
	reBusLine = lazyre.New(`^Bus (\d{3}) Device (\d{3}): ID ([0-9a-fA-F]{4}):([0-9a-fA-F]{4})(?:\s(.*))?$`)
	// "  idVendor           0x12d1 Huawei Technologies Co., Ltd."
	reDescID = lazyre.New(`^\s+(idVendor|idProduct)\s+0x([0-9a-fA-F]{4})(?:\s+(.*))?$`)
	// "  iManufacturer           1 HUAWEI"
	reDescString = lazyre.New(`^\s+(iManufacturer|iProduct|iSerial)\s+(\d+)(?:\s(.*))?$`)
)

// Identify recognises lsusb output by its first line, a device line
// "Bus 001 Device 002: ID 8087:8000 ...".
func (*decoder) Identify(head []byte) bool {
	first, ok := hwtext.FirstLine(head)
	return ok && strings.HasPrefix(first, "Bus ") && reBusLine.MatchString(first)
}

type device struct {
	line                          int
	bus, dev                      string
	vendorID, productID           string
	combined                      string
	vendorName, productName       string
	manufacturer, product, serial string
	verbose                       bool
	// deviceClass and ifaceClasses are the class codes (two hex digits)
	// of the device descriptor and of its interfaces, from lsusb -v: the
	// category model reads them (a keyboard is not a modem).
	deviceClass  string
	ifaceClasses []string
}

// Decode reads every device.
func (*decoder) Decode(ctx context.Context, r io.Reader, name string) (*inventory.Inventory, error) {
	var (
		devs []*device
		cur  *device
	)
	err := hwtext.Lines(r, func(n int, line string) error {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if strings.TrimSpace(line) == "" {
			return nil
		}
		if strings.HasPrefix(line, "Bus ") {
			m := reBusLine.FindStringSubmatch(line)
			if m == nil {
				return hwtext.Malformed(name, n, ID, "malformed device line %q", clip(line))
			}
			cur = &device{line: n, bus: m[1], dev: m[2], vendorID: strings.ToLower(m[3]), productID: strings.ToLower(m[4]), combined: strings.TrimSpace(m[5])}
			devs = append(devs, cur)
			return nil
		}
		if cur == nil {
			return hwtext.Malformed(name, n, ID, "expected a \"Bus NNN Device NNN: ID vvvv:pppp\" line, found %q", clip(line))
		}
		if !strings.HasPrefix(line, " ") && !strings.HasPrefix(line, "\t") {
			// lsusb -v section headings ("Device Descriptor:", "Hub
			// Descriptor:", "Device Status:     0x0001") and its notes
			if strings.HasSuffix(line, ":") || strings.HasPrefix(line, "Device Status:") ||
				strings.Contains(line, "open device") || strings.Contains(line, "can't get") {
				cur.verbose = true
				return nil
			}
			return hwtext.Malformed(name, n, ID, "unexpected line %q (want a \"Bus ...\" device line or lsusb -v descriptor)", clip(line))
		}
		return descriptor(cur, line, n, name)
	})
	if err != nil {
		return nil, hwtext.Wrap(name, ID, err)
	}
	if len(devs) == 0 {
		return nil, hwtext.Malformed(name, 0, ID, "no USB devices")
	}
	inv := &inventory.Inventory{Source: name, Format: ID, Components: make([]inventory.Component, 0, len(devs))}
	for _, d := range devs {
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

// descriptor reads the device descriptor lines lsusb -v prints; the first
// occurrence of each key belongs to the device descriptor.
func descriptor(d *device, line string, n int, name string) error {
	t := strings.TrimSpace(line)
	if f := strings.Fields(t); len(f) >= 2 && (f[0] == "bDeviceClass" || f[0] == "bInterfaceClass") {
		if v, err := strconv.ParseUint(f[1], 0, 8); err == nil {
			code := fmt.Sprintf("%02x", v)
			if f[0] == "bDeviceClass" {
				if d.deviceClass == "" {
					d.deviceClass = code
				}
			} else if !slices.Contains(d.ifaceClasses, code) {
				d.ifaceClasses = append(d.ifaceClasses, code)
			}
		}
		return nil
	}
	switch {
	case strings.HasPrefix(t, "idVendor"), strings.HasPrefix(t, "idProduct"):
		m := reDescID.FindStringSubmatch(line)
		if m == nil {
			return hwtext.Malformed(name, n, ID, "malformed %q", clip(t))
		}
		if m[1] == "idVendor" {
			if strings.ToLower(m[2]) != d.vendorID {
				return hwtext.Malformed(name, n, ID, "idVendor 0x%s differs from the device line's ID %s (line %d)", m[2], d.vendorID, d.line)
			}
			if d.vendorName == "" {
				d.vendorName = strings.TrimSpace(m[3])
			}
		} else if d.productName == "" {
			d.productName = strings.TrimSpace(m[3])
		}
	case strings.HasPrefix(t, "iManufacturer"), strings.HasPrefix(t, "iProduct"), strings.HasPrefix(t, "iSerial"):
		m := reDescString.FindStringSubmatch(line)
		if m == nil {
			return nil // "iProductXYZ" or a future key: not ours
		}
		v := strings.TrimSpace(m[3])
		switch m[1] {
		case "iManufacturer":
			if d.manufacturer == "" {
				d.manufacturer = v
			}
		case "iProduct":
			if d.product == "" {
				d.product = v
			}
		case "iSerial":
			if d.serial == "" {
				d.serial = v
			}
		}
	}
	return nil
}

func component(d *device, file string) inventory.Component {
	c := inventory.Component{
		Kind: inventory.KindUSB,
		Location: inventory.Location{File: file, Line: d.line,
			Ref: fmt.Sprintf("bus %s device %s", d.bus, d.dev)},
	}
	vendor, model := d.vendorName, d.productName
	if vendor == "" && d.combined != "" {
		if v, p, ok := hwtext.SplitVendor(d.combined); ok {
			vendor, model = v, p
		} else {
			model = d.combined
		}
	}
	if model == "" {
		model = hwtext.Value(d.product)
	}
	vendor, model = hwtext.Value(vendor), hwtext.Value(model)
	if vendor != "" {
		c.Parties = append(c.Parties, inventory.Party{Role: inventory.RoleVendor, Name: vendor, Field: "idVendor"})
	}
	prop := func(k, v string) {
		if v = strings.TrimSpace(v); v != "" {
			c.Properties = append(c.Properties, inventory.Property{Name: k, Value: v})
		}
	}
	rootHub := d.vendorID == linuxFoundation
	if m := hwtext.Value(d.manufacturer); m != "" {
		if rootHub {
			prop("iManufacturer", m)
		} else {
			c.Parties = append(c.Parties, inventory.Party{Role: inventory.RoleManufacturer, Name: m, Field: "iManufacturer"})
		}
	}
	if !hwtext.IsPlaceholder(d.vendorID) {
		c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDUSBVendor, Value: d.vendorID, Field: FieldVendorID})
	}
	c.Model = model
	switch {
	case vendor != "" && model != "":
		c.Name = vendor + " " + model
	case d.combined != "":
		c.Name = d.combined
	case vendor != "":
		c.Name = vendor + " device"
	default:
		c.Name = "USB device " + d.vendorID + ":" + d.productID
	}
	if !rootHub {
		c.Serial = hwtext.Value(d.serial)
	}
	prop("usb-id", d.vendorID+":"+d.productID)
	prop("usb-class", d.deviceClass)
	prop("usb-interface-classes", strings.Join(d.ifaceClasses, ","))
	if d.product != "" && d.product != model {
		prop("iProduct", d.product)
	}
	return c
}
