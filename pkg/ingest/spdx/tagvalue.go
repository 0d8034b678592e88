package spdx

import (
	"bytes"
	"strings"

	tvreader "github.com/spdx/tools-golang/tagvalue/reader"
)

// maxTrackedLine is the longest line tvIndex looks into; tools-golang's own
// line scanner stops at 64 KiB, so longer lines fail there anyway.
const maxTrackedLine = 64 << 10

// tvIndex watches a tag-value document as tools-golang reads it and records
// what the library drops: the stated version, the line of each package, and
// the first line that is not a tag. It follows the library's rules for
// multi-line <text> values so that text never counts as tags.
type tvIndex struct {
	size    int64
	line    int
	partial []byte
	long    bool // the current line is longer than maxTrackedLine
	inText  bool

	version string
	pkgLine int            // line of a PackageName whose SPDXID is still to come
	lines   map[string]int // SPDXID -> line of its PackageName
	badLine int            // first line without a colon
	// tagLines is the line of each tag, in the order tools-golang returns
	// its pairs, for the warnings about bent tags.
	tagLines []int
}

func newTVIndex() *tvIndex { return &tvIndex{lines: map[string]int{}} }

func (x *tvIndex) Write(p []byte) (int, error) {
	n := len(p)
	x.size += int64(n)
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			x.keep(p)
			break
		}
		x.keep(p[:i])
		x.endLine()
		p = p[i+1:]
	}
	return n, nil
}

func (x *tvIndex) keep(b []byte) {
	if x.long {
		return
	}
	if len(x.partial)+len(b) > maxTrackedLine {
		x.long = true
		x.partial = x.partial[:0]
		return
	}
	x.partial = append(x.partial, b...)
}

// finish processes a last line without a newline.
func (x *tvIndex) finish() {
	if len(x.partial) > 0 || x.long {
		x.endLine()
	}
}

func (x *tvIndex) endLine() {
	x.line++
	line := string(bytes.TrimSuffix(x.partial, []byte("\r")))
	long := x.long
	x.partial, x.long = x.partial[:0], false
	if long {
		return
	}
	if x.inText {
		if strings.Contains(line, "</text>") {
			x.inText = false
		}
		return
	}
	t := strings.TrimLeft(line, " \t\v\f")
	if t == "" || t[0] == '#' {
		return
	}
	tag, value, ok := strings.Cut(t, ":")
	if !ok {
		if x.badLine == 0 {
			x.badLine = x.line
		}
		return
	}
	tag = strings.TrimSpace(tag)
	x.tagLines = append(x.tagLines, x.line)
	if _, rest, isText := strings.Cut(value, "<text>"); isText {
		if !strings.Contains(rest, "</text>") {
			x.inText = true
		}
		return
	}
	value = strings.TrimSpace(value)
	switch tag {
	case "SPDXVersion":
		if x.version == "" {
			x.version = value
		}
	case "PackageName":
		x.pkgLine = x.line
	case "SPDXID":
		if x.pkgLine > 0 {
			if _, dup := x.lines[value]; !dup {
				x.lines[value] = x.pkgLine
			}
			x.pkgLine = 0
		}
	case "FileName", "SnippetSPDXID", "LicenseID":
		x.pkgLine = 0
	}
}

// documentTags are the tags tools-golang accepts only at the start of a
// document, before creation info; valid documents also write them later
// (for example ExternalDocumentRef after Creator, a known tools-golang
// limitation reported as spdx/tools-golang#195).
var documentTags = map[string]bool{
	"SPDXVersion":         true,
	"DataLicense":         true,
	"DocumentName":        true,
	"DocumentNamespace":   true,
	"ExternalDocumentRef": true,
	"DocumentComment":     true,
}

// sectionTags open a package, file, snippet or licence section.
var sectionTags = map[string]bool{
	"PackageName":   true,
	"FileName":      true,
	"SnippetSPDXID": true,
	"LicenseID":     true,
}

// normalizePairs rearranges valid tag-value documents that tools-golang's
// strict section order rejects, without changing any package:
//   - document-level tags are moved to the front (with the document's own
//     SPDXID, which precedes the first section);
//   - snippet sections are dropped: snippets are never components, and the
//     library rejects a snippet that directly follows a package (as the
//     official SPDX 2.2 tag-value example has it).
func normalizePairs(pairs []tvreader.TagValuePair) []tvreader.TagValuePair {
	head := make([]tvreader.TagValuePair, 0, 8)
	rest := make([]tvreader.TagValuePair, 0, len(pairs))
	inSection := false
	for _, p := range pairs {
		if sectionTags[p.Tag] {
			inSection = true
		}
		switch {
		case strings.HasPrefix(p.Tag, "Snippet") || p.Tag == "LicenseInfoInSnippet":
			continue
		case documentTags[p.Tag], p.Tag == "SPDXID" && !inSection:
			head = append(head, p)
		default:
			rest = append(rest, p)
		}
	}
	return append(head, rest...)
}
