package redfish

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
)

// maxDepth bounds JSON nesting; Redfish resources nest a handful of levels.
const maxDepth = 64

// node is a JSON value that remembers its key order and the line it starts
// on, so that components come out in document order with a file:line.
type node struct {
	line int
	kind byte // '{', '[', 's' (string), 'n' (number), 'b' (bool), '0' (null)
	keys []string
	vals []*node // object values in key order, or array elements
	str  string  // string or number text
}

// get returns the value of key in an object, or nil.
func (n *node) get(key string) *node {
	if n == nil || n.kind != '{' {
		return nil
	}
	for i, k := range n.keys {
		if k == key {
			return n.vals[i]
		}
	}
	return nil
}

// text returns a scalar's text ("" for null, objects and arrays).
func (n *node) text() string {
	if n == nil {
		return ""
	}
	switch n.kind {
	case 's', 'n', 'b':
		return n.str
	}
	return ""
}

// parseTree decodes data into a node tree.
func parseTree(data []byte) (*node, error) {
	lines := newLineIndex(data)
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	root, err := parseValue(dec, lines, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, &syntaxError{line: lines.line(dec.InputOffset()), msg: "unexpected data after the top-level JSON value"}
	}
	return root, nil
}

type syntaxError struct {
	line int
	msg  string
}

func (e *syntaxError) Error() string { return e.msg }

func parseValue(dec *json.Decoder, lines lineIndex, depth int) (*node, error) {
	if depth > maxDepth {
		return nil, &syntaxError{line: lines.line(dec.InputOffset()), msg: fmt.Sprintf("JSON nested deeper than %d levels", maxDepth)}
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, jsonError(err, dec, lines)
	}
	// InputOffset is just past the token; for scalars the token started on
	// the same line in all but pathological inputs.
	n := &node{line: lines.line(dec.InputOffset())}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n.kind = '{'
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, jsonError(err, dec, lines)
				}
				k, _ := kt.(string)
				v, err := parseValue(dec, lines, depth+1)
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, k)
				n.vals = append(n.vals, v)
			}
		case '[':
			n.kind = '['
			for dec.More() {
				v, err := parseValue(dec, lines, depth+1)
				if err != nil {
					return nil, err
				}
				n.vals = append(n.vals, v)
			}
		}
		if _, err := dec.Token(); err != nil { // closing delimiter
			return nil, jsonError(err, dec, lines)
		}
	case string:
		n.kind, n.str = 's', t
	case json.Number:
		n.kind, n.str = 'n', t.String()
	case bool:
		n.kind, n.str = 'b', strconv.FormatBool(t)
	case nil:
		n.kind = '0'
	}
	return n, nil
}

func jsonError(err error, dec *json.Decoder, lines lineIndex) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return &syntaxError{line: lines.line(se.Offset), msg: "invalid JSON: " + se.Error()}
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &syntaxError{line: lines.line(dec.InputOffset()), msg: "invalid JSON: unexpected end of input"}
	}
	return &syntaxError{line: lines.line(dec.InputOffset()), msg: "invalid JSON: " + err.Error()}
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
