package lshw

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/hwtext"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/xmlscan/xmlref"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// The reference lshw XML decoder: the tree read through encoding/xml's
// token API (the decoder before the streaming one). The streaming decoder
// must give the same inventory and fail on the same inputs
// (TestXMLMatchesReference, FuzzXMLMatchesReference).

// decodeXMLReference reads the whole tree with encoding/xml.
func decodeXMLReference(ctx context.Context, r io.Reader, name string) (*inventory.Inventory, error) {
	lr := &ingest.LimitedReader{R: r, N: ingest.MaxInputSize}
	dec := xmlref.NewDecoder(lr)
	p := &refXMLParser{ctx: ctx, dec: dec, name: name}
	roots, err := p.document()
	if lr.Exceeded {
		return nil, &ingest.DecodeError{File: name, Format: IDXML, Err: fmt.Errorf("%w: more than %d bytes", ingest.ErrTooLarge, ingest.MaxInputSize)}
	}
	if err != nil {
		return nil, err
	}
	comps, host := convert(roots, name)
	if comps == nil {
		comps = []inventory.Component{}
	}
	return &inventory.Inventory{Source: name, Format: IDXML, Components: comps, Host: host}, nil
}

type refXMLParser struct {
	ctx   context.Context
	dec   *xml.Decoder
	name  string
	count int
}

func (p *refXMLParser) line() int {
	l, _ := p.dec.InputPos()
	return l
}

func (p *refXMLParser) errorf(format string, args ...any) error {
	return hwtext.Malformed(p.name, p.line(), IDXML, format, args...)
}

func (p *refXMLParser) wrap(err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return hwtext.Malformed(p.name, se.Line, IDXML, "%s", se.Msg)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return p.errorf("truncated XML")
	}
	return hwtext.Wrap(p.name, IDXML, err)
}

// document reads <list><node>...</node>...</list> or a bare <node>.
func (p *refXMLParser) document() ([]*node, error) {
	var roots []*node
	inList := false
	for {
		tok, err := p.dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, p.wrap(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case t.Name.Local == "list" && !inList && len(roots) == 0:
				inList = true
			case t.Name.Local == "node" && (inList || len(roots) == 0):
				ref := ""
				if inList {
					ref = "/" + strconv.Itoa(len(roots))
				}
				n, err := p.node(t, ref, 0)
				if err != nil {
					return nil, err
				}
				roots = append(roots, n)
			default:
				return nil, p.errorf("unexpected element <%s>, want lshw <list> or <node>", t.Name.Local)
			}
		case xml.EndElement:
			inList = false
		case xml.CharData:
			if len(bytes.TrimSpace(t)) != 0 {
				return nil, p.errorf("unexpected text outside lshw nodes")
			}
		}
	}
	if len(roots) == 0 {
		return nil, p.errorf("no lshw nodes")
	}
	return roots, nil
}

// node reads one <node> whose start tag has been consumed.
func (p *refXMLParser) node(start xml.StartElement, ref string, depth int) (*node, error) {
	if depth > MaxDepth {
		return nil, p.errorf("nodes nested deeper than %d", MaxDepth)
	}
	p.count++
	if p.count%1024 == 0 {
		if err := p.ctx.Err(); err != nil {
			return nil, err
		}
	}
	n := &node{ref: ref, depth: depth, line: p.line(), config: map[string]string{}}
	if n.ref == "" {
		n.ref = "/"
	}
	for _, a := range start.Attr {
		switch a.Name.Local {
		case "id":
			n.id = a.Value
		case "class":
			n.class = a.Value
		}
	}
	if n.id == "" || n.class == "" {
		return nil, p.errorf("lshw <node> without id or class attribute")
	}
	for {
		tok, err := p.dec.Token()
		if err != nil {
			return nil, p.wrap(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "node":
				ch, err := p.node(t, childRef(ref, len(n.children)), depth+1)
				if err != nil {
					return nil, err
				}
				n.children = append(n.children, ch)
			case "configuration":
				if err := p.configuration(n); err != nil {
					return nil, err
				}
			case "description", "product", "vendor", "version", "serial", "businfo", "slot":
				var s string
				if err := p.dec.DecodeElement(&s, &t); err != nil {
					return nil, p.wrap(err)
				}
				*map[string]*string{
					"description": &n.description, "product": &n.product, "vendor": &n.vendor,
					"version": &n.version, "serial": &n.serial, "businfo": &n.businfo, "slot": &n.slot,
				}[t.Name.Local] = strings.TrimSpace(s)
			default:
				if t.Name.Local == "size" {
					n.hasSize = true
				}
				if err := p.dec.Skip(); err != nil {
					return nil, p.wrap(err)
				}
			}
		case xml.EndElement:
			return n, nil
		}
	}
}

func (p *refXMLParser) configuration(n *node) error {
	for {
		tok, err := p.dec.Token()
		if err != nil {
			return p.wrap(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			var id, val string
			for _, a := range t.Attr {
				switch a.Name.Local {
				case "id":
					id = a.Value
				case "value":
					val = a.Value
				}
			}
			if id != "" {
				n.config[id] = val
			}
			if err := p.dec.Skip(); err != nil {
				return p.wrap(err)
			}
		case xml.EndElement:
			return nil
		}
	}
}
