package html

import (
	"bufio"
	"cmp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vendorcheck/vendorcheck/pkg/report"
)

// The parts of the report with a row per host or per verdict are written
// here directly, not by html/template: at fleet size the template's
// reflection was most of the audit's time.

// maxStaticDeny caps the deny verdicts written into the page itself (for
// reading without script and for printing); beyond it the report points at
// the full outputs.
const maxStaticDeny = 1000

// fullDetail says where the whole detail is.
const fullDetail = `the audit writes it in full with <code>-o xlsx=FILE</code>, <code>-o csv=FILE</code> or <code>-o json=FILE</code>`

// esc writes s with HTML's special characters escaped, for text and for
// quoted attribute values. A line break becomes a character reference, so
// no text from an input ever begins a line of the file.
func esc(w *bufio.Writer, s string) {
	start := 0
	for i := 0; i < len(s); i++ {
		var rep string
		switch s[i] {
		case '<':
			rep = "&lt;"
		case '>':
			rep = "&gt;"
		case '&':
			rep = "&amp;"
		case '"':
			rep = "&#34;"
		case '\'':
			rep = "&#39;"
		case '\n':
			rep = "&#10;"
		case '\r':
			rep = "&#13;"
		case 0:
			rep = "\uFFFD"
		default:
			continue
		}
		w.WriteString(s[start:i])
		w.WriteString(rep)
		start = i + 1
	}
	w.WriteString(s[start:])
}

func num(w *bufio.Writer, n int) { w.WriteString(strconv.Itoa(n)) }

// writeGroups writes the hosts, sites and files: every group, in the page
// itself, so the summary covers the whole fleet without script and on
// paper. It is a fixed-width text table, one element however large the
// fleet (the script draws the same groups as a paged table on screen).
// Each line begins with the counts, never with text from an input.
// Groups with denials come first (the result's order).
func writeGroups(w *bufio.Writer, groups []report.Group) {
	const maxKey = 48
	siteW, keyW := len("site"), len("group")
	for _, g := range groups {
		siteW = max(siteW, utf8.RuneCountInString(g.Site))
		keyW = max(keyW, min(maxKey, utf8.RuneCountInString(groupLabel(g))))
	}
	pad := func(s string, n int) {
		esc(w, s)
		for i := utf8.RuneCountInString(s); i < n; i++ {
			w.WriteByte(' ')
		}
	}
	numCol := func(n, width int) {
		s := strconv.Itoa(n)
		for i := len(s); i < width; i++ {
			w.WriteByte(' ')
		}
		w.WriteString(s)
	}
	w.WriteString(`<pre class="hosts" id="groups-text">`)
	w.WriteString(`<span class="head">deny warn info components attributed unassessed  `)
	pad("site", siteW)
	w.WriteString("  ")
	pad("group", keyW)
	w.WriteString("  entities</span>\n")
	for _, g := range groups {
		deny := g.Findings["deny"]
		if deny > 0 {
			w.WriteString(`<span class="has-deny">`)
		}
		numCol(deny, 4)
		numCol(g.Findings["warn"], 5)
		numCol(g.Findings["info"], 5)
		numCol(g.Components, 11)
		numCol(g.Attributed, 11)
		numCol(g.Unassessed, 11)
		w.WriteString("  ")
		pad(g.Site, siteW)
		w.WriteString("  ")
		pad(groupLabel(g), keyW)
		w.WriteString("  ")
		esc(w, strings.Join(g.Entities, ", "))
		if deny > 0 {
			w.WriteString(`</span>`)
		}
		w.WriteByte('\n')
	}
	w.WriteString("</pre>\n")
	w.WriteString(`<div class="noprint js-only" id="groups-list"></div>` + "\n")
}

// groupLabel is a group's key, with its kind unless it is a host.
func groupLabel(g report.Group) string {
	if g.Kind == report.GroupHost {
		return g.Key
	}
	return g.Key + " (" + g.Kind + ")"
}

// writeDeny writes the deny verdicts as a static table (at most
// maxStaticDeny of them): what the report shows without script, and what
// it prints.
func writeDeny(w *bufio.Writer, verdicts []report.Verdict, deny int) {
	w.WriteString(`<section id="deny-verdicts">
<h2>Deny verdicts</h2>
`)
	if deny == 0 {
		w.WriteString(`<p class="none">No component is denied.</p>` + "\n</section>\n")
		return
	}
	shown := min(deny, maxStaticDeny)
	w.WriteString(`<p class="note">`)
	if shown < deny {
		w.WriteString("The first ")
		num(w, shown)
		w.WriteString(" of ")
		num(w, deny)
		w.WriteString(" deny verdicts; ")
		w.WriteString(fullDetail)
		w.WriteString(".")
	} else {
		num(w, deny)
		w.WriteString(" deny verdict(s), decided by the rule named; the rule hits and evidence of every verdict are in the findings table (with script), and ")
		w.WriteString(fullDetail)
		w.WriteString(".")
	}
	w.WriteString("</p>\n")
	w.WriteString(`<table class="grid" id="deny-table">
<thead><tr><th>entity</th><th>component</th><th>where</th><th>why</th><th>deadline</th><th>confidence</th></tr></thead>
<tbody>
`)
	n := 0
	for i := range verdicts {
		v := &verdicts[i]
		if v.Action != "deny" {
			continue
		}
		if n == shown {
			break
		}
		n++
		h := v.Hits[0]
		w.WriteString(`<tr class="deny" data-fingerprint="`)
		esc(w, v.Fingerprint)
		w.WriteString(`"><td>`)
		esc(w, cmp.Or(v.EntityName, v.Entity))
		if v.Waived {
			w.WriteString(` <span class="badge waived">waived</span>`)
		}
		if v.Baseline {
			w.WriteString(` <span class="badge baseline">baseline</span>`)
		}
		w.WriteString(`</td><td class="comp">`)
		esc(w, v.Component.Label())
		w.WriteString(`</td><td class="where">`)
		if v.Component.Host != "" {
			esc(w, v.Component.Host)
			w.WriteString(" · ")
		}
		esc(w, v.Component.Where())
		w.WriteString(`</td><td>`)
		if v.Organisation {
			w.WriteString("organisation policy: ")
		}
		w.WriteString(`<a href="#rule-`)
		esc(w, v.List)
		w.WriteString("-")
		esc(w, v.Rule)
		w.WriteString(`">`)
		esc(w, v.List)
		w.WriteString("/")
		esc(w, v.Rule)
		w.WriteString(`</a> `)
		esc(w, v.Why)
		if v.Also > 0 {
			w.WriteString(" (+")
			num(w, v.Also)
			w.WriteString(" rule(s))")
		}
		w.WriteString(`</td><td>`)
		esc(w, deadlineText(h))
		w.WriteString(`</td><td>`)
		esc(w, v.Confidence.String())
		w.WriteString("</td></tr>\n")
	}
	w.WriteString("</tbody>\n</table>\n</section>\n")
}
