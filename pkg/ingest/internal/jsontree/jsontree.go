// Package jsontree parses a JSON document into an order-preserving tree
// whose nodes know their line, for the decoders of JSON inventory formats
// (Redfish, bmclib, NetBox) that walk whole documents and report file:line.
// Nesting is bounded by MaxDepth.
package jsontree

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
)

// MaxDepth bounds JSON nesting; inventory resources nest a handful of levels.
const MaxDepth = 64

// Node is a JSON value that remembers its key order and the line it starts
// on, so that components come out in document order with a file:line.
type Node struct {
	Line int
	Kind byte // '{', '[', 's' (string), 'n' (number), 'b' (bool), '0' (null)
	Keys []string
	Vals []*Node // object values in key order, or array elements
	Str  string  // string or number text
}

// Get returns the value of key in an object, or nil.
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != '{' {
		return nil
	}
	for i, k := range n.Keys {
		if k == key {
			return n.Vals[i]
		}
	}
	return nil
}

// Text returns a scalar's text ("" for null, objects and arrays).
func (n *Node) Text() string {
	if n == nil {
		return ""
	}
	switch n.Kind {
	case 's', 'n', 'b':
		return n.Str
	}
	return ""
}

// Parse decodes data into a Node tree.
func Parse(data []byte) (*Node, error) {
	lines := newLineIndex(data)
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	root, err := parseValue(dec, lines, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, &SyntaxError{Line: lines.line(dec.InputOffset()), Msg: "unexpected data after the top-level JSON value"}
	}
	return root, nil
}

// SyntaxError is malformed JSON at a line.
type SyntaxError struct {
	Line int
	Msg  string
}

func (e *SyntaxError) Error() string { return e.Msg }

func parseValue(dec *json.Decoder, lines lineIndex, depth int) (*Node, error) {
	if depth > MaxDepth {
		return nil, &SyntaxError{Line: lines.line(dec.InputOffset()), Msg: fmt.Sprintf("JSON nested deeper than %d levels", MaxDepth)}
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, jsonError(err, dec, lines)
	}
	// InputOffset is just past the token; for scalars the token started on
	// the same line in all but pathological inputs.
	n := &Node{Line: lines.line(dec.InputOffset())}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n.Kind = '{'
			var seen map[string]struct{} // the keys, once there are many
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, jsonError(err, dec, lines)
				}
				k, _ := kt.(string)
				if seen != nil {
					if _, dup := seen[k]; dup {
						return nil, &SyntaxError{Line: lines.line(dec.InputOffset()), Msg: fmt.Sprintf("duplicate key %q in one object", k)}
					}
					seen[k] = struct{}{}
				} else if slices.Contains(n.Keys, k) {
					return nil, &SyntaxError{Line: lines.line(dec.InputOffset()), Msg: fmt.Sprintf("duplicate key %q in one object", k)}
				}
				v, err := parseValue(dec, lines, depth+1)
				if err != nil {
					return nil, err
				}
				n.Keys = append(n.Keys, k)
				n.Vals = append(n.Vals, v)
				if seen == nil && len(n.Keys) > 32 { // many keys: a map, not a scan
					seen = make(map[string]struct{}, 64)
					for _, k := range n.Keys {
						seen[k] = struct{}{}
					}
				}
			}
		case '[':
			n.Kind = '['
			for dec.More() {
				v, err := parseValue(dec, lines, depth+1)
				if err != nil {
					return nil, err
				}
				n.Vals = append(n.Vals, v)
			}
		}
		if _, err := dec.Token(); err != nil { // closing delimiter
			return nil, jsonError(err, dec, lines)
		}
	case string:
		n.Kind, n.Str = 's', t
	case json.Number:
		n.Kind, n.Str = 'n', t.String()
	case bool:
		n.Kind, n.Str = 'b', strconv.FormatBool(t)
	case nil:
		n.Kind = '0'
	}
	return n, nil
}

func jsonError(err error, dec *json.Decoder, lines lineIndex) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return &SyntaxError{Line: lines.line(se.Offset), Msg: "invalid JSON: " + se.Error()}
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &SyntaxError{Line: lines.line(dec.InputOffset()), Msg: "invalid JSON: unexpected end of input"}
	}
	return &SyntaxError{Line: lines.line(dec.InputOffset()), Msg: "invalid JSON: " + err.Error()}
}

// lineIndex maps byte offsets to 1-based line numbers.
type lineIndex []int64

func newLineIndex(data []byte) lineIndex {
	var idx lineIndex
	for i, b := range data {
		if b == '\n' {
			idx = append(idx, int64(i))
		}
	}
	return idx
}

func (l lineIndex) line(off int64) int {
	// Offsets point just past a token; step back one byte so that a token
	// ending a line is not counted on the next one.
	if off > 0 {
		off--
	}
	return sort.Search(len(l), func(i int) bool { return l[i] >= off }) + 1
}
