package hwtext

import (
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
