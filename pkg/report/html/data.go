package html

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vendorcheck/vendorcheck/pkg/report"
)

// The findings, the unassessed components and the inputs travel in one
// JSON block that the report's script renders a page at a time: at fleet
// size a row per verdict in the HTML itself was megabytes and hundreds of
// thousands of elements. Every string is written once, in the table "s",
// and every repeated group of numbers once, in the table "t" (a rule's
// context, a hit, a verdict's list of hits, an evidence item, a list of
// evidence): a fleet repeats the same rules and evidence on every host.
// Rows are arrays of small integers indexing them. The field positions
// below are the contract with report.js.
//
// Verdict row: fingerprint, action, entity, entity name, component label,
// kind, host, file, confidence, flags, also (a number), relation, purl,
// site, context (t), hits (t), evidence (t), waiver (0 or an array of
// strings: id, reason, approved by, expires, source), place in the file
// ("#ref", ":line" or ""; the file and its place make "where", and the
// file's name is written once however many components it holds).
// Context: list, jurisdiction, rule, why, deadline, days (text), status,
// judged at, effective, list title.
// Hits: a list of hits (t), each action, list, rule, why, flags.
// Evidence: a list of items (t), each field, value, normalised, matched,
// via, rule, confidence, note, flags.
// Unassessed row: label, kind, host, file, place. Input row: file, format,
// components (a number), error. Group row: label, site, components,
// attributed, unassessed, deny, warn, info (numbers), entities, inputs (t:
// files).
const (
	flagWaived       = 1
	flagBaseline     = 2
	flagOrganisation = 4
	flagUnverified   = 8
)

// dataBlock encodes the script's data.
type dataBlock struct {
	buf     bytes.Buffer
	strings bytes.Buffer // the string table, encoded
	index   map[string]int
	n       int
	tuples  bytes.Buffer // the table of repeated groups, encoded
	tindex  map[string]int
	tn      int
	scratch []byte
	// labels indexes the long labels (name and version) written in
	// pieces, never built as one string.
	labels map[[2]string]int
}

// longLabel is the length from which a component's label is written in
// pieces rather than built.
const longLabel = 4096

// label returns the index of the component's label (Component.Label) in the
// string table.
func (d *dataBlock) label(c report.Component) int {
	if c.Version == "" || len(c.Name)+1+len(c.Version) < longLabel {
		return d.str(c.Label())
	}
	k := [2]string{c.Name, c.Version}
	if i, ok := d.labels[k]; ok {
		return i
	}
	if d.labels == nil {
		d.labels = map[[2]string]int{}
	}
	i := d.n
	d.n++
	d.labels[k] = i
	d.strings.WriteByte(',')
	if i%64 == 0 {
		d.strings.WriteByte('\n')
	}
	d.strings.WriteByte('"')
	writeJSONChars(&d.strings, c.Name)
	writeJSONChars(&d.strings, " ")
	writeJSONChars(&d.strings, c.Version)
	d.strings.WriteByte('"')
	return i
}

func newDataBlock() *dataBlock {
	d := &dataBlock{index: map[string]int{}, tindex: map[string]int{}}
	d.str("") // index 0 is the empty string
	return d
}

// tuple returns the index of the group of numbers ns in the table "t",
// adding it once.
func (d *dataBlock) tuple(ns []int) int {
	b := append(d.scratch[:0], '[')
	for i, n := range ns {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(n), 10)
	}
	b = append(b, ']')
	d.scratch = b
	if i, ok := d.tindex[string(b)]; ok {
		return i
	}
	i := d.tn
	d.tn++
	d.tindex[string(b)] = i
	if i > 0 {
		d.tuples.WriteByte(',')
		if i%32 == 0 {
			d.tuples.WriteByte('\n')
		}
	}
	d.tuples.Write(b)
	return i
}

// str returns the index of s in the string table, adding it once.
func (d *dataBlock) str(s string) int {
	if i, ok := d.index[s]; ok {
		return i
	}
	i := d.n
	d.n++
	d.index[s] = i
	if i > 0 {
		d.strings.WriteByte(',')
		if i%64 == 0 {
			d.strings.WriteByte('\n')
		}
	}
	writeJSONString(&d.strings, s)
	return i
}

func (d *dataBlock) s(s string) { d.buf.WriteString(strconv.Itoa(d.str(s))) }
func (d *dataBlock) int(n int)  { d.buf.WriteString(strconv.Itoa(n)) }
func (d *dataBlock) comma()     { d.buf.WriteByte(',') }

// encodeData encodes the data block's JSON (without the script element),
// in pieces to be written one after the other: the whole is never copied
// into one buffer.
func encodeData(verdicts []report.Verdict, r *report.Result) [][]byte {
	d := newDataBlock()
	d.buf.Grow(len(verdicts) * 160)
	d.buf.WriteString(`"v":[`)
	for i := range verdicts {
		if i > 0 {
			d.buf.WriteString(",\n")
		}
		d.verdict(&verdicts[i])
	}
	d.buf.WriteString("],\n\"u\":[")
	for i, c := range r.Unassessed {
		if i > 0 {
			d.buf.WriteString(",\n")
		}
		d.buf.WriteByte('[')
		d.int(d.label(c))
		d.comma()
		d.s(c.Kind)
		d.comma()
		d.s(c.Host)
		d.comma()
		d.s(c.File)
		d.comma()
		d.s(place(c))
		d.buf.WriteByte(']')
	}
	d.buf.WriteString("],\n\"g\":[")
	for i, g := range r.Groups {
		if i > 0 {
			d.buf.WriteString(",\n")
		}
		row := d.strs(groupLabel(g), g.Site)
		row = append(row, g.Components, g.Attributed, g.Unassessed, g.Findings["deny"], g.Findings["warn"], g.Findings["info"],
			d.str(strings.Join(g.Entities, ", ")), d.tuple(d.strs(g.Inputs...)))
		d.buf.WriteByte('[')
		for j, n := range row {
			if j > 0 {
				d.comma()
			}
			d.int(n)
		}
		d.buf.WriteByte(']')
	}
	d.buf.WriteString("],\n\"i\":[")
	for i, in := range r.Inputs {
		if i > 0 {
			d.buf.WriteString(",\n")
		}
		d.buf.WriteByte('[')
		d.s(in.File)
		d.comma()
		d.s(inputFormat(in))
		d.comma()
		d.int(in.Components)
		d.comma()
		d.s(in.Error)
		d.buf.WriteByte(']')
	}
	d.buf.WriteString("]}")
	return [][]byte{[]byte(`{"s":[`), d.strings.Bytes(), []byte("],\n\"t\":["), d.tuples.Bytes(), []byte("],\n"), d.buf.Bytes()}
}

func inputFormat(in report.Input) string {
	if in.SpecVersion == "" {
		return in.Format
	}
	return in.Format + " " + in.SpecVersion
}

func (d *dataBlock) verdict(v *report.Verdict) {
	h := v.Hits[0]
	flags := 0
	if v.Waived {
		flags |= flagWaived
	}
	if v.Baseline {
		flags |= flagBaseline
	}
	if v.Organisation {
		flags |= flagOrganisation
	}
	if h.Unverified {
		flags |= flagUnverified
	}
	days := ""
	if h.DaysRemaining != nil {
		days = strconv.Itoa(*h.DaysRemaining)
	}
	ctx := d.tuple(d.strs(v.List, v.Jurisdiction, v.Rule, v.Why, deadlineText(h), days, h.Status, h.JudgedAt, h.Effective, v.ListTitle))
	hits := make([]int, len(v.Hits))
	for i, x := range v.Hits {
		f := 0
		if x.Waived {
			f |= flagWaived
		}
		if x.Baseline {
			f |= flagBaseline
		}
		if x.Unverified {
			f |= flagUnverified
		}
		hits[i] = d.tuple(append(d.strs(string(x.Action), x.List, x.Rule, report.HitWhy(x.Finding)), f))
	}
	ev := make([]int, len(v.Evidence))
	for i, e := range v.Evidence {
		f := 0
		if e.Unverified {
			f |= flagUnverified
		}
		ev[i] = d.tuple(append(d.strs(e.Field, e.Value, e.Normalized, e.Matched, e.Via, e.Rule, e.Confidence.String(), e.Note), f))
	}
	row := d.strs(v.Fingerprint, string(v.Action), v.Entity, v.EntityName)
	row = append(row, d.label(v.Component))
	row = append(row, d.strs(v.Component.Kind, v.Component.Host, v.Component.File, v.Confidence.String())...)
	row = append(row, flags, v.Also)
	row = append(row, d.strs(string(v.Relation), v.Component.PURL, v.Component.Site)...)
	row = append(row, ctx, d.tuple(hits), d.tuple(ev))
	b := &d.buf
	b.WriteByte('[')
	for _, n := range row {
		b.WriteString(strconv.Itoa(n))
		b.WriteByte(',')
	}
	if w := v.Waiver; w != nil {
		b.WriteByte('[')
		for i, s := range [...]string{w.ID, w.Reason, w.ApprovedBy, w.Expires, w.Source} {
			if i > 0 {
				d.comma()
			}
			d.s(s)
		}
		b.WriteByte(']')
	} else {
		b.WriteByte('0')
	}
	d.comma()
	d.s(place(v.Component))
	b.WriteByte(']')
}

// place is where in its file a component is: Component.Where less the
// file's name.
func place(c report.Component) string {
	return strings.TrimPrefix(c.Where(), c.File)
}

// strs returns the indices of ss in the string table.
func (d *dataBlock) strs(ss ...string) []int {
	out := make([]int, len(ss), len(ss)+3)
	for i, s := range ss {
		out[i] = d.str(s)
	}
	return out
}

// deadlineText is the date a verdict's deadline column shows: the
// deciding hit's deadline, or the date an upcoming rule applies from.
func deadlineText(h report.Hit) string {
	switch {
	case h.Deadline != "":
		return h.Deadline
	case h.Status == "upcoming" && h.Effective != "":
		return h.Effective
	}
	return ""
}

// writeJSONString writes s as a JSON string that is also safe inside an
// HTML script element: <, > and & are written as \u escapes (so neither
// "</script>" nor "<!--" can occur), as are U+2028 and U+2029 and every
// control character; bytes that are not UTF-8 become U+FFFD.
func writeJSONString(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	writeJSONChars(b, s)
	b.WriteByte('"')
}

// writeJSONChars writes s escaped as writeJSONString does, without the
// quotes: a string can be written in pieces.
func writeJSONChars(b *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' && c != 0x7f {
				i++
				continue
			}
			b.WriteString(s[start:i])
			switch c {
			case '"':
				b.WriteString(`\"`)
			case '\\':
				b.WriteString(`\\`)
			case '\n':
				b.WriteString(`\n`)
			case '\t':
				b.WriteString(`\t`)
			default:
				b.WriteString(`\u00`)
				b.WriteByte(hex[c>>4])
				b.WriteByte(hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteString(s[start:i])
			b.WriteString(`\ufffd`)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' || (r >= 0x80 && r < 0xa0) {
			b.WriteString(s[start:i])
			b.WriteString(`\u`)
			b.WriteString(strconv.FormatInt(int64(r)+0x10000, 16)[1:])
			i += size
			start = i
			continue
		}
		i += size
	}
	b.WriteString(s[start:])
}
