package spdx

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spdx/tools-golang/rdf"
	"github.com/spdx/tools-golang/spdx/common"
	"github.com/spdx/tools-golang/spdx/v2/v2_1"
	"github.com/spdx/tools-golang/spdx/v2/v2_2"
	"github.com/spdx/tools-golang/spdx/v2/v2_3"
	"gopkg.in/yaml.v3"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/internal/lazyre"
)

// readAll reads a whole document through maxDocumentSize: the format
// libraries need it in memory.
func (d *decoder) readAll(r io.Reader, name string) ([]byte, error) {
	var buf bytes.Buffer
	n, err := buf.ReadFrom(io.LimitReader(r, maxDocumentSize+1))
	if err != nil {
		return nil, d.malformed(name, 0, err)
	}
	if n > maxDocumentSize {
		return nil, d.errorf(name, 0, "%w: more than %d bytes", ingest.ErrTooLarge, maxDocumentSize)
	}
	return buf.Bytes(), nil
}

type versionOnly struct {
	SPDXVersion string `json:"spdxVersion"`
}

// decodeJSONReference is the SPDX JSON reader through tools-golang's
// models, which the streaming reader (jsonstream.go) replaced for speed. It
// is kept as the reference the differential test and fuzz target hold the
// streaming reader to. It reads the version first (cheap: encoding/json
// skips everything else without allocating), then unmarshals straight into
// that version's model.
func (d *decoder) decodeJSONReference(r io.Reader, name string) (*result, error) {
	data, err := d.readAll(r, name)
	if err != nil {
		return nil, err
	}
	var v versionOnly
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, d.jsonError(name, data, err)
	}
	if err := d.checkVersion(name, v.SPDXVersion, allVersions...); err != nil {
		return nil, err
	}
	doc, err := unmarshalVersion(v.SPDXVersion, func(target any) error { return json.Unmarshal(data, target) })
	if err != nil {
		return nil, d.jsonError(name, data, err)
	}
	latest, err := toLatest(doc)
	if err != nil {
		return nil, d.malformed(name, 0, err)
	}
	return &result{doc: latest, version: v.SPDXVersion, lines: jsonIDLines(data)}, nil
}

// decodeYAML reads YAML into generic values, with every scalar as written
// (so that "versionInfo: 1.0" stays the string "1.0" and is not the number
// 1), and hands it on as JSON: tools-golang's models decode JSON only, and
// its own YAML reader fails on unquoted numeric versions.
func (d *decoder) decodeYAML(r io.Reader, name string) (*result, error) {
	data, err := d.readAll(r, name)
	if err != nil {
		return nil, err
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, d.yamlError(name, data, err)
	}
	if len(root.Content) == 0 {
		return nil, d.errorf(name, 0, "%w: the YAML document is empty", ingest.ErrMalformed)
	}
	keepScalarsAsText(&root, "")
	var generic any
	if err := root.Decode(&generic); err != nil {
		return nil, d.yamlError(name, data, err)
	}
	js, err := json.Marshal(generic)
	if err != nil {
		return nil, d.malformed(name, 0, err)
	}
	var v versionOnly
	if err := json.Unmarshal(js, &v); err != nil {
		return nil, d.malformed(name, 0, err)
	}
	if err := d.checkVersion(name, v.SPDXVersion, allVersions...); err != nil {
		return nil, err
	}
	doc, err := unmarshalVersion(v.SPDXVersion, func(target any) error { return json.Unmarshal(js, target) })
	if err != nil {
		return nil, d.yamlError(name, data, err)
	}
	latest, err := toLatest(doc)
	if err != nil {
		return nil, d.malformed(name, 0, err)
	}
	return &result{doc: latest, version: v.SPDXVersion, lines: yamlIDLines(data)}, nil
}

// yamlTyped are the only SPDX 2.x fields that are not strings.
var yamlTyped = map[string]bool{"filesAnalyzed": true, "offset": true, "lineNumber": true}

// keepScalarsAsText retags numbers, booleans and timestamps as strings,
// except in the fields whose schema type is not a string.
func keepScalarsAsText(n *yaml.Node, key string) {
	switch n.Kind {
	case yaml.DocumentNode, yaml.SequenceNode:
		for _, c := range n.Content {
			keepScalarsAsText(c, key)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			keepScalarsAsText(n.Content[i+1], n.Content[i].Value)
		}
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!int", "!!float", "!!bool", "!!timestamp":
			if !yamlTyped[key] {
				n.Tag = "!!str"
			}
		}
	}
}

func unmarshalVersion(version string, unmarshal func(any) error) (common.AnyDocument, error) {
	switch version {
	case v2_1.Version:
		var doc v2_1.Document
		return &doc, unmarshal(&doc)
	case v2_2.Version:
		var doc v2_2.Document
		return &doc, unmarshal(&doc)
	case v2_3.Version:
		var doc v2_3.Document
		return &doc, unmarshal(&doc)
	}
	return nil, fmt.Errorf("unsupported SPDX version %q", version)
}

var reQuoted = lazyre.New(`failed to parse (?:Supplier|Originator) '(.*)'$`)

// jsonError places a JSON error on its line: syntax errors carry an offset;
// tools-golang's supplier and originator errors quote the value, which we
// look up.
func (d *decoder) jsonError(name string, data []byte, err error) error {
	line := 0
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		line = lineAt(data, se.Offset)
	case errors.As(err, &te) && te.Field != "" && !strings.Contains(te.Field, "."):
		// A top-level field: the offset is into the whole document. (Errors
		// inside packages come from a nested unmarshaler whose offsets are
		// relative to the package, so they get no line.)
		line = lineAt(data, te.Offset)
	default:
		if m := reQuoted.FindStringSubmatch(err.Error()); m != nil {
			if q, qerr := json.Marshal(m[1]); qerr == nil {
				if i := bytes.Index(data, q); i >= 0 {
					line = lineAt(data, int64(i))
				}
			}
		}
	}
	return d.malformed(name, line, err)
}

var reYAMLLine = lazyre.New(`\bline (\d+):`)

// yamlError keeps the line that the YAML parser reports.
func (d *decoder) yamlError(name string, data []byte, err error) error {
	line := 0
	if m := reYAMLLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
	} else if m := reQuoted.FindStringSubmatch(err.Error()); m != nil {
		if i := bytes.Index(data, []byte(m[1])); i >= 0 {
			line = lineAt(data, int64(i))
		}
	}
	return d.malformed(name, line, err)
}

// lineAt returns the 1-based line of byte offset off.
func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	return bytes.Count(data[:off], []byte{'\n'}) + 1
}

var jsonIDKey = []byte(`"SPDXID"`)

// jsonIDLines maps each "SPDXID": "value" in a JSON document to the line of
// that key, in one pass. A literal "SPDXID" inside another string would be
// escaped (\"SPDXID\"), so only keys and bare "SPDXID" values match, and a
// value is told from a key by the colon that must follow a key.
func jsonIDLines(data []byte) map[string]int {
	lines := map[string]int{}
	line, pos := 1, 0
	for {
		i := bytes.Index(data[pos:], jsonIDKey)
		if i < 0 {
			return lines
		}
		line += bytes.Count(data[pos:pos+i], []byte{'\n'})
		pos += i + len(jsonIDKey)
		rest := bytes.TrimLeft(data[pos:], " \t\r\n")
		if len(rest) == 0 || rest[0] != ':' {
			continue
		}
		rest = bytes.TrimLeft(rest[1:], " \t\r\n")
		if len(rest) == 0 || rest[0] != '"' {
			continue
		}
		end := bytes.IndexByte(rest[1:], '"')
		if end < 0 {
			return lines
		}
		id := string(rest[1 : 1+end])
		if _, dup := lines[id]; !dup {
			lines[id] = line
		}
	}
}

// yamlIDLines maps each "SPDXID: value" line of a YAML document to its line.
func yamlIDLines(data []byte) map[string]int {
	lines := map[string]int{}
	n := 0
	for len(data) > 0 {
		n++
		var l []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			l, data = data[:i], data[i+1:]
		} else {
			l, data = data, nil
		}
		l = bytes.TrimLeft(l, " \t")
		l = bytes.TrimLeft(bytes.TrimPrefix(l, []byte("-")), " \t")
		v, ok := bytes.CutPrefix(l, []byte("SPDXID:"))
		if !ok {
			continue
		}
		id := strings.Trim(strings.TrimSpace(string(v)), `"'`)
		if _, dup := lines[id]; !dup && id != "" {
			lines[id] = n
		}
	}
	return lines
}

var reRDFVersion = lazyre.New(`specVersion[^>]*>\s*(SPDX-[0-9.]+)\s*<`)

func (d *decoder) decodeRDF(r io.Reader, name string) (*result, error) {
	data, err := d.readAll(r, name)
	if err != nil {
		return nil, err
	}
	// gordf has no limit on entity expansion; SPDX RDF never declares
	// entities, so a declaration is refused before parsing ("billion laughs").
	if i := bytes.Index(data, []byte("<!ENTITY")); i >= 0 {
		return nil, d.errorf(name, lineAt(data, int64(i)), "%w: XML entity declarations (<!ENTITY>) are not allowed", ingest.ErrMalformed)
	}
	// gordf reads elements recursively: 10^6 nested elements overflow
	// the stack and kill the process. Depth and value length are checked
	// first with a streaming tokenizer.
	if line, err := checkRDFShape(data); err != nil {
		return nil, d.errorf(name, line, "%w: %v", ingest.ErrMalformed, err)
	}
	version := ""
	if m := reRDFVersion.FindSubmatch(data); m != nil {
		version = string(m[1])
	}
	// tools-golang reads SPDX 2.2 and 2.3 RDF only.
	if err := d.checkVersion(name, version, v2_2.Version, v2_3.Version); err != nil {
		return nil, err
	}
	doc, err := rdf.Read(bytes.NewReader(data))
	if err != nil {
		return nil, d.malformed(name, 0, err)
	}
	return &result{doc: doc, version: version, lines: map[string]int{}}, nil
}

// checkRDFShape refuses an RDF/XML document that nests elements deeper than
// ingest.MaxNestingDepth or holds a text or attribute value longer than
// ingest.MaxValueSize, before the recursive reader sees it. It returns the
// line of the problem.
func checkRDFShape(data []byte) (int, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	depth := 0
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			return 0, nil
		}
		if err != nil {
			line, _ := dec.InputPos()
			return line, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth > ingest.MaxNestingDepth {
				line, _ := dec.InputPos()
				return line, fmt.Errorf("nesting deeper than %d levels", ingest.MaxNestingDepth)
			}
			for _, a := range t.Attr {
				if len(a.Value) > ingest.MaxValueSize {
					line, _ := dec.InputPos()
					return line, fmt.Errorf("a single value is longer than %s (the limit for one value)", ingest.FormatSize(ingest.MaxValueSize))
				}
			}
		case xml.EndElement:
			depth--
		case xml.CharData:
			if len(t) > ingest.MaxValueSize {
				line, _ := dec.InputPos()
				return line, fmt.Errorf("a single value is longer than %s (the limit for one value)", ingest.FormatSize(ingest.MaxValueSize))
			}
		}
	}
}
