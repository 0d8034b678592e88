// Package syftjson is the ingest stage for syft's own JSON format
// (`syft -o json`): every artifact becomes an inventory component with its
// package type, purl, CPEs, the people and organisations its metadata names
// (authors, maintainers, vendors, publishers) and where it was found; the
// distro syft detected becomes an operating-system component.
//
// It reads the document in one streaming pass with the shared JSON scanner:
// "files" and the descriptor's configuration, which are most of a large
// document, are checked and skipped. It must not import anything after
// ingest (match, policy, report).
package syftjson

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/jsonscan"
	"github.com/vendorcheck/vendorcheck/pkg/internal/lazyre"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// ID is the decoder id.
const ID = "syft-json"

// MaxArtifacts bounds the artifacts of one document.
const MaxArtifacts = 5_000_000

// maxValueNodes bounds the JSON values one artifact's metadata may hold
// when it is read into memory (a Java archive's manifest is a few hundred).
const maxValueNodes = 100_000

type decoder struct{}

var _ ingest.Decoder = (*decoder)(nil)

// New returns the syft JSON decoder.
func New() ingest.Decoder { return &decoder{} }

func (*decoder) ID() string { return ID }

var (
	reArtifacts = lazyre.New(`^\s*\{\s*"artifacts"\s*:`)
	reSyftMark  = lazyre.New(`"foundBy"\s*:|"artifactRelationships"\s*:|anchore/syft/main/schema/json`)
)

// Identify accepts a JSON object whose first key is "artifacts" (syft
// writes it first) with syft's "foundBy" or relationships in the head.
func (d *decoder) Identify(head []byte) bool {
	return d.IdentifyHead(ingest.NewHead(head))
}

// IdentifyHead is Identify, with what h found shared with the other
// decoders.
func (*decoder) IdentifyHead(h *ingest.Head) bool {
	head := h.Bytes()
	// An object first (reArtifacts wants one: \s is these five bytes),
	// then the key's words: the expressions run only on text that has
	// them, and are compiled only then.
	if t := bytes.TrimLeft(head, " \t\n\f\r"); len(t) == 0 || t[0] != '{' {
		return false
	}
	if !h.ContainsQuoted(`"artifacts"`) || !reArtifacts.Match(head) {
		return false
	}
	return reSyftMark.Match(head) || bytes.Contains(head, []byte(`"artifacts": []`)) || bytes.Contains(head, []byte(`"artifacts":[]`))
}

type reader struct {
	ctx      context.Context
	s        *jsonscan.Scanner
	file     string
	arts     []artifact
	rels     []relation
	distro   map[string]any
	distroLn int
	source   map[string]any
	schema   string
	deferred error
	nodes    int
}

type artifact struct {
	line int
	v    map[string]any
}

type relation struct{ parent, child, typ string }

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
	return rd.inventory(), nil
}

func errorf(name string, line int, format string, args ...any) error {
	return &ingest.DecodeError{File: name, Line: line, Format: ID, Err: fmt.Errorf(format, args...)}
}

func (rd *reader) deferf(line int, format string, args ...any) {
	if rd.deferred == nil {
		rd.deferred = errorf(rd.file, line, "%w: %s", ingest.ErrMalformed, fmt.Sprintf(format, args...))
	}
}

func (rd *reader) document() error {
	s := rd.s
	s.SkipBOM()
	ok, err := s.BeginObject("a syft JSON document")
	if err != nil {
		return err
	}
	if !ok {
		return s.Errorf("a syft JSON document must be an object, found null")
	}
	seenArtifacts := false
	for first := true; ; first = false {
		key, more, err := s.NextKey(first)
		if err != nil {
			return err
		}
		if !more {
			break
		}
		switch string(key) {
		case "artifacts":
			seenArtifacts = true
			err = rd.artifacts()
		case "artifactRelationships":
			err = rd.relationships()
		case "distro":
			rd.distroLn = s.LineAt(s.Offset())
			rd.distro, err = rd.object("distro")
		case "source":
			rd.source, err = rd.object("source")
		case "schema":
			var m map[string]any
			if m, err = rd.object("schema"); err == nil {
				rd.schema = str(m, "version")
			}
		default:
			err = s.Skip()
		}
		if err != nil {
			return err
		}
	}
	if err := s.AtEnd(); err != nil {
		return err
	}
	if !seenArtifacts {
		return errorf(rd.file, 0, "%w: no \"artifacts\"", ingest.ErrMalformed)
	}
	return nil
}

func (rd *reader) artifacts() error {
	s := rd.s
	ok, err := s.BeginArray("\"artifacts\"")
	if err != nil || !ok {
		return err
	}
	for first := true; ; first = false {
		more, err := s.NextElem(first)
		if err != nil || !more {
			return err
		}
		if len(rd.arts) >= MaxArtifacts {
			return errorf(rd.file, s.LineAt(s.Offset()), "%w: more than %d artifacts", ingest.ErrTooLarge, MaxArtifacts)
		}
		if len(rd.arts)%4096 == 4095 {
			if err := rd.ctx.Err(); err != nil {
				return err
			}
		}
		line := s.LineAt(s.Offset())
		if s.Peek() != '{' {
			rd.deferf(line, "an artifact must be an object, found %s", s.KindAt())
			if err := s.Skip(); err != nil {
				return err
			}
			continue
		}
		rd.nodes = 0
		v, err := rd.value()
		if err != nil {
			return err
		}
		m, _ := v.(map[string]any)
		rd.arts = append(rd.arts, artifact{line: line, v: m})
	}
}

func (rd *reader) relationships() error {
	s := rd.s
	ok, err := s.BeginArray("\"artifactRelationships\"")
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
		ok, err := s.BeginObject("a relationship")
		if err != nil || !ok {
			if err != nil {
				return err
			}
			continue
		}
		var r relation
		for first := true; ; first = false {
			key, more, err := s.NextKey(first)
			if err != nil {
				return err
			}
			if !more {
				break
			}
			switch string(key) {
			case "parent":
				r.parent, err = rd.scalar()
			case "child":
				r.child, err = rd.scalar()
			case "type":
				r.typ, err = rd.scalar()
			default:
				err = s.Skip()
			}
			if err != nil {
				return err
			}
		}
		if r.typ == "contains" {
			rd.rels = append(rd.rels, r)
		}
	}
}

// scalar reads a string, or skips any other value as "".
func (rd *reader) scalar() (string, error) {
	if rd.s.Peek() == '"' {
		return rd.s.Str("value")
	}
	return "", rd.s.Skip()
}

func (rd *reader) object(what string) (map[string]any, error) {
	if rd.s.Peek() != '{' {
		return nil, rd.s.Skip()
	}
	rd.nodes = 0
	v, err := rd.value()
	m, _ := v.(map[string]any)
	return m, err
}

// value reads any JSON value into maps, slices and strings; numbers,
// booleans and null read as nil. Nesting is bounded by the scanner, the
// number of values by maxValueNodes.
func (rd *reader) value() (any, error) {
	s := rd.s
	rd.nodes++
	if rd.nodes > maxValueNodes {
		return nil, errorf(rd.file, s.LineAt(s.Offset()), "%w: an artifact holds more than %d values", ingest.ErrTooLarge, maxValueNodes)
	}
	switch s.Peek() {
	case '{':
		if _, err := s.BeginObject("a value"); err != nil {
			return nil, err
		}
		m := map[string]any{}
		for first := true; ; first = false {
			key, more, err := s.NextKey(first)
			if err != nil {
				return nil, err
			}
			if !more {
				return m, nil
			}
			k := string(key)
			v, err := rd.value()
			if err != nil {
				return nil, err
			}
			m[k] = v // a later duplicate key wins, as in encoding/json
		}
	case '[':
		if _, err := s.BeginArray("a value"); err != nil {
			return nil, err
		}
		var a []any
		for first := true; ; first = false {
			more, err := s.NextElem(first)
			if err != nil {
				return nil, err
			}
			if !more {
				return a, nil
			}
			v, err := rd.value()
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
	case '"':
		return s.Str("a value")
	}
	return nil, s.Skip()
}
