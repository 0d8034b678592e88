package cyclonedx

import (
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/jsonscan"

	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

type jsonDecoder struct{}

var _ ingest.Streamer = (*jsonDecoder)(nil)

// NewJSON returns the CycloneDX JSON decoder.
func NewJSON() ingest.Decoder { return &jsonDecoder{} }

func (*jsonDecoder) ID() string { return IDJSON }

// Identify looks at the top-level keys of head: "bomFormat": "CycloneDX",
// or a "$schema" naming CycloneDX together with "specVersion". A CycloneDX
// BOM nested inside another document (an in-toto statement's predicate)
// is not at the top level and is not identified.
func (*jsonDecoder) Identify(head []byte) bool {
	s := jsonscan.NewBytes(ingest.StripBOM(head), MaxDepth)
	if s.Peek() != '{' {
		return false
	}
	s.Pos++
	var schema, spec bool
	for first := true; ; first = false {
		key, more, err := s.NextKey(first)
		if err != nil || !more {
			return false
		}
		switch string(key) {
		case "bomFormat":
			v, err := s.Str("bomFormat")
			return err == nil && strings.EqualFold(v, "CycloneDX")
		case "$schema":
			v, err := s.Str("$schema")
			if err != nil {
				return false
			}
			schema = strings.Contains(strings.ToLower(v), "cyclonedx")
		case "specVersion":
			spec = true
			err = s.Skip()
		default:
			err = s.Skip()
		}
		if err != nil {
			return false
		}
		if schema && spec {
			return true
		}
	}
}

// Decode reads a CycloneDX JSON document.
func (*jsonDecoder) Decode(ctx context.Context, r io.Reader, name string) (*inventory.Inventory, error) {
	return decodeJSON(ctx, r, name, nil)
}

// Stream reads a CycloneDX JSON document and hands each component to emit
// as soon as it is complete (see ingest.Streamer).
func (*jsonDecoder) Stream(ctx context.Context, r io.Reader, name string, emit ingest.EmitFunc) (*inventory.Inventory, error) {
	return decodeJSON(ctx, r, name, emit)
}

func decodeJSON(ctx context.Context, r io.Reader, name string, emit ingest.EmitFunc) (*inventory.Inventory, error) {
	s, lr := jsonscan.NewLimited(r, ingest.MaxInputSize, MaxDepth)
	d := &jsonState{ctx: ctx, s: s, file: name}
	if emit != nil {
		d.out.emit = emit
	} else {
		d.comps.reserve(ingest.SizeHint(ctx))
	}
	inv, err := d.document()
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
	if line, msg, ok := d.s.Describe(err); ok {
		return nil, &ingest.DecodeError{File: name, Line: line, Format: IDJSON, Err: fmt.Errorf("%w: %s", ingest.ErrMalformed, msg)}
	}
	return nil, &ingest.DecodeError{File: name, Format: IDJSON, Err: err}
}

type jsonState struct {
	ctx   context.Context
	s     *jsonscan.Scanner
	file  string
	comps compBuf // the components, when Decode collects them
	out   emitter // where they go when Stream hands them out
	strs  jsonscan.Arena
	// metaStrs holds the strings of metadata while Stream reads it
	metaStrs jsonscan.Arena
	host     string
	// metadata components' index range, moved to the front at the end
	metaFrom, metaTo int
	count            int
	props            []inventory.Property   // scratch for properties
	refs             []inventory.Identifier // scratch for external references
	contacts         []string               // scratch for an entity's contacts
	// mem is where the kept identifiers, properties, parties, CPEs and
	// contacts live, many components to one allocation. When Stream has
	// handed out a top-level component it is filled again from the start,
	// as the arena is; metadata's components, which wait for the end of
	// the document, keep theirs in metaMem.
	mem, metaMem blocks
}

// swapMeta exchanges the memory components are read into with
// metadata's own.
func (d *jsonState) swapMeta() {
	d.strs, d.metaStrs = d.metaStrs, d.strs
	d.mem, d.metaMem = d.metaMem, d.mem
}

func (d *jsonState) document() (*inventory.Inventory, error) {
	s := d.s
	s.SkipBOM()
	ok, err := s.BeginObject("a CycloneDX document")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, s.Errorf("a CycloneDX document must be an object, found null")
	}
	var spec string
	for first := true; ; first = false {
		key, more, err := s.NextKey(first)
		if err != nil {
			return nil, err
		}
		if !more {
			break
		}
		switch string(key) {
		case "bomFormat":
			var v string
			if v, err = s.Str("bomFormat"); err == nil && !strings.EqualFold(v, "CycloneDX") {
				err = s.Errorf("bomFormat is %q, not \"CycloneDX\"", v)
			}
		case "specVersion":
			line := s.LineAt(s.Offset())
			if spec, err = s.Str("specVersion"); err == nil && !supported(spec) {
				return nil, &ingest.DecodeError{File: d.file, Line: line, Format: IDJSON, Err: unsupportedVersion(spec)}
			}
		case "metadata":
			err = d.metadata()
		case "components":
			err = d.components(nil, "/components")
		default:
			err = s.Skip()
		}
		if err != nil {
			return nil, err
		}
	}
	if err := s.AtEnd(); err != nil {
		return nil, err
	}
	if spec == "" {
		return nil, &ingest.DecodeError{File: d.file, Format: IDJSON, Err: fmt.Errorf("%w: no specVersion", ingest.ErrMalformed)}
	}
	var out []inventory.Component
	if d.out.emit != nil {
		if err := d.out.finish(); err != nil {
			return nil, err
		}
	} else {
		out = d.comps.flatten()
		if d.metaFrom > 0 && d.metaTo > d.metaFrom {
			rotateFront(out, d.metaFrom, d.metaTo)
		}
	}
	return &inventory.Inventory{Source: d.file, Format: IDJSON, SpecVersion: spec, Components: out, Host: d.host}, nil
}

// metadata reads the metadata object: its component (the BOM's subject,
// placed first in the inventory) and the parties that describe it.
func (d *jsonState) metadata() error {
	s := d.s
	ok, err := s.BeginObject("metadata")
	if !ok || err != nil {
		return err
	}
	start := d.comps.len()
	subject := -1
	var mp metaParties
	if d.out.emit != nil {
		// metadata's components wait for the end of the document in
		// strings of their own.
		d.out.startMeta()
		d.swapMeta()
		defer func() {
			d.out.inMeta = false
			d.swapMeta()
		}()
	}
	for first := true; ; first = false {
		key, more, err := s.NextKey(first)
		if err != nil {
			return err
		}
		if !more {
			break
		}
		switch string(key) {
		case "component":
			if s.Peek() == 'n' {
				err = s.Literal("null")
				break
			}
			subject = d.comps.len()
			if err = d.component(nil, "/metadata/component", -1); err == nil && d.out.emit != nil {
				subject = len(d.out.meta) - 1
			}
		case "supplier":
			mp.supplier, err = d.entity("metadata.supplier")
		case "manufacturer":
			mp.manufacturer, err = d.entity("metadata.manufacturer")
		case "manufacture":
			mp.manufacture, err = d.entity("metadata.manufacture")
		default:
			err = s.Skip()
		}
		if err != nil {
			return err
		}
	}
	if d.out.emit != nil {
		if subject >= 0 {
			c := &d.out.meta[subject].c
			mp.apply(c)
			d.host = c.Name
		}
		return nil
	}
	if subject >= 0 {
		c := d.comps.at(subject)
		mp.apply(c)
		d.host = c.Name
	}
	d.metaFrom, d.metaTo = start, d.comps.len()
	return nil
}

// components reads an array of components; prefix is its JSON pointer.
func (d *jsonState) components(path []string, prefix string) error {
	s := d.s
	ok, err := s.BeginArray(prefix[1:])
	if !ok || err != nil {
		return err
	}
	for i := 0; ; i++ {
		more, err := s.NextElem(i == 0)
		if err != nil || !more {
			return err
		}
		if err := d.component(path, prefix, i); err != nil {
			return err
		}
		if path == nil && d.out.emit != nil && d.out.holds == 0 && !d.out.inMeta {
			// A top-level component and its nested ones are handed out,
			// and their strings and slices with them: the arena's block
			// and the slice blocks are free.
			d.strs.Reuse()
			d.mem.reuse()
		}
	}
}

// component reads one component object and, depth first, its nested
// components. Its JSON pointer is prefix/idx, or prefix when idx < 0.
func (d *jsonState) component(path []string, prefix string, idx int) error {
	s := d.s
	ptr := func() string {
		if idx < 0 {
			return prefix
		}
		return prefix + "/" + strconv.Itoa(idx)
	}
	if s.Peek() != '{' {
		if s.Pos >= s.End {
			return s.Unexpected("")
		}
		return s.Errorf("%s: a component must be an object, found %s", ptr()[1:], s.KindAt())
	}
	d.count++
	if d.count&1023 == 0 {
		if err := d.ctx.Err(); err != nil {
			return err
		}
	}
	rc := rawComponent{line: s.LineAt(s.Offset()), kind: inventory.KindOther}
	s.Pos++
	if err := s.Enter(); err != nil {
		return err
	}
	pre := d.count - 1 // depth-first index
	slot := -1
	if d.out.emit == nil {
		slot = d.comps.add()
	}
	var kids []string
	kidsStart := 0
	nameSeen, held := false, false
	for first := true; ; first = false {
		key, more, err := s.NextKey(first)
		if err != nil {
			return err
		}
		if !more {
			break
		}
		switch string(key) {
		case "type":
			rc.kind, err = d.kind()
		case "bom-ref":
			rc.bomRef, err = d.str("bom-ref")
		case "name":
			rc.name, err = d.str("name")
			nameSeen = true
		case "version":
			rc.version, err = d.str("version")
		case "group":
			rc.group, err = d.str("group")
		case "description":
			rc.description, err = d.str("description")
		case "purl":
			rc.purl, err = d.str("purl")
		case "cpe":
			rc.cpe, err = d.str("cpe")
		case "author":
			rc.author, err = d.str("author")
		case "publisher":
			rc.publisher, err = d.str("publisher")
		case "supplier":
			rc.supplier, err = d.entity("supplier")
		case "manufacturer":
			rc.manufacturer, err = d.entity("manufacturer")
		case "authors":
			rc.authors, err = d.authors()
		case "externalReferences":
			rc.refs, err = d.externalRefs()
		case "properties":
			rc.props, err = d.properties()
		case "components":
			if kids == nil {
				kids = childPath(path, rc.name)
				kidsStart = d.comps.len()
				if d.out.emit != nil && !nameSeen {
					// The descendants' paths are not known until the
					// name is: they wait.
					held = true
					kidsStart = d.out.hold()
				}
			}
			err = d.components(kids, ptr()+"/components")
		default:
			err = s.Skip()
		}
		if err != nil {
			return err
		}
	}
	if kids != nil && kids[len(path)] != rc.name {
		// "name" came after "components": fix the descendants' paths.
		kids[len(path)] = rc.name
		if d.out.emit != nil {
			d.out.fixPath(kidsStart, len(path), rc.name)
		} else {
			for i := kidsStart; i < d.comps.len(); i++ {
				d.comps.at(i).Location.Path[len(path)] = rc.name
			}
		}
	}
	if rc.bomRef != "" && rc.bomRef == rc.purl {
		rc.bomRef = rc.purl // share the bytes
	}
	ref := ""
	if rc.bomRef == "" {
		ref = ptr()
	}
	if d.out.emit == nil {
		*d.comps.at(slot) = rc.build(d.file, path, ref, &d.mem)
		return nil
	}
	d.out.cur = rc.build(d.file, path, ref, &d.mem)
	if err := d.out.put(pre, &d.out.cur); err != nil {
		return err
	}
	if held {
		return d.out.release()
	}
	return nil
}

// kind reads a component type without allocating.
func (d *jsonState) kind() (inventory.Kind, error) {
	s := d.s
	switch s.Peek() {
	case '"':
		b, err := s.StringBytes()
		if err != nil {
			return "", err
		}
		return kindOfBytes(b), nil
	case 'n':
		return inventory.KindOther, s.Literal("null")
	}
	return "", s.Errorf("type must be a string, found %s", s.KindAt())
}

// kindOfBytes is kindOf for a type the scanner returned as bytes (the map
// lookup does not allocate a string).
func kindOfBytes(b []byte) inventory.Kind {
	if k, ok := kinds[string(b)]; ok {
		return k
	}
	return inventory.KindOther
}

// entity reads an organizational entity or contact: its name, its url
// array and its contacts' (or its own) e-mail addresses.
func (d *jsonState) entity(what string) (entity, error) {
	start := len(d.contacts)
	e, err := d.entityContacts(what)
	e.contacts = keep(&d.mem.strs, d.contacts[start:])
	d.contacts = d.contacts[:start]
	return e, err
}

// entityContacts is entity with the contacts appended to d.contacts, a
// nested contact's after its parent's: the scratch is shared down the
// nesting, and entity keeps the whole run.
func (d *jsonState) entityContacts(what string) (entity, error) {
	s := d.s
	var e entity
	ok, err := s.BeginObject(what)
	if !ok || err != nil {
		return e, err
	}
	for first := true; ; first = false {
		key, more, err := s.NextKey(first)
		if err != nil {
			return e, err
		}
		if !more {
			return e, nil
		}
		switch string(key) {
		case "name":
			e.name, err = d.istrIn(what, ".name")
		case "email":
			var v string
			if v, err = d.istrIn(what, ".email"); v != "" {
				d.contacts = append(d.contacts, v)
			}
		case "url":
			err = d.contactStrings(what, ".url", ".url[]")
		case "contact":
			var arr bool
			if arr, err = s.BeginArray(what + ".contact"); !arr || err != nil {
				break
			}
			for first := true; ; first = false {
				more, err := s.NextElem(first)
				if err != nil {
					return e, err
				}
				if !more {
					break
				}
				if _, err := d.entityContacts(what + ".contact[]"); err != nil {
					return e, err
				}
			}
		default:
			err = s.Skip()
		}
		if err != nil {
			return e, err
		}
	}
}

// contactStrings reads a string or an array of strings, the field named
// what+field (its elements what+elem), and appends each non-empty one to
// d.contacts.
func (d *jsonState) contactStrings(what, field, elem string) error {
	s := d.s
	if s.Peek() != '[' {
		v, err := d.istrIn(what, field)
		if v != "" {
			d.contacts = append(d.contacts, v)
		}
		return err
	}
	s.Pos++ // '[', as BeginArray would (without joining what and field)
	if err := s.Enter(); err != nil {
		return err
	}
	for first := true; ; first = false {
		more, err := s.NextElem(first)
		if err != nil || !more {
			return err
		}
		v, err := d.istrIn(what, elem)
		if err != nil {
			return err
		}
		if v != "" {
			d.contacts = append(d.contacts, v)
		}
	}
}

// authors reads the 1.6 authors array of organizational contacts.
func (d *jsonState) authors() ([]entity, error) {
	s := d.s
	ok, err := s.BeginArray("authors")
	if !ok || err != nil {
		return nil, err
	}
	var out []entity
	for first := true; ; first = false {
		more, err := s.NextElem(first)
		if err != nil {
			return nil, err
		}
		if !more {
			return out, nil
		}
		e, err := d.entity("authors[]")
		if err != nil {
			return nil, err
		}
		if e.name != "" || len(e.contacts) > 0 {
			out = append(out, e)
		}
	}
}

// externalRefs reads the external references whose URL says whose the
// component is (website, vcs) as URL identifiers; the others are skipped.
func (d *jsonState) externalRefs() ([]inventory.Identifier, error) {
	s := d.s
	ok, err := s.BeginArray("externalReferences")
	if !ok || err != nil {
		return nil, err
	}
	out := d.refs[:0]
	for first := true; ; first = false {
		more, err := s.NextElem(first)
		if err != nil {
			return nil, err
		}
		if !more {
			d.refs = out
			return keep(&d.mem.ids, out), nil
		}
		ok, err := s.BeginObject("an external reference")
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		var typ, u string
		for first := true; ; first = false {
			key, more, err := s.NextKey(first)
			if err != nil {
				return nil, err
			}
			if !more {
				break
			}
			switch string(key) {
			case "type":
				typ, err = d.istr("externalReferences[].type")
			case "url":
				if typ != "" && urlRefTypes[typ] == "" {
					// A reference type that says nothing about who made
					// the component (distribution, issue-tracker ...).
					err = s.Skip()
					break
				}
				u, err = d.str("externalReferences[].url")
			default:
				err = s.Skip()
			}
			if err != nil {
				return nil, err
			}
		}
		if f := urlRefTypes[typ]; f != "" && strings.TrimSpace(u) != "" {
			out = append(out, inventory.Identifier{Kind: inventory.IDURL, Value: strings.TrimSpace(u), Field: f})
		}
	}
}

// properties reads a properties array into a slice of exactly its size.
func (d *jsonState) properties() ([]inventory.Property, error) {
	s := d.s
	ok, err := s.BeginArray("properties")
	if !ok || err != nil {
		return nil, err
	}
	ps := d.props[:0]
	for first := true; ; first = false {
		more, err := s.NextElem(first)
		if err != nil {
			return nil, err
		}
		if !more {
			break
		}
		ok, err := s.BeginObject("a property")
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		var p inventory.Property
		for first := true; ; first = false {
			key, more, err := s.NextKey(first)
			if err != nil {
				return nil, err
			}
			if !more {
				break
			}
			switch string(key) {
			case "name":
				p.Name, err = d.istr("property name")
			case "value":
				p.Value, err = d.istr("property value")
			default:
				err = s.Skip()
			}
			if err != nil {
				return nil, err
			}
		}
		ps = append(ps, p)
	}
	d.props = ps
	return keep(&d.mem.props, ps), nil
}

// str reads a string value into the arena; null reads as "".
func (d *jsonState) str(what string) (string, error) {
	s := d.s
	if s.Peek() == '"' {
		b, err := s.StringBytes()
		if err != nil {
			return "", err
		}
		return d.strs.Str(b), nil
	}
	return s.Str(what)
}

// istrIn is istr for the field named what+field, joined only for an
// error that names it.
func (d *jsonState) istrIn(what, field string) (string, error) {
	if c := d.s.Peek(); c == '"' || c == 'n' {
		return d.istr(field) // no error names the field
	}
	return d.istr(what + field)
}

// istr is str for values that repeat, which Decode interns: the whole
// inventory holds one copy of each. Stream hands each component out and
// reuses its memory, so there a copy in the arena is cheaper than a
// lookup (and an interned value kept for the rest of the document).
func (d *jsonState) istr(what string) (string, error) {
	if d.out.emit != nil {
		return d.str(what)
	}
	s := d.s
	if s.Peek() == '"' {
		b, err := s.StringBytes()
		if err != nil {
			return "", err
		}
		return d.strs.Intern(b), nil
	}
	return s.Str(what)
}
