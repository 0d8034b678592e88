// Package lshw is the ingest stage for lshw's machine-readable output,
// "lshw -json" (NewJSON, id "lshw-json") and "lshw -xml" (NewXML, id
// "lshw-xml"). Every node of the hardware tree that describes a device
// becomes an inventory component, with its vendor, product and serial.
//
// Like every ingest package it makes no judgement about vendors. A PCI or
// USB vendor id is taken only from the numeric suffix lshw itself appends
// to the vendor name ("Intel Corporation [8086]", lshw -numeric); bus
// addresses, handles, serials and GUIDs never become identifiers.
package lshw

import (
	"strconv"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/hwtext"
	"github.com/vendorcheck/vendorcheck/pkg/internal/lazyre"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// Decoder ids.
const (
	IDJSON = "lshw-json"
	IDXML  = "lshw-xml"
)

// MaxDepth bounds the nesting of the hardware tree.
const MaxDepth = 200

// Identifier fields the decoders emit; nothing else yields an identifier.
const (
	FieldVendorID    = "vendor-id" // PCI: the "[xxxx]" lshw -numeric appends to "vendor"
	FieldUSBVendorID = "idVendor"  // USB: the same, for usb@ nodes
	FieldVendor      = "vendor"    // memory bank vendor written as a raw JEDEC code
	FieldProduct     = "product"   // memory bank / disk product that is a part number
	FieldMAC         = "mac"       // a network node's "serial", which lshw fills with the MAC address
)

// IdentifierFields lists every Field an identifier from these decoders can
// carry.
var IdentifierFields = []string{FieldVendorID, FieldUSBVendorID, FieldVendor, FieldProduct, FieldMAC}

// node is one lshw node, whichever the syntax it was read from.
type node struct {
	id, class, description, product, vendor, version, serial, businfo, slot string
	hasSize                                                                 bool
	config                                                                  map[string]string
	children                                                                []*node
	line                                                                    int
	ref                                                                     string
	depth                                                                   int
}

var (
	// "Intel Corporation [8086]", "Advanced Micro Devices, Inc. [AMD] [1022]"
	reVendorNum = lazyre.New(`\s*\[([0-9A-Fa-f]{4})\]$`)
	// "Ethernet Controller X710 [8086:1572]"
	reProductNum = lazyre.New(`\s*\[([0-9A-Fa-f]{4}):([0-9A-Fa-f]{4})\]$`)
)

// convert flattens the tree rooted at roots into components, depth first
// in document order.
func convert(roots []*node, file string) ([]inventory.Component, string) {
	var out []inventory.Component
	var walk func(n *node, path []string, top bool)
	walk = func(n *node, path []string, top bool) {
		c, ok := component(n, file, top)
		if ok {
			if len(path) > 0 {
				c.Location.Path = append([]string(nil), path...)
			}
			out = append(out, c)
		}
		label := n.id
		if ok {
			label = c.Name
		}
		for _, ch := range n.children {
			walk(ch, append(path, label), false)
		}
	}
	for _, r := range roots {
		walk(r, nil, true)
	}
	host := ""
	if len(roots) > 0 {
		r := roots[0]
		host = hwtext.Value(r.serial)
		if host == "" {
			host = strings.TrimSpace(hwtext.Value(r.vendor) + " " + hwtext.Value(productName(r.product)))
		}
	}
	for i := range out {
		out[i].Host = host
	}
	return out, host
}

// productName drops lshw's "[vvvv:dddd]" suffix and a parenthesised
// placeholder SKU ("X11 (To be filled by O.E.M.)").
func productName(p string) string {
	p = strings.TrimSpace(reProductNum.ReplaceAllString(p, ""))
	if i := strings.LastIndex(p, " ("); i > 0 && strings.HasSuffix(p, ")") && hwtext.IsPlaceholder(p[i+2:len(p)-1]) {
		p = strings.TrimSpace(p[:i])
	}
	return p
}

// rePartToken is a word that mixes letters and digits, as part numbers do
// ("Micron_5200_MTFD", "18ASF2G72HZ-2G6E1"), unlike "LUN 01 Media 0".
var rePartToken = lazyre.New(`^(?:[A-Za-z_./-]*[0-9][0-9_./-]*[A-Za-z]|[0-9_./-]*[A-Za-z][A-Za-z_./-]*[0-9])[A-Za-z0-9_./-]*$`)

func looksLikePart(s string) bool {
	for _, w := range strings.Fields(s) {
		if len(w) >= 5 && rePartToken.MatchString(w) {
			return true
		}
	}
	return false
}

func emptyBank(n *node) bool {
	return strings.Contains(n.description, "[empty]") && !n.hasSize &&
		hwtext.Value(n.vendor) == "" && hwtext.Value(n.product) == ""
}

func component(n *node, file string, top bool) (inventory.Component, bool) {
	bus, _, _ := strings.Cut(n.businfo, "@")
	isBank := n.class == "memory" && strings.HasPrefix(n.id, "bank")
	switch {
	case n.class == "volume":
		// partitions and file systems: their "vendor" is the tool that
		// made the file system
		return inventory.Component{}, false
	case isBank && emptyBank(n):
		return inventory.Component{}, false
	case top:
	case n.vendor == "" && n.product == "" && n.description == "":
		return inventory.Component{}, false
	case n.class == "network" && n.businfo == "" && n.vendor == "" && n.product == "":
		// a logical interface (bond, bridge), not a device
		return inventory.Component{}, false
	case n.class == "disk" && strings.HasPrefix(n.id, "namespace") && n.vendor == "" && n.product == "":
		// an NVMe namespace: the device is its parent controller
		return inventory.Component{}, false
	}
	c := inventory.Component{
		Kind:     kindOf(n, bus, top, isBank),
		Version:  hwtext.Value(n.version),
		Location: inventory.Location{File: file, Line: n.line, Ref: n.ref},
	}
	vendor := strings.TrimSpace(n.vendor)
	var vid string
	if m := reVendorNum.FindStringSubmatch(vendor); m != nil {
		vid = strings.ToLower(m[1])
		vendor = strings.TrimSpace(vendor[:len(vendor)-len(m[0])])
	} else if m := reProductNum.FindStringSubmatch(n.product); m != nil {
		vid = strings.ToLower(m[1])
	}
	if vid != "" && !hwtext.IsPlaceholder(vid) {
		switch bus {
		case "pci":
			c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDPCIVendor, Value: vid, Field: FieldVendorID})
		case "usb":
			c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDUSBVendor, Value: vid, Field: FieldUSBVendorID})
		}
	}
	vendor = hwtext.Value(vendor)
	switch {
	case vendor == "":
	case strings.HasPrefix(n.id, "usbhost"):
		// the kernel's virtual root hub: "Linux 5.4.0-52-generic xhci-hcd"
		// names a driver, not a maker
		c.Properties = append(c.Properties, inventory.Property{Name: "vendor", Value: vendor})
	case isBank && hwtext.IsHexCode(vendor):
		c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDJEDEC, Value: vendor, Field: FieldVendor})
	default:
		c.Parties = append(c.Parties, inventory.Party{Role: inventory.RoleVendor, Name: vendor, Field: "vendor"})
	}
	product := hwtext.Value(productName(n.product))
	if c.Kind != inventory.KindBIOS {
		c.Model = product
	}
	if product != "" && (isBank || c.Kind == inventory.KindDisk) && looksLikePart(product) {
		c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDPartNumber, Value: product, Field: FieldProduct})
	}
	c.Serial = hwtext.Value(n.serial)
	if n.class == "network" && looksLikeMAC(c.Serial) {
		// lshw puts a network interface's MAC address in "serial"
		c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDMAC, Value: strings.ToLower(c.Serial), Field: FieldMAC})
		c.Serial = ""
	}
	c.Description = strings.TrimSpace(n.description)
	c.Name = name(n, vendor, product)
	for _, kv := range [...][2]string{{"id", n.id}, {"class", n.class}, {"businfo", n.businfo}, {"slot", n.slot}} {
		if v := strings.TrimSpace(kv[1]); v != "" && !hwtext.IsPlaceholder(v) {
			c.Properties = append(c.Properties, inventory.Property{Name: kv[0], Value: v})
		}
	}
	for _, k := range []string{"driver", "firmware"} {
		if v := hwtext.Value(n.config[k]); v != "" {
			c.Properties = append(c.Properties, inventory.Property{Name: "configuration." + k, Value: v})
		}
	}
	return c, true
}

func name(n *node, vendor, product string) string {
	switch {
	case strings.HasPrefix(n.id, "bank"):
		slot := strings.Join(strings.Fields(n.slot), " ")
		return strings.TrimSpace(strings.Join(nonEmpty(hwtext.Value(slot), vendor, product), " "))
	case product != "" && vendor != "" && !strings.Contains(product, vendor):
		return vendor + " " + product
	case product != "":
		return product
	case vendor != "" && n.description != "":
		return vendor + " " + n.description
	case n.description != "":
		return n.description
	}
	return n.id
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return []string{"memory bank"}
	}
	return out
}

func kindOf(n *node, bus string, top, isBank bool) inventory.Kind {
	switch n.class {
	case "system":
		if top {
			return inventory.KindSystem
		}
	case "bus":
		if n.id == "core" || strings.EqualFold(n.description, "Motherboard") {
			return inventory.KindBoard
		}
	case "memory":
		switch {
		case isBank:
			return inventory.KindMemory
		case n.id == "firmware" || strings.EqualFold(n.description, "BIOS"):
			return inventory.KindBIOS
		}
	case "processor":
		if bus == "cpu" || n.id == "cpu" || strings.HasPrefix(n.id, "cpu:") {
			return inventory.KindProcessor
		}
	case "disk":
		return inventory.KindDisk
	case "network":
		return inventory.KindNIC
	case "storage":
		if strings.HasPrefix(n.id, "nvme") || strings.Contains(n.description, "NVMe") {
			return inventory.KindDisk
		}
	}
	switch bus {
	case "pci":
		return inventory.KindPCI
	case "usb":
		return inventory.KindUSB
	}
	return inventory.KindOther
}

var reMAC = lazyre.New(`^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$`)

func looksLikeMAC(s string) bool { return reMAC.MatchString(s) }

func childRef(parent string, i int) string { return parent + "/children/" + strconv.Itoa(i) }
