package policy

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/vendorcheck/vendorcheck/pkg/internal/lazyre"
	"github.com/vendorcheck/vendorcheck/pkg/internal/yamlstrict"
)

var (
	idRe           = lazyre.New(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	jurisdictionRe = lazyre.New(`^[A-Z]{2}$`)
	invalidDateRe  = lazyre.New(`^invalid date "(.*)"`)
)

// Directories of the shipped policy tree that hold no restriction lists.
var skipDirs = []string{"vendors", "schema"}

// Parse decodes one restriction list strictly and validates it. name is the
// file name used in errors ("policies/cn/cac-micron.yaml:3: ...").
func Parse(name string, data []byte) (*List, error) {
	var l List
	// The node tree, which lets validation problems name the line of the
	// offending key, is decoded only when a problem needs a line; a file
	// that does not parse as YAML fails in Decode below with its own line.
	loc := newLocator(data)
	if err := yamlstrict.Decode(name, data, &l); err != nil {
		return nil, loc.placeDateError(err)
	}
	l.File = name
	if err := l.validate(loc); err != nil {
		return nil, err
	}
	return &l, nil
}

// Validate checks a list's fields and rules. It reports every problem, each
// naming the list's file (and rule id where it concerns a rule), as a
// yamlstrict.Errors when there are several. Lists built by Parse report lines
// too.
func (l *List) Validate() error { return l.validate(nil) }

// ParseOrganisation decodes an organisation's own list: like Parse, but only
// id, title and rules are required. The provenance fields (authority,
// instrument, citation, url, jurisdiction, reviewed) are optional, and when
// a jurisdiction is given it may be any name ("ACME"); categories default
// to "any". The list is marked Organisation.
func ParseOrganisation(name string, data []byte) (*List, error) {
	var l List
	loc := newLocator(data)
	if err := yamlstrict.Decode(name, data, &l); err != nil {
		return nil, loc.placeDateError(err)
	}
	l.File, l.Organisation = name, true
	if len(l.Categories) == 0 {
		l.Categories = []string{"any"}
	}
	for i := range l.Rules {
		if len(l.Rules[i].Categories) == 0 {
			l.Rules[i].Categories = []string{"any"}
		}
	}
	if err := l.validate(loc); err != nil {
		return nil, err
	}
	return &l, nil
}

// LoadOrganisationFile loads an organisation's own list from a file
// (ParseOrganisation), reading at most yamlstrict.MaxFileSize bytes.
func LoadOrganisationFile(name string) (*List, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := readAll(name, f)
	if err != nil {
		return nil, err
	}
	return ParseOrganisation(name, data)
}

// OrganisationDeny builds the organisation rule that --deny and a config
// deny: list make: every listed entity denied in every category. source
// says where the entities were given ("--deny", "config.yaml").
func OrganisationDeny(entities []string, source string) *List {
	l := &List{
		ID: "organisation-deny", Title: "organisation policy", Organisation: true,
		Scope:      "the organisation denies these entities in every product category (" + source + ")",
		Categories: []string{"any"}, Status: StatusInForce, File: source,
	}
	seen := map[string]bool{}
	for _, e := range entities {
		e = strings.ToLower(strings.TrimSpace(e))
		if e == "" || seen[e] {
			continue
		}
		seen[e] = true
		l.Rules = append(l.Rules, Rule{ID: e, Entity: e, Categories: []string{"any"}, Action: ActionDeny,
			Note: "denied by organisation policy (" + source + ")"})
	}
	return l
}

func (l *List) validate(loc *locator) error {
	var errs yamlstrict.Errors
	at := func(where []any, format string, a ...any) {
		errs = append(errs, &yamlstrict.Error{File: l.File, Line: loc.line(where...), Msg: fmt.Sprintf(format, a...)})
	}

	if l.ID == "" {
		at(nil, "missing id")
	} else if !idRe.MatchString(l.ID) {
		at(p("id"), "id %q must be lower-case letters, digits and single dashes", l.ID)
	}
	required := []struct{ key, val string }{
		{"title", l.Title}, {"authority", l.Authority}, {"instrument", l.Instrument},
		{"citation", l.Citation}, {"url", l.URL},
	}
	if l.Organisation {
		// An organisation's own list needs no legal provenance.
		required = required[:1]
	}
	for _, r := range required {
		if strings.TrimSpace(r.val) == "" {
			at(p(r.key), "missing %s", r.key)
		}
	}
	switch {
	case l.Organisation:
		// Any name, or none: "ACME" is an organisation's own scope.
	case l.Jurisdiction == "":
		at(nil, "missing jurisdiction")
	case l.Jurisdiction == "UK":
		at(p("jurisdiction"), `jurisdiction "UK" is not an ISO 3166 code: use "GB"`)
	case l.Jurisdiction != "EU" && !jurisdictionRe.MatchString(l.Jurisdiction):
		at(p("jurisdiction"), "jurisdiction %q must be an upper-case ISO 3166 alpha-2 code or EU", l.Jurisdiction)
	}
	if l.URL != "" {
		if u, err := url.Parse(l.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			at(p("url"), "url %q must be an absolute http or https address", l.URL)
		}
	}
	if l.Reviewed.IsZero() && !l.Organisation {
		at(p("reviewed"), "missing reviewed (the date the facts were last checked)")
	}
	if l.Status != "" && l.Status != StatusInForce && l.Status != StatusProposal {
		at(p("status"), "status %q must be %s or %s", l.Status, StatusInForce, StatusProposal)
	}
	if !l.Adopted.IsZero() && !l.Effective.IsZero() && l.Effective.Before(l.Adopted.Time) {
		at(p("effective"), "effective %s is before adopted %s", l.Effective, l.Adopted)
	}
	if start := firstSet(l.Effective, l.Adopted); !start.IsZero() && !l.Until.IsZero() && !start.Before(l.Until.Time) {
		at(p("until"), "until %s is not after %s", l.Until, start)
	}
	if len(l.Categories) == 0 {
		at(p("categories"), "missing categories")
	}
	checkWords(l.Categories, Categories, "category", func(i int, msg string) { at(p("categories", i), "%s", msg) })

	seen := map[string]int{}
	for i := range l.Rules {
		r := &l.Rules[i]
		rp := func(keys ...any) []any { return append([]any{"rules", i}, keys...) }
		name := r.ID
		switch {
		case r.ID == "":
			name = fmt.Sprintf("#%d", i+1)
			at(rp(), "rule %s: missing id", name)
		case !idRe.MatchString(r.ID):
			at(rp("id"), "rule %q: id must be lower-case letters, digits and single dashes", r.ID)
		}
		if j, dup := seen[r.ID]; dup && r.ID != "" {
			at(rp("id"), "rule %q: duplicate rule id (also rule #%d)", r.ID, j+1)
		} else {
			seen[r.ID] = i
		}
		rule := func(keys []any, format string, a ...any) {
			at(rp(keys...), "rule %s: %s", quoteID(name), fmt.Sprintf(format, a...))
		}
		if r.Entity == "" {
			rule(nil, "missing entity")
		} else if !idRe.MatchString(r.Entity) {
			rule([]any{"entity"}, "entity %q must be an entity id (lower-case letters, digits and dashes)", r.Entity)
		}
		if len(r.Categories) == 0 {
			rule([]any{"categories"}, "missing categories")
		}
		checkWords(r.Categories, Categories, "category", func(j int, msg string) { rule([]any{"categories", j}, "%s", msg) })
		if !slices.Contains(l.Categories, "any") {
			for j, c := range r.Categories {
				if slices.Contains(Categories, c) && !slices.Contains(l.Categories, c) {
					rule([]any{"categories", j}, "category %q is not among the list's categories", c)
				}
			}
		}
		checkWords(r.Uses, Uses, "use", func(j int, msg string) { rule([]any{"uses", j}, "%s", msg) })
		if r.Restricts != "" && !slices.Contains(Restricts, r.Restricts) {
			rule([]any{"restricts"}, "restricts %q must be one of %s", r.Restricts, strings.Join(Restricts, ", "))
		}
		switch r.Action {
		case ActionDeny, ActionWarn, ActionInfo:
		case "":
			rule(nil, "missing action")
		default:
			rule([]any{"action"}, "action %q must be deny, warn or info", r.Action)
		}
		if !r.From.IsZero() && !r.Until.IsZero() && !r.From.Before(r.Until.Time) {
			rule([]any{"until"}, "from %s is not before until %s", r.From, r.Until)
		}
		for j, d := range r.Deadlines {
			dp := []any{"deadlines", j}
			if d.Date.IsZero() {
				rule(dp, "deadline #%d has no date", j+1)
				continue
			}
			if strings.TrimSpace(d.Requirement) == "" {
				rule(dp, "deadline %s has no requirement", d.Date)
			}
			if j > 0 && !r.Deadlines[j-1].Date.IsZero() && !r.Deadlines[j-1].Date.Before(d.Date.Time) {
				rule(dp, "deadlines are not in date order: %s comes after %s", d.Date, r.Deadlines[j-1].Date)
			}
			if !r.Until.IsZero() && r.Until.Before(d.Date.Time) {
				rule(dp, "deadline %s is after the rule's until %s", d.Date, r.Until)
			}
		}
	}
	for i, n := range l.Notes {
		if strings.TrimSpace(n.Text) == "" {
			at(p("notes", i), "note #%d has no text", i+1)
		}
	}
	for i := range l.Entities {
		e := &l.Entities[i]
		e.File = l.File
		if err := e.Validate(); err != nil {
			line := loc.line("entities", i)
			for _, ee := range flatten(err) {
				var ye *yamlstrict.Error
				if errors.As(ee, &ye) && ye.Line == 0 {
					c := *ye
					c.Line = line
					ee = &c
				}
				errs = append(errs, ee)
			}
		}
	}
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	}
	return errs
}

// Restricts lists the acts a rule can restrict.
var Restricts = []string{
	RestrictsPurchase, RestrictsInstall, RestrictsUse,
	RestrictsAuthorization, RestrictsExport, RestrictsDesignation,
}

func checkWords(got, vocab []string, what string, bad func(i int, msg string)) {
	seen := map[string]bool{}
	for i, w := range got {
		switch {
		case !slices.Contains(vocab, w):
			bad(i, fmt.Sprintf("unknown %s %q (want one of %s)", what, w, strings.Join(vocab, ", ")))
		case seen[w]:
			bad(i, fmt.Sprintf("%s %q is listed twice", what, w))
		}
		seen[w] = true
	}
}

func firstSet(ds ...Date) Date {
	for _, d := range ds {
		if !d.IsZero() {
			return d
		}
	}
	return Date{}
}

func quoteID(id string) string {
	if strings.HasPrefix(id, "#") {
		return id
	}
	return fmt.Sprintf("%q", id)
}

func p(keys ...any) []any { return keys }

func flatten(err error) []error {
	var es yamlstrict.Errors
	if errors.As(err, &es) {
		var out []error
		for _, e := range es {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

// LoadFS loads every restriction list in fsys: each <dir>/*.yaml except the
// vendors/ and schema/ directories. Lists are returned sorted by id; a list id
// used twice is an error naming both files.
func LoadFS(fsys fs.FS) ([]*List, error) {
	names, err := fs.Glob(fsys, "*/*.yaml")
	if err != nil {
		return nil, err
	}
	var lists []*List
	var errs yamlstrict.Errors
	byID := map[string]string{}
	for _, n := range names {
		if slices.Contains(skipDirs, path.Dir(n)) {
			continue
		}
		data, err := readLimited(fsys, n)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		l, err := Parse(n, data)
		if err != nil {
			errs = append(errs, flatten(err)...)
			continue
		}
		if other, dup := byID[l.ID]; dup {
			errs = append(errs, &yamlstrict.Error{File: n, Msg: fmt.Sprintf("duplicate list id %q (also in %s)", l.ID, other)})
			continue
		}
		byID[l.ID] = n
		lists = append(lists, l)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	sort.Slice(lists, func(i, j int) bool { return lists[i].ID < lists[j].ID })
	return lists, nil
}

// LoadFile loads a user's own restriction list from a file, reading at most
// yamlstrict.MaxFileSize bytes.
func LoadFile(name string) (*List, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := readAll(name, f)
	if err != nil {
		return nil, err
	}
	return Parse(name, data)
}

func readLimited(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAll(name, f)
}

func readAll(name string, r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, yamlstrict.MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > yamlstrict.MaxFileSize {
		return nil, &yamlstrict.Error{File: name, Msg: fmt.Sprintf("file is larger than %d bytes", yamlstrict.MaxFileSize)}
	}
	return data, nil
}

// locator finds the line of a key or sequence item in the YAML node tree of
// a file. The tree is decoded on the first question (only files with a
// problem ask one), once. A nil locator knows no lines and answers 0.
type locator struct {
	root func() *yaml.Node
}

func newLocator(data []byte) *locator {
	return &locator{root: sync.OnceValue(func() *yaml.Node {
		var root yaml.Node
		_ = yaml.Unmarshal(data, &root)
		return &root
	})}
}

// line returns the line of the node at path (string keys, int indices), or
// of the deepest node on the path that exists; 0 without a tree.
func (lc *locator) line(path ...any) int {
	if lc == nil {
		return 0
	}
	n := lc.root()
	if n.Kind == 0 {
		return 0
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	// A path whose first step is missing (a missing top-level key) has no
	// line; deeper, the line of the nearest existing parent is the best
	// answer (a rule missing its action is reported at the rule).
	line := 0
	for _, step := range path {
		switch s := step.(type) {
		case string:
			if n.Kind != yaml.MappingNode {
				return line
			}
			found := false
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == s {
					line = n.Content[i].Line
					n = n.Content[i+1]
					found = true
					break
				}
			}
			if !found {
				return line
			}
		case int:
			if n.Kind != yaml.SequenceNode || s < 0 || s >= len(n.Content) {
				return line
			}
			n = n.Content[s]
			line = n.Line
		}
	}
	return line
}

// placeDateError adds a line to an "invalid date" error, which the YAML
// decoder reports without one, by finding the offending scalar.
func (lc *locator) placeDateError(err error) error {
	var ye *yamlstrict.Error
	if !errors.As(err, &ye) || ye.Line != 0 || lc == nil {
		return err
	}
	m := invalidDateRe.FindStringSubmatch(ye.Msg)
	if m == nil {
		return err
	}
	var find func(n *yaml.Node) int
	find = func(n *yaml.Node) int {
		if n.Kind == yaml.ScalarNode && n.Value == m[1] {
			return n.Line
		}
		for _, c := range n.Content {
			if l := find(c); l > 0 {
				return l
			}
		}
		return 0
	}
	if line := find(lc.root()); line > 0 {
		c := *ye
		c.Line = line
		return &c
	}
	return err
}
