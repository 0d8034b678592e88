// Package html renders a result as one self-contained HTML audit report.
// It lives apart from package report so that only programs that register
// it carry its assets.
package html

import (
	"bufio"
	"cmp"
	"embed"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"
	"sync"

	"github.com/vendorcheck/vendorcheck/pkg/report"
)

// Format writes one self-contained audit report: inline CSS, inline SVG
// charts and a little inline script (sorting and filtering the findings);
// nothing is fetched from the network, so it reads offline and prints.
//
// Every piece of text is escaped by html/template: component names and
// references come from untrusted files. The output holds no timestamp
// besides the as-of date, so the same result renders to the same bytes.
type Format struct{}

func (Format) ID() string { return "html" }
func (Format) Description() string {
	return "a self-contained audit report (one file, offline, printable): summary, charts, deadlines, findings with evidence"
}

//go:embed htmlassets/report.html.tmpl htmlassets/report.css htmlassets/report.js
var htmlAssets embed.FS

// htmlTemplate is parsed on the first report rendered, not at start-up.
var htmlTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("report.html.tmpl").Funcs(template.FuncMap{
		"upper": strings.ToUpper,
		"join":  strings.Join,
	}).ParseFS(htmlAssets, "htmlassets/report.html.tmpl"))
})

func mustAsset(name string) string {
	b, err := htmlAssets.ReadFile("htmlassets/" + name)
	if err != nil {
		panic(err) // embedded at build time
	}
	return string(b)
}

// htmlCount is one row of a count table (by jurisdiction, by entity).
type htmlCount struct {
	Key, Label            string
	Deny, Warn, Info, All int
	Components            int
}

// htmlBar is one bar of the exposure chart: an entity, its segments by
// jurisdiction.
type htmlBar struct {
	Label    string
	Y        int
	TextY    int
	Total    int
	TotalX   int
	Segments []htmlSegment
}

type htmlSegment struct {
	X, W         int
	Color, Title string
}

type htmlLegend struct {
	X, Y         int
	Color, Label string
}

type htmlChart struct {
	Width, Height int
	LabelWidth    int
	Bars          []htmlBar
	Legend        []htmlLegend
	Ticks         []htmlTick
	AxisY         int
}

type htmlTick struct {
	X     int
	Label string
}

// htmlFinding is a verdict (component and entity) as the findings table
// shows it: one row, with its rule hits in the row's details.
type htmlFinding struct {
	report.Verdict
	// D is the deciding hit.
	D             report.Hit
	HitLines      []htmlHit
	Index         int
	ActionRank    int
	ComponentText string
	WhereText     string
	DeadlineText  string
	Search        string
}

// htmlHit is one rule hit under a verdict.
type htmlHit struct {
	report.Hit
	Why string
}

// htmlList is a list the findings cite, with its legal scope (shown once,
// not in every finding).
type htmlList struct {
	ID, Title, Jurisdiction, Citation, URL, Scope string
	Findings                                      int
	// Rules are the list's rules the findings hit, each with its text,
	// printed here once: a finding links to its rule instead of repeating
	// the text (at fleet size the repeats were most of the report).
	Rules []htmlRule
	seen  map[string]bool
}

// htmlRule is one rule of a cited list and its text.
type htmlRule struct {
	ID, Message string
}

type htmlTimeline struct {
	report.DeadlineInfo
	Past  bool
	Class string
}

type htmlView struct {
	R              *report.Result
	CSS            template.CSS
	JS             template.JS
	Title          string
	Verdict        string
	VerdictClass   string
	ByJurisdiction []htmlCount
	ByEntity       []htmlCount
	Chart          *htmlChart
	Findings       []htmlFinding
	Timeline       []htmlTimeline
	Cited          []htmlList
	Affecting      int
	Waived         int
	Baseline       int
	FailOn         string
	// Deny, Warn and Info count components by their strongest verdict.
	Deny, Warn, Info int
}

// jurisdictionColors are the chart's segment colours, in jurisdiction
// order; chosen to stay distinct when printed in grey.
var jurisdictionColors = []string{
	"#1f4e79", "#c0504d", "#9bbb59", "#8064a2", "#f79646", "#4bacc6",
	"#7f6000", "#d16ba5", "#2e8b57", "#595959", "#b8860b", "#00688b",
}

func (Format) Render(w io.Writer, r *report.Result, _ report.Options) error {
	r = report.SafeResult(r) // text from inputs shown escaped
	v := buildHTMLView(r)
	// The template writes many small pieces: buffer them.
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := htmlTemplate().Execute(bw, v); err != nil {
		return err
	}
	return bw.Flush()
}

func buildHTMLView(r *report.Result) *htmlView {
	r = report.WithGroups(r)
	v := &htmlView{
		R:     r,
		CSS:   template.CSS(mustAsset("report.css")),
		JS:    template.JS(mustAsset("report.js")),
		Title: "vendorcheck audit",
	}
	if r.Parameters.AsOf != "" {
		v.Title += " as of " + r.Parameters.AsOf
	}
	v.FailOn = r.Summary.FailOnAction
	if v.FailOn == "" {
		v.FailOn = "never"
	}
	switch {
	case len(r.Errors) > 0:
		v.Verdict = fmt.Sprintf("Incomplete: %d of %d input(s) could not be checked.", r.Summary.FilesFailed, r.Summary.Files)
		v.VerdictClass = "incomplete"
	case r.Summary.Failing > 0:
		v.Verdict = fmt.Sprintf("Failed: %d verdict(s) at or above --fail-on %s.", r.Summary.Failing, v.FailOn)
		v.VerdictClass = "failed"
	default:
		v.Verdict = fmt.Sprintf("Passed: no verdict at or above --fail-on %s.", v.FailOn)
		v.VerdictClass = "passed"
	}
	byJ := map[string]*htmlCount{}
	byE := map[string]*htmlCount{}
	compsJ := map[string]map[string]bool{}
	compsE := map[string]map[string]bool{}
	cell := map[[2]string]int{} // entity, deciding jurisdiction -> verdicts
	jurisdictions := map[string]bool{}
	cited := map[string]*htmlList{}
	// Counts are components: a verdict (component and entity) counts once,
	// by its action; per jurisdiction, by the strongest hit of that
	// jurisdiction's lists. The chart puts each verdict under the
	// jurisdiction of its deciding list.
	count := func(m map[string]*htmlCount, comps map[string]map[string]bool, key, label string, rank int, c report.Component) {
		hc := m[key]
		if hc == nil {
			hc = &htmlCount{Key: key, Label: label}
			m[key] = hc
			comps[key] = map[string]bool{}
		}
		switch rank {
		case 3:
			hc.Deny++
		case 2:
			hc.Warn++
		case 1:
			hc.Info++
		}
		hc.All++
		comps[key][c.File+"\x00"+c.Where()+"\x00"+c.Name] = true
	}
	vs := report.VerdictsOf(r)
	byAction, _ := report.VerdictCounts(vs)
	v.Deny, v.Warn, v.Info = byAction["deny"], byAction["warn"], byAction["info"]
	for i := range vs {
		vd := &vs[i]
		best := map[string]int{}
		for _, h := range vd.Hits {
			j := h.Jurisdiction
			if j == "" {
				j = "?"
			}
			if h.Action.Rank() > best[j] {
				best[j] = h.Action.Rank()
			}
			l := cited[h.List]
			if l == nil {
				l = &htmlList{ID: h.List, Title: h.ListTitle, Jurisdiction: h.Jurisdiction, Citation: h.Citation, URL: h.URL, Scope: h.Scope}
				cited[h.List] = l
			}
			l.Findings++
			if !l.seen[h.Rule] {
				if l.seen == nil {
					l.seen = map[string]bool{}
				}
				l.seen[h.Rule] = true
				l.Rules = append(l.Rules, htmlRule{ID: h.Rule, Message: h.Message})
			}
		}
		for j, rank := range best {
			count(byJ, compsJ, j, j, rank, vd.Component)
		}
		count(byE, compsE, vd.Entity, cmp.Or(vd.EntityName, vd.Entity), vd.Action.Rank(), vd.Component)
		j := cmp.Or(vd.Jurisdiction, "?")
		jurisdictions[j] = true
		cell[[2]string{vd.Entity, j}]++
		if vd.Waived {
			v.Waived++
		}
		if vd.Baseline {
			v.Baseline++
		}
		v.Findings = append(v.Findings, htmlFindingOf(i, vd))
	}
	for _, l := range cited {
		sort.Slice(l.Rules, func(i, j int) bool { return l.Rules[i].ID < l.Rules[j].ID })
		v.Cited = append(v.Cited, *l)
	}
	sort.Slice(v.Cited, func(i, j int) bool { return v.Cited[i].ID < v.Cited[j].ID })
	v.ByJurisdiction = sortedCounts(byJ, compsJ)
	v.ByEntity = sortedCounts(byE, compsE)
	v.Chart = exposureChart(v.ByEntity, cell, jurisdictions)
	for _, d := range r.Deadlines {
		t := htmlTimeline{DeadlineInfo: d, Past: d.DaysRemaining < 0, Class: "quiet"}
		if d.Affected > 0 {
			t.Class = "affects"
			v.Affecting++
		}
		v.Timeline = append(v.Timeline, t)
	}
	return v
}

func htmlFindingOf(i int, vd *report.Verdict) htmlFinding {
	h := htmlFinding{Verdict: *vd, D: vd.Hits[0], Index: i, ActionRank: vd.Action.Rank()}
	for _, x := range vd.Hits {
		h.HitLines = append(h.HitLines, htmlHit{Hit: x, Why: report.HitWhy(x.Finding)})
	}
	h.ComponentText = vd.Component.Label()
	h.WhereText = vd.Component.Where()
	d := h.D
	switch {
	case d.Deadline != "":
		h.DeadlineText = d.Deadline
	case d.Status == "upcoming" && d.Effective != "":
		h.DeadlineText = d.Effective
	}
	h.Search = strings.ToLower(strings.Join([]string{string(vd.Action), vd.Entity, vd.EntityName, h.ComponentText,
		vd.Component.Host, vd.Component.Site, h.WhereText, vd.List, vd.Jurisdiction, vd.Rule, vd.Status, vd.Why,
		vd.Confidence.String(), h.DeadlineText}, " "))
	return h
}

func sortedCounts(m map[string]*htmlCount, comps map[string]map[string]bool) []htmlCount {
	out := make([]htmlCount, 0, len(m))
	for k, c := range m {
		c.Components = len(comps[k])
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Deny != b.Deny {
			return a.Deny > b.Deny
		}
		if a.All != b.All {
			return a.All > b.All
		}
		return a.Key < b.Key
	})
	return out
}

// exposureChart lays out a horizontal stacked bar per entity, one segment
// per jurisdiction, scaled to the largest bar.
func exposureChart(entities []htmlCount, cell map[[2]string]int, jurisdictions map[string]bool) *htmlChart {
	if len(entities) == 0 {
		return nil
	}
	js := make([]string, 0, len(jurisdictions))
	for j := range jurisdictions {
		js = append(js, j)
	}
	sort.Strings(js)
	const barH, gap, plotW, labelW = 18, 8, 560, 170
	c := &htmlChart{LabelWidth: labelW, Width: labelW + plotW + 60}
	max := 0
	for _, e := range entities {
		if e.All > max {
			max = e.All
		}
	}
	scale := func(n int) int { return n * plotW / max }
	y := 10
	for _, e := range entities {
		b := htmlBar{Label: e.Label, Y: y, TextY: y + barH - 5, Total: e.All}
		x := labelW
		for ji, j := range js {
			n := cell[[2]string{e.Key, j}]
			if n == 0 {
				continue
			}
			w := scale(n)
			if w < 2 {
				w = 2
			}
			b.Segments = append(b.Segments, htmlSegment{X: x, W: w, Color: jurisdictionColors[ji%len(jurisdictionColors)],
				Title: fmt.Sprintf("%s × %s: %d component(s)", e.Label, j, n)})
			x += w
		}
		b.TotalX = x + 6
		c.Bars = append(c.Bars, b)
		y += barH + gap
	}
	c.AxisY = y
	for _, t := range htmlTicks(max) {
		c.Ticks = append(c.Ticks, htmlTick{X: labelW + scale(t), Label: fmt.Sprint(t)})
	}
	y += 34
	x := labelW
	for ji, j := range js {
		w := 20 + 8*len([]rune(j)) + 18
		if x+w > c.Width && x > labelW {
			x = labelW
			y += 20
		}
		c.Legend = append(c.Legend, htmlLegend{X: x, Y: y, Color: jurisdictionColors[ji%len(jurisdictionColors)], Label: j})
		x += w
	}
	c.Height = y + 16
	return c
}

// htmlTicks chooses up to five round axis ticks from 0 to max.
func htmlTicks(max int) []int {
	step := 1
	for _, s := range []int{1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000} {
		step = s
		if max/s <= 5 {
			break
		}
	}
	var out []int
	for t := 0; t <= max; t += step {
		out = append(out, t)
	}
	return out
}
