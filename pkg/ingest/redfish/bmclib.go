package redfish

import (
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/jsontree"

	"bytes"
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// bmclib's inventory JSON (bmclib's common.Device, as written by its
// examples/inventory) is not Redfish: it is bmclib's own normalized model
// built from Redfish and vendor tools. It names a vendor, model and serial
// for most devices, so it is worth reading; it gets its own format id so a
// report does not claim the input was Redfish.

type bmclibDecoder struct{}

var _ ingest.Decoder = (*bmclibDecoder)(nil)

// NewBMCLib returns the decoder for bmclib's inventory JSON.
func NewBMCLib() ingest.Decoder { return &bmclibDecoder{} }

func (*bmclibDecoder) ID() string { return BMCLibID }

// Identify accepts a JSON object with bmclib's device-list keys and no OData
// annotations.
func (d *bmclibDecoder) Identify(head []byte) bool { return d.IdentifyHead(ingest.NewHead(head)) }

// IdentifyHead is Identify, with what h found shared with the other
// decoders.
func (*bmclibDecoder) IdentifyHead(h *ingest.Head) bool {
	head := h.Bytes()
	if !isJSON(head) || isSBOM(h) || h.ContainsQuoted(`"@odata.`) {
		return false
	}
	t := bytes.TrimLeft(head, " \t\r\n")
	if t[0] != '{' {
		return false
	}
	return h.ContainsQuoted(`"bmc"`) && h.ContainsQuoted(`"cpus"`) && h.ContainsQuoted(`"memory"`, `"drives"`)
}

// bmclibLists are bmclib's device lists, in the order of its Device struct.
var bmclibLists = []struct {
	key  string
	kind inventory.Kind
}{
	{"bmc", inventory.KindBoard},
	{"mainboard", inventory.KindBoard},
	{"cplds", inventory.KindDevice},
	{"tpms", inventory.KindDevice},
	{"gpus", inventory.KindPCI},
	{"cpus", inventory.KindProcessor},
	{"memory", inventory.KindMemory},
	{"nics", inventory.KindNIC},
	{"drives", inventory.KindDisk},
	{"storage_controller", inventory.KindPCI},
	{"power_supplies", inventory.KindDevice},
	{"enclosures", inventory.KindChassis},
}

func (*bmclibDecoder) Decode(ctx context.Context, r io.Reader, name string) (*inventory.Inventory, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, &ingest.DecodeError{File: name, Format: BMCLibID, Err: err}
	}
	root, err := jsontree.Parse(data)
	if err != nil {
		return nil, treeError(name, BMCLibID, err)
	}
	if root.Kind != '{' {
		return nil, &ingest.DecodeError{File: name, Format: BMCLibID, Err: fmt.Errorf("%w: expected a JSON object", ingest.ErrMalformed)}
	}
	inv := &inventory.Inventory{Source: name, Format: BMCLibID, Components: []inventory.Component{}}
	sys := bmclibComponent(root, name, "#", inventory.KindSystem)
	if sys.Name == "" {
		sys.Name = "system"
	}
	inv.Components = append(inv.Components, sys)
	for _, l := range bmclibLists {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		v := root.Get(l.key)
		switch {
		case v == nil:
		case v.Kind == '{':
			if len(v.Keys) > 0 {
				inv.Components = append(inv.Components, bmclibComponent(v, name, "#/"+l.key, l.kind))
			}
		case v.Kind == '[':
			for i, item := range v.Vals {
				if item.Kind == '{' {
					inv.Components = append(inv.Components, bmclibComponent(item, name, "#/"+l.key+"/"+strconv.Itoa(i), l.kind))
				}
			}
		}
	}
	return inv, nil
}

func bmclibComponent(n *jsontree.Node, file, ref string, kind inventory.Kind) inventory.Component {
	c := inventory.Component{
		Kind:     kind,
		Model:    clean(n.Get("model").Text()),
		Serial:   clean(n.Get("serial").Text()),
		Location: inventory.Location{File: file, Line: n.Line, Ref: ref},
	}
	c.Name = firstNonEmpty(clean(n.Get("description").Text()), clean(n.Get("name").Text()), clean(n.Get("id").Text()), c.Model, clean(n.Get("slot").Text()))
	if fw := n.Get("firmware"); fw != nil {
		c.Version = clean(fw.Get("installed").Text())
	}
	if v := clean(n.Get("vendor").Text()); v != "" {
		c.Parties = append(c.Parties, inventory.Party{Role: inventory.RoleManufacturer, Name: v, Field: "vendor"})
	}
	if pn := clean(n.Get("part_number").Text()); pn != "" {
		c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDPartNumber, Value: pn, Field: "part_number"})
	}
	if mac, ok := normalizeMAC(n.Get("macaddress").Text()); ok {
		c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDMAC, Value: mac, Field: "macaddress"})
	}
	for _, k := range []string{"id", "slot", "type", "drive_type", "protocol", "chassis_type", "interface_type"} {
		if v := clean(n.Get(k).Text()); v != "" && v != c.Name {
			c.Properties = append(c.Properties, inventory.Property{Name: k, Value: v})
		}
	}
	return c
}
