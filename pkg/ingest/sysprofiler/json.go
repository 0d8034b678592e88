package sysprofiler

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/hwtext"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/jsontree"
	"github.com/vendorcheck/vendorcheck/pkg/internal/lazyre"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

type jsonDecoder struct{}

var _ ingest.Decoder = (*jsonDecoder)(nil)

// NewJSON returns the decoder of `system_profiler -json` reports.
func NewJSON() ingest.Decoder { return &jsonDecoder{} }

func (*jsonDecoder) ID() string { return IDJSON }

var reDataType = lazyre.New(`^\s*\{\s*"SP[A-Za-z0-9]+DataType"\s*:\s*\[`)

// Identify accepts a JSON object whose first key is a system_profiler data
// type ("SPHardwareDataType", ...).
func (*jsonDecoder) Identify(head []byte) bool {
	// The first key first: the expression runs only on an object that
	// opens with a data type, and is compiled only then.
	head = ingest.StripBOM(head)
	k, ok := hwtext.FirstKey(head, false)
	return ok && bytes.HasPrefix(k, []byte(`"SP`)) && reDataType.Match(head)
}

func (*jsonDecoder) Decode(ctx context.Context, r io.Reader, name string) (*inventory.Inventory, error) {
	data, err := readAll(r, name, IDJSON)
	if err != nil {
		return nil, err
	}
	root, err := hwtext.ParseJSON(data, name, IDJSON)
	if err != nil {
		return nil, err
	}
	if root.Kind != '{' {
		return nil, hwtext.Malformed(name, root.Line, IDJSON, "a system_profiler report must be a JSON object")
	}
	count := 0
	sectionsRead := map[string][]*node{}
	var order []string
	for i, k := range root.Keys {
		v := root.Vals[i]
		if v.Kind != '[' {
			return nil, hwtext.Malformed(name, v.Line, IDJSON, "%q must be an array", k)
		}
		var items []*node
		for _, it := range v.Vals {
			n, err := toNode(it, &count, 0)
			if err != nil {
				return nil, &ingest.DecodeError{File: name, Line: it.Line, Format: IDJSON, Err: err}
			}
			if n != nil {
				items = append(items, n)
			}
		}
		order = append(order, k)
		sectionsRead[k] = items
	}
	return finish(ctx, name, IDJSON, order, sectionsRead)
}

// toNode turns an item object into a node: strings are fields, arrays of
// strings are lists, "_items" are the sub-items.
func toNode(j *jsontree.Node, count *int, depth int) (*node, error) {
	if j.Kind != '{' {
		return nil, nil
	}
	*count++
	if *count > MaxNodes {
		return nil, fmt.Errorf("%w: more than %d items", ingest.ErrTooLarge, MaxNodes)
	}
	n := &node{line: j.Line, fields: map[string]string{}, lists: map[string][]string{}}
	for i, k := range j.Keys {
		v := j.Vals[i]
		switch {
		case k == "_name":
			n.name = v.Text()
		case k == "_items" && v.Kind == '[':
			for _, c := range v.Vals {
				cn, err := toNode(c, count, depth+1)
				if err != nil {
					return nil, err
				}
				if cn != nil {
					n.children = append(n.children, cn)
				}
			}
		case v.Kind == '[':
			for _, e := range v.Vals {
				if e.Kind == 's' {
					n.lists[k] = append(n.lists[k], e.Str)
				}
			}
		default:
			n.fields[k] = v.Text()
		}
	}
	return n, nil
}
