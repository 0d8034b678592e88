package spdx

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spdx/tools-golang/convert"
	"github.com/spdx/tools-golang/spdx"
	"github.com/spdx/tools-golang/spdx/common"
	"github.com/spdx/tools-golang/spdx/v2/v2_1"
	tv21 "github.com/spdx/tools-golang/spdx/v2/v2_1/tagvalue/reader"
	"github.com/spdx/tools-golang/spdx/v2/v2_2"
	tv22 "github.com/spdx/tools-golang/spdx/v2/v2_2/tagvalue/reader"
	"github.com/spdx/tools-golang/spdx/v2/v2_3"
	tv23 "github.com/spdx/tools-golang/spdx/v2/v2_3/tagvalue/reader"
	tvreader "github.com/spdx/tools-golang/tagvalue/reader"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// Decoder ids.
const (
	IDJSON     = "spdx-json"
	IDTagValue = "spdx-tag-value"
	IDYAML     = "spdx-yaml"
	IDRDF      = "spdx-rdf"
	IDXML      = "spdx-xml"
)

// maxDocumentSize bounds what one SPDX document may hold in memory. The
// format libraries read a whole document, so this is also the most a decoder
// buffers.
const maxDocumentSize = ingest.MaxInputSize

// Messages for serializations we recognise but cannot read.
const (
	msgXML = "SPDX XML serialization is not supported; use JSON, YAML, tag-value or RDF"
)

type format int

const (
	fmtJSON format = iota
	fmtTagValue
	fmtYAML
	fmtRDF
	fmtXML
)

// decoder reads one SPDX serialization.
type decoder struct {
	id string
	f  format
}

var _ ingest.Decoder = (*decoder)(nil)

// NewJSON returns the decoder for SPDX 2.x JSON ("spdx-json").
func NewJSON() ingest.Decoder { return &decoder{id: IDJSON, f: fmtJSON} }

// NewTagValue returns the decoder for SPDX 2.x tag-value ("spdx-tag-value").
func NewTagValue() ingest.Decoder { return &decoder{id: IDTagValue, f: fmtTagValue} }

// NewYAML returns the decoder for SPDX 2.x YAML ("spdx-yaml").
func NewYAML() ingest.Decoder { return &decoder{id: IDYAML, f: fmtYAML} }

// NewRDF returns the decoder for SPDX 2.2 and 2.3 RDF/XML ("spdx-rdf").
func NewRDF() ingest.Decoder { return &decoder{id: IDRDF, f: fmtRDF} }

// NewXML returns a decoder that recognises the plain-XML serialization of
// SPDX 2.x ("spdx-xml") and always fails with ingest.ErrUnsupportedVersion:
// no Go library reads it, and its users can export JSON instead.
func NewXML() ingest.Decoder { return &decoder{id: IDXML, f: fmtXML} }

func (d *decoder) ID() string { return d.id }

func (d *decoder) Identify(head []byte) bool { return d.IdentifyHead(ingest.NewHead(head)) }

// IdentifyHead is Identify, with what h found shared with the other
// decoders.
func (d *decoder) IdentifyHead(h *ingest.Head) bool {
	head := h.Bytes()
	switch d.f {
	case fmtJSON:
		return identifyJSON(h)
	case fmtTagValue:
		return identifyTagValue(head)
	case fmtYAML:
		return identifyYAML(head)
	case fmtRDF:
		return identifyRDF(head)
	case fmtXML:
		return identifyXML(head)
	}
	return false
}

var _ ingest.Streamer = (*decoder)(nil)

func (d *decoder) Decode(ctx context.Context, r io.Reader, name string) (*inventory.Inventory, error) {
	return d.decode(ctx, r, name, nil)
}

// Stream hands out each package as it is read (SPDX JSON); the other
// syntaxes are decoded whole first. A JSON document whose spdxVersion
// comes after its packages is read whole too, since what a package means
// depends on the version.
func (d *decoder) Stream(ctx context.Context, r io.Reader, name string, emit ingest.EmitFunc) (*inventory.Inventory, error) {
	if d.f == fmtJSON {
		return d.decode(ctx, r, name, emit)
	}
	inv, err := d.decode(ctx, r, name, nil)
	if err != nil {
		return nil, err
	}
	for i := range inv.Components {
		if err := emit(int64(i), &inv.Components[i]); err != nil {
			return nil, err
		}
	}
	inv.Components = nil
	return inv, nil
}

func (d *decoder) decode(ctx context.Context, r io.Reader, name string, emit ingest.EmitFunc) (*inventory.Inventory, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r = &ctxReader{ctx: ctx, r: r}
	var (
		res *result
		err error
	)
	switch d.f {
	case fmtJSON:
		inv, err := d.decodeJSONStream(ctx, r, name, emit)
		if err != nil {
			if cerr := ctx.Err(); cerr != nil {
				return nil, cerr
			}
			return nil, err
		}
		return inv, nil
	case fmtYAML:
		res, err = d.decodeYAML(r, name)
	case fmtTagValue:
		res, err = d.decodeTagValue(r, name)
	case fmtRDF:
		res, err = d.decodeRDF(r, name)
	case fmtXML:
		return nil, d.errorf(name, 0, "%w: %s", ingest.ErrUnsupportedVersion, msgXML)
	default:
		return nil, fmt.Errorf("spdx: unknown decoder %q", d.id)
	}
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return nil, cerr
		}
		return nil, err
	}
	inv := toInventory(res.doc, name, res.lines)
	inv.Format = d.id
	inv.SpecVersion = res.version
	inv.Warnings = res.warnings
	return inv, nil
}

// result is a decoded document with what the format library drops: the
// version the document states, and the line of each element.
type result struct {
	doc     *spdx.Document
	version string
	// lines maps an SPDXID (with its "SPDXRef-" prefix) to a 1-based line.
	lines map[string]int
	// warnings are the bends read past.
	warnings []inventory.Warning
}

func (d *decoder) errorf(name string, line int, format string, args ...any) error {
	return &ingest.DecodeError{File: name, Line: line, Format: d.id, Err: fmt.Errorf(format, args...)}
}

// malformed wraps a format library's error as ingest.ErrMalformed.
func (d *decoder) malformed(name string, line int, err error) error {
	var de *ingest.DecodeError
	if errors.As(err, &de) {
		return err
	}
	if errors.Is(err, ingest.ErrTooLarge) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return d.errorf(name, line, "%w", err)
	}
	return d.errorf(name, line, "%w: %s", ingest.ErrMalformed, lowerFirst(err.Error()))
}

// checkVersion accepts the versions tools-golang reads and names any other.
func (d *decoder) checkVersion(name, version string, supported ...string) error {
	if version == "" {
		return d.errorf(name, 0, "%w: the document states no SPDX version (spdxVersion)", ingest.ErrMalformed)
	}
	for _, s := range supported {
		if version == s {
			return nil
		}
	}
	return d.errorf(name, 0, "%w: SPDX version %q is not supported (supported: %s)",
		ingest.ErrUnsupportedVersion, version, strings.Join(supported, ", "))
}

var allVersions = []string{v2_1.Version, v2_2.Version, v2_3.Version}

// toLatest converts a version-specific document to the current model.
func toLatest(doc common.AnyDocument) (*spdx.Document, error) {
	var out spdx.Document
	if err := convert.Document(doc, &out); err != nil {
		return nil, fmt.Errorf("converting to SPDX 2.3: %w", err)
	}
	return &out, nil
}

func (d *decoder) decodeTagValue(r io.Reader, name string) (*result, error) {
	idx := newTVIndex()
	cr := &crReader{r: io.LimitReader(r, maxDocumentSize+1)}
	pairs, err := tvreader.ReadTagValues(io.TeeReader(cr, idx))
	// The library's line scanner stops at a line longer than it takes; idx
	// has seen the lines before it and part of it.
	readingLine := idx.line + 1
	idx.finish()
	if idx.size > maxDocumentSize {
		return nil, d.errorf(name, 0, "%w: more than %d bytes", ingest.ErrTooLarge, maxDocumentSize)
	}
	// A version we do not read is the better message even when the rest
	// does not parse (SPDX 1.x differs in more than its version line).
	if idx.version != "" {
		if verr := d.checkVersion(name, idx.version, allVersions...); verr != nil {
			return nil, verr
		}
	}
	if err != nil {
		line := 0
		if strings.HasPrefix(err.Error(), "no colon found") {
			line = idx.badLine
		}
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, d.errorf(name, readingLine, "%w: line longer than %d bytes", ingest.ErrMalformed, maxTrackedLine)
		}
		return nil, d.malformed(name, line, err)
	}
	if err := d.checkVersion(name, idx.version, allVersions...); err != nil {
		return nil, err
	}
	var warns []inventory.Warning
	if cr.sawCR {
		warns = append(warns, crWarning)
	}
	lines := idx.tagLines
	warns = append(warns, mendPairs(pairs, lines)...)
	var doc common.AnyDocument
	for dropped := 0; ; dropped++ {
		doc, err = parseTagValues(idx.version, normalizePairs(slices.Clone(pairs)))
		m := reUnknownTag.FindStringSubmatch(errString(err))
		if m == nil || dropped == maxUnknownTags {
			break
		}
		// A misspelled or unknown tag ("FIleCopyrightText"): skip it and
		// say so, as syft and trivy do.
		pairs, lines, warns = dropTag(pairs, lines, m[1], warns)
	}
	if err != nil {
		return nil, d.malformed(name, 0, err)
	}
	latest, err := toLatest(doc)
	if err != nil {
		return nil, d.malformed(name, 0, err)
	}
	return &result{doc: latest, version: idx.version, lines: idx.lines, warnings: warns}, nil
}

func parseTagValues(version string, pairs []tvreader.TagValuePair) (common.AnyDocument, error) {
	switch version {
	case v2_1.Version:
		return tv21.ParseTagValues(pairs)
	case v2_2.Version:
		return tv22.ParseTagValues(pairs)
	case v2_3.Version:
		return tv23.ParseTagValues(pairs)
	}
	return nil, fmt.Errorf("SPDX version %q is not supported", version)
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// ctxReader stops reading once its context is done, so that a cancelled scan
// does not parse a large document to the end of its input.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	// Keep acronyms such as "JSON" or "SPDX" as they are.
	if len(s) > 1 && s[1] >= 'A' && s[1] <= 'Z' {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
