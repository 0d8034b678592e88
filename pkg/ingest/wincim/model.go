// Package wincim is the ingest stage for Windows inventories exported from
// PowerShell: `Get-CimInstance ... | ConvertTo-Json` (UTF-16 as `>` writes
// it is decoded by the input layer) and `... | Export-Csv`, for the classes
// Win32_ComputerSystem, Win32_BIOS, Win32_PhysicalMemory, Win32_DiskDrive,
// Win32_NetworkAdapter and Win32_PnPEntity, and installed software from
// the uninstall registry keys (`Get-ItemProperty HKLM:\...\Uninstall\*`).
//
// The class is taken from CimSystemProperties.ClassName (JSON), the #TYPE
// line (CSV) or, failing those, the object's properties. PCI and USB vendor
// ids are read only from device instance ids (PNPDeviceID, DeviceID,
// HardwareID) of the form PCI\VEN_xxxx&DEV_xxxx and USB\VID_xxxx&PID_xxxx.
// It must not import anything after ingest (match, policy, report).
package wincim

import (
	"fmt"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/hwtext"
	"github.com/vendorcheck/vendorcheck/pkg/internal/lazyre"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// record is one CIM instance or registry entry: its properties as text,
// its class when the export says, and its line.
type record struct {
	class string
	line  int
	props map[string]string
}

func (r record) get(k string) string {
	v := hwtext.Value(r.props[k])
	switch strings.ToLower(v) {
	case "(standard disk drives)", "(standard system devices)", "(standard usb host controller)", "system manufacturer", "system product name", "default string":
		return ""
	}
	return v
}

func (r record) has(ks ...string) bool {
	for _, k := range ks {
		if _, ok := r.props[k]; !ok {
			return false
		}
	}
	return true
}

// classOf names the record's class, from the export or its properties.
func classOf(r record) string {
	if c := r.class; c != "" {
		if i := strings.LastIndexAny(c, "/#:\\"); i >= 0 {
			c = c[i+1:]
		}
		if strings.HasPrefix(c, "Win32_") {
			return c
		}
	}
	switch {
	case r.has("DisplayName") && (r.has("UninstallString") || r.has("Publisher") || r.has("DisplayVersion")):
		return "Uninstall"
	case r.has("BankLabel") || (r.has("DeviceLocator") && r.has("PartNumber")):
		return "Win32_PhysicalMemory"
	case r.has("SMBIOSBIOSVersion"):
		return "Win32_BIOS"
	case r.has("MACAddress") && r.has("AdapterType"):
		return "Win32_NetworkAdapter"
	case r.has("InterfaceType") && r.has("Model"):
		return "Win32_DiskDrive"
	case r.has("PNPClass") || (r.has("PNPDeviceID") && r.has("ClassGuid")):
		return "Win32_PnPEntity"
	case r.has("Manufacturer", "Model") && (r.has("TotalPhysicalMemory") || r.has("Domain") || r.has("SystemFamily")):
		return "Win32_ComputerSystem"
	case rePCI.MatchString(r.props["PNPDeviceID"]) || reUSB.MatchString(r.props["PNPDeviceID"]):
		// A device selected down to its name and instance id (Select-Object
		// Name, PNPDeviceID): its PCI or USB id says what it is.
		return "Win32_PnPEntity"
	}
	return ""
}

var (
	rePCI = lazyre.New(`(?i)^PCI\\VEN_([0-9A-F]{4})&DEV_([0-9A-F]{4})`)
	reUSB = lazyre.New(`(?i)^USB\\VID_([0-9A-F]{4})&PID_([0-9A-F]{4})`)
)

// deviceIDs reads PCI and USB vendor ids from a device instance id.
func deviceIDs(c *inventory.Component, field, v string) {
	if m := rePCI.FindStringSubmatch(v); m != nil {
		c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDPCIVendor, Value: strings.ToLower(m[1]), Field: field})
		c.Properties = append(c.Properties, inventory.Property{Name: "cim:pci-device-id", Value: strings.ToLower(m[2])})
		if c.Kind == inventory.KindDevice {
			c.Kind = inventory.KindPCI
		}
	} else if m := reUSB.FindStringSubmatch(v); m != nil {
		c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDUSBVendor, Value: strings.ToLower(m[1]), Field: field})
		c.Properties = append(c.Properties, inventory.Property{Name: "cim:usb-product-id", Value: strings.ToLower(m[2])})
		if c.Kind == inventory.KindDevice {
			c.Kind = inventory.KindUSB
		}
	}
}

// component builds the component of a record; ok is false for a class
// that is not read.
func component(r record, n int, file string) (inventory.Component, bool) {
	class := classOf(r)
	c := inventory.Component{Location: inventory.Location{File: file, Line: r.line}}
	party := func(role inventory.Role, k string) {
		if v := r.get(k); v != "" {
			c.Parties = append(c.Parties, inventory.Party{Role: role, Name: v, Field: k})
		}
	}
	props := func(ks ...string) {
		for _, k := range ks {
			if v := r.get(k); v != "" {
				c.Properties = append(c.Properties, inventory.Property{Name: "cim:" + k, Value: v})
			}
		}
	}
	key := ""
	switch class {
	case "Win32_ComputerSystem":
		c.Kind, c.Model, c.Name = inventory.KindSystem, r.get("Model"), r.get("Name")
		party(inventory.RoleManufacturer, "Manufacturer")
		props("SystemFamily", "SystemSKUNumber", "Domain")
		key = r.get("Name")
	case "Win32_BIOS":
		c.Kind, c.Name, c.Version, c.Serial = inventory.KindBIOS, "BIOS", r.get("SMBIOSBIOSVersion"), r.get("SerialNumber")
		party(inventory.RoleManufacturer, "Manufacturer")
		props("ReleaseDate")
	case "Win32_PhysicalMemory":
		c.Kind, c.Name, c.Serial = inventory.KindMemory, r.get("DeviceLocator"), r.get("SerialNumber")
		if mfr := r.get("Manufacturer"); mfr != "" {
			if hwtext.IsHexCode(mfr) {
				c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDJEDEC, Value: mfr, Field: "Manufacturer"})
			} else {
				party(inventory.RoleManufacturer, "Manufacturer")
			}
		}
		if pn := r.get("PartNumber"); pn != "" {
			c.Model = pn
			c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDPartNumber, Value: pn, Field: "PartNumber"})
		}
		props("Capacity", "SMBIOSMemoryType", "Speed", "BankLabel")
		key = r.get("Tag")
	case "Win32_DiskDrive":
		c.Kind, c.Model, c.Serial, c.Version = inventory.KindDisk, r.get("Model"), r.get("SerialNumber"), r.get("FirmwareRevision")
		c.Name = c.Model
		party(inventory.RoleManufacturer, "Manufacturer")
		deviceIDs(&c, "PNPDeviceID", r.props["PNPDeviceID"])
		props("InterfaceType", "MediaType", "Size")
		key = r.get("DeviceID")
	case "Win32_NetworkAdapter":
		c.Kind, c.Name, c.Model = inventory.KindNIC, r.get("Name"), r.get("ProductName")
		party(inventory.RoleManufacturer, "Manufacturer")
		if mac := r.get("MACAddress"); mac != "" {
			c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDMAC, Value: mac, Field: "MACAddress"})
		}
		deviceIDs(&c, "PNPDeviceID", r.props["PNPDeviceID"])
		props("AdapterType", "PhysicalAdapter")
		key = r.get("PNPDeviceID")
	case "Win32_PnPEntity":
		c.Kind, c.Name = inventory.KindDevice, r.get("Name")
		c.Model = c.Name
		party(inventory.RoleManufacturer, "Manufacturer")
		id := r.props["PNPDeviceID"]
		field := "PNPDeviceID"
		if id == "" {
			id, field = r.props["DeviceID"], "DeviceID"
		}
		deviceIDs(&c, field, id)
		props("PNPClass", "ClassGuid", "Service")
		key = id
	case "Uninstall":
		if r.get("DisplayName") == "" {
			return c, false
		}
		c.Kind, c.Name, c.Version = inventory.KindApplication, r.get("DisplayName"), r.get("DisplayVersion")
		party(inventory.RolePublisher, "Publisher")
		props("InstallLocation", "PSChildName")
		key = r.get("PSChildName")
	default:
		return c, false
	}
	if key == "" {
		key = fmt.Sprintf("%d", n)
	}
	c.Location.Ref = class + "/" + key
	if c.Name == "" {
		c.Name = c.Location.Ref
	}
	c.Properties = append(c.Properties, inventory.Property{Name: "cim:class", Value: class})
	if h := r.get("PSComputerName"); h != "" {
		c.Host = h
	}
	return c, true
}
