// Package attestation is the ingest stage for SBOMs that arrive as
// attestations: in-toto Statements (v0.1 and v1), bare or inside a DSSE
// envelope (what `cosign attest` and `syft attest` write), and Sigstore
// bundles (GitHub's artifact attestations), one per file or several in a
// file as JSON Lines. The predicate is decoded by the SBOM decoders the
// caller passes to New (CycloneDX, SPDX ...), so the components are the
// same as if the SBOM had been given alone.
//
// Signatures are NOT verified: the package has no keys, certificates or
// transparency log. Every component says so in its properties, and the
// inventory's version string says so too. It must not import anything
// after ingest (match, policy, report), nor the other format packages.
package attestation

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/internal/lazyre"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// ID is the decoder id.
const ID = "in-toto"

// MaxDocumentSize bounds an attestation file: it is held in memory with
// its decoded payload.
const MaxDocumentSize = 512 << 20

// MaxRecords bounds the attestations of one JSON Lines file.
const MaxRecords = 100_000

// NotVerified is the value of the "attestation:signature" property of
// every component read from an attestation.
const NotVerified = "not verified"

// Statement types read.
const (
	statementV01 = "https://in-toto.io/Statement/v0.1"
	statementV1  = "https://in-toto.io/Statement/v1"
	payloadType  = "application/vnd.in-toto+json"
)

type decoder struct{ inner []ingest.Decoder }

var _ ingest.Decoder = (*decoder)(nil)

// New returns the attestation decoder; inner are the decoders tried, in
// order, on each predicate.
func New(inner ...ingest.Decoder) ingest.Decoder { return &decoder{inner: inner} }

func (*decoder) ID() string { return ID }

var reMarker = lazyre.New(`"_type"\s*:\s*"https://in-toto\.io/Statement/|"payloadType"\s*:\s*"application/vnd\.in-toto\+json"|"application/vnd\.dev\.sigstore\.bundle|"dsseEnvelope"\s*:`)

// Identify accepts a JSON object with an in-toto statement type, an in-toto
// DSSE payload type, or a Sigstore bundle's media type or envelope.
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
	// Every marker holds one of these words; looking for them first spares
	// the regular expressions a pass over every other JSON document's head.
	if !h.ContainsQuoted(`"_type"`, `"payloadType"`, `"application/vnd.dev.sigstore.bundle`, `"dsseEnvelope"`) {
		return false
	}
	// A DSSE envelope of another payload type is recognised too, so that
	// it is refused as such rather than as an unknown format.
	return reMarker.Match(head) || (reDSSE.Match(head) && bytes.Contains(head, []byte(`"payload"`)))
}

var reDSSE = lazyre.New(`"payloadType"\s*:\s*"`)

// record is any of the shapes an attestation takes; the fields of the
// others stay empty.
type record struct {
	MediaType     string           `json:"mediaType"`
	DSSE          *envelope        `json:"dsseEnvelope"`
	Bundle        *json.RawMessage `json:"bundle"`
	PayloadType   string           `json:"payloadType"`
	Payload       *string          `json:"payload"`
	Type          string           `json:"_type"`
	PredicateType string           `json:"predicateType"`
	Predicate     json.RawMessage  `json:"predicate"`
	Subject       []struct {
		Name string `json:"name"`
	} `json:"subject"`
}

type envelope struct {
	PayloadType string `json:"payloadType"`
	Payload     string `json:"payload"`
}

type result struct {
	comps    []inventory.Component
	versions map[string]bool
	subjects map[string]bool
	hosts    map[string]bool
	skipped  []string // predicate types that are not SBOMs
	records  int
	sboms    int // records whose predicate was an SBOM
}

func (d *decoder) Decode(ctx context.Context, r io.Reader, name string) (*inventory.Inventory, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxDocumentSize+1))
	if err != nil {
		return nil, errorf(name, 0, "%w", err)
	}
	if len(data) > MaxDocumentSize {
		return nil, errorf(name, 0, "%w: more than %s", ingest.ErrTooLarge, ingest.FormatSize(MaxDocumentSize))
	}
	data = ingest.StripBOM(data)
	res := &result{versions: map[string]bool{}, subjects: map[string]bool{}, hosts: map[string]bool{}}
	dec := json.NewDecoder(bytes.NewReader(data))
	ln := &lines{data: data}
	for {
		if err := ctx.Err(); err != nil {
			return nil, errorf(name, 0, "%w", err)
		}
		start := dec.InputOffset()
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if errors.Is(err, io.EOF) {
			break
		}
		line := ln.at(start)
		if err != nil {
			var se *json.SyntaxError
			if errors.As(err, &se) {
				line = ln.at(se.Offset)
			}
			return nil, errorf(name, line, "%w: invalid JSON: %v", ingest.ErrMalformed, err)
		}
		res.records++
		if res.records > MaxRecords {
			return nil, errorf(name, line, "%w: more than %d attestations", ingest.ErrTooLarge, MaxRecords)
		}
		if err := d.record(ctx, raw, name, line, res, 0); err != nil {
			return nil, err
		}
	}
	if res.records == 0 {
		return nil, errorf(name, 0, "%w: no attestation", ingest.ErrMalformed)
	}
	if len(res.versions) == 0 {
		return nil, errorf(name, 0, "%w: no SBOM predicate: predicate type %s is not supported (CycloneDX, SPDX and syft JSON predicates are read)", ingest.ErrUnsupportedVersion, strings.Join(quoteAll(res.skipped), ", "))
	}
	inv := &inventory.Inventory{Source: name, Format: ID, Components: res.comps}
	if inv.Components == nil {
		inv.Components = []inventory.Component{}
	}
	inv.SpecVersion = strings.Join(keys(res.versions), "; ") + "; signatures not verified"
	inv.Warnings = append(inv.Warnings, inventory.Warning{Message: fmt.Sprintf(
		"signatures were not verified: the SBOM of %d attestation(s) was read as it stands; check them with cosign verify-attestation or gh attestation verify", res.sboms)})
	if s := keys(res.subjects); len(s) == 1 {
		inv.Host = s[0]
	} else if h := keys(res.hosts); len(s) == 0 && len(h) == 1 {
		inv.Host = h[0]
	}
	return inv, nil
}

func (d *decoder) record(ctx context.Context, raw []byte, name string, line int, res *result, depth int) error {
	var rec record
	if err := json.Unmarshal(raw, &rec); err != nil {
		return errorf(name, line, "%w: %v", ingest.ErrMalformed, err)
	}
	wrap := ""
	switch {
	case rec.Bundle != nil && depth == 0:
		// A bundle inside an API answer's {"bundle": ...}.
		return d.record(ctx, *rec.Bundle, name, line, res, depth+1)
	case rec.DSSE != nil:
		rec.PayloadType, rec.Payload = rec.DSSE.PayloadType, &rec.DSSE.Payload
		wrap = "Sigstore bundle"
		fallthrough
	case rec.Payload != nil:
		if wrap == "" {
			wrap = "DSSE"
		}
		if rec.PayloadType != payloadType {
			return errorf(name, line, "%w: DSSE payload type %q; only %s is read", ingest.ErrUnsupportedVersion, rec.PayloadType, payloadType)
		}
		payload, err := decodeBase64(*rec.Payload)
		if err != nil {
			return errorf(name, line, "%w: the DSSE payload is not base64: %v", ingest.ErrMalformed, err)
		}
		var st record
		if err := json.Unmarshal(payload, &st); err != nil {
			return errorf(name, line, "%w: the DSSE payload is not a JSON in-toto statement: %v", ingest.ErrMalformed, err)
		}
		rec = st
	case rec.Type == "":
		return errorf(name, line, "%w: neither an in-toto statement, a DSSE envelope nor a Sigstore bundle", ingest.ErrMalformed)
	}
	var stmt string
	switch rec.Type {
	case statementV01:
		stmt = "in-toto Statement v0.1"
	case statementV1:
		stmt = "in-toto Statement v1"
	default:
		return errorf(name, line, "%w: statement type %q; in-toto Statement v0.1 and v1 are read", ingest.ErrUnsupportedVersion, rec.Type)
	}
	if wrap != "" {
		stmt += " (" + wrap + ")"
	}
	pred := predicateBytes(rec.Predicate)
	head := pred
	if len(head) > ingest.HeadSize {
		head = head[:ingest.HeadSize]
	}
	var inner ingest.Decoder
	for _, in := range d.inner {
		if in.Identify(head) {
			inner = in
			break
		}
	}
	if inner == nil {
		if sbomType(rec.PredicateType) {
			return errorf(name, line, "%w: the %s predicate is not a CycloneDX or SPDX document this version reads", ingest.ErrMalformed, rec.PredicateType)
		}
		res.skipped = append(res.skipped, rec.PredicateType)
		return nil
	}
	inv, err := inner.Decode(ctx, bytes.NewReader(pred), name)
	if err != nil {
		var de *ingest.DecodeError
		if errors.As(err, &de) {
			err = de.Err
		}
		return errorf(name, line, "in the %s predicate (%s): %w", rec.PredicateType, inner.ID(), err)
	}
	ver := inv.SpecVersion
	if ver == "" {
		ver = "?"
	}
	res.versions[stmt+", "+inner.ID()+" "+ver+" predicate"] = true
	res.sboms++
	if inv.Host != "" {
		res.hosts[inv.Host] = true
	}
	var subject string
	for _, s := range rec.Subject {
		if s.Name != "" {
			res.subjects[s.Name] = true
			if subject == "" {
				subject = s.Name
			}
		}
	}
	for _, c := range inv.Components {
		c.Location.File = name
		c.Location.Line = line
		if subject != "" {
			c.Location.Path = append([]string{subject}, c.Location.Path...)
		}
		c.Properties = append(c.Properties,
			inventory.Property{Name: "attestation:predicateType", Value: rec.PredicateType},
			inventory.Property{Name: "attestation:signature", Value: NotVerified})
		res.comps = append(res.comps, c)
	}
	return nil
}

// predicateBytes unwraps the predicate: cosign's older form puts the SBOM
// in {"Data": ..., "Timestamp": ...}, as an object or as a JSON string; a
// predicate may also be the SBOM's text as a JSON string.
func predicateBytes(p json.RawMessage) []byte {
	p = bytes.TrimSpace(p)
	var s string
	if len(p) > 0 && p[0] == '"' && json.Unmarshal(p, &s) == nil {
		return []byte(s)
	}
	var w struct {
		Data json.RawMessage `json:"Data"`
	}
	if len(p) > 0 && p[0] == '{' && json.Unmarshal(p, &w) == nil && len(w.Data) > 0 {
		var m map[string]json.RawMessage
		if json.Unmarshal(p, &m) == nil && len(m) <= 2 {
			return predicateBytes(w.Data)
		}
	}
	return p
}

func sbomType(t string) bool {
	for _, p := range []string{"https://cyclonedx.org/", "https://spdx.dev/Document", "https://spdx.org/"} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}

func decodeBase64(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	var firstErr error
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		b, err := enc.DecodeString(s)
		if err == nil {
			return b, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return nil, firstErr
}

func errorf(name string, line int, format string, args ...any) error {
	return &ingest.DecodeError{File: name, Line: line, Format: ID, Err: fmt.Errorf(format, args...)}
}

// lines maps offsets to 1-based lines, counting forward from the last
// offset asked for, so that a file of many records is counted once.
type lines struct {
	data []byte
	off  int64
	line int
}

// at is the line of the first non-space byte at or after off; offsets are
// asked for in increasing order.
func (l *lines) at(off int64) int {
	n := int64(len(l.data))
	for off < n && (l.data[off] == ' ' || l.data[off] == '\t' || l.data[off] == '\r' || l.data[off] == '\n') {
		off++
	}
	if off > n {
		off = n
	}
	if off < l.off {
		return bytes.Count(l.data[:off], []byte{'\n'}) + 1
	}
	l.line += bytes.Count(l.data[l.off:off], []byte{'\n'})
	l.off = off
	return l.line + 1
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func quoteAll(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, fmt.Sprintf("%q", s))
		}
	}
	return out
}
