package cyclonedx

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/jsonscan"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/xmlscan"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// nsPrefix starts every CycloneDX XML namespace; the version follows it.
const nsPrefix = "http://cyclonedx.org/schema/bom/"

type xmlDecoder struct{}

var _ ingest.Streamer = (*xmlDecoder)(nil)

// NewXML returns the CycloneDX XML decoder.
func NewXML() ingest.Decoder { return &xmlDecoder{} }

func (*xmlDecoder) ID() string { return IDXML }

// Identify reports whether the root element of head is bom in a CycloneDX
// namespace (any version: an unknown version is Decode's error to report).
func (*xmlDecoder) Identify(head []byte) bool {
	head = ingest.StripBOM(head)
	if i := firstNonSpace(head); i < 0 || head[i] != '<' {
		return false
	}
	dec := xml.NewDecoder(bytes.NewReader(head))
	dec.Strict = false
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	for range 256 {
		tok, err := dec.RawToken()
		if err != nil {
			return false
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name.Local == "bom" && strings.HasPrefix(rawNamespace(se), nsPrefix)
		}
	}
	return false
}

func firstNonSpace(b []byte) int {
	for i, c := range b {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return i
		}
	}
	return -1
}

// rawNamespace finds the namespace of a start element read by RawToken,
// which does not resolve prefixes: the root declares its own.
func rawNamespace(se xml.StartElement) string {
	for _, a := range se.Attr {
		if se.Name.Space == "" && a.Name.Space == "" && a.Name.Local == "xmlns" {
			return a.Value
		}
		if se.Name.Space != "" && a.Name.Space == "xmlns" && a.Name.Local == se.Name.Space {
			return a.Value
		}
	}
	return ""
}

// Decode reads a CycloneDX XML document with a streaming scanner that
// keeps only the text the inventory needs.
func (*xmlDecoder) Decode(ctx context.Context, r io.Reader, name string) (*inventory.Inventory, error) {
	return decodeXML(ctx, r, name, nil)
}

// Stream reads a CycloneDX XML document and hands each component to emit
// as soon as it is complete (see ingest.Streamer).
func (*xmlDecoder) Stream(ctx context.Context, r io.Reader, name string, emit ingest.EmitFunc) (*inventory.Inventory, error) {
	return decodeXML(ctx, r, name, emit)
}

func decodeXML(ctx context.Context, r io.Reader, name string, emit ingest.EmitFunc) (*inventory.Inventory, error) {
	lr := limitInput(r)
	x := &xmlState{ctx: ctx, s: xmlscan.New(lr, MaxDepth), file: name}
	if emit != nil {
		x.out.emit = emit
	} else {
		x.comps.reserve(ingest.SizeHint(ctx))
	}
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
	var se *xmlscan.SyntaxError
	if errors.As(err, &se) {
		return nil, &ingest.DecodeError{File: name, Line: x.s.LineOf(se.Off), Format: IDXML, Err: fmt.Errorf("%w: %s", ingest.ErrMalformed, se.Msg)}
	}
	return nil, &ingest.DecodeError{File: name, Format: IDXML, Err: err}
}

type xmlState struct {
	ctx   context.Context
	s     *xmlscan.Scanner
	file  string
	ns    string
	comps compBuf // the components, when Decode collects them
	out   emitter // where they go when Stream hands them out
	strs  jsonscan.Arena
	// metaStrs holds the strings of metadata while Stream reads it
	metaStrs jsonscan.Arena
	host     string
	count    int
	props    []inventory.Property // scratch for properties
	// metadata components' index range, moved to the front at the end
	metaFrom, metaTo int
}

func (x *xmlState) errorf(format string, args ...any) error {
	return &ingest.DecodeError{File: x.file, Line: x.s.Line(), Format: IDXML, Err: fmt.Errorf("%w: %s", ingest.ErrMalformed, fmt.Sprintf(format, args...))}
}

// child moves to the next child element in the CycloneDX namespace of the
// element just started, skipping others, and returns its local name; ok is
// false at the element's end.
func (x *xmlState) child() (local []byte, ok bool, err error) {
	s := x.s
	for {
		ok, err := s.NextChild()
		if err != nil || !ok {
			return nil, false, err
		}
		if s.Space() == x.ns {
			return s.Local(), true, nil
		}
		if err := s.Skip(); err != nil {
			return nil, false, err
		}
	}
}

// children calls f with the local name of each child element in the
// CycloneDX namespace of the element just started.
func (x *xmlState) children(f func(local []byte) error) error {
	for {
		local, ok, err := x.child()
		if err != nil || !ok {
			return err
		}
		if err := f(local); err != nil {
			return err
		}
	}
}

// text reads the trimmed text of the element just started into the arena.
func (x *xmlState) text() (string, error) {
	b, err := x.s.Text()
	return x.strs.Str(bytes.TrimSpace(b)), err
}

// itext is text for values that repeat, which Decode interns (see
// jsonState.istr: Stream copies them into the arena it reuses).
func (x *xmlState) itext() (string, error) {
	b, err := x.s.Text()
	return x.istr(bytes.TrimSpace(b)), err
}

// istr is the string of b, interned when Decode collects the inventory.
func (x *xmlState) istr(b []byte) string {
	if x.out.emit != nil {
		return x.strs.Str(b)
	}
	return x.strs.Intern(b)
}

func (x *xmlState) document() (*inventory.Inventory, error) {
	s := x.s
	if err := s.Root(); err != nil {
		return nil, err
	}
	space := s.Space()
	if string(s.Local()) != "bom" || !strings.HasPrefix(space, nsPrefix) {
		return nil, x.errorf("root element is {%s}%s, not a CycloneDX bom", space, s.Local())
	}
	x.ns = space
	spec := strings.TrimPrefix(x.ns, nsPrefix)
	if !supported(spec) {
		return nil, &ingest.DecodeError{File: x.file, Line: s.Line(), Format: IDXML, Err: unsupportedVersion(spec)}
	}
	err := x.children(func(local []byte) error {
		switch string(local) {
		case "metadata":
			return x.metadata()
		case "components":
			return x.components(nil, "/bom/components")
		}
		return s.Skip()
	})
	if err != nil {
		return nil, err
	}
	if err := s.End(); err != nil {
		return nil, err
	}
	var out []inventory.Component
	if x.out.emit != nil {
		if err := x.out.finish(); err != nil {
			return nil, err
		}
	} else {
		out = x.comps.flatten()
		if x.metaFrom > 0 && x.metaTo > x.metaFrom {
			rotateFront(out, x.metaFrom, x.metaTo)
		}
	}
	return &inventory.Inventory{Source: x.file, Format: IDXML, SpecVersion: spec, Components: out, Host: x.host}, nil
}

func (x *xmlState) metadata() error {
	start := x.comps.len()
	subject := -1
	var mp metaParties
	if x.out.emit != nil {
		// metadata's components wait for the end of the document in
		// strings of their own.
		x.out.startMeta()
		x.strs, x.metaStrs = x.metaStrs, x.strs
		defer func() {
			x.out.inMeta = false
			x.strs, x.metaStrs = x.metaStrs, x.strs
		}()
	}
	err := x.children(func(local []byte) error {
		var err error
		switch string(local) {
		case "component":
			subject = x.comps.len()
			if err = x.component(nil, "/bom/metadata/component"); err == nil && x.out.emit != nil {
				subject = len(x.out.meta) - 1
			}
			return err
		case "supplier":
			mp.supplier, err = x.entity()
		case "manufacturer":
			mp.manufacturer, err = x.entity()
		case "manufacture":
			mp.manufacture, err = x.entity()
		default:
			err = x.s.Skip()
		}
		return err
	})
	if err != nil {
		return err
	}
	if x.out.emit != nil {
		if subject >= 0 {
			c := &x.out.meta[subject].c
			mp.apply(c)
			x.host = c.Name
		}
		return nil
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
func (x *xmlState) components(path []string, ptr string) error {
	i := 0
	return x.children(func(local []byte) error {
		if string(local) != "component" {
			return x.s.Skip()
		}
		i++
		if err := x.component(path, ptr+"/component["+strconv.Itoa(i)+"]"); err != nil {
			return err
		}
		if path == nil && x.out.emit != nil && x.out.holds == 0 && !x.out.inMeta {
			// A top-level component and its nested ones are handed out,
			// and their strings with them: the arena's block is free.
			x.strs.Reuse()
		}
		return nil
	})
}

// component reads the <component> element just started and, depth first,
// its nested components.
func (x *xmlState) component(path []string, ptr string) error {
	s := x.s
	x.count++
	if x.count&1023 == 0 {
		if err := x.ctx.Err(); err != nil {
			return err
		}
	}
	rc := rawComponent{kind: inventory.KindOther, line: s.Line()}
	if t, ok := s.Attr("type"); ok {
		rc.kind = kindOfBytes(t)
	}
	if ref, ok := s.Attr("bom-ref"); ok {
		rc.bomRef = x.strs.Str(ref)
	}
	pre := x.count - 1 // depth-first index
	slot := -1
	if x.out.emit == nil {
		slot = x.comps.add()
	}
	var kids []string
	kidsStart := 0
	nameSeen, held := false, false
	for {
		local, ok, err := x.child()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		switch string(local) {
		case "name":
			rc.name, err = x.text()
			nameSeen = true
		case "version":
			rc.version, err = x.text()
		case "group":
			rc.group, err = x.itext()
		case "description":
			rc.description, err = x.text()
		case "purl":
			rc.purl, err = x.text()
		case "cpe":
			rc.cpe, err = x.text()
		case "author":
			rc.author, err = x.itext()
		case "publisher":
			rc.publisher, err = x.itext()
		case "supplier":
			rc.supplier, err = x.entity()
		case "manufacturer":
			rc.manufacturer, err = x.entity()
		case "authors":
			rc.authors, err = x.authors()
		case "externalReferences":
			rc.refs, err = x.externalRefs(rc.refs)
		case "properties":
			rc.props, err = x.properties()
		case "components":
			if kids == nil {
				kids = childPath(path, rc.name)
				kidsStart = x.comps.len()
				if x.out.emit != nil && !nameSeen {
					// The descendants' paths are not known until the
					// name is: they wait.
					held = true
					kidsStart = x.out.hold()
				}
			}
			err = x.components(kids, ptr+"/components")
		default:
			err = s.Skip()
		}
		if err != nil {
			return err
		}
	}
	if kids != nil && kids[len(path)] != rc.name {
		kids[len(path)] = rc.name
		if x.out.emit != nil {
			x.out.fixPath(kidsStart, len(path), rc.name)
		} else {
			for i := kidsStart; i < x.comps.len(); i++ {
				x.comps.at(i).Location.Path[len(path)] = rc.name
			}
		}
	}
	if rc.bomRef != "" && rc.bomRef == rc.purl {
		rc.bomRef = rc.purl // share the bytes
	}
	ref := ""
	if rc.bomRef == "" {
		ref = ptr
	}
	if x.out.emit == nil {
		*x.comps.at(slot) = rc.build(x.file, path, ref, nil)
		return nil
	}
	x.out.cur = rc.build(x.file, path, ref, nil)
	if err := x.out.put(pre, &x.out.cur); err != nil {
		return err
	}
	if held {
		return x.out.release()
	}
	return nil
}

// authors reads a 1.6 <authors> element of organizational contacts.
func (x *xmlState) authors() ([]entity, error) {
	var out []entity
	err := x.children(func(local []byte) error {
		if string(local) != "author" {
			return x.s.Skip()
		}
		e, err := x.entity()
		if e.name != "" || len(e.contacts) > 0 {
			out = append(out, e)
		}
		return err
	})
	return out, err
}

// externalRefs reads <externalReferences>, keeping the URLs of the types
// that say whose the component is.
func (x *xmlState) externalRefs(refs []inventory.Identifier) ([]inventory.Identifier, error) {
	s := x.s
	err := x.children(func(local []byte) error {
		if string(local) != "reference" {
			return s.Skip()
		}
		t, _ := s.Attr("type")
		typ := string(t)
		var u string
		err := x.children(func(local []byte) error {
			if string(local) != "url" {
				return s.Skip()
			}
			var err error
			u, err = x.text()
			return err
		})
		if f := urlRefTypes[typ]; f != "" && u != "" {
			refs = append(refs, inventory.Identifier{Kind: inventory.IDURL, Value: u, Field: f})
		}
		return err
	})
	return refs, err
}

// properties reads a <properties> element into a slice of exactly its size.
func (x *xmlState) properties() ([]inventory.Property, error) {
	s := x.s
	ps := x.props[:0]
	err := x.children(func(local []byte) error {
		if string(local) != "property" {
			return s.Skip()
		}
		var p inventory.Property
		if n, ok := s.Attr("name"); ok {
			p.Name = x.istr(n)
		}
		var err error
		p.Value, err = x.itext()
		ps = append(ps, p)
		return err
	})
	x.props = ps[:0]
	if err != nil || len(ps) == 0 {
		return nil, err
	}
	return slices.Clone(ps), nil
}

// entity reads an organizational entity or contact: the text of its
// <name>, its <url> elements and its contacts' (or its own) <email>.
func (x *xmlState) entity() (entity, error) {
	var e entity
	err := x.children(func(local []byte) error {
		switch string(local) {
		case "name":
			var err error
			e.name, err = x.itext()
			return err
		case "url", "email":
			v, err := x.itext()
			if v != "" {
				e.contacts = append(e.contacts, v)
			}
			return err
		case "contact":
			c, err := x.entity()
			e.contacts = append(e.contacts, c.contacts...)
			return err
		}
		return x.s.Skip()
	})
	return e, err
}
