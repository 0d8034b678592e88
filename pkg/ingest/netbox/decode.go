package netbox

import (
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/jsontree"

	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

func (*decoder) Decode(ctx context.Context, r io.Reader, name string) (*inventory.Inventory, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxDocumentSize+1))
	if err != nil {
		return nil, &ingest.DecodeError{File: name, Format: ID, Err: err}
	}
	if len(data) > MaxDocumentSize {
		return nil, &ingest.DecodeError{File: name, Format: ID, Err: fmt.Errorf("%w: more than %d bytes", ingest.ErrTooLarge, MaxDocumentSize)}
	}
	data = ingest.StripBOM(data)
	t := bytes.TrimLeft(data, " \t\r\n")
	if len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		return decodeJSON(ctx, data, name)
	}
	if len(data) > MaxYAMLSize {
		return nil, &ingest.DecodeError{File: name, Format: ID, Err: fmt.Errorf("%w: device-type YAML larger than %d bytes", ingest.ErrTooLarge, MaxYAMLSize)}
	}
	return decodeYAML(data, name)
}

// ---- device-type YAML ----

func decodeYAML(data []byte, name string) (*inventory.Inventory, error) {
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		return nil, yamlError(name, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, &ingest.DecodeError{File: name, Line: doc.Line, Format: ID, Err: fmt.Errorf("%w: a device type is a YAML mapping", ingest.ErrMalformed)}
	}
	root := doc.Content[0]
	get := func(m *yaml.Node, key string) *yaml.Node {
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == key {
				return m.Content[i+1]
			}
		}
		return nil
	}
	keyLine := func(m *yaml.Node, key string) int {
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == key {
				return m.Content[i].Line
			}
		}
		return m.Line
	}
	var errs []error
	scalar := func(m *yaml.Node, key string) string {
		n := get(m, key)
		if n == nil {
			return ""
		}
		if n.Kind != yaml.ScalarNode {
			errs = append(errs, &ingest.DecodeError{File: name, Line: n.Line, Format: ID, Err: fmt.Errorf("%w: %q must be a string", ingest.ErrMalformed, key)})
			return ""
		}
		return strings.TrimSpace(n.Value)
	}
	model := scalar(root, "model")
	c := inventory.Component{
		Name:     model,
		Kind:     inventory.KindDevice,
		Model:    model,
		Location: inventory.Location{File: name, Line: keyLine(root, "manufacturer")},
	}
	if m := scalar(root, "manufacturer"); m != "" {
		c.Parties = append(c.Parties, inventory.Party{Role: inventory.RoleManufacturer, Name: m, Field: "manufacturer"})
	}
	if pn := scalar(root, "part_number"); pn != "" {
		c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDPartNumber, Value: pn, Field: "part_number"})
	}
	for _, k := range []string{"slug", "u_height", "airflow", "subdevice_role"} {
		if v := scalar(root, k); v != "" {
			c.Properties = append(c.Properties, inventory.Property{Name: k, Value: v})
		}
	}
	// A device type with several data ports is network equipment (a switch,
	// a router); one port or only management ports is a device (a server,
	// a camera). NetBox records no product category on a device type.
	if ifs := get(root, "interfaces"); ifs != nil && ifs.Kind == yaml.SequenceNode {
		data := 0
		for _, it := range ifs.Content {
			if it.Kind == yaml.MappingNode && scalar(it, "mgmt_only") != "true" {
				data++
			}
		}
		c.Properties = append(c.Properties, inventory.Property{Name: "data_interfaces", Value: strconv.Itoa(data)})
		if data >= minSwitchPorts {
			c.Kind = inventory.KindSwitch
		}
	}
	// A device type with PCIe slots among its module bays and few data
	// ports is a server (switches and cameras have no PCIe risers).
	if c.Kind == inventory.KindDevice {
		if bays := get(root, "module-bays"); bays != nil && bays.Kind == yaml.SequenceNode {
			for _, b := range bays.Content {
				text := strings.ToLower(scalar(b, "name") + " " + scalar(b, "label"))
				if b.Kind == yaml.MappingNode && (strings.Contains(text, "pcie") || strings.Contains(text, "riser")) {
					c.Kind = inventory.KindSystem
					c.Properties = append(c.Properties, inventory.Property{Name: "module-bays", Value: "pcie"})
					break
				}
			}
		}
	}
	inv := &inventory.Inventory{Source: name, Format: ID, SpecVersion: "device-type", Components: []inventory.Component{c}}
	// Inventory items of a device type name their own manufacturer.
	if items := get(root, "inventory-items"); items != nil && items.Kind == yaml.SequenceNode {
		for _, it := range items.Content {
			if it.Kind != yaml.MappingNode {
				continue
			}
			ic := inventory.Component{
				Name:     scalar(it, "name"),
				Kind:     inventory.KindDevice,
				Location: inventory.Location{File: name, Line: it.Line, Path: []string{c.Name}},
			}
			if m := scalar(it, "manufacturer"); m != "" {
				ic.Parties = append(ic.Parties, inventory.Party{Role: inventory.RoleManufacturer, Name: m, Field: "inventory-items.manufacturer"})
			}
			if pn := scalar(it, "part_id"); pn != "" {
				ic.Identifiers = append(ic.Identifiers, inventory.Identifier{Kind: inventory.IDPartNumber, Value: pn, Field: "inventory-items.part_id"})
			}
			inv.Components = append(inv.Components, ic)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return inv, nil
}

// minSwitchPorts is how many non-management interfaces make a device type
// network equipment.
const minSwitchPorts = 4

func yamlError(name string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if strings.HasPrefix(msg, "line ") {
		rest := msg[len("line "):]
		if i := strings.Index(rest, ": "); i > 0 {
			if n, perr := strconv.Atoi(rest[:i]); perr == nil {
				line, msg = n, rest[i+2:]
			}
		}
	}
	return &ingest.DecodeError{File: name, Line: line, Format: ID, Err: fmt.Errorf("%w: invalid YAML: %s", ingest.ErrMalformed, msg)}
}

// ---- API JSON ----

func decodeJSON(ctx context.Context, data []byte, name string) (*inventory.Inventory, error) {
	root, err := jsontree.Parse(data)
	if err != nil {
		var se *jsontree.SyntaxError
		if errors.As(err, &se) {
			return nil, &ingest.DecodeError{File: name, Line: se.Line, Format: ID, Err: fmt.Errorf("%w: %s", ingest.ErrMalformed, se.Msg)}
		}
		return nil, &ingest.DecodeError{File: name, Format: ID, Err: err}
	}
	var items []*jsontree.Node
	prefix := "#"
	switch {
	case root.Kind == '[':
		items = root.Vals
	case root.Kind == '{' && root.Get("results") != nil:
		res := root.Get("results")
		if res.Kind != '[' {
			return nil, &ingest.DecodeError{File: name, Line: res.Line, Format: ID, Err: fmt.Errorf("%w: \"results\" must be an array", ingest.ErrMalformed)}
		}
		items, prefix = res.Vals, "#/results"
	case root.Kind == '{':
		items, prefix = []*jsontree.Node{root}, ""
	default:
		return nil, &ingest.DecodeError{File: name, Format: ID, Err: fmt.Errorf("%w: expected a JSON object or array", ingest.ErrMalformed)}
	}
	inv := &inventory.Inventory{Source: name, Format: ID, SpecVersion: "api", Components: []inventory.Component{}}
	for i, it := range items {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if it.Kind != '{' {
			return nil, &ingest.DecodeError{File: name, Line: it.Line, Format: ID, Err: fmt.Errorf("%w: item %d is not an object", ingest.ErrMalformed, i)}
		}
		ref := "#"
		if prefix != "" {
			ref = prefix + "/" + strconv.Itoa(i)
		}
		inv.Components = append(inv.Components, apiComponent(it, name, ref))
	}
	return inv, nil
}

// nameOf returns a nested object's name ({"name": ...} or {"display": ...}),
// or the value itself when it is a plain string.
func nameOf(n *jsontree.Node) string {
	if n == nil {
		return ""
	}
	if n.Kind == '{' {
		return firstNonEmpty(strings.TrimSpace(n.Get("name").Text()), strings.TrimSpace(n.Get("display").Text()))
	}
	return strings.TrimSpace(n.Text())
}

func apiComponent(it *jsontree.Node, file, ref string) inventory.Component {
	// The type object of a device or a module, or the item itself for
	// device types and inventory items.
	typ, typField := it, ""
	if dt := it.Get("device_type"); dt != nil && dt.Kind == '{' {
		typ, typField = dt, "device_type."
	} else if mt := it.Get("module_type"); mt != nil && mt.Kind == '{' {
		typ, typField = mt, "module_type."
	}
	model := strings.TrimSpace(typ.Get("model").Text())
	c := inventory.Component{
		Kind:     inventory.KindDevice,
		Model:    model,
		Serial:   strings.TrimSpace(it.Get("serial").Text()),
		Site:     nameOf(it.Get("site")),
		Location: inventory.Location{File: file, Line: it.Line, Ref: ref},
	}
	c.Name = firstNonEmpty(strings.TrimSpace(it.Get("name").Text()), strings.TrimSpace(it.Get("display").Text()), model)
	if m := nameOf(typ.Get("manufacturer")); m != "" {
		field := typField + "manufacturer"
		if typ.Get("manufacturer").Kind == '{' {
			field += ".name"
		}
		c.Parties = append(c.Parties, inventory.Party{Role: inventory.RoleManufacturer, Name: m, Field: field})
	}
	for _, k := range []string{"part_number", "part_id"} {
		if pn := strings.TrimSpace(typ.Get(k).Text()); pn != "" {
			c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDPartNumber, Value: pn, Field: typField + k})
		}
	}
	// Devices are the hosts; inventory items and modules sit in one.
	if it.Get("device_type") != nil {
		c.Host = strings.TrimSpace(it.Get("name").Text())
	} else {
		c.Host = nameOf(it.Get("device"))
	}
	role := firstNonEmpty(nameOf(it.Get("role")), nameOf(it.Get("device_role")))
	if role != "" {
		c.Properties = append(c.Properties, inventory.Property{Name: "role", Value: role})
		c.Kind = kindOf(role)
	}
	if ip := it.Get("primary_ip"); ip != nil && ip.Kind == '{' {
		if a := strings.TrimSpace(ip.Get("address").Text()); a != "" {
			c.Properties = append(c.Properties, inventory.Property{Name: "primary_ip", Value: a})
		}
	}
	for _, k := range []string{"tenant", "rack", "location", "platform"} {
		if v := nameOf(it.Get(k)); v != "" {
			c.Properties = append(c.Properties, inventory.Property{Name: k, Value: v})
		}
	}
	if st := it.Get("status"); st != nil {
		v := st.Text()
		if st.Kind == '{' {
			v = st.Get("value").Text()
		}
		if v != "" {
			c.Properties = append(c.Properties, inventory.Property{Name: "status", Value: v})
		}
	}
	if at := strings.TrimSpace(it.Get("asset_tag").Text()); at != "" {
		c.Properties = append(c.Properties, inventory.Property{Name: "asset_tag", Value: at})
	}
	return c
}

// kindOf guesses a kind from a NetBox device role ("Access Switch",
// "Camera", "Server" ...); roles are free text, so only whole words count.
func kindOf(role string) inventory.Kind {
	words := strings.FieldsFunc(strings.ToLower(role), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	for _, w := range words {
		switch w {
		case "switch", "switches", "router", "routers", "firewall", "gateway", "olt", "ont":
			return inventory.KindSwitch
		case "camera", "cameras", "cctv", "nvr", "dvr":
			return inventory.KindCamera
		case "server", "servers", "hypervisor", "host":
			return inventory.KindSystem
		case "radio", "radios":
			return inventory.KindRadio
		case "drone", "drones", "uav":
			return inventory.KindDrone
		}
	}
	return inventory.KindDevice
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
