// Package sysprofiler is the ingest stage for macOS `system_profiler`
// reports, in JSON (`system_profiler -json ...`), XML property-list
// (`system_profiler -xml ...`) and text form: the
// hardware overview, memory, NVMe and SATA drives, USB and PCI devices,
// Ethernet cards and installed applications become inventory components.
//
// An application's publisher is read from its code signature only (the
// "Developer ID Application: NAME (TEAM)" entry of "signed_by"); copyright
// strings are never parties. Vendor ids are read only from their own
// fields (USB "vendor_id", PCI "sppci_vendor-id", Ethernet
// "spethernet_vendor-id"); a memory manufacturer written as hex is a JEDEC
// id. It must not import anything after ingest (match, policy, report).
package sysprofiler

import (
	"bytes"
	"context"
	"encoding/hex"
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
	IDJSON = "system-profiler-json"
	IDText = "system-profiler"
)

// MaxDocumentSize bounds a report (a full report with every application
// of a Mac is a few MiB).
const MaxDocumentSize = 256 << 20

// MaxNodes bounds the items of one report.
const MaxNodes = 1_000_000

// node is one item of a report, from either form: its name, the line it
// starts on, its scalar fields, its list fields and its sub-items. Field
// names are the JSON keys; the text form's labels are mapped to them.
type node struct {
	name     string
	line     int
	fields   map[string]string
	lists    map[string][]string
	children []*node
}

func (n *node) f(k string) string { return hwtext.Value(n.fields[k]) }

// sections maps the data types (JSON keys; text section titles are mapped
// to them) to the component they describe.
var sections = map[string]func(d *builder, n *node, path []string){
	"SPApplicationsDataType": (*builder).application,
	"SPHardwareDataType":     (*builder).hardware,
	"SPMemoryDataType":       (*builder).memory,
	"SPNVMeDataType":         (*builder).drive,
	"SPSerialATADataType":    (*builder).drive,
	"SPUSBDataType":          (*builder).usb,
	"SPUSBHostDataType":      (*builder).usb,
	"SPPCIDataType":          (*builder).pci,
	"SPEthernetDataType":     (*builder).ethernet,
}

type builder struct {
	ctx   context.Context
	file  string
	id    string
	comps []inventory.Component
	host  string
	err   error
}

// walk visits the items of a section, depth first, with the names of the
// enclosing items.
func (b *builder) walk(section string, items []*node, path []string) {
	fn := sections[section]
	for _, n := range items {
		if b.err != nil {
			return
		}
		if err := b.ctx.Err(); err != nil {
			b.err = err
			return
		}
		fn(b, n, path)
		if len(n.children) > 0 && len(path) < 32 {
			b.walk(section, n.children, append(append([]string(nil), path...), n.name))
		}
	}
}

func (b *builder) add(c inventory.Component, n *node, path []string, section string) {
	c.Location = inventory.Location{File: b.file, Line: n.line, Ref: section + "/" + n.name, Path: path}
	if c.Name == "" {
		c.Name = n.name
	}
	c.Properties = append(c.Properties, inventory.Property{Name: "system_profiler:dataType", Value: section})
	b.comps = append(b.comps, c)
}

var reDeveloper = lazyre.New(`^(?:Developer ID Application|Apple Development|Apple Distribution|3rd Party Mac Developer Application|Mac Developer):\s*(.+?)\s*(?:\([A-Z0-9]{10}\))?$`)

func (b *builder) application(n *node, path []string) {
	if n.fields["path"] == "" && n.fields["version"] == "" && len(n.lists["signed_by"]) == 0 {
		return
	}
	c := inventory.Component{Kind: inventory.KindApplication, Name: n.name, Version: n.f("version")}
	if signers := n.lists["signed_by"]; len(signers) > 0 {
		if m := reDeveloper.FindStringSubmatch(strings.TrimSpace(signers[0])); m != nil && m[1] != "" {
			c.Parties = append(c.Parties, inventory.Party{Role: inventory.RolePublisher, Name: m[1], Field: "signed_by"})
		}
		c.Properties = append(c.Properties, inventory.Property{Name: "system_profiler:signed_by", Value: strings.Join(signers, ", ")})
	}
	for _, k := range []string{"obtained_from", "path", "arch_kind"} {
		if v := n.f(k); v != "" {
			c.Properties = append(c.Properties, inventory.Property{Name: "system_profiler:" + k, Value: v})
		}
	}
	b.add(c, n, path, "SPApplicationsDataType")
}

func (b *builder) hardware(n *node, path []string) {
	model := n.f("machine_model")
	if model == "" && n.f("machine_name") == "" {
		return
	}
	c := inventory.Component{Kind: inventory.KindSystem, Name: n.f("machine_name"), Model: model, Serial: n.f("serial_number")}
	// system_profiler describes the Mac it runs on.
	c.Parties = append(c.Parties, inventory.Party{Role: inventory.RoleManufacturer, Name: "Apple Inc.", Field: "SPHardwareDataType"})
	for _, k := range []string{"chip_type", "cpu_type", "physical_memory", "model_number"} {
		if v := n.f(k); v != "" {
			c.Properties = append(c.Properties, inventory.Property{Name: "system_profiler:" + k, Value: v})
		}
	}
	if c.Serial != "" && b.host == "" {
		b.host = c.Serial
	}
	b.add(c, n, path, "SPHardwareDataType")
}

func (b *builder) memory(n *node, path []string) {
	mfr := n.f("dimm_manufacturer")
	part := n.f("dimm_part_number")
	if mfr == "" && part == "" {
		return
	}
	if strings.EqualFold(n.f("dimm_status"), "empty") || strings.EqualFold(n.f("dimm_size"), "empty") {
		return
	}
	c := inventory.Component{Kind: inventory.KindMemory, Serial: n.f("dimm_serial_number")}
	if c.Serial == "-" {
		c.Serial = ""
	}
	if mfr != "" {
		if hwtext.IsHexCode(mfr) {
			c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDJEDEC, Value: mfr, Field: "dimm_manufacturer"})
		} else {
			c.Parties = append(c.Parties, inventory.Party{Role: inventory.RoleManufacturer, Name: mfr, Field: "dimm_manufacturer"})
		}
	}
	if text, ok := hexASCII(part); ok {
		c.Properties = append(c.Properties, inventory.Property{Name: "system_profiler:dimm_part_number_hex", Value: part})
		part = text
	}
	if part != "" && part != "-" {
		c.Model = part
		c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDPartNumber, Value: part, Field: "dimm_part_number"})
	}
	for _, k := range []string{"dimm_type", "dimm_size", "dimm_speed"} {
		if v := n.f(k); v != "" {
			c.Properties = append(c.Properties, inventory.Property{Name: "system_profiler:" + k, Value: v})
		}
	}
	b.add(c, n, path, "SPMemoryDataType")
}

// hexASCII reads a part number that Mac OS X 10.5-10.8 print as the hex of
// its SPD bytes ("0x3848544631323836344844592D3636374531" is
// "8HTF12864HDY-667E1"): only printable ASCII, trailing spaces and NULs
// dropped, at least four characters left.
func hexASCII(v string) (string, bool) {
	h, ok := strings.CutPrefix(strings.TrimSpace(v), "0x")
	if !ok || len(h)%2 != 0 || len(h) < 8 || len(h) > 128 {
		return "", false
	}
	b, err := hex.DecodeString(h)
	if err != nil {
		return "", false
	}
	t := strings.TrimRight(string(b), " \x00")
	for i := 0; i < len(t); i++ {
		if t[i] < 0x20 || t[i] > 0x7e {
			return "", false
		}
	}
	if len(strings.TrimSpace(t)) < 4 {
		return "", false
	}
	return strings.TrimSpace(t), true
}

func (b *builder) drive(n *node, path []string) {
	model := n.f("device_model")
	if model == "" {
		return
	}
	c := inventory.Component{Kind: inventory.KindDisk, Name: n.name, Model: model, Serial: n.f("device_serial"), Version: n.f("device_revision")}
	section := "SPNVMeDataType"
	if p := strings.Join(path, " "); n.fields["spsata_medium_type"] != "" || strings.Contains(p, "SATA") || strings.Contains(p, "Serial-ATA") {
		section = "SPSerialATADataType"
	}
	for _, k := range []string{"spnvme_linkwidth", "spsata_medium_type", "device_media_name"} {
		if v := n.f(k); v != "" {
			c.Properties = append(c.Properties, inventory.Property{Name: "system_profiler:" + k, Value: v})
		}
	}
	b.add(c, n, path, section)
}

var reHexID = lazyre.New(`^0x([0-9a-fA-F]{1,4})\b\s*(?:\((.*)\))?`)

// hexID reads "0x05ac", "0x05ac  (Apple Inc.)" as four hex digits and the
// name in brackets.
func hexID(v string) (id, name string, ok bool) {
	m := reHexID.FindStringSubmatch(strings.TrimSpace(v))
	if m == nil {
		return "", "", false
	}
	id = strings.ToLower(fmt.Sprintf("%04s", m[1]))
	if id == "0000" || id == "ffff" {
		return "", "", false
	}
	return id, strings.TrimSpace(m[2]), true
}

func (b *builder) usb(n *node, path []string) {
	vid := n.fields["vendor_id"]
	if vid == "" {
		vid = n.fields["USBDeviceKeyVendorID"]
	}
	if vid == "" {
		return
	}
	c := inventory.Component{Kind: inventory.KindUSB, Serial: n.f("serial_num")}
	if strings.TrimSpace(vid) == "apple_vendor_id" {
		// What -json and -xml write for Apple's own devices in place of 0x05ac.
		vid = "0x05ac (Apple Inc.)"
	}
	if id, name, ok := hexID(vid); ok {
		c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDUSBVendor, Value: id, Field: "vendor_id"})
		if name != "" {
			c.Parties = append(c.Parties, inventory.Party{Role: inventory.RoleVendor, Name: name, Field: "vendor_id"})
		}
	}
	for _, k := range []string{"manufacturer", "USBDeviceKeyVendorName"} {
		if v := n.f(k); v != "" {
			c.Parties = append(c.Parties, inventory.Party{Role: inventory.RoleManufacturer, Name: v, Field: k})
			break
		}
	}
	c.Model = n.name
	for _, k := range []string{"product_id", "USBDeviceKeyProductID"} {
		if v := n.f(k); v != "" {
			c.Properties = append(c.Properties, inventory.Property{Name: "system_profiler:product_id", Value: v})
		}
	}
	b.add(c, n, path, "SPUSBDataType")
}

func (b *builder) pci(n *node, path []string) {
	vid := n.fields["sppci_vendor-id"]
	if vid == "" {
		return
	}
	c := inventory.Component{Kind: inventory.KindPCI, Model: n.f("sppci_name"), Name: n.f("sppci_name")}
	if id, _, ok := hexID(vid); ok {
		c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDPCIVendor, Value: id, Field: "sppci_vendor-id"})
	}
	for _, k := range []string{"sppci_device-id", "sppci_device_type", "sppci_slot_name"} {
		if v := n.f(k); v != "" {
			c.Properties = append(c.Properties, inventory.Property{Name: "system_profiler:" + k, Value: v})
		}
	}
	b.add(c, n, path, "SPPCIDataType")
}

func (b *builder) ethernet(n *node, path []string) {
	vid := n.fields["spethernet_vendor-id"]
	if vid == "" {
		return
	}
	c := inventory.Component{Kind: inventory.KindNIC, Model: n.f("spethernet_product-name")}
	if id, _, ok := hexID(vid); ok {
		c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDPCIVendor, Value: id, Field: "spethernet_vendor-id"})
	}
	for _, k := range []string{"spethernet_device-id", "spethernet_BSD_Name", "spethernet_type"} {
		if v := n.f(k); v != "" {
			c.Properties = append(c.Properties, inventory.Property{Name: "system_profiler:" + k, Value: v})
		}
	}
	b.add(c, n, path, "SPEthernetDataType")
}

// finish builds the inventory from the sections read, in the order given.
func finish(ctx context.Context, file, id string, order []string, data map[string][]*node) (*inventory.Inventory, error) {
	b := &builder{ctx: ctx, file: file, id: id}
	known := 0
	for _, s := range order {
		if _, ok := sections[s]; !ok {
			continue
		}
		known++
		b.walk(s, data[s], nil)
	}
	if b.err != nil {
		return nil, &ingest.DecodeError{File: file, Format: id, Err: b.err}
	}
	if known == 0 {
		return nil, &ingest.DecodeError{File: file, Format: id, Err: fmt.Errorf("%w: none of the data types read (%s) is in the report", ingest.ErrUnsupportedVersion, strings.Join(sortedSections(), ", "))}
	}
	inv := &inventory.Inventory{Source: file, Format: id, Host: b.host, Components: b.comps}
	if inv.Components == nil {
		inv.Components = []inventory.Component{}
	}
	return inv, nil
}

func sortedSections() []string {
	return []string{"SPApplicationsDataType", "SPEthernetDataType", "SPHardwareDataType", "SPMemoryDataType", "SPNVMeDataType", "SPPCIDataType", "SPSerialATADataType", "SPUSBDataType", "SPUSBHostDataType"}
}

func readAll(r io.Reader, name, id string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxDocumentSize+1))
	if err != nil {
		return nil, hwtext.Wrap(name, id, err)
	}
	if len(data) > MaxDocumentSize {
		return nil, &ingest.DecodeError{File: name, Format: id, Err: fmt.Errorf("%w: more than %s", ingest.ErrTooLarge, ingest.FormatSize(MaxDocumentSize))}
	}
	return bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), nil
}
