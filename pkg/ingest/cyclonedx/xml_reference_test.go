package cyclonedx

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
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/xmlscan/xmlref"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// The reference XML decoder: CycloneDX XML read through encoding/xml's
// token API. The streaming decoder must give the same inventory, and
// fail on the same inputs (TestXMLMatchesReference, FuzzXMLMatchesReference).

// decodeXMLReference reads a CycloneDX XML document with encoding/xml.
func decodeXMLReference(ctx context.Context, r io.Reader, name string) (*inventory.Inventory, error) {
	lr := limitInput(r)
	dec := xmlref.NewDecoder(lr)
	x := &refXMLState{ctx: ctx, dec: dec, file: name}
	inv, err := x.document()
	if err == nil {
		err = tooLarge(lr)
	}
	if err == nil {
		return inv, nil
	}
	if e := tooLarge(lr); e != nil {
		err = e
	}
	var de *ingest.DecodeError
	if errors.As(err, &de) {
		return nil, err
	}
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return nil, &ingest.DecodeError{File: name, Line: se.Line, Format: IDXML, Err: fmt.Errorf("%w: %s", ingest.ErrMalformed, se.Msg)}
	}
	var xe *refXMLError
	if errors.As(err, &xe) {
		return nil, &ingest.DecodeError{File: name, Line: xe.line, Format: IDXML, Err: fmt.Errorf("%w: %s", ingest.ErrMalformed, xe.msg)}
	}
	return nil, &ingest.DecodeError{File: name, Format: IDXML, Err: err}
}

// refXMLError is a structural problem found by the decoder, at a line.
type refXMLError struct {
	line int
	msg  string
}

func (e *refXMLError) Error() string { return e.msg }

type refXMLState struct {
	ctx   context.Context
	dec   *xml.Decoder
	file  string
	ns    string
	comps compBuf
	host  string
	depth int
	count int
	// metadata components' index range, moved to the front at the end
	metaFrom, metaTo int
}

func (x *refXMLState) line() int {
	l, _ := x.dec.InputPos()
	return l
}

func (x *refXMLState) errorf(format string, args ...any) error {
	return &refXMLError{line: x.line(), msg: fmt.Sprintf(format, args...)}
}

// next returns the next start or end element, or character data, keeping
// track of depth. Comments, processing instructions and directives are
// dropped.
func (x *refXMLState) next() (xml.Token, error) {
	for {
		tok, err := x.dec.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, x.errorf("unexpected end of input")
			}
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			x.depth++
			if x.depth > MaxDepth {
				return nil, x.errorf("nesting deeper than %d levels", MaxDepth)
			}
			return t, nil
		case xml.EndElement:
			x.depth--
			return t, nil
		case xml.CharData:
			return t, nil
		}
	}
}

// skip consumes the rest of the element just started.
func (x *refXMLState) skip() error {
	for d := 1; d > 0; {
		tok, err := x.next()
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			d++
		case xml.EndElement:
			d--
		}
	}
	return nil
}

// text returns the character data of the element just started; child
// elements are skipped.
func (x *refXMLState) text() (string, error) {
	var s string
	var b []byte
	for {
		tok, err := x.next()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			if s == "" && b == nil {
				s = string(t)
			} else {
				if b == nil {
					b = []byte(s)
				}
				b = append(b, t...)
			}
		case xml.StartElement:
			if err := x.skip(); err != nil {
				return "", err
			}
		case xml.EndElement:
			if b != nil {
				s = string(b)
			}
			return strings.TrimSpace(s), nil
		}
	}
}

// children calls f for each child element of the element just started;
// elements outside the CycloneDX namespace are skipped.
func (x *refXMLState) children(f func(se xml.StartElement) error) error {
	for {
		tok, err := x.next()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != x.ns {
				err = x.skip()
			} else {
				err = f(t)
			}
			if err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}

func refAttr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

func (x *refXMLState) document() (*inventory.Inventory, error) {
	var root xml.StartElement
	for {
		tok, err := x.next()
		if err != nil {
			return nil, err
		}
		if se, ok := tok.(xml.StartElement); ok {
			root = se
			break
		}
	}
	if root.Name.Local != "bom" || !strings.HasPrefix(root.Name.Space, nsPrefix) {
		return nil, x.errorf("root element is {%s}%s, not a CycloneDX bom", root.Name.Space, root.Name.Local)
	}
	x.ns = root.Name.Space
	spec := strings.TrimPrefix(x.ns, nsPrefix)
	if !supported(spec) {
		return nil, &ingest.DecodeError{File: x.file, Line: x.line(), Format: IDXML, Err: unsupportedVersion(spec)}
	}
	err := x.children(func(se xml.StartElement) error {
		switch se.Name.Local {
		case "metadata":
			return x.metadata()
		case "components":
			return x.components(nil, "/bom/components")
		}
		return x.skip()
	})
	if err != nil {
		return nil, err
	}
	// Only comments and whitespace may follow the root element.
	for {
		tok, err := x.dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return nil, x.errorf("element <%s> after the root element", t.Name.Local)
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return nil, x.errorf("text after the root element")
			}
		}
	}
	out := x.comps.flatten()
	if x.metaFrom > 0 && x.metaTo > x.metaFrom {
		rotateFront(out, x.metaFrom, x.metaTo)
	}
	return &inventory.Inventory{Source: x.file, Format: IDXML, SpecVersion: spec, Components: out, Host: x.host}, nil
}

func (x *refXMLState) metadata() error {
	start := x.comps.len()
	subject := -1
	var mp metaParties
	err := x.children(func(se xml.StartElement) error {
		var err error
		switch se.Name.Local {
		case "component":
			subject = x.comps.len()
			return x.component(se, nil, "/bom/metadata/component")
		case "supplier":
			mp.supplier, err = x.entity()
		case "manufacturer":
			mp.manufacturer, err = x.entity()
		case "manufacture":
			mp.manufacture, err = x.entity()
		default:
			err = x.skip()
		}
		return err
	})
	if err != nil {
		return err
	}
	if subject >= 0 {
		c := x.comps.at(subject)
		mp.apply(c)
		x.host = c.Name
	}
	x.metaFrom, x.metaTo = start, x.comps.len()
	return nil
}

// components reads a <components> element; ptr is its path.
func (x *refXMLState) components(path []string, ptr string) error {
	i := 0
	return x.children(func(se xml.StartElement) error {
		if se.Name.Local != "component" {
			return x.skip()
		}
		i++
		return x.component(se, path, ptr+"/component["+strconv.Itoa(i)+"]")
	})
}

func (x *refXMLState) component(se xml.StartElement, path []string, ptr string) error {
	x.count++
	if x.count&1023 == 0 {
		if err := x.ctx.Err(); err != nil {
			return err
		}
	}
	rc := rawComponent{
		kind:   kindOf(refAttr(se, "type")),
		bomRef: refAttr(se, "bom-ref"),
		line:   x.line(),
	}
	slot := x.comps.add()
	var kids []string
	kidsStart := 0
	err := x.children(func(se xml.StartElement) error {
		var err error
		switch se.Name.Local {
		case "name":
			rc.name, err = x.text()
		case "version":
			rc.version, err = x.text()
		case "group":
			rc.group, err = x.text()
		case "description":
			rc.description, err = x.text()
		case "purl":
			rc.purl, err = x.text()
		case "cpe":
			rc.cpe, err = x.text()
		case "author":
			rc.author, err = x.text()
		case "publisher":
			rc.publisher, err = x.text()
		case "supplier":
			rc.supplier, err = x.entity()
		case "manufacturer":
			rc.manufacturer, err = x.entity()
		case "authors":
			err = x.children(func(se xml.StartElement) error {
				if se.Name.Local != "author" {
					return x.skip()
				}
				e, err := x.entity()
				if e.name != "" || len(e.contacts) > 0 {
					rc.authors = append(rc.authors, e)
				}
				return err
			})
		case "externalReferences":
			err = x.children(func(se xml.StartElement) error {
				if se.Name.Local != "reference" {
					return x.skip()
				}
				typ := refAttr(se, "type")
				var u string
				err := x.children(func(se xml.StartElement) error {
					if se.Name.Local != "url" {
						return x.skip()
					}
					var err error
					u, err = x.text()
					return err
				})
				if f := urlRefTypes[typ]; f != "" && strings.TrimSpace(u) != "" {
					rc.refs = append(rc.refs, inventory.Identifier{Kind: inventory.IDURL, Value: strings.TrimSpace(u), Field: f})
				}
				return err
			})
		case "properties":
			err = x.children(func(se xml.StartElement) error {
				if se.Name.Local != "property" {
					return x.skip()
				}
				v, err := x.text()
				rc.props = append(rc.props, inventory.Property{Name: refAttr(se, "name"), Value: v})
				return err
			})
		case "components":
			if kids == nil {
				kids = childPath(path, rc.name)
				kidsStart = x.comps.len()
			}
			err = x.components(kids, ptr+"/components")
		default:
			err = x.skip()
		}
		return err
	})
	if err != nil {
		return err
	}
	if kids != nil && kids[len(path)] != rc.name {
		kids[len(path)] = rc.name
		for i := kidsStart; i < x.comps.len(); i++ {
			x.comps.at(i).Location.Path[len(path)] = rc.name
		}
	}
	ref := ""
	if rc.bomRef == "" {
		ref = ptr
	}
	*x.comps.at(slot) = rc.build(x.file, path, ref, nil)
	return nil
}

// entity reads an organizational entity or contact: the text of its
// <name>, its <url> elements and its contacts' (or its own) <email>.
func (x *refXMLState) entity() (entity, error) {
	var e entity
	err := x.children(func(se xml.StartElement) error {
		switch se.Name.Local {
		case "name":
			var err error
			e.name, err = x.text()
			return err
		case "url", "email":
			v, err := x.text()
			if v = strings.TrimSpace(v); v != "" {
				e.contacts = append(e.contacts, v)
			}
			return err
		case "contact":
			c, err := x.entity()
			e.contacts = append(e.contacts, c.contacts...)
			return err
		}
		return x.skip()
	})
	return e, err
}
