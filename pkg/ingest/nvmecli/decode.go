// Package nvmecli is the ingest stage for nvme-cli's device list in JSON
// (`nvme list -o json`, and the verbose `nvme list -v -o json` of nvme-cli
// 2.x): every NVMe controller or namespace device becomes a disk component
// with its model number, serial and firmware.
//
// The PCI vendor id is read only from the NVMe Qualified Name of a
// subsystem in nvme-cli's own "nqn.2014.08.org.nvmexpress:VVVVSSSS..."
// form (the NVMe base specification's NQN built from the PCI vendor and
// subsystem vendor ids); serials and paths never become identifiers. It must
// not import anything after ingest (match, policy, report).
package nvmecli

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
const ID = "nvme-list-json"

// FieldNQN is the only Field an identifier from this decoder carries.
const FieldNQN = "SubsystemNQN"

// MaxDocumentSize bounds the JSON document.
const MaxDocumentSize = 64 << 20

type decoder struct{}

var _ ingest.Decoder = (*decoder)(nil)

// New returns the nvme-cli list decoder.
func New() ingest.Decoder { return &decoder{} }

func (*decoder) ID() string { return ID }

var reDevices = lazyre.New(`^\s*\{\s*"Devices"\s*:\s*\[`)

// Identify accepts a JSON object whose first key is "Devices", with
// nvme-cli's "DevicePath", "ModelNumber" or "Subsystems" in the head (or an
// empty list).
func (*decoder) Identify(head []byte) bool {
	head = ingest.StripBOM(head)
	// The first key first: the expressions run only on an object that
	// opens with it, and are compiled only then.
	if k, ok := hwtext.FirstKey(head, false); !ok || !bytes.HasPrefix(k, []byte(`"Devices"`)) || !reDevices.Match(head) {
		return false
	}
	for _, k := range []string{`"DevicePath"`, `"ModelNumber"`, `"Subsystems"`, `"HostNQN"`} {
		if bytes.Contains(head, []byte(k)) {
			return true
		}
	}
	return reEmpty.Match(head)
}

var reEmpty = lazyre.New(`^\s*\{\s*"Devices"\s*:\s*\[\s*\]\s*\}\s*$`)

// vals returns the elements of an array node, or nil.
func vals(n *jsontree.Node) []*jsontree.Node {
	if n == nil || n.Kind != '[' {
		return nil
	}
	return n.Vals
}

// reNQN is nvme-cli's NQN for PCIe subsystems: the PCI vendor id and
// subsystem vendor id as four hex digits each, then serial and model.
var reNQN = lazyre.New(`^nqn\.2014\.08\.org\.nvmexpress:([0-9a-fA-F]{4})([0-9a-fA-F]{4})`)

func (*decoder) Decode(ctx context.Context, r io.Reader, name string) (*inventory.Inventory, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxDocumentSize+1))
	if err != nil {
		return nil, hwtext.Wrap(name, ID, err)
	}
	if len(data) > MaxDocumentSize {
		return nil, &ingest.DecodeError{File: name, Format: ID, Err: fmt.Errorf("%w: more than %s of JSON", ingest.ErrTooLarge, ingest.FormatSize(MaxDocumentSize))}
	}
	root, err := hwtext.ParseJSON(ingest.StripBOM(data), name, ID)
	if err != nil {
		return nil, err
	}
	devs := root.Get("Devices")
	if devs == nil || devs.Kind != '[' {
		return nil, hwtext.Malformed(name, root.Line, ID, `"Devices" must be an array`)
	}
	inv := &inventory.Inventory{Source: name, Format: ID, Components: []inventory.Component{}}
	add := func(n *jsontree.Node, ref, nqn string) {
		c := inventory.Component{Kind: inventory.KindDisk, Location: inventory.Location{File: name, Line: n.Line, Ref: ref}}
		c.Model = hwtext.Value(n.Get("ModelNumber").Text())
		c.Serial = hwtext.Value(n.Get("SerialNumber").Text())
		c.Version = hwtext.Value(n.Get("Firmware").Text())
		c.Name = c.Model
		if c.Name == "" {
			c.Name = ref
		}
		if m := reNQN.FindStringSubmatch(nqn); m != nil {
			if id := strings.ToLower(m[1]); id != "0000" && id != "ffff" {
				c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDPCIVendor, Value: id, Field: FieldNQN})
			}
		}
		for _, k := range []string{"ProductName", "Transport", "Address", "PhysicalSize"} {
			if v := hwtext.Value(n.Get(k).Text()); v != "" && v != "NULL" {
				c.Properties = append(c.Properties, inventory.Property{Name: "nvme:" + k, Value: v})
			}
		}
		if nqn != "" {
			c.Properties = append(c.Properties, inventory.Property{Name: "nvme:SubsystemNQN", Value: nqn})
		}
		inv.Components = append(inv.Components, c)
	}
	for i, d := range devs.Vals {
		if err := ctx.Err(); err != nil {
			return nil, hwtext.Wrap(name, ID, err)
		}
		if d.Kind != '{' {
			return nil, hwtext.Malformed(name, d.Line, ID, "a device must be an object")
		}
		subs := d.Get("Subsystems")
		if subs == nil {
			// nvme list -o json: one entry per namespace device.
			ref := d.Get("DevicePath").Text()
			if ref == "" {
				ref = fmt.Sprintf("/Devices/%d", i)
			}
			add(d, ref, "")
			continue
		}
		// nvme list -v -o json: hosts, subsystems, controllers.
		for _, s := range vals(subs) {
			nqn := s.Get("SubsystemNQN").Text()
			for _, ctl := range vals(s.Get("Controllers")) {
				ref := ctl.Get("Controller").Text()
				if ref == "" {
					ref = s.Get("Subsystem").Text()
				}
				add(ctl, ref, nqn)
			}
		}
	}
	return inv, nil
}
