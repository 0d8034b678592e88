package sysprofiler

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/hwtext"
	"github.com/vendorcheck/vendorcheck/pkg/internal/lazyre"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// IDXML is the id of the decoder of `system_profiler -xml` reports.
const IDXML = "system-profiler-xml"

// MaxPlistDepth bounds the nesting of arrays and dicts in a property list.
const MaxPlistDepth = 64

type xmlDecoder struct{}

var _ ingest.Decoder = (*xmlDecoder)(nil)

// NewXML returns the decoder of `system_profiler -xml` reports: an Apple
// property list, an array with one dict per data type ("_dataType") whose
// "_items" are the same items as in the JSON form.
func NewXML() ingest.Decoder { return &xmlDecoder{} }

func (*xmlDecoder) ID() string { return IDXML }

var (
	rePlist       = lazyre.New(`<plist[\s>]`)
	reDataTypeKey = lazyre.New(`<key>_dataType</key>\s*<string>SP[A-Za-z0-9]+DataType</string>`)
)

// Identify accepts a property list that names a system_profiler data type
// ("<key>_dataType</key><string>SP...DataType</string>") in its head.
func (*xmlDecoder) Identify(head []byte) bool {
	head = ingest.StripBOM(head)
	t := bytes.TrimLeft(head, " \t\r\n")
	// The fixed words first: the expressions run only on text that has
	// them, and are compiled only then.
	return len(t) > 0 && t[0] == '<' && bytes.Contains(head, []byte("<key>_dataType</key>")) &&
		rePlist.Match(head) && reDataTypeKey.Match(head)
}

// pval is one property-list value: a scalar's text, an array's elements or
// a dict's keys and values, with the line it starts on.
type pval struct {
	kind string // "string" (every scalar), "array", "dict", "data"
	text string
	line int
	keys []string
	vals []*pval
}

func (*xmlDecoder) Decode(ctx context.Context, r io.Reader, name string) (*inventory.Inventory, error) {
	data, err := readAll(r, name, IDXML)
	if err != nil {
		return nil, err
	}
	p := &plistParser{dec: xml.NewDecoder(bytes.NewReader(data)), ctx: ctx}
	root, err := p.document()
	if err != nil {
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			if se.Msg == "unexpected EOF" {
				return nil, hwtext.Malformed(name, se.Line, IDXML, "the property list is cut off")
			}
			return nil, hwtext.Malformed(name, se.Line, IDXML, "%s", se.Msg)
		}
		var pe *plistError
		if errors.As(err, &pe) {
			return nil, hwtext.Malformed(name, pe.line, IDXML, "%s", pe.msg)
		}
		return nil, hwtext.Wrap(name, IDXML, err)
	}
	if root.kind != "array" {
		return nil, hwtext.Malformed(name, root.line, IDXML, "a system_profiler report must be an array of data types, not a %s", root.kind)
	}
	count := 0
	sectionsRead := map[string][]*node{}
	var order []string
	for _, sec := range root.vals {
		if sec.kind != "dict" {
			continue
		}
		dt := sec.get("_dataType")
		if dt == nil || dt.kind != "string" {
			continue
		}
		var items []*node
		if its := sec.get("_items"); its != nil && its.kind == "array" {
			for _, it := range its.vals {
				n, err := plistNode(it, &count)
				if err != nil {
					return nil, &ingest.DecodeError{File: name, Line: it.line, Format: IDXML, Err: err}
				}
				if n != nil {
					items = append(items, n)
				}
			}
		}
		if _, seen := sectionsRead[dt.text]; !seen {
			order = append(order, dt.text)
		}
		sectionsRead[dt.text] = append(sectionsRead[dt.text], items...)
	}
	return finish(ctx, name, IDXML, order, sectionsRead)
}

func (v *pval) get(k string) *pval {
	for i, key := range v.keys {
		if key == k {
			return v.vals[i]
		}
	}
	return nil
}

// plistNode turns an item dict into a node, as toNode does for JSON.
func plistNode(v *pval, count *int) (*node, error) {
	if v.kind != "dict" {
		return nil, nil
	}
	*count++
	if *count > MaxNodes {
		return nil, fmt.Errorf("%w: more than %d items", ingest.ErrTooLarge, MaxNodes)
	}
	n := &node{line: v.line, fields: map[string]string{}, lists: map[string][]string{}}
	for i, k := range v.keys {
		e := v.vals[i]
		switch {
		case k == "_name":
			n.name = e.text
		case k == "_items" && e.kind == "array":
			for _, c := range e.vals {
				cn, err := plistNode(c, count)
				if err != nil {
					return nil, err
				}
				if cn != nil {
					n.children = append(n.children, cn)
				}
			}
		case e.kind == "array":
			for _, s := range e.vals {
				if s.kind == "string" {
					n.lists[k] = append(n.lists[k], s.text)
				}
			}
		case e.kind == "string":
			if u, ok := sortPrefixed[k]; ok {
				if _, set := n.fields[u]; !set {
					n.fields[u] = e.text
				}
				continue
			}
			n.fields[k] = e.text
		}
	}
	return n, nil
}

// sortPrefixed maps the keys Mac OS X 10.5 and 10.6 write in USB items,
// with a letter that orders them ("b_vendor_id"), to the keys of later
// releases.
var sortPrefixed = map[string]string{
	"a_product_id": "product_id", "b_vendor_id": "vendor_id", "c_bcd_device": "bcd_device", "d_serial_num": "serial_num",
	"e_device_speed": "device_speed", "f_manufacturer": "manufacturer", "g_location_id": "location_id",
	"h_bus_power": "bus_power", "j_bus_power_used": "bus_power_used",
}

type plistError struct {
	line int
	msg  string
}

func (e *plistError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

type plistParser struct {
	dec   *xml.Decoder
	ctx   context.Context
	steps int
}

func (p *plistParser) line() int {
	l, _ := p.dec.InputPos()
	return l
}

// next returns the next start or end element, skipping text between
// elements, comments, directives and processing instructions.
func (p *plistParser) next() (xml.Token, error) {
	for {
		p.steps++
		if p.steps%4096 == 0 {
			if err := p.ctx.Err(); err != nil {
				return nil, err
			}
		}
		t, err := p.dec.Token()
		if err != nil {
			return nil, err
		}
		switch t.(type) {
		case xml.StartElement, xml.EndElement:
			return t, nil
		}
	}
}

// document reads <plist version="1.0"> VALUE </plist>.
func (p *plistParser) document() (*pval, error) {
	t, err := p.next()
	if err == io.EOF {
		return nil, &plistError{line: p.line(), msg: "no <plist> element"}
	}
	if err != nil {
		return nil, err
	}
	st, ok := t.(xml.StartElement)
	if !ok || st.Name.Local != "plist" {
		return nil, &plistError{line: p.line(), msg: "the document is not a property list (<plist>)"}
	}
	t, err = p.next()
	if err != nil {
		return nil, p.eof(err)
	}
	st, ok = t.(xml.StartElement)
	if !ok {
		return nil, &plistError{line: p.line(), msg: "empty property list"}
	}
	v, err := p.value(st, 0)
	if err != nil {
		return nil, err
	}
	return v, nil
}

func (p *plistParser) eof(err error) error {
	if err == io.EOF {
		return &plistError{line: p.line(), msg: "the property list is cut off"}
	}
	return err
}

// value reads the value whose start element st was just read.
func (p *plistParser) value(st xml.StartElement, depth int) (*pval, error) {
	line := p.line()
	if depth > MaxPlistDepth {
		return nil, &plistError{line: line, msg: fmt.Sprintf("nesting deeper than %d levels", MaxPlistDepth)}
	}
	switch st.Name.Local {
	case "array":
		v := &pval{kind: "array", line: line}
		for {
			t, err := p.next()
			if err != nil {
				return nil, p.eof(err)
			}
			if _, end := t.(xml.EndElement); end {
				return v, nil
			}
			e, err := p.value(t.(xml.StartElement), depth+1)
			if err != nil {
				return nil, err
			}
			v.vals = append(v.vals, e)
		}
	case "dict":
		v := &pval{kind: "dict", line: line}
		for {
			t, err := p.next()
			if err != nil {
				return nil, p.eof(err)
			}
			if _, end := t.(xml.EndElement); end {
				return v, nil
			}
			ks := t.(xml.StartElement)
			if ks.Name.Local != "key" {
				return nil, &plistError{line: p.line(), msg: fmt.Sprintf("<%s> where a dict <key> was expected", ks.Name.Local)}
			}
			k, err := p.text()
			if err != nil {
				return nil, err
			}
			t, err = p.next()
			if err != nil {
				return nil, p.eof(err)
			}
			vs, ok := t.(xml.StartElement)
			if !ok {
				return nil, &plistError{line: p.line(), msg: fmt.Sprintf("key %q has no value", k)}
			}
			e, err := p.value(vs, depth+1)
			if err != nil {
				return nil, err
			}
			v.keys = append(v.keys, k)
			v.vals = append(v.vals, e)
		}
	case "string", "integer", "real", "date":
		s, err := p.text()
		if err != nil {
			return nil, err
		}
		return &pval{kind: "string", text: s, line: line}, nil
	case "true", "false":
		if err := p.dec.Skip(); err != nil {
			return nil, p.eof(err)
		}
		return &pval{kind: "string", text: st.Name.Local, line: line}, nil
	case "data":
		if err := p.dec.Skip(); err != nil {
			return nil, p.eof(err)
		}
		return &pval{kind: "data", line: line}, nil
	}
	return nil, &plistError{line: line, msg: fmt.Sprintf("<%s> is not a property-list value", st.Name.Local)}
}

// text reads the character data of a scalar element up to its end.
func (p *plistParser) text() (string, error) {
	var b strings.Builder
	for {
		t, err := p.dec.Token()
		if err != nil {
			return "", p.eof(err)
		}
		switch t := t.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.EndElement:
			return b.String(), nil
		case xml.StartElement:
			return "", &plistError{line: p.line(), msg: fmt.Sprintf("<%s> inside a scalar value", t.Name.Local)}
		}
	}
}
