// Package spdx3 is the ingest stage for SPDX 3.0 JSON-LD documents: it
// turns the packages of an SPDX 3 graph into inventory components, with
// their suppliedBy and originatedBy agents as parties, their package URLs
// and CPEs, and the "contains" relationships between packages as nesting.
//
// It reads the compact JSON-LD serialisation that the SPDX 3 specification
// defines (an "@context" naming spdx.org/rdf/3.x and an "@graph" of
// elements) in one streaming pass with the shared JSON scanner; it does no
// JSON-LD processing, so it never fetches the context. It must not import
// anything after ingest (match, policy, report).
package spdx3

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/jsonscan"
	"github.com/vendorcheck/vendorcheck/pkg/internal/lazyre"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// ID is the decoder id.
const ID = "spdx3-jsonld"

// MaxElements bounds how many graph elements one document may hold; real
// SBOMs hold tens of thousands.
const MaxElements = 5_000_000

// MaxPathDepth bounds the "contains" nesting recorded on a component.
const MaxPathDepth = 64

type decoder struct{}

var _ ingest.Decoder = (*decoder)(nil)

// New returns the SPDX 3 JSON-LD decoder.
func New() ingest.Decoder { return &decoder{} }

func (*decoder) ID() string { return ID }

var reContext = lazyre.New(`spdx\.org/rdf/3\.`)

// Identify accepts a JSON object whose head has an "@context" naming the
// SPDX 3 vocabulary.
func (d *decoder) Identify(head []byte) bool {
	return d.IdentifyHead(ingest.NewHead(head))
}

// IdentifyHead is Identify, with what h found shared with the other
// decoders.
func (*decoder) IdentifyHead(h *ingest.Head) bool {
	head := h.Bytes()
	t := bytes.TrimLeft(head, " \t\r\n")
	if len(t) == 0 || t[0] != '{' {
		return false
	}
	return h.ContainsQuoted(`"@context"`) && reContext.Match(head)
}

// ref is an agent reference: an element id, or an element written inline.
type ref struct {
	id     string
	inline *element
}

type extID struct{ typ, value string }

// element holds the fields of one graph element that the decoder reads;
// everything else is checked for syntax and skipped.
type element struct {
	line                 int
	typ, id              string
	name, version, purl  string
	purpose, summary     string
	description          string
	relType, from        string
	to                   []string
	suppliedBy           []ref
	originatedBy         []ref
	extIDs               []extID
	specVersion          string
	rootElements         []string
	creationSpec         string // specVersion of an inline creationInfo
	homePage, downloadAt string
}

// shortType strips a full IRI or a profile prefix from a type:
// "software_Package" and ".../Software/Package" both give "Package".
func shortType(t string) string {
	if i := strings.LastIndexAny(t, "/#"); i >= 0 {
		t = t[i+1:]
	}
	if i := strings.IndexByte(t, '_'); i >= 0 {
		t = t[i+1:]
	}
	return t
}

func (e *element) isPackage() bool {
	switch shortType(e.typ) {
	case "Package", "AIPackage", "DatasetPackage":
		return true
	}
	return false
}

type reader struct {
	ctx      context.Context
	s        *jsonscan.Scanner
	file     string
	elems    []*element
	context  bool
	count    int
	deferred error
}

func (d *decoder) Decode(ctx context.Context, r io.Reader, name string) (*inventory.Inventory, error) {
	lr := &ingest.LimitedReader{R: r, N: ingest.MaxInputSize}
	rd := &reader{ctx: ctx, s: jsonscan.New(lr, ingest.MaxNestingDepth), file: name}
	err := rd.document()
	if lr.Exceeded {
		return nil, errorf(name, 0, "%w: more than %s", ingest.ErrTooLarge, ingest.FormatSize(ingest.MaxInputSize))
	}
	if err != nil {
		return nil, rd.s.DecodeError(name, ID, err)
	}
	if rd.deferred != nil {
		return nil, rd.deferred
	}
	return rd.inventory()
}

func errorf(name string, line int, format string, args ...any) error {
	return &ingest.DecodeError{File: name, Line: line, Format: ID, Err: fmt.Errorf(format, args...)}
}

func (rd *reader) deferf(format string, args ...any) {
	if rd.deferred == nil {
		rd.deferred = errorf(rd.file, rd.s.LineAt(rd.s.Offset()), "%w: %s", ingest.ErrMalformed, fmt.Sprintf(format, args...))
	}
}

// document reads the top-level object: "@context" and "@graph"; any other
// key of the top-level object is read as a field of a single element
// (JSON-LD allows a document that is one element).
func (rd *reader) document() error {
	s := rd.s
	s.SkipBOM()
	ok, err := s.BeginObject("an SPDX 3 document")
	if err != nil {
		return err
	}
	if !ok {
		return s.Errorf("an SPDX 3 document must be an object, found null")
	}
	top := &element{line: s.LineAt(s.Offset())}
	for first := true; ; first = false {
		key, more, err := s.NextKey(first)
		if err != nil {
			return err
		}
		if !more {
			break
		}
		switch string(key) {
		case "@context":
			rd.context = true
			err = s.Skip()
		case "@graph":
			err = rd.graph()
		default:
			err = rd.field(top, string(key))
		}
		if err != nil {
			return err
		}
	}
	if err := s.AtEnd(); err != nil {
		return err
	}
	if !rd.context {
		return errorf(rd.file, 0, "%w: no \"@context\" naming the SPDX 3 vocabulary", ingest.ErrMalformed)
	}
	if top.typ != "" {
		rd.elems = append(rd.elems, top)
	}
	return nil
}

func (rd *reader) graph() error {
	s := rd.s
	ok, err := s.BeginArray("\"@graph\"")
	if err != nil || !ok {
		return err
	}
	for first := true; ; first = false {
		more, err := s.NextElem(first)
		if err != nil {
			return err
		}
		if !more {
			return nil
		}
		if s.Peek() != '{' {
			rd.deferf("an \"@graph\" element must be an object, found %s", s.KindAt())
			if err := s.Skip(); err != nil {
				return err
			}
			continue
		}
		e, err := rd.element()
		if err != nil {
			return err
		}
		rd.elems = append(rd.elems, e)
	}
}

// element reads one object at the scanner's position.
func (rd *reader) element() (*element, error) {
	s := rd.s
	rd.count++
	if rd.count > MaxElements {
		return nil, errorf(rd.file, s.LineAt(s.Offset()), "%w: more than %d elements", ingest.ErrTooLarge, MaxElements)
	}
	if rd.count%4096 == 0 {
		if err := rd.ctx.Err(); err != nil {
			return nil, err
		}
	}
	e := &element{line: s.LineAt(s.Offset())}
	ok, err := s.BeginObject("an element")
	if err != nil || !ok {
		return e, err
	}
	for first := true; ; first = false {
		key, more, err := s.NextKey(first)
		if err != nil {
			return nil, err
		}
		if !more {
			return e, nil
		}
		if err := rd.field(e, string(key)); err != nil {
			return nil, err
		}
	}
}

// str reads a string; another kind of value is an error of meaning.
func (rd *reader) str(what string) (string, error) {
	switch rd.s.Peek() {
	case '"', 'n', 0:
		return rd.s.Str(what)
	}
	rd.deferf("%q must be a string, found %s", what, rd.s.KindAt())
	return "", rd.s.Skip()
}

// strs reads a string or an array of strings.
func (rd *reader) strs(what string) ([]string, error) {
	if rd.s.Peek() != '[' {
		v, err := rd.str(what)
		if v == "" {
			return nil, err
		}
		return []string{v}, err
	}
	ok, err := rd.s.BeginArray(what)
	if err != nil || !ok {
		return nil, err
	}
	var out []string
	for first := true; ; first = false {
		more, err := rd.s.NextElem(first)
		if err != nil || !more {
			return out, err
		}
		v, err := rd.str(what)
		if err != nil {
			return nil, err
		}
		if v != "" {
			out = append(out, v)
		}
	}
}

// refs reads an agent reference or a list of them: ids or inline elements.
func (rd *reader) refs(what string) ([]ref, error) {
	one := func() (ref, error) {
		switch rd.s.Peek() {
		case '{':
			e, err := rd.element()
			return ref{inline: e}, err
		default:
			v, err := rd.str(what)
			return ref{id: v}, err
		}
	}
	if rd.s.Peek() != '[' {
		r, err := one()
		if r.id == "" && r.inline == nil {
			return nil, err
		}
		return []ref{r}, err
	}
	ok, err := rd.s.BeginArray(what)
	if err != nil || !ok {
		return nil, err
	}
	var out []ref
	for first := true; ; first = false {
		more, err := rd.s.NextElem(first)
		if err != nil || !more {
			return out, err
		}
		r, err := one()
		if err != nil {
			return nil, err
		}
		if r.id != "" || r.inline != nil {
			out = append(out, r)
		}
	}
}

func (rd *reader) externalIdentifiers(e *element) error {
	s := rd.s
	if s.Peek() == '{' {
		return rd.externalIdentifier(e)
	}
	ok, err := s.BeginArray("\"externalIdentifier\"")
	if err != nil || !ok {
		return err
	}
	for first := true; ; first = false {
		more, err := s.NextElem(first)
		if err != nil || !more {
			return err
		}
		if s.Peek() != '{' {
			if err := s.Skip(); err != nil {
				return err
			}
			continue
		}
		if err := rd.externalIdentifier(e); err != nil {
			return err
		}
	}
}

func (rd *reader) externalIdentifier(e *element) error {
	s := rd.s
	ok, err := s.BeginObject("an externalIdentifier")
	if err != nil || !ok {
		return err
	}
	var x extID
	for first := true; ; first = false {
		key, more, err := s.NextKey(first)
		if err != nil {
			return err
		}
		if !more {
			break
		}
		switch string(key) {
		case "externalIdentifierType":
			x.typ, err = rd.str("externalIdentifierType")
		case "identifier":
			x.value, err = rd.str("identifier")
		default:
			err = s.Skip()
		}
		if err != nil {
			return err
		}
	}
	if x.value = strings.TrimSpace(x.value); x.value != "" {
		e.extIDs = append(e.extIDs, x)
	}
	return nil
}

// field reads the value of key into e, or skips it.
func (rd *reader) field(e *element, key string) error {
	s := rd.s
	var err error
	switch key {
	case "type", "@type":
		var ts []string
		if ts, err = rd.strs(key); len(ts) > 0 {
			e.typ = ts[0]
		}
	case "spdxId", "@id":
		e.id, err = rd.str(key)
	case "name":
		e.name, err = rd.str(key)
	case "software_packageVersion":
		e.version, err = rd.str(key)
	case "software_packageUrl":
		e.purl, err = rd.str(key)
	case "software_primaryPurpose":
		e.purpose, err = rd.str(key)
	case "software_homePage":
		e.homePage, err = rd.str(key)
	case "software_downloadLocation":
		e.downloadAt, err = rd.str(key)
	case "summary":
		e.summary, err = rd.str(key)
	case "description":
		e.description, err = rd.str(key)
	case "relationshipType":
		e.relType, err = rd.str(key)
	case "from":
		e.from, err = rd.str(key)
	case "to":
		e.to, err = rd.strs(key)
	case "rootElement":
		e.rootElements, err = rd.strs(key)
	case "specVersion":
		e.specVersion, err = rd.str(key)
	case "suppliedBy":
		e.suppliedBy, err = rd.refs(key)
	case "originatedBy":
		e.originatedBy, err = rd.refs(key)
	case "externalIdentifier":
		err = rd.externalIdentifiers(e)
	case "creationInfo":
		if s.Peek() == '{' {
			var ci *element
			if ci, err = rd.element(); ci != nil {
				e.creationSpec = ci.specVersion
			}
		} else {
			err = s.Skip()
		}
	default:
		err = s.Skip()
	}
	return err
}
