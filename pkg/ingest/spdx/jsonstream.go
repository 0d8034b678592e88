package spdx

import (
	"slices"

	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/jsonscan"

	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"strings"

	"github.com/spdx/tools-golang/spdx/v2/common"
	"github.com/spdx/tools-golang/spdx/v2/v2_1"
	"github.com/spdx/tools-golang/spdx/v2/v2_3"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// The SPDX JSON decoder reads the document in one streaming pass: each
// element of "packages" is read into a leanPackage and becomes a component
// at once; of the rest only the document's SPDXID, name, documentDescribes
// and DESCRIBES relationships are kept, and everything else is checked for
// JSON syntax and skipped. tools-golang's json.Read decodes the whole
// document into generic values, encodes it again and decodes that into its
// model; that is several times slower and holds the document three times
// in memory.
//
// What it reads, it reads as tools-golang would (the differential test in
// jsonstream_test.go holds the two to the same inventories): field names
// match case-insensitively, a later duplicate key wins (but spdxVersion
// and packages may be given only once), null reads as
// absent, supplier and originator are "Type: name" or NOASSERTION, element
// ids need their "SPDXRef-" prefix, and primaryPackagePurpose counts from
// SPDX 2.3 only. Unlike tools-golang it does not type-check fields it does
// not read (files, licences, checksums ...), and it unescapes supplier
// values (tools-golang keeps JSON escapes in them).
//
// Errors: syntax errors stop at once with line and column. Errors of
// meaning (a bad supplier, a wrong type) are kept until the end, so that an
// unsupported spdxVersion, which may come last, is the error reported.

type jsonStream struct {
	ctx  context.Context
	s    *jsonscan.Scanner
	d    *decoder
	file string

	version, docID, docName string
	versionLine             int
	comps                   []inventory.Component // the finished inventory's
	chunks                  [][]inventory.Component
	describes               []describe // DESCRIBES and DESCRIBED_BY relationships
	docDescribes            []string   // documentDescribes ids, without "SPDXRef-"
	pkg                     leanPackage
	bufs                    compBufs       // the memory components' slices are taken from
	arena                   jsonscan.Arena // the strings the inventory keeps
	relA, relB              []byte         // element ids of the relationship being read
	fold                    []byte         // the key being read, lower-cased (foldKey)
	deferred                error          // first error of meaning
	// describesErr is the first error of meaning in documentDescribes, and
	// describesFirst whether it came before every other: SPDX 2.1 documents
	// do not have the field (tools-golang's 2.1 model ignores it), and the
	// version may come after it, so it counts only once the version is known.
	describesErr   error
	describesFirst bool
	// describesWarned are the warnings documentDescribes gave (their
	// places in warnings), dropped for SPDX 2.1 alike.
	describesWarned [][2]int
	warnings        []inventory.Warning
	n               int

	// emit, when set, is handed each package as it is read (Stream),
	// once the version is known to be supported; packages read before
	// that are collected and handed out at the end.
	emit      ingest.EmitFunc
	emitErr   error
	versionOK bool                // spdxVersion read and supported
	emitted   int64               // packages handed out
	cur       inventory.Component // the package being handed out
	named     refNames            // the ref and name of packages handed out, for host
	// hostRefs is what mayHost knows from the first hostRefsN ids of
	// docDescribes (when there are some): hostNone (two different
	// ids), or the one ref that can be the host.
	hostRefs  string
	hostRefsN int
	// pkgStrs holds the strings of the package being handed out; its
	// block is used again for the next one.
	pkgStrs jsonscan.Arena

	// versionKey and packagesKey are the keys spdxVersion and packages
	// were given as: given twice (in another case), they are refused.
	versionKey, packagesKey string
}

// once records the key (as written) of a field that may be given only
// once. A later duplicate of another field wins, as with tools-golang; not
// of these two: packages are handed out as they are read, and what they
// mean depends on the version, so the first would have counted already.
func (js *jsonStream) once(seen *string, key []byte) error {
	if *seen != "" {
		return js.s.Errorf("duplicate key %q in one object (the same field as %q)", key, *seen)
	}
	*seen = string(key)
	return nil
}

// warnf records a bend in the document that is read past, at the current
// position.
func (js *jsonStream) warnf(format string, args ...any) {
	if len(js.warnings) < maxWarnings {
		js.warnings = append(js.warnings, inventory.Warning{Line: js.s.LineAt(js.s.Offset()), Message: fmt.Sprintf(format, args...)})
	}
}

func (d *decoder) decodeJSONStream(ctx context.Context, r io.Reader, name string, emit ingest.EmitFunc) (*inventory.Inventory, error) {
	lr := &ingest.LimitedReader{R: r, N: maxDocumentSize}
	js := &jsonStream{ctx: ctx, s: jsonscan.New(lr, ingest.MaxNestingDepth), d: d, file: name, emit: emit}
	inv, err := js.document()
	if lr.Exceeded {
		return nil, d.errorf(name, 0, "%w: more than %d bytes", ingest.ErrTooLarge, maxDocumentSize)
	}
	if js.emitErr != nil {
		return nil, js.emitErr
	}
	if err != nil {
		var de *ingest.DecodeError
		if errors.As(err, &de) {
			return nil, err
		}
		if line, msg, ok := js.s.Describe(err); ok {
			return nil, d.errorf(name, line, "%w: %s", ingest.ErrMalformed, msg)
		}
		return nil, d.malformed(name, 0, err)
	}
	return inv, nil
}

// defer records an error of meaning at the current position and lets the
// scan go on.
func (js *jsonStream) deferf(format string, args ...any) {
	if js.deferred == nil {
		line := js.s.LineAt(js.s.Offset())
		js.deferred = js.d.errorf(js.file, line, "%w: %s", ingest.ErrMalformed, fmt.Sprintf(format, args...))
	}
}

// raw reads a string or null (nil) without allocating: the bytes are valid
// until the next call of the scanner. Another type is an error of meaning,
// and the value is skipped.
func (js *jsonStream) raw(what string) ([]byte, error) {
	s := js.s
	switch s.Peek() {
	case '"':
		return s.StringBytes()
	case 'n':
		return nil, s.Literal("null")
	case 0:
		return nil, s.Unexpected("")
	}
	js.deferf("%s must be a string, found %s", what, s.KindAt())
	return nil, s.Skip()
}

// str reads a string or null as raw does, into the arena.
func (js *jsonStream) str(what string) (string, error) {
	b, err := js.raw(what)
	return js.arena.Str(b), err
}

// intern is str for values that repeat from package to package.
func (js *jsonStream) intern(what string) (string, error) {
	b, err := js.raw(what)
	return js.arena.Intern(b), err
}

// foldKey lower-cases an ASCII key into buf: encoding/json, and so
// tools-golang, match field names case-insensitively.
func foldKey(buf []byte, key []byte) []byte {
	if cap(buf) < len(key) {
		buf = make([]byte, len(key), 2*len(key))
	}
	buf = buf[:len(key)]
	for i, c := range key {
		buf[i] = lowerASCII[c]
	}
	return buf
}

// lowerASCII maps a byte to its lower case (ASCII letters only).
var lowerASCII = func() (t [256]byte) {
	for i := range t {
		t[i] = byte(i)
		if 'A' <= i && i <= 'Z' {
			t[i] += 'a' - 'A'
		}
	}
	return t
}()

func (js *jsonStream) document() (*inventory.Inventory, error) {
	s := js.s
	s.SkipBOM()
	ok, err := s.BeginObject("an SPDX document")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, s.Errorf("an SPDX document must be an object, found null")
	}
	for first := true; ; first = false {
		key, more, err := s.NextKey(first)
		if err != nil {
			return nil, err
		}
		if !more {
			break
		}
		// js.fold is shared by every level: each reads it before going deeper.
		js.fold = foldKey(js.fold, key)
		switch string(js.fold) {
		case "spdxversion":
			if err := js.once(&js.versionKey, key); err != nil {
				return nil, err
			}
			js.versionLine = s.LineAt(s.Offset())
			js.version, err = js.str("spdxVersion")
			js.versionOK = js.version != "" && js.d.checkVersion(js.file, js.version, allVersions...) == nil
		case "spdxid":
			var id string
			if id, err = js.str("SPDXID"); err == nil {
				js.docID = js.elementID(id)
			}
		case "name":
			js.docName, err = js.str("name")
		case "packages":
			if err := js.once(&js.packagesKey, key); err != nil {
				return nil, err
			}
			err = js.packages()
		case "relationships":
			err = js.relationships()
		case "documentdescribes":
			err = js.documentDescribes()
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
	// The version first: SPDX 1.x or 3.x differs in more than its fields.
	if err := js.d.checkVersion(js.file, js.version, allVersions...); err != nil {
		var de *ingest.DecodeError
		if errors.As(err, &de) && js.version != "" {
			de.Line = js.versionLine
		}
		return nil, err
	}
	if js.describesErr != nil && js.version != v2_1.Version && (js.describesFirst || js.deferred == nil) {
		js.deferred = js.describesErr
	}
	if js.version == v2_1.Version {
		for i := len(js.describesWarned) - 1; i >= 0; i-- {
			r := js.describesWarned[i]
			js.warnings = slices.Delete(js.warnings, r[0], r[1])
		}
	}
	if js.deferred != nil {
		return nil, js.deferred
	}
	js.flatten()
	if js.version != v2_3.Version {
		// primaryPackagePurpose is an SPDX 2.3 field; tools-golang's 2.1
		// and 2.2 models do not read it.
		for i := range js.comps {
			js.comps[i].Kind = kind("")
		}
	}
	host := js.host()
	if js.emit != nil {
		for i := range js.comps {
			if err := js.emitOne(&js.comps[i]); err != nil {
				return nil, err
			}
		}
		js.comps = nil
	}
	return &inventory.Inventory{
		Source:      js.file,
		Format:      js.d.id,
		SpecVersion: js.version,
		Host:        host,
		Components:  js.comps,
		Warnings:    js.warnings,
	}, nil
}

// mayHost reports whether host() may name the package with ref, from the
// documentDescribes read so far: host() takes the name of a package only
// when the document describes exactly one element, and every id read now
// counts then (SPDX 2.2 and 2.3; the version is known before a package is
// handed out). Two different ids, and the document name is the host
// whatever follows; one, and only its package can be. A document that
// lists what it describes before its packages so keeps no name of the
// others.
func (js *jsonStream) mayHost(ref string) bool {
	if js.version == v2_1.Version || len(js.docDescribes) == 0 {
		return true
	}
	if js.hostRefsN != len(js.docDescribes) {
		js.hostRefsN = len(js.docDescribes)
		js.hostRefs = hostAny // until the first id
		for _, id := range js.docDescribes {
			switch r := elementRef(common.ElementID(id)); js.hostRefs {
			case hostAny:
				js.hostRefs = r
			case r, hostNone:
			default:
				js.hostRefs = hostNone
			}
		}
	}
	switch js.hostRefs {
	case hostAny:
		return true
	case hostNone:
		return false
	}
	return ref == js.hostRefs
}

// hostAny and hostNone are jsonStream.hostRefs that no element ref is
// (an element ref is empty or begins "SPDXRef-").
const (
	hostAny  = "\x00any"
	hostNone = "\x00none"
)

// describe is a DESCRIBES (or, reversed, DESCRIBED_BY) relationship
// between two elements of this document.
type describe struct{ from, to string }

// host is host() of model.go over what the stream kept. The document's
// SPDXID may come after its relationships, so they are matched here.
func (js *jsonStream) host() string {
	uniq := map[string]bool{}
	for _, r := range js.describes {
		if r.from == js.docID {
			uniq[r.to] = true
		}
	}
	if js.version != v2_1.Version { // tools-golang's 2.1 model ignores it
		for _, id := range js.docDescribes {
			uniq[id] = true
		}
	}
	if len(uniq) == 1 {
		for id := range uniq {
			ref := elementRef(common.ElementID(id))
			// The last package with the id wins, as in a map. Packages
			// are either all handed out (named) or all collected.
			for i := len(js.comps) - 1; i >= 0; i-- {
				if js.comps[i].Location.Ref == ref {
					if n := js.comps[i].Name; n != "" {
						return n
					}
					break
				}
			}
			if n, ok := js.named.last(ref); ok && n != "" {
				return n
			}
		}
	}
	return strings.TrimSpace(js.docName)
}

func (js *jsonStream) packages() error {
	s := js.s
	ok, err := s.BeginArray("packages")
	if err != nil {
		var se *jsonscan.SyntaxError
		if errors.As(err, &se) && s.Pos < s.End && s.Buf[s.Pos] != '[' {
			js.deferf("packages must be an array, found %s", s.KindAt())
			return s.Skip()
		}
		return err
	}
	if !ok {
		return nil
	}
	for first := true; ; first = false {
		more, err := s.NextElem(first)
		if err != nil || !more {
			return err
		}
		if js.n++; js.n%1024 == 0 {
			if err := js.ctx.Err(); err != nil {
				return err
			}
		}
		if err := js.pkgElem(); err != nil {
			return err
		}
	}
}

// pkgElem reads one element of packages; null is no package.
func (js *jsonStream) pkgElem() error {
	s := js.s
	switch s.Peek() {
	case 'n':
		return s.Literal("null")
	case '{':
	default:
		js.deferf("a package must be an object, found %s", s.KindAt())
		return s.Skip()
	}
	s.Pos++
	if err := s.Enter(); err != nil {
		return err
	}
	if js.emit != nil && js.versionOK {
		// The package's strings go to a block of their own, used again
		// once it is handed out (the document's go on in js.arena).
		js.arena, js.pkgStrs = js.pkgStrs, js.arena
	}
	p := &js.pkg
	*p = leanPackage{refs: p.refs[:0]}
	line := 0
	for first := true; ; first = false {
		key, more, err := s.NextKey(first)
		if err != nil {
			return err
		}
		if !more {
			break
		}
		switch packageKeys().lookup(key, &js.fold) {
		case kID:
			line = s.LineAt(s.Offset())
			var id string
			if id, err = js.str("SPDXID"); err == nil {
				p.id, p.ref = js.elementID(id), id
			}
		case kName:
			p.name, err = js.str("name")
		case kVersion:
			p.version, err = js.str("versionInfo")
		case kPurpose:
			p.purpose, err = js.intern("primaryPackagePurpose")
		case kDescription:
			p.description, err = js.str("description")
		case kSummary:
			p.summary, err = js.str("summary")
		case kHomepage:
			p.homepage, err = js.str("homepage")
		case kDownload:
			p.download, err = js.str("downloadLocation")
		case kSupplier:
			p.supplier, err = js.party("Supplier")
		case kOriginator:
			p.originator, err = js.party("Originator")
		case kRefs:
			p.refs = p.refs[:0]
			err = js.externalRefs()
		default:
			err = s.Skip()
		}
		if err != nil {
			return err
		}
	}
	if js.emit != nil && js.versionOK {
		c := &js.cur
		// The component is the callee's only during emit: its parties'
		// memory is used again for the next one.
		js.bufs.parties, js.bufs.reuse = js.bufs.parties[:0], true
		*c = p.component(js.file, line, &js.bufs)
		if js.version != v2_3.Version {
			c.Kind = kind("") // as document() does for collected packages
		}
		if js.mayHost(c.Location.Ref) {
			js.named.add(c.Location.Ref, c.Name)
		}
		err := js.emitOne(c)
		// The package's strings are handed out with it.
		js.arena, js.pkgStrs = js.pkgStrs, js.arena
		js.pkgStrs.Reuse()
		return err
	}
	js.bufs.reuse = false
	js.add(p.component(js.file, line, &js.bufs))
	return nil
}

// emitOne hands c out; an error from emit stops the decoding and is
// returned as it is.
func (js *jsonStream) emitOne(c *inventory.Component) error {
	if err := js.emit(js.emitted, c); err != nil {
		js.emitErr = err
		return err
	}
	js.emitted++
	return nil
}

// Components are collected in chunks of at most compChunk, so that a large
// document never copies a large slice while growing, and flattened once.
const compChunk = 4096

func (js *jsonStream) add(c inventory.Component) {
	k := len(js.chunks) - 1
	if k < 0 || len(js.chunks[k]) == cap(js.chunks[k]) {
		size := 16
		if k >= 0 {
			size = min(2*cap(js.chunks[k]), compChunk)
		}
		js.chunks = append(js.chunks, make([]inventory.Component, 0, size))
		k++
	}
	js.chunks[k] = append(js.chunks[k], c)
}

func (js *jsonStream) flatten() {
	n := 0
	for _, ch := range js.chunks {
		n += len(ch)
	}
	js.comps = make([]inventory.Component, 0, n)
	for i, ch := range js.chunks {
		js.comps = append(js.comps, ch...)
		js.chunks[i] = nil
	}
	js.chunks = nil
}

// party reads a supplier or originator: "Organization: name",
// "Person: name" (any "type: name", as tools-golang), or NOASSERTION.
func (js *jsonStream) party(what string) (party, error) {
	s := js.s
	switch s.Peek() {
	case 'n':
		return party{}, s.Literal("null")
	case '"':
	default:
		js.deferf("failed to parse %s: %s must be a string, found %s", what, strings.ToLower(what), s.KindAt())
		return party{}, s.Skip()
	}
	v, err := s.StringBytes()
	if err != nil {
		return party{}, err
	}
	if string(v) == "NOASSERTION" {
		return party{set: true, name: "NOASSERTION"}, nil
	}
	typ, name, ok := bytes.Cut(v, []byte(":"))
	if !ok {
		// Real SBOMs write "supplier": "Microsoft/GitHub": read it as a
		// name, and say so.
		js.warnf("%s", noPartyPrefix(what, string(v)))
		return party{set: true, name: js.arena.Intern(bytes.TrimSpace(v))}, nil
	}
	return party{set: true, typ: js.arena.Intern(bytes.TrimSpace(typ)), name: js.arena.Intern(bytes.TrimSpace(name))}, nil
}

func (js *jsonStream) externalRefs() error {
	var r leanRef
	return js.eachObject("externalRefs", "an external reference", externalRefKeys(), func(key []byte, f keyField) (err error) {
		switch f {
		case kRefType:
			r.typ, err = js.intern("referenceType")
		case kRefLocator:
			r.locator, err = js.str("referenceLocator")
		case kRefChecked:
			// Checked for type, not kept. The key is named, as written, only
			// in the error of a value that is not a string.
			what := ""
			if c := js.s.Peek(); c != '"' && c != 'n' && c != 0 {
				what = string(key)
			}
			_, err = js.raw(what)
		default:
			err = js.s.Skip()
		}
		return err
	}, func() {
		js.pkg.refs = append(js.pkg.refs, r)
		r = leanRef{}
	})
}

// relationships keeps the ids a document DESCRIBES. Every element id is
// checked as tools-golang checks it.
//
// A large document has a relationship or more per package, nearly all of
// them kept by nothing (CONTAINS, DEPENDS_ON ...): their values are read in
// place, and strings are made only for the DESCRIBES ones.
func (js *jsonStream) relationships() error {
	var aDoc, bDoc bool // the element is in another document
	var typ string      // "" or a type kept: DESCRIBES, DESCRIBED_BY
	js.relA, js.relB = js.relA[:0], js.relB[:0]
	return js.eachObject("relationships", "a relationship", relationshipKeys(), func(_ []byte, f keyField) (err error) {
		var doc, elem []byte
		switch f {
		case kElement:
			doc, elem, err = js.docElementIDBytes("spdxElementId")
			aDoc, js.relA = len(doc) > 0, append(js.relA[:0], elem...)
		case kRelated:
			doc, elem, err = js.docElementIDBytes("relatedSpdxElement")
			bDoc, js.relB = len(doc) > 0, append(js.relB[:0], elem...)
		case kRelType:
			var t []byte
			t, err = js.raw("relationshipType")
			switch string(t) {
			case common.TypeRelationshipDescribe:
				typ = common.TypeRelationshipDescribe
			case common.TypeRelationshipDescribeBy:
				typ = common.TypeRelationshipDescribeBy
			default:
				typ = ""
			}
		default:
			err = js.s.Skip()
		}
		return err
	}, func() {
		if !aDoc && !bDoc {
			switch typ {
			case common.TypeRelationshipDescribe:
				js.describes = append(js.describes, describe{from: string(js.relA), to: string(js.relB)})
			case common.TypeRelationshipDescribeBy:
				js.describes = append(js.describes, describe{from: string(js.relB), to: string(js.relA)})
			}
		}
		aDoc, bDoc, typ = false, false, ""
		js.relA, js.relB = js.relA[:0], js.relB[:0]
	})
}

// eachObject reads the array named array whose elements are objects called
// elem: field is called with each key of an element (as written) and its
// field among keys, and must consume its value; done is called after each
// element.
// A null element is passed over; a non-object element, or an array that is
// not one, is reported as a deferred problem and skipped.
func (js *jsonStream) eachObject(array, elem string, keys *fieldKeys, field func(key []byte, f keyField) error, done func()) error {
	s := js.s
	ok, err := s.BeginArray(array)
	if err != nil {
		if s.Pos < s.End && s.Buf[s.Pos] != '[' {
			js.deferf("%s must be an array, found %s", array, s.KindAt())
			return s.Skip()
		}
		return err
	}
	if !ok {
		return nil
	}
	for first := true; ; first = false {
		more, err := s.NextElem(first)
		if err != nil || !more {
			return err
		}
		switch s.Peek() {
		case 'n':
			if err := s.Literal("null"); err != nil {
				return err
			}
			continue
		case '{':
		default:
			js.deferf("%s must be an object, found %s", elem, s.KindAt())
			if err := s.Skip(); err != nil {
				return err
			}
			continue
		}
		s.Pos++
		if err := s.Enter(); err != nil {
			return err
		}
		for first := true; ; first = false {
			key, more, err := s.NextKey(first)
			if err != nil {
				return err
			}
			if !more {
				break
			}
			if err := field(key, keys.lookup(key, &js.fold)); err != nil {
				return err
			}
		}
		done()
	}
}

// documentDescribes (SPDX 2.2 and 2.3) lists what the document DESCRIBES.
func (js *jsonStream) documentDescribes() error {
	prev := js.deferred
	js.deferred = nil
	warned := len(js.warnings)
	defer func() {
		if js.deferred != nil && js.describesErr == nil {
			js.describesErr, js.describesFirst = js.deferred, prev == nil
		}
		js.deferred = prev
		if len(js.warnings) > warned {
			js.describesWarned = append(js.describesWarned, [2]int{warned, len(js.warnings)})
		}
	}()
	s := js.s
	ok, err := s.BeginArray("documentDescribes")
	if err != nil {
		if s.Pos < s.End && s.Buf[s.Pos] != '[' {
			js.deferf("documentDescribes must be an array, found %s", s.KindAt())
			return s.Skip()
		}
		return err
	}
	if !ok {
		return nil
	}
	for first := true; ; first = false {
		more, err := s.NextElem(first)
		if err != nil || !more {
			return err
		}
		id, err := js.docElementID("documentDescribes")
		if err != nil {
			return err
		}
		if id.doc == "" {
			js.docDescribes = append(js.docDescribes, id.elem)
		}
	}
}

// docElementID is common.DocElementID without its special ids.
type docElementID struct{ doc, elem string }

// docElementID reads "SPDXRef-x", "DocumentRef-d:SPDXRef-x", NONE or
// NOASSERTION, as common.DocElementID.UnmarshalJSON does.
func (js *jsonStream) docElementID(what string) (docElementID, error) {
	doc, elem, err := js.docElementIDBytes(what)
	return docElementID{doc: string(doc), elem: js.arena.Str(elem)}, err
}

// docElementIDBytes is docElementID read in place: doc and elem are valid
// until the next call of the scanner.
func (js *jsonStream) docElementIDBytes(what string) (doc, elem []byte, err error) {
	v, err := js.raw(what)
	if err != nil {
		return nil, nil, err
	}
	if string(v) == "NONE" || string(v) == "NOASSERTION" {
		return nil, nil, nil
	}
	if bytes.HasPrefix(v, []byte("DocumentRef-")) {
		d, rest, found := bytes.Cut(v, []byte(":"))
		doc = bytes.TrimPrefix(d, []byte("DocumentRef-"))
		if len(doc) == 0 {
			js.deferf("failed to parse DocumentID: %s", d)
			return nil, nil, nil
		}
		if !found {
			return doc, nil, nil
		}
		v = rest
	}
	return doc, js.elementIDBytes(v), nil
}

// elementID strips "SPDXRef-"; an id without it is read as it is, with a
// warning (release SBOMs write such ids), and an empty one is an error of
// meaning.
func (js *jsonStream) elementID(v string) string {
	id, ok := strings.CutPrefix(v, "SPDXRef-")
	if !ok && strings.TrimSpace(v) != "" {
		js.warnf("%s", noIDPrefix(v))
		return v
	}
	if id == "" {
		js.deferf("failed to parse ElementID: %s", v)
		return ""
	}
	return id
}

// elementIDBytes is elementID on bytes; it returns a part of v.
func (js *jsonStream) elementIDBytes(v []byte) []byte {
	id, ok := bytes.CutPrefix(v, []byte("SPDXRef-"))
	if !ok && len(bytes.TrimSpace(v)) != 0 {
		js.warnf("%s", noIDPrefix(string(v)))
		return v
	}
	if len(id) == 0 {
		js.deferf("failed to parse ElementID: %s", v)
		return nil
	}
	return id
}

// refNames records the ref and name of each package handed out, for the
// host a DESCRIBES relationship after the packages names: a 128-bit hash
// of the ref and a copy of the name, so that the packages' own strings can
// go. Both are kept in blocks of a fixed size that are never grown: a
// large document's would otherwise be copied at every doubling.
type refNames struct {
	seeds [2]maphash.Seed
	refs  [][]refHash // blocks of refBlock entries
	names [][]byte    // blocks of nameBlock bytes (a longer name has its own)
}

type refHash struct {
	h         [2]uint64
	blk       uint32 // index in names
	off, size uint32
}

const (
	refBlock  = 4096
	nameBlock = 64 << 10
)

func (r *refNames) hash(ref string) [2]uint64 {
	if r.refs == nil {
		r.seeds = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}
	}
	return [2]uint64{maphash.String(r.seeds[0], ref), maphash.String(r.seeds[1], ref)}
}

func (r *refNames) add(ref, name string) {
	h := r.hash(ref)
	if k := len(r.refs) - 1; k < 0 || len(r.refs[k]) == cap(r.refs[k]) {
		r.refs = append(r.refs, make([]refHash, 0, refBlock))
	}
	k := len(r.names) - 1
	if k < 0 || cap(r.names[k])-len(r.names[k]) < len(name) {
		r.names = append(r.names, make([]byte, 0, max(nameBlock, len(name))))
		k++
	}
	off := len(r.names[k])
	r.names[k] = append(r.names[k], name...)
	b := &r.refs[len(r.refs)-1]
	*b = append(*b, refHash{h: h, blk: uint32(k), off: uint32(off), size: uint32(len(name))})
}

// last returns the name of the last package added with ref.
func (r *refNames) last(ref string) (string, bool) {
	if len(r.refs) == 0 {
		return "", false
	}
	h := r.hash(ref)
	for k := len(r.refs) - 1; k >= 0; k-- {
		b := r.refs[k]
		for i := len(b) - 1; i >= 0; i-- {
			if e := b[i]; e.h == h {
				return string(r.names[e.blk][e.off : e.off+e.size]), true
			}
		}
	}
	return "", false
}
