package lshw

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/hwtext"
	"github.com/vendorcheck/vendorcheck/pkg/internal/lazyre"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// NewJSON returns the decoder for "lshw -json".
func NewJSON() ingest.Decoder { return &jsonDecoder{} }

type jsonDecoder struct{}

var _ ingest.Decoder = (*jsonDecoder)(nil)

func (*jsonDecoder) ID() string { return IDJSON }

var (
	// lshw -json starts with the root node's "id" (older versions emit
	// one object, newer ones an array of them).
	reJSONStart = lazyre.New(`^\s*\[?\s*\{\s*"id"\s*:\s*"`)
	reJSONClass = lazyre.New(`"class"\s*:\s*"`)
	reJSONLshw  = lazyre.New(`"(claimed|physid|businfo|handle|children)"\s*:`)
)

// Identify recognises lshw JSON: an object (or array of objects) whose
// first key is "id", with lshw's "class" and one of "claimed", "physid",
// "businfo", "handle" or "children" keys.
func (*jsonDecoder) Identify(head []byte) bool {
	// The first key first: the expressions run only on an object that
	// opens with "id", and are compiled only then.
	k, ok := hwtext.FirstKey(head, true)
	return ok && bytes.HasPrefix(k, []byte(`"id"`)) &&
		reJSONStart.Match(head) && reJSONClass.Match(head) && reJSONLshw.Match(head)
}

// Decode reads the whole tree.
func (*jsonDecoder) Decode(ctx context.Context, r io.Reader, name string) (*inventory.Inventory, error) {
	lr := &ingest.LimitedReader{R: r, N: ingest.MaxInputSize}
	data, err := io.ReadAll(lr)
	if err != nil {
		return nil, hwtext.Wrap(name, IDJSON, err)
	}
	if lr.Exceeded {
		return nil, &ingest.DecodeError{File: name, Format: IDJSON, Err: fmt.Errorf("%w: more than %d bytes", ingest.ErrTooLarge, ingest.MaxInputSize)}
	}
	p := &jsonParser{ctx: ctx, data: data, name: name, dec: json.NewDecoder(bytes.NewReader(data))}
	p.dec.UseNumber()
	roots, err := p.document()
	if err != nil {
		return nil, err
	}
	comps, host := convert(roots, name)
	if comps == nil {
		comps = []inventory.Component{}
	}
	return &inventory.Inventory{Source: name, Format: IDJSON, Components: comps, Host: host}, nil
}

type jsonParser struct {
	ctx   context.Context
	data  []byte
	name  string
	dec   *json.Decoder
	lines []int // offsets of line starts, built on demand
	count int
}

// lineAt returns the 1-based line of byte offset off.
func (p *jsonParser) lineAt(off int64) int {
	if p.lines == nil {
		p.lines = []int{0}
		for i, b := range p.data {
			if b == '\n' {
				p.lines = append(p.lines, i+1)
			}
		}
	}
	return sort.Search(len(p.lines), func(i int) bool { return int64(p.lines[i]) > off })
}

func (p *jsonParser) errorf(off int64, format string, args ...any) error {
	return hwtext.Malformed(p.name, p.lineAt(off), IDJSON, format, args...)
}

// wrap turns a json error into a DecodeError at the decoder's offset.
func (p *jsonParser) wrap(err error) error {
	var de *ingest.DecodeError
	if errors.As(err, &de) {
		return err
	}
	off := p.dec.InputOffset()
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = se.Offset
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return p.errorf(int64(len(p.data)), "truncated JSON")
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return p.errorf(off, "%v", err)
}

func (p *jsonParser) document() ([]*node, error) {
	off := p.dec.InputOffset()
	tok, err := p.dec.Token()
	if err != nil {
		return nil, p.wrap(err)
	}
	var roots []*node
	switch tok {
	case json.Delim('{'):
		n, err := p.object("", 0, off)
		if err != nil {
			return nil, err
		}
		roots = append(roots, n)
	case json.Delim('['):
		for i := 0; p.dec.More(); i++ {
			n, err := p.node("/"+strconv.Itoa(i), 0)
			if err != nil {
				return nil, err
			}
			roots = append(roots, n)
		}
		if _, err := p.dec.Token(); err != nil {
			return nil, p.wrap(err)
		}
	default:
		return nil, p.errorf(off, "expected an lshw node object or array, found %v", tok)
	}
	if _, err := p.dec.Token(); err != io.EOF {
		if err == nil {
			return nil, p.errorf(p.dec.InputOffset(), "unexpected data after the lshw tree")
		}
		return nil, p.wrap(err)
	}
	if len(roots) == 0 {
		return nil, p.errorf(0, "no lshw nodes")
	}
	return roots, nil
}

// node reads one node object, the next value in the stream.
func (p *jsonParser) node(ref string, depth int) (*node, error) {
	off := p.dec.InputOffset()
	tok, err := p.dec.Token()
	if err != nil {
		return nil, p.wrap(err)
	}
	if tok != json.Delim('{') {
		return nil, p.errorf(off, "%s: expected an lshw node object, found %v", refOrRoot(ref), tok)
	}
	return p.object(ref, depth, off)
}

func refOrRoot(ref string) string {
	if ref == "" {
		return "root node"
	}
	return ref
}

// object reads the members of a node whose "{" has been consumed; start is
// the offset just before it.
func (p *jsonParser) object(ref string, depth int, start int64) (*node, error) {
	if depth > MaxDepth {
		return nil, p.errorf(start, "%s: nodes nested deeper than %d", ref, MaxDepth)
	}
	p.count++
	if p.count%1024 == 0 {
		if err := p.ctx.Err(); err != nil {
			return nil, err
		}
	}
	n := &node{ref: ref, depth: depth, line: p.lineAt(skipSpace(p.data, start))}
	if n.ref == "" {
		n.ref = "/"
	}
	for p.dec.More() {
		kt, err := p.dec.Token()
		if err != nil {
			return nil, p.wrap(err)
		}
		key, _ := kt.(string)
		koff := p.dec.InputOffset()
		switch key {
		case "children":
			tok, err := p.dec.Token()
			if err != nil {
				return nil, p.wrap(err)
			}
			if tok != json.Delim('[') {
				return nil, p.errorf(koff, "%s: \"children\" is not an array", n.ref)
			}
			for i := 0; p.dec.More(); i++ {
				ch, err := p.node(childRef(ref, i), depth+1)
				if err != nil {
					return nil, err
				}
				n.children = append(n.children, ch)
			}
			if _, err := p.dec.Token(); err != nil {
				return nil, p.wrap(err)
			}
		case "configuration":
			var cfg map[string]any
			if err := p.dec.Decode(&cfg); err != nil {
				return nil, p.errorf(koff, "%s: \"configuration\": %v", n.ref, err)
			}
			n.config = map[string]string{}
			for k, v := range cfg {
				n.config[k] = scalar(v)
			}
		case "id", "class", "description", "product", "vendor", "version", "serial", "businfo", "slot":
			var v any
			if err := p.dec.Decode(&v); err != nil {
				return nil, p.wrap(err)
			}
			s, ok := v.(string)
			if !ok {
				if _, num := v.(json.Number); !num {
					return nil, p.errorf(koff, "%s: %q is not a string", n.ref, key)
				}
				s = scalar(v)
			}
			switch key {
			case "id":
				n.id = s
			case "class":
				n.class = s
			case "description":
				n.description = s
			case "product":
				n.product = s
			case "vendor":
				n.vendor = s
			case "version":
				n.version = s
			case "serial":
				n.serial = s
			case "businfo":
				n.businfo = s
			case "slot":
				n.slot = s
			}
		default:
			var raw json.RawMessage
			if err := p.dec.Decode(&raw); err != nil {
				return nil, p.wrap(err)
			}
			if key == "size" {
				n.hasSize = true
			}
		}
	}
	if _, err := p.dec.Token(); err != nil {
		return nil, p.wrap(err)
	}
	if n.class == "" || n.id == "" {
		return nil, p.errorf(skipSpace(p.data, start), "%s: lshw node without \"id\" or \"class\"", n.ref)
	}
	return n, nil
}

func scalar(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	}
	return ""
}

// skipSpace returns the offset of the first non-space byte at or after off.
func skipSpace(b []byte, off int64) int64 {
	for off < int64(len(b)) && (b[off] == ' ' || b[off] == '\t' || b[off] == '\n' || b[off] == '\r' || b[off] == ',') {
		off++
	}
	return off
}
