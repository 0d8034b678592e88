package hwtext

import (
	"bytes"
	"errors"

	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/jsontree"
)

// ParseJSON parses an inventory's JSON document into a tree with lines; a
// syntax error is a malformed input at its line, any other error is
// wrapped for file and format.
func ParseJSON(data []byte, file, format string) (*jsontree.Node, error) {
	root, err := jsontree.Parse(data)
	if err != nil {
		var se *jsontree.SyntaxError
		if errors.As(err, &se) {
			return nil, Malformed(file, se.Line, format, "%s", se.Msg)
		}
		return nil, Wrap(file, format, err)
	}
	return root, nil
}

// FirstKey returns head from its first key's opening quote on, when head
// opens a JSON object (or, with inArray, an array whose first element is
// one): white space (what \s matches in a regular expression), "{" or
// "[{", white space. Detection asks it before an expression anchored the
// same way, which then runs (and is compiled) only on input that can
// match.
func FirstKey(head []byte, inArray bool) ([]byte, bool) {
	const space = " \t\n\f\r"
	t := bytes.TrimLeft(head, space)
	if inArray && len(t) > 0 && t[0] == '[' {
		t = bytes.TrimLeft(t[1:], space)
	}
	if len(t) == 0 || t[0] != '{' {
		return nil, false
	}
	t = bytes.TrimLeft(t[1:], space)
	return t, len(t) > 0 && t[0] == '"'
}
