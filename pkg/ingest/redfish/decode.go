package redfish

import (
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/jsontree"

	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// kinds maps a Redfish resource type (the schema name in @odata.type) to a
// component kind. A resource of one of these types is always a component,
// even with no manufacturer: it is then "unassessed", not silently dropped.
var kinds = map[string]inventory.Kind{
	"ComputerSystem":    inventory.KindSystem,
	"Chassis":           inventory.KindChassis,
	"Memory":            inventory.KindMemory,
	"Drive":             inventory.KindDisk,
	"Processor":         inventory.KindProcessor,
	"NetworkAdapter":    inventory.KindNIC,
	"EthernetInterface": inventory.KindNIC,
	"PCIeDevice":        inventory.KindPCI,
	"PCIeFunction":      inventory.KindPCI,
	"StorageController": inventory.KindPCI,
	"PowerSupply":       inventory.KindDevice,
	"Manager":           inventory.KindBoard,
	"Switch":            inventory.KindSwitch,
	"SoftwareInventory": inventory.KindFirmware,
}

// memberKinds names the kind of untyped array members by the array's key
// (older schemas embed power supplies, fans and storage controllers as
// members with a MemberId and a "#/..." @odata.id).
var memberKinds = map[string]inventory.Kind{
	"PowerSupplies":      inventory.KindDevice,
	"Fans":               inventory.KindDevice,
	"StorageControllers": inventory.KindPCI,
	"Assemblies":         inventory.KindDevice,
	"Processors":         inventory.KindProcessor,
	"Memory":             inventory.KindMemory,
	"Drives":             inventory.KindDisk,
}

// signalKeys are the properties that make an untyped or unknown object a
// component: something a matcher can attribute.
var signalKeys = []string{"Manufacturer", "Model", "PartNumber", "SerialNumber", "VendorId",
	"SubsystemVendorId", "MACAddress", "PermanentMACAddress", "ModuleManufacturerID",
	"MemorySubsystemControllerManufacturerID"}

// propertyKeys are scalar properties kept on the component for the audit.
var propertyKeys = []string{"SKU", "AssetTag", "MemoryDeviceType", "MemoryType", "BaseModuleType",
	"CapacityMiB", "CapacityBytes", "MediaType", "Protocol", "ChassisType", "SystemType",
	"ProcessorType", "Revision", "FirmwareVersion", "DeviceId", "SubsystemId", "DeviceClass"}

func (*decoder) Decode(ctx context.Context, r io.Reader, name string) (*inventory.Inventory, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, &ingest.DecodeError{File: name, Format: ID, Err: err}
	}
	root, err := jsontree.Parse(data)
	if err != nil {
		return nil, treeError(name, ID, err)
	}
	if root.Kind != '{' && root.Kind != '[' {
		return nil, &ingest.DecodeError{File: name, Format: ID, Err: fmt.Errorf("%w: expected a JSON object or array", ingest.ErrMalformed)}
	}
	w := &walker{ctx: ctx, file: name}
	if err := w.walk(root, "", ""); err != nil {
		return nil, &ingest.DecodeError{File: name, Format: ID, Err: err}
	}
	inv := &inventory.Inventory{Source: name, Format: ID, Components: w.comps}
	if inv.Components == nil {
		inv.Components = []inventory.Component{}
	}
	if w.systems == 1 {
		inv.Host = w.host
	}
	return inv, nil
}

func treeError(name, format string, err error) error {
	var se *jsontree.SyntaxError
	if errors.As(err, &se) {
		return &ingest.DecodeError{File: name, Line: se.Line, Format: format, Err: fmt.Errorf("%w: %s", ingest.ErrMalformed, se.Msg)}
	}
	return &ingest.DecodeError{File: name, Format: format, Err: err}
}

type walker struct {
	ctx     context.Context
	file    string
	comps   []inventory.Component
	systems int
	host    string
	seen    int
}

// walk visits every object in document order. pointer is the JSON pointer
// of n; parentKey is the key of the array or object n sits in.
func (w *walker) walk(n *jsontree.Node, pointer, parentKey string) error {
	w.seen++
	if w.seen%4096 == 0 {
		if err := w.ctx.Err(); err != nil {
			return err
		}
	}
	switch n.Kind {
	case '[':
		for i, v := range n.Vals {
			if err := w.walk(v, pointer+"/"+strconv.Itoa(i), parentKey); err != nil {
				return err
			}
		}
	case '{':
		w.visit(n, pointer, parentKey)
		for i, k := range n.Keys {
			if k == "Links" || k == "Actions" || strings.HasPrefix(k, "@") {
				continue // links point elsewhere; they are never followed
			}
			if err := w.walk(n.Vals[i], pointer+"/"+escapePointer(k), k); err != nil {
				return err
			}
		}
	}
	return nil
}

// resourceType returns "Memory" for "#Memory.v1_11_0.Memory".
func resourceType(odataType string) string {
	t := strings.TrimPrefix(odataType, "#")
	if i := strings.IndexByte(t, '.'); i >= 0 {
		t = t[:i]
	}
	return t
}

func (w *walker) visit(n *jsontree.Node, pointer, parentKey string) {
	typ := resourceType(n.Get("@odata.type").Text())
	kind, known := kinds[typ]
	odataID := n.Get("@odata.id").Text()
	if !known {
		if !hasSignal(n) {
			return
		}
		// An untyped object counts only as a member of a resource (it has
		// its own @odata.id or a MemberId), so that summaries such as
		// ProcessorSummary.Model do not become phantom devices.
		if typ == "" && odataID == "" && n.Get("MemberId") == nil {
			return
		}
		kind = inventory.KindDevice
		if k, ok := memberKinds[parentKey]; ok && typ == "" {
			kind = k
		}
	}
	c := inventory.Component{
		Name:  firstNonEmpty(clean(n.Get("Name").Text()), clean(n.Get("Id").Text()), clean(n.Get("MemberId").Text()), typ),
		Kind:  kind,
		Model: clean(n.Get("Model").Text()),
		Location: inventory.Location{
			File: w.file,
			Line: n.Line,
			Ref:  odataID,
		},
		Serial:      clean(n.Get("SerialNumber").Text()),
		Description: clean(n.Get("Description").Text()),
	}
	if c.Description == c.Name {
		c.Description = ""
	}
	if c.Location.Ref == "" {
		c.Location.Ref = "#" + pointer
	}
	if typ != "" {
		c.Properties = append(c.Properties, inventory.Property{Name: "redfish.type", Value: typ})
	}
	if typ == "SoftwareInventory" {
		c.Version = clean(n.Get("Version").Text())
	}
	if m := clean(n.Get("Manufacturer").Text()); m != "" {
		c.Parties = append(c.Parties, inventory.Party{Role: inventory.RoleManufacturer, Name: m, Field: "Manufacturer"})
	}
	if pn := clean(n.Get("PartNumber").Text()); pn != "" {
		c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDPartNumber, Value: pn, Field: "PartNumber"})
	}
	for _, k := range []string{"ModuleManufacturerID", "MemorySubsystemControllerManufacturerID"} {
		if v := clean(n.Get(k).Text()); v != "" && !isZeroHex(v) {
			c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDJEDEC, Value: v, Field: k})
		}
	}
	for _, k := range []string{"VendorId", "SubsystemVendorId"} {
		raw := clean(n.Get(k).Text())
		if raw == "" {
			continue
		}
		if id, ok := pciID(raw); ok {
			c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDPCIVendor, Value: id, Field: k})
		} else {
			// Processor.ProcessorId.VendorId is a CPUID string such as
			// "GenuineIntel", not a PCI id: keep it as a property only.
			c.Properties = append(c.Properties, inventory.Property{Name: k, Value: raw})
		}
	}
	for _, k := range []string{"PermanentMACAddress", "MACAddress"} {
		if mac, ok := normalizeMAC(n.Get(k).Text()); ok && !hasIdentifier(c.Identifiers, inventory.IDMAC, mac) {
			c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDMAC, Value: mac, Field: k})
		}
	}
	for _, k := range propertyKeys {
		if v := clean(n.Get(k).Text()); v != "" {
			c.Properties = append(c.Properties, inventory.Property{Name: k, Value: v})
		}
	}
	if typ == "ComputerSystem" {
		w.systems++
		c.Host = clean(n.Get("HostName").Text())
		w.host = c.Host
	}
	w.comps = append(w.comps, c)
}

func hasSignal(n *jsontree.Node) bool {
	for _, k := range signalKeys {
		if clean(n.Get(k).Text()) != "" {
			return true
		}
	}
	return false
}

func hasIdentifier(ids []inventory.Identifier, k inventory.IDKind, v string) bool {
	for _, id := range ids {
		if id.Kind == k && id.Value == v {
			return true
		}
	}
	return false
}

// pciID turns "0x19e5" or "19E5" into "19e5".
func pciID(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "0x")
	if len(s) != 4 {
		return "", false
	}
	if _, err := strconv.ParseUint(s, 16, 16); err != nil {
		return "", false
	}
	if s == "ffff" || s == "0000" {
		return "", false
	}
	return s, true
}

func isZeroHex(s string) bool {
	t := strings.TrimPrefix(strings.ToLower(s), "0x")
	return strings.Trim(t, "0") == ""
}

// normalizeMAC returns a 48-bit MAC as "00:1F:54:12:34:56".
func normalizeMAC(s string) (string, bool) {
	var hex []byte
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9', r >= 'a' && r <= 'f', r >= 'A' && r <= 'F':
			hex = append(hex, byte(r))
		case r == ':' || r == '-' || r == '.':
		default:
			return "", false
		}
	}
	if len(hex) != 12 {
		return "", false
	}
	h := strings.ToUpper(string(hex))
	if h == "000000000000" || h == "FFFFFFFFFFFF" {
		return "", false
	}
	var b strings.Builder
	for i := 0; i < 12; i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(h[i : i+2])
	}
	return b.String(), true
}

// placeholders are values BMCs and BIOSes put in empty fields.
var placeholders = map[string]bool{
	"": true, "n/a": true, "na": true, "none": true, "null": true, "unknown": true, "not specified": true,
	"not available": true, "to be filled by o.e.m.": true, "to be filled by oem": true, "default string": true,
	"system manufacturer": true, "system product name": true, "system serial number": true, "oem": true,
	"0": true, "-": true, "no dimm": true,
}

// clean trims s and returns "" for placeholder values.
func clean(s string) string {
	s = strings.TrimSpace(s)
	if placeholders[strings.ToLower(s)] {
		return ""
	}
	return s
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func escapePointer(k string) string {
	return strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
}
