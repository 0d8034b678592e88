// Package waiver reads waiver files and applies waivers to a result: the
// last step of evaluation, after policy findings are gathered and before
// reports are written.
//
// A waiver is an approved, dated exception. It matches findings by the
// component (purl, name, reference or file), the entity, the list and the
// rule; a matching waiver that has not expired marks the finding waived (it
// stays in every output but does not fail the run). An expired waiver
// suppresses nothing, and a waiver that matched nothing is reported as
// stale, so that exceptions do not outlive their reason unnoticed.
//
// The package sees findings only through package report; it must not import
// ingest, match or any format package.
package waiver

import (
	"fmt"
	"io"
	"os"
	"path"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/vendorcheck/vendorcheck/pkg/catalog"
	"github.com/vendorcheck/vendorcheck/pkg/internal/lazyre"
	"github.com/vendorcheck/vendorcheck/pkg/internal/yamlstrict"
	"github.com/vendorcheck/vendorcheck/pkg/report"
)

// Waiver is one entry of a waiver file. At least one selector (purl, name,
// ref, file, entity, list) must be set, and every selector that is set must
// match a finding for the waiver to cover it.
type Waiver struct {
	// ID names the waiver in reports (optional).
	ID string `yaml:"id,omitempty" json:"id,omitempty"`
	// PURL matches the component's package URL exactly, or as a prefix when
	// it ends with "*" ("pkg:maven/com.huawei.hms/*").
	PURL string `yaml:"purl,omitempty" json:"purl,omitempty"`
	// Name matches the component's name exactly, ignoring case.
	Name string `yaml:"name,omitempty" json:"name,omitempty"`
	// Ref matches the component's own reference (CycloneDX bom-ref, SPDXID).
	Ref string `yaml:"ref,omitempty" json:"ref,omitempty"`
	// File matches the input file the component came from, as a glob
	// (path.Match: "*" does not cross "/"); a pattern without "/" matches
	// the file's base name in any directory.
	File string `yaml:"file,omitempty" json:"file,omitempty"`
	// Entity is an entity id (huawei, micron, ...).
	Entity string `yaml:"entity,omitempty" json:"entity,omitempty"`
	// List is a list id (us-fcc-covered-list, ...); Rule, a rule id in it.
	List string `yaml:"list,omitempty" json:"list,omitempty"`
	Rule string `yaml:"rule,omitempty" json:"rule,omitempty"`
	// Reason, Expires (YYYY-MM-DD; the waiver holds through that day) and
	// ApprovedBy are required.
	Reason     string `yaml:"reason" json:"reason"`
	Expires    string `yaml:"expires" json:"expires"`
	ApprovedBy string `yaml:"approved_by" json:"approved_by"`

	// Source is where the waiver was written, "file:line" (not in YAML).
	Source string `yaml:"-" json:"source,omitempty"`

	expires time.Time
}

// file is the waiver file's top level.
type file struct {
	Waivers []Waiver `yaml:"waivers"`
}

// Set is a validated set of waivers.
type Set struct {
	waivers []Waiver
}

var idRe = lazyre.New(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Load reads a waiver file, at most yamlstrict.MaxFileSize bytes.
func Load(name string) (*Set, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, yamlstrict.MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return Parse(name, data)
}

// Parse decodes a waiver file strictly ("waivers:" and a list of entries)
// and validates every entry. Errors name the file and line; several
// problems come as a yamlstrict.Errors.
func Parse(name string, data []byte) (*Set, error) {
	var f file
	if err := yamlstrict.Decode(name, data, &f); err != nil {
		return nil, err
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, &yamlstrict.Error{File: name, Msg: err.Error()}
	}
	seq := mapValue(&root, "waivers")
	if seq == nil {
		return nil, &yamlstrict.Error{File: name, Line: 1, Msg: `missing "waivers" (a list of waivers)`}
	}
	return Build(name, f.Waivers, seq)
}

// Build validates entries decoded from file name. seq is the YAML sequence
// node they were decoded from, for line numbers; it may be nil. A config
// file's inline waivers are built this way.
func Build(name string, entries []Waiver, seq *yaml.Node) (*Set, error) {
	var errs yamlstrict.Errors
	ids := map[string]int{}
	out := make([]Waiver, len(entries))
	for i, w := range entries {
		item := itemNode(seq, i)
		line := 0
		if item != nil {
			line = item.Line
		}
		keyLine := func(key string) int {
			if n := keyNode(item, key); n != nil {
				return n.Line
			}
			return line
		}
		label := fmt.Sprintf("waiver #%d", i+1)
		if w.ID != "" {
			label = fmt.Sprintf("waiver %q", w.ID)
		}
		bad := func(l int, format string, a ...any) {
			errs = append(errs, &yamlstrict.Error{File: name, Line: l, Msg: label + ": " + fmt.Sprintf(format, a...)})
		}
		if w.ID != "" {
			if j, dup := ids[w.ID]; dup {
				bad(keyLine("id"), "duplicate id (also waiver #%d)", j+1)
			}
			ids[w.ID] = i
		}
		for _, req := range []struct{ key, val string }{
			{"reason", w.Reason}, {"expires", w.Expires}, {"approved_by", w.ApprovedBy},
		} {
			if strings.TrimSpace(req.val) == "" {
				bad(line, "missing %s (a waiver needs reason, expires and approved_by)", req.key)
			}
		}
		if w.Expires != "" {
			d, err := catalog.ParseDate(w.Expires)
			if err != nil {
				bad(keyLine("expires"), "expires %q is not a date (want YYYY-MM-DD)", w.Expires)
			}
			w.expires = d.Time
		}
		if w.PURL == "" && w.Name == "" && w.Ref == "" && w.File == "" && w.Entity == "" && w.List == "" {
			bad(line, "no selector: give at least one of purl, name, ref, file, entity, list")
		}
		if w.Rule != "" && w.List == "" {
			bad(keyLine("rule"), "rule %q needs list (rule ids are per list)", w.Rule)
		}
		if i := strings.Index(w.PURL, "*"); i >= 0 && i != len(w.PURL)-1 {
			bad(keyLine("purl"), "purl %q: \"*\" is allowed only at the end (a prefix)", w.PURL)
		}
		if w.File != "" {
			if _, err := path.Match(w.File, ""); err != nil {
				bad(keyLine("file"), "file %q is not a valid glob", w.File)
			}
		}
		for _, k := range []struct{ key, val string }{{"entity", w.Entity}, {"list", w.List}, {"rule", w.Rule}} {
			if k.val != "" && !idRe.MatchString(k.val) {
				bad(keyLine(k.key), "%s %q must be an id (lower-case letters, digits and dashes)", k.key, k.val)
			}
		}
		w.Source = name
		if line > 0 {
			w.Source = fmt.Sprintf("%s:%d", name, line)
		}
		out[i] = w
	}
	switch len(errs) {
	case 0:
		return &Set{waivers: out}, nil
	case 1:
		return nil, errs[0]
	}
	return nil, errs
}

// Merge joins sets (nil ones are skipped). A waiver id used in two sets is
// an error naming both places.
func Merge(sets ...*Set) (*Set, error) {
	out := &Set{}
	where := map[string]string{}
	for _, s := range sets {
		if s == nil {
			continue
		}
		for _, w := range s.waivers {
			if w.ID != "" {
				if other, dup := where[w.ID]; dup {
					return nil, fmt.Errorf("%s: waiver %q: duplicate id (also %s)", w.Source, w.ID, other)
				}
				where[w.ID] = w.Source
			}
			out.waivers = append(out.waivers, w)
		}
	}
	return out, nil
}

// Waivers returns the waivers in order.
func (s *Set) Waivers() []Waiver {
	if s == nil {
		return nil
	}
	return append([]Waiver(nil), s.waivers...)
}

// Len is the number of waivers.
func (s *Set) Len() int {
	if s == nil {
		return 0
	}
	return len(s.waivers)
}

// Expired reports whether the waiver has expired on day asOf: a waiver
// holds through its expiry date.
func (w *Waiver) Expired(asOf time.Time) bool {
	return day(asOf).After(w.expires)
}

// Matches reports whether every selector the waiver sets matches f.
func (w *Waiver) Matches(f *report.Finding) bool {
	c := f.Component
	switch {
	case w.PURL != "" && !matchPURL(w.PURL, c.PURL),
		w.Name != "" && !strings.EqualFold(w.Name, c.Name),
		w.Ref != "" && w.Ref != c.Ref,
		w.File != "" && !matchFile(w.File, c.File),
		w.Entity != "" && w.Entity != f.Entity,
		w.List != "" && w.List != f.List,
		w.Rule != "" && w.Rule != f.Rule:
		return false
	}
	return true
}

func (w *Waiver) ref() report.WaiverRef {
	return report.WaiverRef{ID: w.ID, Reason: w.Reason, Expires: w.Expires, ApprovedBy: w.ApprovedBy, Source: w.Source}
}

// Apply marks the findings of res that an unexpired waiver covers as
// waived (the first such waiver is named), and appends to res.Waivers the
// status of every waiver of the set: active, expired or stale, with the
// number of findings each matched. Call it once per result, then recount
// the summary (scan.Tally): waived findings do not fail (report.Failing).
func (s *Set) Apply(res *report.Result, asOf time.Time) {
	if s == nil || len(s.waivers) == 0 {
		return
	}
	st := make([]report.WaiverStatus, len(s.waivers))
	expired := make([]bool, len(s.waivers))
	for i := range s.waivers {
		w := &s.waivers[i]
		expired[i] = w.Expired(asOf)
		st[i] = report.WaiverStatus{WaiverRef: w.ref(), Status: report.WaiverActive}
		if expired[i] {
			st[i].Status = report.WaiverExpired
		}
	}
	for fi := range res.Findings {
		f := &res.Findings[fi]
		for i := range s.waivers {
			w := &s.waivers[i]
			if !w.Matches(f) {
				continue
			}
			st[i].Matched++
			if expired[i] || f.Waived {
				continue
			}
			ref := w.ref()
			f.Waived, f.Waiver = true, &ref
		}
	}
	for i := range st {
		if st[i].Status == report.WaiverActive && st[i].Matched == 0 {
			st[i].Status = report.WaiverStale
		}
	}
	res.Waivers = append(res.Waivers, st...)
}

func matchPURL(pattern, purl string) bool {
	if purl == "" {
		return false
	}
	if prefix, ok := strings.CutSuffix(pattern, "*"); ok {
		return strings.HasPrefix(purl, prefix)
	}
	return pattern == purl
}

func matchFile(pattern, file string) bool {
	if file == "" {
		return false
	}
	file = path.Clean(strings.ReplaceAll(file, `\`, "/"))
	if ok, _ := path.Match(path.Clean(pattern), file); ok {
		return true
	}
	if !strings.Contains(pattern, "/") {
		ok, _ := path.Match(pattern, path.Base(file))
		return ok
	}
	return false
}

func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// mapValue returns the value node of key in the document's top mapping.
func mapValue(root *yaml.Node, key string) *yaml.Node {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	return keyValue(n, key)
}

func keyValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func keyNode(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i]
		}
	}
	return nil
}

func itemNode(seq *yaml.Node, i int) *yaml.Node {
	if seq == nil || seq.Kind != yaml.SequenceNode || i >= len(seq.Content) {
		return nil
	}
	return seq.Content[i]
}
