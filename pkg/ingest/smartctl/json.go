package smartctl

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/hwtext"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/jsontree"
	"github.com/vendorcheck/vendorcheck/pkg/internal/lazyre"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// MaxDocumentSize bounds a smartctl JSON document (one disk's report is a
// few tens of KiB; a file may hold an array of them).
const MaxDocumentSize = 256 << 20

type jsonDecoder struct{}

var _ ingest.Decoder = (*jsonDecoder)(nil)

// NewJSON returns the decoder of `smartctl --json` output: one report, or
// an array of reports.
func NewJSON() ingest.Decoder { return &jsonDecoder{} }

func (*jsonDecoder) ID() string { return IDJSON }

var reJSONMark = lazyre.New(`"json_format_version"\s*:|"smartctl"\s*:\s*\{`)

// Identify accepts a JSON object (or array) with smartctl's
// "json_format_version" or "smartctl" block.
func (d *jsonDecoder) Identify(head []byte) bool {
	return d.IdentifyHead(ingest.NewHead(head))
}

// IdentifyHead is Identify, with what h found shared with the other
// decoders.
func (*jsonDecoder) IdentifyHead(h *ingest.Head) bool {
	head := h.Bytes()
	t := bytes.TrimLeft(head, " \t\r\n")
	if len(t) == 0 || (t[0] != '{' && t[0] != '[') {
		return false
	}
	// The fixed word first: the expression runs only on text that has it,
	// and is compiled only then.
	return h.ContainsQuoted(`"smartctl"`) && reJSONMark.Match(head)
}

func (*jsonDecoder) Decode(ctx context.Context, r io.Reader, name string) (*inventory.Inventory, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxDocumentSize+1))
	if err != nil {
		return nil, hwtext.Wrap(name, IDJSON, err)
	}
	if len(data) > MaxDocumentSize {
		return nil, &ingest.DecodeError{File: name, Format: IDJSON, Err: fmt.Errorf("%w: more than %s of JSON", ingest.ErrTooLarge, ingest.FormatSize(MaxDocumentSize))}
	}
	root, err := hwtext.ParseJSON(ingest.StripBOM(data), name, IDJSON)
	if err != nil {
		return nil, err
	}
	reports := []*jsontree.Node{root}
	if root.Kind == '[' {
		reports = root.Vals
	}
	if len(reports) > MaxDevices {
		return nil, &ingest.DecodeError{File: name, Format: IDJSON, Err: fmt.Errorf("%w: more than %d reports", ingest.ErrTooLarge, MaxDevices)}
	}
	inv := &inventory.Inventory{Source: name, Format: IDJSON, Components: []inventory.Component{}}
	for _, n := range reports {
		if err := ctx.Err(); err != nil {
			return nil, hwtext.Wrap(name, IDJSON, err)
		}
		if n.Kind != '{' || n.Get("smartctl") == nil {
			return nil, hwtext.Malformed(name, n.Line, IDJSON, "not a smartctl JSON report (no \"smartctl\" object)")
		}
		if c, ok := jsonComponent(n, name); ok {
			inv.Components = append(inv.Components, c)
		}
	}
	if v := jsonVersion(root); v != "" {
		inv.SpecVersion = v
	}
	return inv, nil
}

// jsonVersion is the smartctl version of the first report ("7.1").
func jsonVersion(root *jsontree.Node) string {
	if root.Kind == '[' {
		if len(root.Vals) == 0 {
			return ""
		}
		root = root.Vals[0]
	}
	v := root.Get("smartctl").Get("version")
	if v == nil || v.Kind != '[' || len(v.Vals) < 2 {
		return ""
	}
	return "smartctl " + v.Vals[0].Text() + "." + v.Vals[1].Text()
}

func jsonComponent(n *jsontree.Node, file string) (inventory.Component, bool) {
	s := func(keys ...string) string {
		cur := n
		for _, k := range keys {
			cur = cur.Get(k)
		}
		return hwtext.Value(cur.Text())
	}
	c := inventory.Component{Kind: inventory.KindDisk, Location: inventory.Location{File: file, Line: n.Line, Ref: s("device", "name")}}
	c.Model = s("model_name")
	if c.Model == "" {
		c.Model = s("scsi_model_name")
	}
	if c.Model == "" {
		c.Model = s("product")
	}
	if c.Model == "" {
		c.Model = s("scsi_product")
	}
	if c.Model == "" {
		return c, false
	}
	c.Name = c.Model
	c.Serial = s("serial_number")
	c.Version = s("firmware_version")
	if c.Version == "" {
		c.Version = s("revision")
	}
	for _, k := range []string{"vendor", "scsi_vendor"} {
		if v := s(k); v != "" {
			c.Parties = append(c.Parties, inventory.Party{Role: inventory.RoleVendor, Name: v, Field: k})
			break
		}
	}
	if id := n.Get("nvme_pci_vendor").Get("id"); id != nil && id.Kind == 'n' {
		if v, err := strconv.ParseUint(id.Str, 10, 16); err == nil && v != 0 && v != 0xffff {
			c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDPCIVendor, Value: fmt.Sprintf("%04x", v), Field: FieldJSONPCIVendor})
		}
	}
	for _, p := range []struct {
		prop string
		keys []string
	}{
		{"smartctl:protocol", []string{"device", "protocol"}},
		{"smartctl:model_family", []string{"model_family"}},
		{"smartctl:rotation_rate", []string{"rotation_rate"}},
		{"smartctl:form_factor", []string{"form_factor", "name"}},
		{"smartctl:user_capacity", []string{"user_capacity", "bytes"}},
		{"smartctl:nvme_ieee_oui_identifier", []string{"nvme_ieee_oui_identifier"}},
		{"smartctl:device_type", []string{"device_type", "name"}},
	} {
		if v := s(p.keys...); v != "" {
			c.Properties = append(c.Properties, inventory.Property{Name: p.prop, Value: v})
		}
	}
	return c, true
}
