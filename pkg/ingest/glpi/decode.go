// Package glpi is the ingest stage for the GLPI agent's JSON inventory
// (the GLPI native inventory format, glpi-project/inventory_format): a
// computer's BIOS/system, CPUs, memories, storages, PCI controllers, USB
// devices, network cards, monitors and installed software, and a network
// device's own description and its components.
//
// Vendor ids are read only from their own fields: controllers.vendorid (PCI),
// the subsystem vendor in controllers.pcisubsystemid, usbdevices.vendorid
// (USB), networks.mac and network_device.mac; a hex memory manufacturer is a
// JEDEC id. It must not import anything after ingest (match, policy, report).
package glpi

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/hwtext"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/jsontree"
	"github.com/vendorcheck/vendorcheck/pkg/internal/lazyre"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// ID is the decoder id.
const ID = "glpi-inventory"

// MaxDocumentSize bounds an inventory held in memory.
const MaxDocumentSize = 256 << 20

type decoder struct{}

var _ ingest.Decoder = (*decoder)(nil)

// New returns the GLPI inventory decoder.
func New() ingest.Decoder { return &decoder{} }

func (*decoder) ID() string { return ID }

var (
	reStart  = lazyre.New(`^\s*\{\s*"(content|action|deviceid|itemtype)"\s*:`)
	reMarker = lazyre.New(`"(versionclient|accesslog|deviceid|network_device|network_components|softwares|usbdevices|memories)"\s*:`)
)

// Identify accepts a JSON object starting with the format's top-level keys
// ("content", "action", "deviceid", "itemtype"), with a "content" object
// and one of the format's section names in the head.
func (*decoder) Identify(head []byte) bool {
	head = ingest.StripBOM(head)
	return startsWithKey(head) && reStart.Match(head) && bytes.Contains(head, []byte(`"content"`)) && reMarker.Match(head)
}

// startsWithKey reports whether head is an object whose first key is one
// reStart accepts. It decides most JSON (CycloneDX, SPDX) without the
// expressions, which are compiled only when they run.
func startsWithKey(head []byte) bool {
	k, ok := hwtext.FirstKey(head, false)
	if !ok {
		return false
	}
	for _, w := range []string{`"content"`, `"action"`, `"deviceid"`, `"itemtype"`} {
		if bytes.HasPrefix(k, []byte(w)) {
			return true
		}
	}
	return false
}

type builder struct {
	file  string
	comps []inventory.Component
}

func (b *builder) add(c inventory.Component, n *jsontree.Node, ref string) {
	c.Location = inventory.Location{File: b.file, Line: n.Line, Ref: ref}
	if c.Name == "" {
		c.Name = ref
	}
	b.comps = append(b.comps, c)
}

func str(n *jsontree.Node, k string) string { return hwtext.Value(n.Get(k).Text()) }

func party(c *inventory.Component, role inventory.Role, n *jsontree.Node, k string) {
	if v := str(n, k); v != "" {
		c.Parties = append(c.Parties, inventory.Party{Role: role, Name: v, Field: k})
	}
}

func props(c *inventory.Component, n *jsontree.Node, ks ...string) {
	for _, k := range ks {
		if v := str(n, k); v != "" {
			c.Properties = append(c.Properties, inventory.Property{Name: "glpi:" + k, Value: v})
		}
	}
}

var reHex4 = lazyre.New(`^(?:0[xX])?([0-9a-fA-F]{4})$`)

func hex4(v string) (string, bool) {
	m := reHex4.FindStringSubmatch(strings.TrimSpace(v))
	if m == nil {
		return "", false
	}
	id := strings.ToLower(m[1])
	return id, id != "0000" && id != "ffff"
}

func items(n *jsontree.Node) []*jsontree.Node {
	if n == nil || n.Kind != '[' {
		return nil
	}
	return n.Vals
}

func (*decoder) Decode(ctx context.Context, r io.Reader, name string) (*inventory.Inventory, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxDocumentSize+1))
	if err != nil {
		return nil, hwtext.Wrap(name, ID, err)
	}
	if len(data) > MaxDocumentSize {
		return nil, &ingest.DecodeError{File: name, Format: ID, Err: fmt.Errorf("%w: more than %s", ingest.ErrTooLarge, ingest.FormatSize(MaxDocumentSize))}
	}
	root, err := hwtext.ParseJSON(ingest.StripBOM(data), name, ID)
	if err != nil {
		return nil, err
	}
	content := root.Get("content")
	if content == nil || content.Kind != '{' {
		return nil, hwtext.Malformed(name, root.Line, ID, `no "content" object`)
	}
	if err := ctx.Err(); err != nil {
		return nil, hwtext.Wrap(name, ID, err)
	}
	b := &builder{file: name}
	inv := &inventory.Inventory{Source: name, Format: ID, SpecVersion: str(content, "versionclient")}

	if bios := content.Get("bios"); bios != nil && bios.Kind == '{' {
		if str(bios, "smodel") != "" || str(bios, "smanufacturer") != "" {
			c := inventory.Component{Kind: inventory.KindSystem, Model: str(bios, "smodel"), Serial: str(bios, "ssn"), Name: str(bios, "smodel")}
			party(&c, inventory.RoleManufacturer, bios, "smanufacturer")
			props(&c, bios, "skunumber")
			b.add(c, bios, "bios/system")
		}
		if str(bios, "mmodel") != "" || str(bios, "mmanufacturer") != "" {
			c := inventory.Component{Kind: inventory.KindBoard, Model: str(bios, "mmodel"), Serial: str(bios, "msn"), Name: str(bios, "mmodel")}
			party(&c, inventory.RoleManufacturer, bios, "mmanufacturer")
			b.add(c, bios, "bios/board")
		}
		if str(bios, "bmanufacturer") != "" {
			c := inventory.Component{Kind: inventory.KindBIOS, Name: "BIOS", Version: str(bios, "bversion")}
			party(&c, inventory.RoleManufacturer, bios, "bmanufacturer")
			b.add(c, bios, "bios/bios")
		}
	}
	if hw := content.Get("hardware"); hw != nil {
		inv.Host = str(hw, "name")
	}
	for i, n := range items(content.Get("cpus")) {
		c := inventory.Component{Kind: inventory.KindProcessor, Name: str(n, "name"), Model: str(n, "name")}
		party(&c, inventory.RoleManufacturer, n, "manufacturer")
		b.add(c, n, fmt.Sprintf("cpus/%d", i))
	}
	for i, n := range items(content.Get("memories")) {
		mfr := str(n, "manufacturer")
		if mfr == "" && str(n, "model") == "" && str(n, "serialnumber") == "" {
			continue // an empty slot
		}
		c := inventory.Component{Kind: inventory.KindMemory, Name: str(n, "caption"), Serial: str(n, "serialnumber")}
		if mfr != "" {
			if hwtext.IsHexCode(mfr) {
				c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDJEDEC, Value: mfr, Field: "manufacturer"})
			} else {
				party(&c, inventory.RoleManufacturer, n, "manufacturer")
			}
		}
		if m := str(n, "model"); m != "" {
			c.Model = m
			c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDPartNumber, Value: m, Field: "model"})
		}
		props(&c, n, "type", "capacity", "speed", "description")
		b.add(c, n, fmt.Sprintf("memories/%d", i))
	}
	for i, n := range items(content.Get("storages")) {
		c := inventory.Component{Kind: inventory.KindDisk, Name: str(n, "name"), Model: str(n, "model"), Version: str(n, "firmware")}
		c.Serial = str(n, "serialnumber")
		if c.Serial == "" {
			c.Serial = str(n, "serial")
		}
		party(&c, inventory.RoleManufacturer, n, "manufacturer")
		props(&c, n, "type", "interface", "description", "disksize")
		b.add(c, n, fmt.Sprintf("storages/%d", i))
	}
	for i, n := range items(content.Get("controllers")) {
		c := inventory.Component{Kind: inventory.KindPCI, Name: str(n, "name"), Model: str(n, "name")}
		party(&c, inventory.RoleVendor, n, "manufacturer")
		if id, ok := hex4(n.Get("vendorid").Text()); ok {
			c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDPCIVendor, Value: id, Field: "vendorid"})
		}
		if sv, _, ok := strings.Cut(str(n, "pcisubsystemid"), ":"); ok {
			if id, ok := hex4(sv); ok {
				c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDPCIVendor, Value: id, Field: "pcisubsystemid"})
			}
		}
		props(&c, n, "pciclass", "type", "pcislot", "productid", "driver")
		// The class code in lspci's form ("0600"), for category decisions.
		if cl := str(n, "pciclass"); reHex4.MatchString(cl) {
			c.Properties = append(c.Properties, inventory.Property{Name: "class-code", Value: strings.ToLower(cl)})
		}
		b.add(c, n, fmt.Sprintf("controllers/%d", i))
	}
	for i, n := range items(content.Get("usbdevices")) {
		c := inventory.Component{Kind: inventory.KindUSB, Name: str(n, "name"), Serial: str(n, "serial")}
		if c.Name == "" {
			c.Name = str(n, "caption")
		}
		c.Model = c.Name
		party(&c, inventory.RoleManufacturer, n, "manufacturer")
		if id, ok := hex4(n.Get("vendorid").Text()); ok {
			c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDUSBVendor, Value: id, Field: "vendorid"})
		}
		props(&c, n, "productid", "class", "subclass")
		// The agent writes the class in decimal, as lsusb -v prints it
		// ("9"); categories read it as two hex digits ("09").
		if cl, ok := hwtext.USBClassDecimal(str(n, "class")); ok {
			c.Properties = append(c.Properties, inventory.Property{Name: "usb-class", Value: cl})
		}
		b.add(c, n, fmt.Sprintf("usbdevices/%d", i))
	}
	for i, n := range items(content.Get("networks")) {
		if n.Get("virtualdev").Text() == "true" {
			continue
		}
		mac := str(n, "mac")
		if mac == "" || mac == "00:00:00:00:00:00" {
			continue
		}
		c := inventory.Component{Kind: inventory.KindNIC, Name: str(n, "description")}
		c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDMAC, Value: mac, Field: "mac"})
		party(&c, inventory.RoleManufacturer, n, "manufacturer")
		props(&c, n, "type", "driver", "pciid")
		b.add(c, n, fmt.Sprintf("networks/%d", i))
	}
	for i, n := range items(content.Get("monitors")) {
		c := inventory.Component{Kind: inventory.KindDevice, Name: str(n, "caption"), Serial: str(n, "serial")}
		c.Model = c.Name
		party(&c, inventory.RoleManufacturer, n, "manufacturer")
		props(&c, n, "description")
		b.add(c, n, fmt.Sprintf("monitors/%d", i))
	}
	for i, n := range items(content.Get("softwares")) {
		if i%4096 == 4095 {
			if err := ctx.Err(); err != nil {
				return nil, hwtext.Wrap(name, ID, err)
			}
		}
		kind := inventory.KindApplication
		switch str(n, "from") {
		case "rpm", "deb", "pkg", "apk", "portage", "pacman", "snap", "flatpak":
			kind = inventory.KindLibrary
		}
		c := inventory.Component{Kind: kind, Name: str(n, "name"), Version: str(n, "version")}
		party(&c, inventory.RolePublisher, n, "publisher")
		props(&c, n, "from", "arch")
		b.add(c, n, fmt.Sprintf("softwares/%d", i))
	}
	if nd := content.Get("network_device"); nd != nil && nd.Kind == '{' {
		kind := inventory.KindSwitch
		if strings.EqualFold(str(nd, "type"), "printer") {
			kind = inventory.KindDevice
		}
		c := inventory.Component{Kind: kind, Name: str(nd, "name"), Model: str(nd, "model"), Serial: str(nd, "serial"), Version: str(nd, "firmware")}
		party(&c, inventory.RoleManufacturer, nd, "manufacturer")
		if mac := str(nd, "mac"); mac != "" {
			c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDMAC, Value: mac, Field: "mac"})
		}
		props(&c, nd, "type")
		b.add(c, nd, "network_device")
		if inv.Host == "" {
			inv.Host = c.Name
		}
	}
	for i, n := range items(content.Get("network_components")) {
		c := inventory.Component{Kind: inventory.KindDevice, Name: str(n, "name"), Model: str(n, "model"), Serial: str(n, "serial"), Version: str(n, "firmware")}
		party(&c, inventory.RoleManufacturer, n, "manufacturer")
		props(&c, n, "type", "description")
		b.add(c, n, fmt.Sprintf("network_components/%d", i))
	}
	inv.Components = b.comps
	if inv.Components == nil {
		inv.Components = []inventory.Component{}
	}
	return inv, nil
}
