package osquery

import (
	"fmt"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/hwtext"
	"github.com/vendorcheck/vendorcheck/pkg/internal/lazyre"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

var (
	reHex4 = lazyre.New(`^(?:0[xX])?([0-9a-fA-F]{4})$`)
	reHex2 = lazyre.New(`^[0-9a-fA-F]{2}$`)
)

// hex4 reads a vendor id column ("8086", "0x8086") as four lower-case hex
// digits.
func hex4(v string) (string, bool) {
	m := reHex4.FindStringSubmatch(strings.TrimSpace(v))
	if m == nil {
		return "", false
	}
	id := strings.ToLower(m[1])
	return id, id != "0000" && id != "ffff"
}

// placeholders osquery and Windows put where a value is unknown.
func value(s string) string {
	s = hwtext.Value(s)
	switch strings.ToLower(s) {
	case "(standard disk drives)", "(standard system devices)", "unknown", "not specified", "-1":
		return ""
	}
	return s
}

// component builds the component of one row; ok is false for a row of a
// table that is not read, and the component has no kind for a row that
// describes nothing (an empty memory slot). host is a host name the row gives (system_info).
func component(rw row, n int) (c inventory.Component, host string, ok bool) {
	col := func(k string) string { return value(rw.cols[k]) }
	has := func(ks ...string) bool {
		for _, k := range ks {
			if _, ok := rw.cols[k]; !ok {
				return false
			}
		}
		return true
	}
	prop := func(table string, ks ...string) {
		c.Properties = append(c.Properties, inventory.Property{Name: "osquery:table", Value: table})
		for _, k := range ks {
			if v := col(k); v != "" {
				c.Properties = append(c.Properties, inventory.Property{Name: "osquery:" + k, Value: v})
			}
		}
	}
	ref := func(table, key string) {
		if key == "" {
			key = fmt.Sprintf("row %d", n)
		}
		c.Location = inventory.Location{Line: rw.line, Ref: table + "/" + key}
	}
	party := func(role inventory.Role, k string) {
		v := col(k)
		if i := strings.IndexByte(v, '<'); i > 0 { // "Name <mail>"
			v = strings.TrimSpace(v[:i])
		}
		if v != "" {
			c.Parties = append(c.Parties, inventory.Party{Role: role, Name: v, Field: k})
		}
	}
	switch {
	case has("hardware_vendor", "hardware_model"):
		c = inventory.Component{Kind: inventory.KindSystem, Model: col("hardware_model"), Serial: col("hardware_serial")}
		c.Name = c.Model
		party(inventory.RoleManufacturer, "hardware_vendor")
		prop("system_info", "cpu_brand", "board_vendor", "board_model", "computer_name")
		ref("system_info", col("hostname"))
		host = col("hostname")
	case has("interface", "mac"):
		c = inventory.Component{Kind: inventory.KindNIC, Name: col("interface"), Model: col("description")}
		if mac := col("mac"); mac != "" && mac != "00:00:00:00:00:00" {
			c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDMAC, Value: mac, Field: "mac"})
		}
		party(inventory.RoleManufacturer, "manufacturer")
		prop("interface_details", "type", "pci_slot", "driver", "connection_id")
		ref("interface_details", col("interface"))
	case has("pci_slot"):
		c = inventory.Component{Kind: inventory.KindPCI, Model: col("model")}
		c.Name = c.Model
		if c.Name == "" {
			c.Name = col("pci_slot")
		}
		party(inventory.RoleVendor, "vendor")
		if id, ok := hex4(rw.cols["vendor_id"]); ok {
			c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDPCIVendor, Value: id, Field: "vendor_id"})
		}
		if id, ok := hex4(rw.cols["subsystem_vendor_id"]); ok {
			c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDPCIVendor, Value: id, Field: "subsystem_vendor_id"})
		}
		prop("pci_devices", "pci_class", "pci_class_id", "pci_subclass", "pci_subclass_id", "model_id", "driver")
		// The class code in lspci's form ("0108"), for category decisions.
		if cl, sub := col("pci_class_id"), col("pci_subclass_id"); reHex2.MatchString(cl) && reHex2.MatchString(sub) {
			c.Properties = append(c.Properties, inventory.Property{Name: "class-code", Value: strings.ToLower(cl + sub)})
		}
		ref("pci_devices", col("pci_slot"))
	case has("usb_address") || has("usb_port"):
		c = inventory.Component{Kind: inventory.KindUSB, Model: col("model"), Serial: col("serial")}
		c.Name = c.Model
		party(inventory.RoleVendor, "vendor")
		if id, ok := hex4(rw.cols["vendor_id"]); ok {
			c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDUSBVendor, Value: id, Field: "vendor_id"})
		}
		prop("usb_devices", "model_id", "class", "subclass", "protocol", "version")
		// osquery writes the class in decimal ("9"); categories read it as
		// lsusb shows it ("09").
		if cl, ok := hwtext.USBClassDecimal(col("class")); ok {
			c.Properties = append(c.Properties, inventory.Property{Name: "usb-class", Value: cl})
		}
		ref("usb_devices", col("usb_address")+":"+col("usb_port"))
	case has("device_locator") || (has("bank_locator") && has("memory_type")):
		if col("size") == "0" || (col("part_number") == "" && col("manufacturer") == "") {
			// An empty slot: a row of a table read, but no component.
			return inventory.Component{}, "", true
		}
		c = inventory.Component{Kind: inventory.KindMemory, Model: col("part_number"), Serial: col("serial_number")}
		c.Name = col("device_locator")
		if mfr := col("manufacturer"); mfr != "" {
			if hwtext.IsHexCode(mfr) {
				c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDJEDEC, Value: mfr, Field: "manufacturer"})
			} else {
				party(inventory.RoleManufacturer, "manufacturer")
			}
		}
		if c.Model != "" {
			c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDPartNumber, Value: c.Model, Field: "part_number"})
		}
		prop("memory_devices", "memory_type", "size", "form_factor", "bank_locator")
		ref("memory_devices", strings.Trim(col("bank_locator")+"/"+col("device_locator"), "/"))
	case has("disk_index") || (has("pnp_device_id") && has("hardware_model")):
		c = inventory.Component{Kind: inventory.KindDisk, Model: col("hardware_model"), Serial: col("serial")}
		c.Name = c.Model
		party(inventory.RoleManufacturer, "manufacturer")
		prop("disk_info", "type", "disk_size", "pnp_device_id")
		ref("disk_info", col("id"))
	case has("uninstall_string") || has("identifying_number") || (has("publisher") && has("install_location")):
		c = inventory.Component{Kind: inventory.KindApplication, Name: col("name"), Version: col("version")}
		party(inventory.RolePublisher, "publisher")
		prop("programs", "install_location", "identifying_number")
		ref("programs", col("identifying_number"))
	case has("maintainer") && (has("section") || has("priority") || has("arch")):
		c = inventory.Component{Kind: inventory.KindLibrary, Name: col("name"), Version: col("version")}
		party(inventory.RoleSupplier, "maintainer")
		prop("deb_packages", "source", "arch", "section")
		ref("deb_packages", col("name"))
	case has("release") && (has("package_group") || has("vendor")):
		c = inventory.Component{Kind: inventory.KindLibrary, Name: col("name"), Version: col("version")}
		party(inventory.RoleSupplier, "vendor")
		prop("rpm_packages", "release", "arch", "source")
		ref("rpm_packages", col("name"))
	case has("bundle_identifier"):
		c = inventory.Component{Kind: inventory.KindApplication, Name: col("name"), Version: col("bundle_short_version")}
		prop("apps", "bundle_identifier", "path")
		ref("apps", col("bundle_identifier"))
	default:
		return c, "", false
	}
	c.Name = strings.TrimSuffix(c.Name, ".app")
	if c.Name == "" {
		c.Name = c.Location.Ref
	}
	for i := range c.Parties {
		c.Parties[i].Name = strings.TrimSpace(c.Parties[i].Name)
	}
	return c, host, true
}
