// Package redfish is the ingest stage for DMTF Redfish JSON: single resources
// (Memory, Drive, ComputerSystem, Chassis, NetworkAdapter, Processor,
// PCIeDevice, PCIeFunction, EthernetInterface, ...), arrays of resources,
// collections with expanded members, and the normalized inventory that
// bmclib (github.com/bmc-toolbox/bmclib) writes, which is a separate format
// ("bmclib-inventory") read by NewBMCLib.
//
// A mockup tree (a folder of index.json files) is read one file at a time by
// the caller; a collection file that only links to members yields no
// components. The package must not fetch anything: a link (@odata.id) is
// recorded as the component's reference, never followed.
package redfish

import (
	"bytes"
	"fmt"
	"io"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
)

// ID is the format id of Redfish JSON.
const ID = "redfish"

// BMCLibID is the format id of bmclib's inventory JSON.
const BMCLibID = "bmclib-inventory"

// MaxDocumentSize bounds how much of one Redfish or bmclib JSON document is
// read. A full $expand of a large server is a few megabytes.
const MaxDocumentSize = 64 << 20

type decoder struct{}

var _ ingest.Decoder = (*decoder)(nil)

// New returns the Redfish JSON decoder.
func New() ingest.Decoder { return &decoder{} }

func (*decoder) ID() string { return ID }

// Identify accepts JSON whose head carries an OData type or a Redfish link,
// and that does not name itself as an SBOM.
func (d *decoder) Identify(head []byte) bool { return d.IdentifyHead(ingest.NewHead(head)) }

// IdentifyHead is Identify, with what h found shared with the other
// decoders.
func (*decoder) IdentifyHead(h *ingest.Head) bool {
	if !isJSON(h.Bytes()) || isSBOM(h) {
		return false
	}
	return h.ContainsQuoted(`"@odata.type"`) ||
		(h.ContainsQuoted(`"@odata.id"`) && bytes.Contains(h.Bytes(), []byte(`/redfish/v1`)))
}

func isJSON(head []byte) bool {
	t := bytes.TrimLeft(ingest.StripBOM(head), " \t\r\n")
	return len(t) > 0 && (t[0] == '{' || t[0] == '[')
}

func isSBOM(h *ingest.Head) bool {
	return h.ContainsQuoted(`"bomFormat"`, `"spdxVersion"`, `"SPDXID"`, `"@context"`)
}

// readAll reads r up to MaxDocumentSize.
func readAll(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxDocumentSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxDocumentSize {
		return nil, fmt.Errorf("%w: more than %d bytes of JSON", ingest.ErrTooLarge, MaxDocumentSize)
	}
	return ingest.StripBOM(data), nil
}
