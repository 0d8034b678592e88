// Package html renders a result as one self-contained HTML audit report.
// It lives apart from package report so that only programs that register
// it carry its assets.
package html

import (
	"bufio"
	"cmp"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/vendorcheck/vendorcheck/pkg/internal/safetext"
	"github.com/vendorcheck/vendorcheck/pkg/report"
)

// Format writes one self-contained audit report: inline CSS, inline SVG
// charts, the findings as a compact JSON data block and a small inline
// script that draws them a page at a time (sorting and filtering the data,
// not the page); nothing is fetched from the network, so it reads offline
// and prints. The summary, every host and the deny verdicts are in the
// page itself, for reading without script and for printing.
//
// Every piece of text is escaped (by html/template, by esc, or as JSON
// that cannot close its script element) and the script puts text in with
// textContent: component names and references come from untrusted files.
// The output holds no timestamp besides the as-of date, so the same result
// renders to the same bytes.
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
		"upper":        strings.ToUpper,
		"join":         strings.Join,
		"unlistedNote": report.UnlistedNote,
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
	Title          string
	Verdict        string
	VerdictClass   string
	ByJurisdiction []htmlCount
	ByEntity       []htmlCount
	ByList         []htmlCount
	Chart          *htmlChart
	// Verdicts counts the findings table's rows; PageSize is how many the
	// script shows at a time.
	Verdicts, PageSize int
	// Formats counts the inputs by format, in words.
	Formats   string
	Timeline  []htmlTimeline
	Cited     []htmlList
	Affecting int
	Waived    int
	Baseline  int
	FailOn    string
	// Deny, Warn and Info count components by their strongest verdict.
	Deny, Warn, Info int
	// Hits counts the rule hits.
	Hits int
}

// jurisdictionColors are the chart's segment colours, in jurisdiction
// order; chosen to stay distinct when printed in grey.
var jurisdictionColors = []string{
	"#1f4e79", "#c0504d", "#9bbb59", "#8064a2", "#f79646", "#4bacc6",
	"#7f6000", "#d16ba5", "#2e8b57", "#595959", "#b8860b", "#00688b",
}

// pageSize is how many findings the script shows at a time.
const pageSize = 100

func (Format) Render(w io.Writer, r *report.Result, _ report.Options) error {
	r = report.WithGroups(r)
	vs := report.VerdictsOf(r)
	// The report shows verdicts, not the result's flat lists of rule hits
	// and attributions: those are left out before the text is made safe,
	// which walks everything it is given (at fleet size, most of the
	// render's time).
	hits := len(r.Findings)
	cited := citedLists(vs)
	slim := *r
	slim.Verdicts, slim.Findings, slim.Attributed = withoutRuleText(vs), nil, nil
	r = report.SafeResult(&slim) // text from inputs shown escaped
	vs = r.Verdicts
	// The data block is most of the work at fleet size: it is encoded on
	// another core while the page around it is written.
	data := make(chan [][]byte, 1)
	go func() { data <- encodeData(vs, r) }()
	v := buildHTMLView(r, vs, cited)
	v.Hits = hits
	a := assets()
	bw := bufio.NewWriterSize(w, 64<<10)
	t := htmlTemplate()
	if err := t.ExecuteTemplate(bw, "head", v); err != nil {
		return err
	}
	bw.WriteString(a.head)
	if err := t.ExecuteTemplate(bw, "summary", v); err != nil {
		return err
	}
	writeGroups(bw, r.Groups)
	if err := t.ExecuteTemplate(bw, "middle", v); err != nil {
		return err
	}
	writeDeny(bw, vs, v.Deny)
	if err := t.ExecuteTemplate(bw, "findings", v); err != nil {
		return err
	}
	if err := t.ExecuteTemplate(bw, "bottom", v); err != nil {
		return err
	}
	bw.WriteString(`<script type="application/json" id="report-data">`)
	for _, b := range <-data {
		bw.Write(b)
	}
	bw.WriteString("</script>\n")
	bw.WriteString(a.tail)
	return bw.Flush()
}

// reportAssets are the fixed parts of the page: the style sheet and the
// script, with the Content-Security-Policy that allows exactly them (by
// their SHA-256) and nothing else, so no markup an input smuggled in could
// run or load anything.
type reportAssets struct {
	head, tail string
}

var assets = sync.OnceValue(func() reportAssets {
	css, js := mustAsset("report.css"), mustAsset("report.js")
	hash := func(s string) string {
		h := sha256.Sum256([]byte(s))
		return "'sha256-" + base64.StdEncoding.EncodeToString(h[:]) + "'"
	}
	return reportAssets{
		head: `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ` + hash(css) +
			`; script-src ` + hash(js) + `; base-uri 'none'; form-action 'none'">` + "\n<style>" + css + "</style>\n",
		tail: "<script>" + js + "</script>\n</body>\n</html>\n",
	}
})

func buildHTMLView(r *report.Result, vs []report.Verdict, cited []htmlList) *htmlView {
	v := &htmlView{R: r, Title: "vendorcheck audit", Verdicts: len(vs), PageSize: pageSize, Cited: cited}
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
	byL := map[string]*htmlCount{}
	compsJ := map[string]map[report.Place]bool{}
	compsE := map[string]map[report.Place]bool{}
	cell := map[[2]string]int{} // entity, deciding jurisdiction -> verdicts
	jurisdictions := map[string]bool{}
	// Counts are components: a verdict (component and entity) counts once,
	// by its action; per jurisdiction, by the strongest hit of that
	// jurisdiction's lists. The chart puts each verdict under the
	// jurisdiction of its deciding list.
	count := func(m map[string]*htmlCount, comps map[string]map[report.Place]bool, key, label string, rank int, c report.Component) {
		hc := m[key]
		if hc == nil {
			hc = &htmlCount{Key: key, Label: label}
			m[key] = hc
			comps[key] = map[report.Place]bool{}
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
		comps[key][report.PlaceOf(c)] = true
	}
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
		lc := byL[vd.List]
		if lc == nil {
			lc = &htmlCount{Key: vd.List, Label: vd.ListTitle}
			byL[vd.List] = lc
		}
		switch vd.Action.Rank() {
		case 3:
			lc.Deny++
		case 2:
			lc.Warn++
		case 1:
			lc.Info++
		}
		lc.All++
	}
	v.ByJurisdiction = sortedCounts(byJ, compsJ)
	v.ByEntity = sortedCounts(byE, compsE)
	for _, c := range byL {
		v.ByList = append(v.ByList, *c)
	}
	sort.Slice(v.ByList, func(i, j int) bool {
		a, b := v.ByList[i], v.ByList[j]
		if a.Deny != b.Deny {
			return a.Deny > b.Deny
		}
		if a.All != b.All {
			return a.All > b.All
		}
		return a.Key < b.Key
	})
	v.Formats = inputFormats(r.Inputs)
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

// citedLists are the lists the verdicts' hits cite, each with the text of
// the rules hit, made safe to show.
func citedLists(vs []report.Verdict) []htmlList {
	cited := map[string]*htmlList{}
	for i := range vs {
		for _, h := range vs[i].Hits {
			l := cited[h.List]
			if l == nil {
				l = &htmlList{ID: safetext.Line(h.List), Title: safetext.Line(h.ListTitle), Jurisdiction: safetext.Line(h.Jurisdiction),
					Citation: safetext.Line(h.Citation), URL: safetext.Line(h.URL), Scope: safetext.Line(h.Scope)}
				cited[h.List] = l
			}
			l.Findings++
			if !l.seen[h.Rule] {
				if l.seen == nil {
					l.seen = map[string]bool{}
				}
				l.seen[h.Rule] = true
				l.Rules = append(l.Rules, htmlRule{ID: safetext.Line(h.Rule), Message: safetext.Line(h.Message)})
			}
		}
	}
	out := make([]htmlList, 0, len(cited))
	for _, l := range cited {
		sort.Slice(l.Rules, func(i, j int) bool { return l.Rules[i].ID < l.Rules[j].ID })
		out = append(out, *l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// withoutRuleText returns the verdicts with their hits' rule text,
// citation and scope left out: the report prints those once per rule
// (citedLists), and at fleet size making the same long texts safe again
// for every hit was most of the render's time.
func withoutRuleText(vs []report.Verdict) []report.Verdict {
	out := make([]report.Verdict, len(vs))
	hits := make([]report.Hit, 0, len(vs)*4)
	for i := range vs {
		out[i] = vs[i]
		start := len(hits)
		for _, h := range vs[i].Hits {
			// The hit's policy.Finding is the result's own: change a copy.
			pf := *h.Finding
			pf.Message, pf.Citation, pf.URL, pf.Scope = "", "", "", ""
			h.Finding = &pf
			hits = append(hits, h)
		}
		out[i].Hits = hits[start:len(hits):len(hits)]
	}
	return out
}

// inputFormats counts inputs by format: "dmidecode 667, cyclonedx 333".
func inputFormats(ins []report.Input) string {
	n := map[string]int{}
	for _, in := range ins {
		n[cmp.Or(in.Format, "unread")]++
	}
	keys := make([]string, 0, len(n))
	for k := range n {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if n[keys[i]] != n[keys[j]] {
			return n[keys[i]] > n[keys[j]]
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + " " + strconv.Itoa(n[k])
	}
	return strings.Join(parts, ", ")
}

func sortedCounts(m map[string]*htmlCount, comps map[string]map[report.Place]bool) []htmlCount {
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
