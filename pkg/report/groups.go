package report

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/catalog"
	"github.com/vendorcheck/vendorcheck/pkg/policy"
)

// Group kinds: what a group's key names.
const (
	GroupHost = "host" // a machine or product (dmidecode system serial, SBOM metadata component, inventory host)
	GroupSite = "site" // a site, for components that name a site but no host
	GroupFile = "file" // an input that names neither
)

// Group is the part of an audit about one host, site or input file.
type Group struct {
	Key  string `json:"key"`
	Kind string `json:"kind"`
	// Site is the site the group's components name, if any.
	Site string `json:"site,omitempty"`
	// Inputs are the files the group's components came from.
	Inputs []string `json:"inputs"`
	// Components counts the group's components (all of them, with or
	// without a vendor signal).
	Components int `json:"components"`
	Attributed int `json:"attributed"`
	Unassessed int `json:"unassessed"`
	// Findings counts the group's verdicts (component and entity) by
	// action (deny, warn, info): components, not rule hits.
	Findings map[string]int `json:"findings"`
	// Entities are the entities the group's findings name, in order.
	Entities []string `json:"entities,omitempty"`
}

// GroupKey returns the key and kind of the group a component belongs to:
// its host, else its site, else its file.
func GroupKey(c Component) (key, kind string) {
	switch {
	case c.Host != "":
		return c.Host, GroupHost
	case c.Site != "":
		return c.Site, GroupSite
	}
	return c.File, GroupFile
}

// ComputeGroups sorts the result's components into groups by host, site or file
// (Result.Groups), in order: groups with denials first, then by kind and
// key. Components of an input that the result does not list (those with a
// vendor signal that named no restricted entity) are counted in the group of
// the input's host (Input.Hosts, else the one host its listed components
// name), else in the group of the file.
func ComputeGroups(res *Result) {
	groups := map[string]*Group{}
	id := func(key, kind string) string { return kind + "\x00" + key }
	get := func(key, kind string) *Group {
		g := groups[id(key, kind)]
		if g == nil {
			g = &Group{Key: key, Kind: kind, Inputs: []string{}, Findings: map[string]int{"deny": 0, "warn": 0, "info": 0}}
			groups[id(key, kind)] = g
		}
		return g
	}
	addInput := func(g *Group, file string) {
		for _, f := range g.Inputs {
			if f == file {
				return
			}
		}
		g.Inputs = append(g.Inputs, file)
	}
	addSite := func(g *Group, site string) {
		if site != "" && g.Site == "" {
			g.Site = site
		}
	}
	// listed counts, per file and group, the components the result lists.
	type fileGroup struct{ file, group string }
	listed := map[fileGroup]int{}
	hostsOf := map[string]map[string]bool{} // file -> group ids seen
	see := func(c Component) *Group {
		key, kind := GroupKey(c)
		g := get(key, kind)
		addInput(g, c.File)
		addSite(g, c.Site)
		if hostsOf[c.File] == nil {
			hostsOf[c.File] = map[string]bool{}
		}
		hostsOf[c.File][id(key, kind)] = true
		return g
	}
	for _, a := range res.Attributed {
		g := see(a.Component)
		g.Attributed++
		listed[fileGroup{a.Component.File, id(GroupKey(a.Component))}]++
	}
	for _, c := range res.Unassessed {
		g := see(c)
		g.Unassessed++
		listed[fileGroup{c.File, id(GroupKey(c))}]++
	}
	for _, u := range res.UnlistedUnassessed {
		c := Component{File: u.File, Host: u.Host, Site: u.Site}
		g := see(c)
		g.Unassessed += u.Components
		listed[fileGroup{c.File, id(GroupKey(c))}] += u.Components
	}
	// Counts are components: each verdict (component and entity) counts
	// once, by its action.
	entities := map[*Group]map[string]bool{}
	for _, v := range VerdictsOf(res) {
		g := see(v.Component)
		g.Findings[string(v.Action)]++
		if entities[g] == nil {
			entities[g] = map[string]bool{}
		}
		entities[g][v.Entity] = true
	}
	// Component totals come from the inputs.
	for _, in := range res.Inputs {
		if in.Error != "" {
			continue
		}
		if len(in.Hosts) > 0 {
			rest := in.Components
			for _, h := range in.Hosts {
				g := get(h.Key, h.Kind)
				addInput(g, in.File)
				addSite(g, h.Site)
				g.Components += h.Components
				rest -= h.Components
			}
			if rest > 0 {
				g := get(in.File, GroupFile)
				addInput(g, in.File)
				g.Components += rest
			}
			continue
		}
		seen := hostsOf[in.File]
		if len(seen) == 1 {
			for k := range seen {
				groups[k].Components += in.Components
			}
			continue
		}
		// Several groups, or none: each listed component counts in its
		// own group and the rest in the file's.
		rest := in.Components
		for k := range seen {
			n := listed[fileGroup{in.File, k}]
			groups[k].Components += n
			rest -= n
		}
		if rest > 0 || len(seen) == 0 {
			g := get(in.File, GroupFile)
			addInput(g, in.File)
			g.Components += rest
		}
	}
	res.Groups = make([]Group, 0, len(groups))
	for _, g := range groups {
		for e := range entities[g] {
			g.Entities = append(g.Entities, e)
		}
		sort.Strings(g.Entities)
		sort.Strings(g.Inputs)
		res.Groups = append(res.Groups, *g)
	}
	kindRank := map[string]int{GroupHost: 0, GroupSite: 1, GroupFile: 2}
	sort.Slice(res.Groups, func(i, j int) bool {
		a, b := res.Groups[i], res.Groups[j]
		if (a.Findings["deny"] > 0) != (b.Findings["deny"] > 0) {
			return a.Findings["deny"] > 0
		}
		if a.Kind != b.Kind {
			return kindRank[a.Kind] < kindRank[b.Kind]
		}
		return a.Key < b.Key
	})
}

// DeadlineInfo is one upcoming date on the audit's timeline: a rule coming
// into force or a deadline of a rule, with how many components it affects.
type DeadlineInfo struct {
	Date string `json:"date"`
	// Kind is "effective" (the rule comes into force) or "deadline".
	Kind         string `json:"kind"`
	List         string `json:"list"`
	Jurisdiction string `json:"jurisdiction,omitempty"`
	Rule         string `json:"rule"`
	Entity       string `json:"entity"`
	Requirement  string `json:"requirement"`
	// DaysRemaining counts days from the as-of date.
	DaysRemaining int `json:"days_remaining"`
	// Affected counts the distinct components with a finding about it.
	Affected int `json:"affected"`
}

// ComputeDeadlines fills Result.Deadlines: every date after the as-of date at which
// one of the applied lists' rules comes into force or has a deadline, with
// the components affected (findings of that list and rule whose pending
// deadline or effective date it is). Lists may be nil; then
// only the dates the findings name are listed.
func ComputeDeadlines(res *Result, lists []*policy.List) {
	asOf, err := catalog.ParseDate(res.Parameters.AsOf)
	type key struct{ date, list, rule string }
	infos := map[key]*DeadlineInfo{}
	affected := map[key]map[Place]bool{}
	add := func(k key, d DeadlineInfo) *DeadlineInfo {
		if i := infos[k]; i != nil {
			return i
		}
		d.Date, d.List, d.Rule = k.date, k.list, k.rule
		if err == nil {
			if t, e := catalog.ParseDate(k.date); e == nil {
				d.DaysRemaining = int(t.Sub(asOf.Time).Hours() / 24)
			}
		}
		infos[k] = &d
		return &d
	}
	for _, l := range lists {
		if l.Status == policy.StatusProposal {
			continue
		}
		for _, r := range l.Rules {
			from := l.Effective
			if r.From.After(from.Time) {
				from = r.From
			}
			if err == nil && !from.IsZero() && from.After(asOf.Time) {
				add(key{from.String(), l.ID, r.ID}, DeadlineInfo{Kind: "effective", Jurisdiction: l.Jurisdiction,
					Entity: r.Entity, Requirement: auditFirstNonEmpty(r.Note, l.Scope, "rule comes into force")})
			}
			for _, dl := range r.Deadlines {
				if err == nil && dl.Date.After(asOf.Time) {
					add(key{dl.Date.String(), l.ID, r.ID}, DeadlineInfo{Kind: "deadline", Jurisdiction: l.Jurisdiction,
						Entity: r.Entity, Requirement: dl.Requirement})
				}
			}
		}
	}
	for _, f := range res.Findings {
		// A finding speaks of a future date when its rule is not yet in
		// force or its next deadline is pending, whatever decided its
		// action (a use-conditional finding carries the dates too).
		var date, kind string
		switch {
		case f.Deadline != "" && f.Deadline > res.Parameters.AsOf:
			date, kind = f.Deadline, "deadline"
		case f.Status == "upcoming" && f.Effective > res.Parameters.AsOf:
			date, kind = f.Effective, "effective"
		default:
			continue
		}
		k := key{date, f.List, f.Rule}
		req := f.Message
		if strings.HasPrefix(req, "applies only where") {
			// "applies only where used for X (declare with --use): ..."
			if _, rest, ok := strings.Cut(req, "): "); ok {
				req = rest
			}
		}
		if kind == "deadline" {
			// "REQUIREMENT by DATE (N days left)"
			if i := strings.LastIndex(req, " by "+date); i > 0 {
				req = req[:i]
			}
		}
		add(k, DeadlineInfo{Kind: kind, Jurisdiction: f.Jurisdiction, Entity: f.Entity, Requirement: req})
		if affected[k] == nil {
			affected[k] = map[Place]bool{}
		}
		affected[k][PlaceOf(f.Component)] = true
	}
	res.Deadlines = make([]DeadlineInfo, 0, len(infos))
	for k, d := range infos {
		d.Affected = len(affected[k])
		res.Deadlines = append(res.Deadlines, *d)
	}
	sort.Slice(res.Deadlines, func(i, j int) bool {
		a, b := res.Deadlines[i], res.Deadlines[j]
		if a.Date != b.Date {
			return a.Date < b.Date
		}
		if a.List != b.List {
			return a.List < b.List
		}
		return a.Rule < b.Rule
	})
}

// Place tells components apart as their Where and name do, without
// building a string of them: a name may be 1 MiB, and a map keyed by Place
// copies none of it.
type Place struct {
	file, ref, name string
	line            int
}

// PlaceOf returns the component's Place.
func PlaceOf(c Component) Place {
	k := Place{file: c.File, ref: c.Ref, name: c.Name}
	if c.Ref == "" {
		k.line = c.Line
	}
	return k
}

func auditFirstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// GroupTable writes the audit's summary for a terminal: one row per host,
// site or file with its counts, then the totals.
type GroupTable struct{}

func (GroupTable) ID() string { return "groups" }
func (GroupTable) Description() string {
	return "one row per host, site or file with its counts (the audit's default)"
}

func (GroupTable) Render(w io.Writer, r *Result, opt Options) error {
	r = SafeResult(r) // text from inputs shown escaped (safe.go)
	r = WithGroups(r)
	g := &grid{}
	// DENY, WARN and INFO count the group's components by verdict.
	g.add(nil, "GROUP", "KIND", "SITE", "INPUTS", "COMPONENTS", "UNASSESSED", "DENY", "WARN", "INFO", "ENTITIES")
	itoa := strconv.Itoa
	for _, gr := range r.Groups {
		var color []string
		if opt.Color && gr.Findings["deny"] > 0 {
			color = []string{"", "", "", "", "", "", ansiRed}
		}
		g.add(color, clip(textCell(gr.Key), 48), gr.Kind, clip(textCell(gr.Site), 24), itoa(len(gr.Inputs)),
			itoa(gr.Components), itoa(gr.Unassessed), itoa(gr.Findings["deny"]), itoa(gr.Findings["warn"]), itoa(gr.Findings["info"]),
			textCell(strings.Join(gr.Entities, ",")))
	}
	if err := g.write(w); err != nil {
		return err
	}
	fmt.Fprintln(w)
	s := r.Summary
	fmt.Fprintf(w, "%d group(s), %d file(s), %d component(s): %d attributed, %d unassessed (no vendor signal)\n",
		len(r.Groups), s.Files, s.Components, s.Attributed, s.Unassessed)
	byAction, flagged := VerdictCounts(VerdictsOf(r))
	fmt.Fprintf(w, "%d of %d components flagged: %d deny, %d warn, %d info; %d rule hits; %d verdict(s) at or above --fail-on %s\n",
		flagged, s.Components, byAction["deny"], byAction["warn"], byAction["info"], len(r.Findings), s.Failing,
		auditFirstNonEmpty(s.FailOnAction, "never"))
	if n := upcomingAffecting(r); n > 0 {
		fmt.Fprintf(w, "%d upcoming date(s) affect components; the first: %s\n", n, firstAffecting(r))
	}
	if s.FilesFailed > 0 {
		fmt.Fprintf(w, "%d file(s) could not be checked (see errors above)\n", s.FilesFailed)
	}
	return nil
}

// WithGroups returns r with groups and deadlines, computing them on a copy
// when the run did not (the findings' dates only: the lists are not at
// hand).
func WithGroups(r *Result) *Result {
	if r.Groups != nil && r.Deadlines != nil {
		return r
	}
	c := *r
	if c.Groups == nil {
		ComputeGroups(&c)
	}
	if c.Deadlines == nil {
		ComputeDeadlines(&c, nil)
	}
	return &c
}

func upcomingAffecting(r *Result) int {
	n := 0
	for _, d := range r.Deadlines {
		if d.Affected > 0 {
			n++
		}
	}
	return n
}

func firstAffecting(r *Result) string {
	for _, d := range r.Deadlines {
		if d.Affected > 0 {
			return textCell(fmt.Sprintf("%s %s/%s (%s, %d component(s))", d.Date, d.List, d.Rule, d.Entity, d.Affected))
		}
	}
	return ""
}
