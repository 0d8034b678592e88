// Package inventory is the normalized model that crosses from the ingest
// stage to the rest of the pipeline: every decoder produces an Inventory of
// Components, and nothing after ingest sees a format library's types.
//
// The package holds data only; it must not import any format, catalog or
// policy package.
package inventory

import (
	"strconv"
	"time"
)

// Kind says what a component is, as far as its source tells. The hardware
// kinds let policies scope rules to product categories.
type Kind string

// Component kinds. Software kinds follow CycloneDX component types; hardware
// kinds name what a hardware inventory records.
const (
	KindApplication Kind = "application"
	KindLibrary     Kind = "library"
	KindFramework   Kind = "framework"
	KindContainer   Kind = "container"
	KindOS          Kind = "operating-system"
	KindFirmware    Kind = "firmware"
	KindFile        Kind = "file"
	KindDevice      Kind = "device"
	KindPlatform    Kind = "platform"
	KindService     Kind = "service"
	KindData        Kind = "data"
	KindOther       Kind = "other"

	KindSystem    Kind = "system"
	KindBoard     Kind = "board"
	KindChassis   Kind = "chassis"
	KindBIOS      Kind = "bios"
	KindProcessor Kind = "processor"
	KindMemory    Kind = "memory-module"
	KindDisk      Kind = "disk"
	KindNIC       Kind = "network-adapter"
	KindUSB       Kind = "usb-device"
	KindPCI       Kind = "pci-device"
	KindHost      Kind = "network-host"
	KindCamera    Kind = "camera"
	KindRadio     Kind = "radio"
	KindDrone     Kind = "drone"
	KindSwitch    Kind = "network-equipment"
)

// IsSoftware reports whether k is a software kind (a package, an
// application, an operating system), as opposed to hardware or firmware.
func (k Kind) IsSoftware() bool {
	switch k {
	case KindApplication, KindLibrary, KindFramework, KindContainer, KindOS, KindFile, KindService, KindData:
		return true
	}
	return false
}

// Role is the relation of a party to a component.
type Role string

// Party roles, in the words of the SBOM standards.
const (
	RoleSupplier     Role = "supplier"
	RoleManufacturer Role = "manufacturer"
	RolePublisher    Role = "publisher"
	RoleAuthor       Role = "author"
	RoleOriginator   Role = "originator"
	RoleVendor       Role = "vendor" // hardware inventories: the device's vendor field
)

// Party is an organisation or person named in a party field of a component.
type Party struct {
	Role Role   `json:"role"`
	Name string `json:"name"`
	// Field is the source field, as the decoder names it, for evidence
	// (for example "supplier.name" or "PackageSupplier").
	Field string `json:"field"`
	// Person is true when the source says the party is a person (SPDX
	// "Person: ..."); a person's name is matched only as a whole
	// registered company name, at a lower confidence (SBOM generators
	// write package maintainers as persons, companies among them).
	Person bool `json:"person,omitempty"`
	// Email and URL are the party's e-mail address and web address as the
	// source gives them in their own fields (CycloneDX supplier.url,
	// supplier.contact[].email, an SPDX "Name (email)"). Their domains are
	// matched against the vendors' own domains. A party with several is
	// recorded once per address, the later ones without the name.
	Email string `json:"email,omitempty"`
	URL   string `json:"url,omitempty"`
}

// IDKind names a kind of hardware or registry identifier.
type IDKind string

// Identifier kinds. Each is matched only against the same kind in the
// catalog: an identifier counts only in its own field.
const (
	IDPCIVendor  IDKind = "pci-vendor"
	IDUSBVendor  IDKind = "usb-vendor"
	IDMAC        IDKind = "mac"
	IDJEDEC      IDKind = "jedec"
	IDIANAPEN    IDKind = "iana-pen"
	IDPartNumber IDKind = "part-number"
	// IDURL is a URL the source records for the component itself: a
	// CycloneDX external reference (website, vcs ...), an SPDX
	// PackageHomePage. Field names the reference type.
	IDURL IDKind = "url"
)

// Identifier is one identifier value found in a component's own field.
type Identifier struct {
	Kind  IDKind `json:"kind"`
	Value string `json:"value"`
	Field string `json:"field"`
}

// Location says where a component was found, so that a finding can be traced
// back to its input.
type Location struct {
	File string `json:"file"`
	// Line is the 1-based line of the component in File, 0 when unknown.
	Line int `json:"line,omitempty"`
	// Ref is the component's own reference: a CycloneDX bom-ref, an SPDXID,
	// or a JSON pointer.
	Ref string `json:"ref,omitempty"`
	// Path lists the names of the enclosing components, outermost first.
	Path []string `json:"path,omitempty"`
}

// String gives the most precise reference the location has: the ref if any,
// else file:line, else the file.
func (l Location) String() string {
	switch {
	case l.Ref != "":
		return l.Ref
	case l.Line > 0:
		return l.File + ":" + strconv.Itoa(l.Line)
	default:
		return l.File
	}
}

// Component is one thing in an inventory: a package, a device, a module.
type Component struct {
	Name        string   `json:"name"`
	Version     string   `json:"version,omitempty"`
	Kind        Kind     `json:"kind"`
	Group       string   `json:"group,omitempty"`
	Description string   `json:"description,omitempty"`
	PURL        string   `json:"purl,omitempty"`
	CPEs        []string `json:"cpes,omitempty"`
	// Model is a hardware product or model name (lshw "product", dmidecode
	// "Product Name", Redfish "Model").
	Model       string       `json:"model,omitempty"`
	Parties     []Party      `json:"parties,omitempty"`
	Identifiers []Identifier `json:"identifiers,omitempty"`
	Properties  []Property   `json:"properties,omitempty"`
	Serial      string       `json:"serial,omitempty"`

	// Dates the source records; zero when unknown.
	PurchaseDate time.Time `json:"purchase_date,omitzero"`
	InstallDate  time.Time `json:"install_date,omitzero"`

	// Host and Site group components in audits.
	Host string `json:"host,omitempty"`
	Site string `json:"site,omitempty"`

	Location Location `json:"location"`
}

// Property is a name/value pair the source attached to a component.
type Property struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Assessable reports whether the component carries any signal a matcher can
// judge: a party, a purl, a CPE, an identifier or a hardware model name. A
// component without one is "unassessed": silence about it is not a clean bill.
func (c *Component) Assessable() bool {
	return len(c.Parties) > 0 || c.PURL != "" || len(c.CPEs) > 0 || len(c.Identifiers) > 0 ||
		(!c.Kind.IsSoftware() && c.Model != "")
}

// Inventory is what one input yields.
type Inventory struct {
	// Source is the input's name as the user gave it ("-" for stdin).
	Source string `json:"source"`
	// Format is the decoder id that read it, e.g. "cyclonedx-json".
	Format string `json:"format"`
	// SpecVersion is the format's version as the document states it.
	SpecVersion string      `json:"spec_version,omitempty"`
	Components  []Component `json:"components"`
	// Host names the machine or product the inventory describes, if known.
	Host string `json:"host,omitempty"`
	// Warnings are the bends in the input that the decoder read past (an
	// SPDX identifier without its SPDXRef- prefix, a supplier without its
	// Organization: prefix, an unknown tag): the input was read, but its
	// author should hear of them.
	Warnings []Warning `json:"warnings,omitempty"`
}

// Warning is one bend in an input, with its line where known.
type Warning struct {
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}
