// Package netbox is the ingest stage for NetBox data: device-type definitions
// (the YAML of netbox-community/devicetype-library) and API exports (the
// JSON of /api/dcim/devices/, /api/dcim/device-types/, /api/dcim/modules/ and
// /api/dcim/inventory-items/, paginated or as a bare array). NetBox's CSV
// export from the web UI is read by package hwsheet, which recognises its
// header (Name, Status, Tenant, Site, Location, Rack, Role, Manufacturer,
// Type, ...).
//
// The package reads exports only; it must not call a NetBox server.
package netbox

import (
	"bytes"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/internal/lazyre"
)

// ID is the format id.
const ID = "netbox"

// MaxDocumentSize bounds one YAML or JSON document. A full device export of
// a large site is tens of megabytes.
const MaxDocumentSize = 256 << 20

// MaxYAMLSize bounds a device-type YAML file; the largest in the
// devicetype-library are a few hundred kilobytes.
const MaxYAMLSize = 8 << 20

type decoder struct{}

var _ ingest.Decoder = (*decoder)(nil)

// New returns the NetBox decoder.
func New() ingest.Decoder { return &decoder{} }

func (*decoder) ID() string { return ID }

var (
	yamlManufacturer = lazyre.New(`(?m)^manufacturer:`)
	yamlModel        = lazyre.New(`(?m)^model:[ \t]*\S`)
	yamlTypeKey      = lazyre.New(`(?m)^(slug|part_number|u_height|is_full_depth|interfaces|module-bays|console-ports|power-ports):`)
)

// Identify accepts device-type YAML (top-level manufacturer, model and one
// of NetBox's device-type keys) and JSON that carries NetBox's device_type,
// module_type or part_id fields.
func (d *decoder) Identify(head []byte) bool { return d.IdentifyHead(ingest.NewHead(head)) }

// IdentifyHead is Identify, with what h found shared with the other
// decoders.
func (*decoder) IdentifyHead(h *ingest.Head) bool {
	t := bytes.TrimLeft(h.Bytes(), " \t\r\n")
	if len(t) == 0 {
		return false
	}
	switch t[0] {
	case '{', '[':
		// smartctl --json reports have a "device_type" too.
		if h.ContainsQuoted(`"bomFormat"`, `"spdxVersion"`, `"SPDXID"`, `"@odata.`, `"json_format_version"`) {
			return false
		}
		return h.ContainsQuoted(`"device_type"`, `"module_type"`) ||
			(h.ContainsQuoted(`"part_id"`) && h.ContainsQuoted(`"manufacturer"`))
	case '<':
		return false
	}
	if bytes.Contains(t, []byte("spdxVersion:")) || bytes.Contains(t, []byte("SPDXVersion:")) {
		return false
	}
	// The keys first: the expressions run only on text that has them, and
	// are compiled only then.
	return bytes.Contains(t, []byte("manufacturer:")) && bytes.Contains(t, []byte("model:")) &&
		yamlManufacturer.Match(t) && yamlModel.Match(t) && yamlTypeKey.Match(t)
}
