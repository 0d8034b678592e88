package spdx

import (
	"bytes"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/internal/lazyre"
)

// Identification looks at the first ingest.HeadSize bytes only, and must be
// right even when a generator sorts its keys: trivy writes "spdxVersion" as
// the last key of a multi-megabyte document, and YAML writers that sort keys
// put it after "packages". So besides the version we accept the document's
// own "SPDXID": "SPDXRef-DOCUMENT", which sorts first.

var (
	reJSONVersion = lazyre.New(`"spdxVersion"\s*:\s*"SPDX-`)
	reJSONDocID   = lazyre.New(`"SPDXID"\s*:\s*"SPDXRef-`)
	// YAML keys at the top level (column 0).
	reYAMLVersion = lazyre.New(`(?m)^spdxVersion:\s*["']?SPDX-`)
	reYAMLDocID   = lazyre.New(`(?m)^["']?SPDXID["']?:\s*["']?SPDXRef-DOCUMENT\b`)
	reYAMLDocKey  = lazyre.New(`(?m)^(creationInfo|dataLicense|documentNamespace|packages|relationships):`)
	// Tag-value: the version tag at the start of a line.
	reTVVersion = lazyre.New(`(?m)^[ \t]*SPDXVersion:[ \t]*SPDX-`)
	// SPDX 2.x plain XML has <spdxVersion> elements; RDF uses spdx:specVersion.
	reXMLVersion = lazyre.New(`<spdxVersion>\s*SPDX-`)
)

// firstByte returns the first byte that is not white space, or 0.
func firstByte(head []byte) byte {
	for _, c := range head {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return c
	}
	return 0
}

func isJSONObject(head []byte) bool { return firstByte(head) == '{' }

// otherJSON reports JSON documents that mention SPDX but are something else:
// CycloneDX (which may carry SPDX licence ids), SPDX 3.0 JSON-LD, and in-toto
// statements or DSSE envelopes that wrap an SPDX predicate.
func otherJSON(h *ingest.Head) bool {
	return h.ContainsQuoted(`"bomFormat"`, `"@context"`, `"payloadType"`, `"predicateType"`)
}

func identifyJSON(h *ingest.Head) bool {
	head := h.Bytes()
	if !isJSONObject(head) || otherJSON(h) {
		return false
	}
	return reJSONVersion.Match(head) || reJSONDocID.Match(head)
}

func identifyTagValue(head []byte) bool {
	switch firstByte(head) {
	case '{', '[', '<', 0:
		return false
	}
	return hasTVVersion(head)
}

// hasTVVersion looks for the tag's fixed word first: the expression runs
// only on text that has it, and is compiled only then.
func hasTVVersion(head []byte) bool {
	return bytes.Contains(head, []byte("SPDXVersion:")) && reTVVersion.Match(head)
}

func identifyYAML(head []byte) bool {
	switch firstByte(head) {
	case '{', '[', '<', 0:
		return false
	}
	if hasTVVersion(head) {
		return false // tag-value writes "SPDXVersion", YAML "spdxVersion"
	}
	if reYAMLVersion.Match(head) {
		return true
	}
	return reYAMLDocID.Match(head) && reYAMLDocKey.Match(head)
}

func identifyRDF(head []byte) bool {
	return firstByte(head) == '<' &&
		bytes.Contains(head, []byte("rdf:RDF")) &&
		bytes.Contains(head, []byte("spdx.org/rdf/terms"))
}

func identifyXML(head []byte) bool {
	return firstByte(head) == '<' &&
		!bytes.Contains(head, []byte("rdf:RDF")) &&
		bytes.Contains(head, []byte("<spdxVersion>")) && reXMLVersion.Match(head)
}
