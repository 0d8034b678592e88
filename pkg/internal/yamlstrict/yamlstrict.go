// Package yamlstrict decodes YAML data files strictly: an unknown key, a
// wrong type or a second document is an error that names the file and line,
// in the form "file:line: message".
package yamlstrict

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/internal/lazyre"
	"gopkg.in/yaml.v3"
)

// MaxFileSize bounds the size of a policy, vendor, config or waiver file.
const MaxFileSize = 8 << 20

// Error is a decoding problem at a line of a file (line 0 when unknown).
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Errors is several problems in one file.
type Errors []error

func (es Errors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "\n")
}

// Unwrap returns the individual problems.
func (es Errors) Unwrap() []error { return es }

var (
	lineRe     = lazyre.New(`^line (\d+): (.*)$`)
	notFoundRe = lazyre.New(`^field (\S+) not found in type \S+$`)
)

// Decode decodes the single YAML document in data into v, rejecting unknown
// keys. name is used in error messages.
func Decode(name string, data []byte, v any) error {
	if len(data) > MaxFileSize {
		return &Error{File: name, Msg: fmt.Sprintf("file is larger than %d bytes", MaxFileSize)}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return &Error{File: name, Msg: "file is empty"}
		}
		return convert(name, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return &Error{File: name, Line: extra.Line, Msg: "a second YAML document is not allowed"}
	}
	return nil
}

func convert(name string, err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		var out Errors
		for _, m := range te.Errors {
			out = append(out, lineError(name, m))
		}
		if len(out) == 1 {
			return out[0]
		}
		return out
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	return lineError(name, msg)
}

func lineError(name, msg string) error {
	e := &Error{File: name, Msg: msg}
	if m := lineRe.FindStringSubmatch(msg); m != nil {
		fmt.Sscan(m[1], &e.Line)
		e.Msg = m[2]
	}
	if m := notFoundRe.FindStringSubmatch(e.Msg); m != nil {
		e.Msg = fmt.Sprintf("unknown key %q", m[1])
	}
	return e
}
