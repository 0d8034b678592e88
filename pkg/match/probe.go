package match

import (
	"fmt"
	"strings"

	"github.com/package-url/packageurl-go"

	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// ProbeFields are the field names Probe accepts, in the order
// `vendorcheck explain --help` lists them. "software-name" and
// "device-name" are accepted as the long forms of "name" and "model", and
// "originator" as SPDX's PackageOriginator.
var ProbeFields = []string{
	"supplier", "manufacturer", "publisher", "author", "originator", "person",
	"supplier-url", "supplier-email", "manufacturer-url", "website", "vcs", "group",
	"purl", "cpe", "name", "model", "part-number",
	"jedec", "pci-vendor", "usb-vendor", "mac", "iana-pen",
}

// Probe builds a one-field component: value written in field, the way a
// decoder would record it, for `vendorcheck explain` and for labelled
// accuracy cases. kind overrides the component kind the field implies
// (a party or a name is on a library, a model on a device, a JEDEC id on a
// memory module ...). "person" is an SPDX "Person:" supplier; the -url and
// -email fields are a party's contacts; "website" and "vcs" are the
// component's external references; "group" is a Maven group without a
// purl.
func Probe(field, value string, kind inventory.Kind) (inventory.Component, error) {
	var c inventory.Component
	def := inventory.KindOther
	party := func(r inventory.Role, f string) {
		c.Parties = append(c.Parties, inventory.Party{Role: r, Name: value, Field: f})
	}
	id := func(k inventory.IDKind, f string) {
		c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: k, Value: value, Field: f})
	}
	switch field {
	case "supplier":
		party(inventory.RoleSupplier, "supplier.name")
		def = inventory.KindLibrary
	case "manufacturer":
		party(inventory.RoleManufacturer, "manufacturer.name")
		def = inventory.KindDevice
	case "publisher":
		party(inventory.RolePublisher, "publisher")
		def = inventory.KindApplication
	case "author":
		party(inventory.RoleAuthor, "author")
		def = inventory.KindLibrary
	case "originator":
		party(inventory.RoleOriginator, "PackageOriginator")
		def = inventory.KindLibrary
	case "person":
		// An SPDX supplier written "Person: NAME", as syft writes package
		// maintainers.
		c.Parties = append(c.Parties, inventory.Party{Role: inventory.RoleSupplier, Name: value, Field: "PackageSupplier", Person: true})
		def = inventory.KindLibrary
	case "supplier-url", "supplier-email", "manufacturer-url":
		role, f := inventory.RoleSupplier, "supplier.name"
		def = inventory.KindLibrary
		if field == "manufacturer-url" {
			role, f = inventory.RoleManufacturer, "manufacturer.name"
			def = inventory.KindDevice
		}
		pt := inventory.Party{Role: role, Field: f, URL: value}
		if field == "supplier-email" {
			pt.URL, pt.Email = "", value
		}
		c.Parties = append(c.Parties, pt)
	case "website", "vcs":
		id(inventory.IDURL, "externalReferences["+field+"]")
		def = inventory.KindLibrary
	case "group":
		// A Maven group written without a purl.
		c.Group = value
		def = inventory.KindLibrary
	case "purl":
		p, err := packageurl.FromString(value)
		if err != nil {
			return c, fmt.Errorf("invalid purl %q: %v", value, err)
		}
		c.PURL, c.Name, c.Group = value, p.Name, p.Namespace
		def = inventory.KindLibrary
	case "cpe":
		if cpeVendor(value) == "" {
			return c, fmt.Errorf("invalid cpe %q: want cpe:2.3:... or cpe:/...", value)
		}
		c.CPEs = []string{value}
		def = inventory.KindApplication
	case "name", "software-name":
		c.Name = value
		def = inventory.KindLibrary
	case "model", "device-name":
		c.Name, c.Model = value, value
		def = inventory.KindDevice
	case "part-number":
		id(inventory.IDPartNumber, "Part Number")
		def = inventory.KindMemory
	case "jedec":
		id(inventory.IDJEDEC, "Module Manufacturer ID")
		def = inventory.KindMemory
	case "pci-vendor":
		id(inventory.IDPCIVendor, "vendor-id")
		def = inventory.KindPCI
	case "usb-vendor":
		id(inventory.IDUSBVendor, "idVendor")
		def = inventory.KindUSB
	case "mac":
		id(inventory.IDMAC, "mac")
		def = inventory.KindHost
	case "iana-pen":
		id(inventory.IDIANAPEN, "sysObjectID")
		def = inventory.KindDevice
	default:
		return c, fmt.Errorf("unknown field %q: want one of %s", field, strings.Join(ProbeFields, ", "))
	}
	c.Kind = def
	if kind != "" {
		c.Kind = kind
	}
	return c, nil
}
