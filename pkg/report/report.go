package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/internal/jsonout"
)

// Options tune rendering.
type Options struct {
	// Color enables ANSI colour (table only; set on a terminal).
	Color bool
	// Hits lists the rule hits under each verdict (table: -v).
	Hits bool
	// Verbose adds detail (table: messages and evidence lines; -vv).
	Verbose bool
	// SourceRoot is the absolute path of the repository root that the
	// formats read by code hosts (SARIF, codequality) make file names
	// relative to; WorkDir is the absolute directory that relative file
	// names are relative to. Empty: file names stay as given.
	SourceRoot string
	WorkDir    string
}

// Reporter renders a result in one format.
type Reporter interface {
	// ID is the format's name as given to -o.
	ID() string
	// Description is a one-line help text.
	Description() string
	Render(w io.Writer, r *Result, opt Options) error
}

// Registry is the ordered list of output formats.
type Registry struct {
	list []Reporter
	byID map[string]Reporter
}

// NewRegistry builds a registry; a duplicate id panics (a programming error).
func NewRegistry(rs ...Reporter) *Registry {
	reg := &Registry{byID: map[string]Reporter{}}
	for _, r := range rs {
		if _, dup := reg.byID[r.ID()]; dup {
			panic("report: duplicate format " + r.ID())
		}
		reg.byID[r.ID()] = r
		reg.list = append(reg.list, r)
	}
	return reg
}

// Default returns the registry of this package's formats. The heavy ones
// live in their own packages (report/sarif, report/html, report/xlsx), so a
// program links them only when it registers them: see NewRegistry.
func Default() *Registry {
	return NewRegistry(Table{}, JSON{}, JUnit{}, CodeQuality{}, Markdown{}, CSV{}, GroupTable{})
}

// Lookup finds a format.
func (g *Registry) Lookup(id string) (Reporter, bool) {
	r, ok := g.byID[id]
	return r, ok
}

// Reporters returns the formats in order.
func (g *Registry) Reporters() []Reporter { return append([]Reporter(nil), g.list...) }

// IDs lists the format names.
func (g *Registry) IDs() []string {
	ids := make([]string, len(g.list))
	for i, r := range g.list {
		ids[i] = r.ID()
	}
	return ids
}

// Help describes every format, one per line.
func (g *Registry) Help() string {
	var b strings.Builder
	for _, r := range g.list {
		fmt.Fprintf(&b, "  %-10s %s\n", r.ID(), r.Description())
	}
	return b.String()
}

// JSON writes the result as indented JSON (schema in docs/json-schema.md).
type JSON struct{}

func (JSON) ID() string { return "json" }
func (JSON) Description() string {
	return "the full result: findings with evidence and citations, inputs, summary (versioned schema)"
}

func (JSON) Render(w io.Writer, r *Result, _ Options) error {
	// Exact values: JSON escapes control characters, and the stream the
	// format characters (bidirectional overrides) encoding/json leaves raw.
	// The rule hits are written once, nested in their verdicts.
	c := *r
	if c.Verdicts == nil {
		c.Verdicts = []Verdict{}
	}
	c.Findings = nil
	// Written field by field (jsonwrite.go), handed to w a piece at a time.
	s := jsonout.NewStream(w)
	writeResult(s, &c)
	return s.End()
}

// sortedKeys returns a map's keys in order.
func sortedKeys(m map[string]int) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
