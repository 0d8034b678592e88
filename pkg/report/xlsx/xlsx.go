// Package xlsx renders a result as an Excel workbook for auditors.
// It lives apart from package report so that only programs that register
// it carry it. The workbook is written by the package itself
// (workbook.go), a sheet at a time, with no spreadsheet library.
package xlsx

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/vendorcheck/vendorcheck/pkg/catalog"
	"github.com/vendorcheck/vendorcheck/pkg/report"
)

// Format writes a workbook for auditors who work in a spreadsheet: one sheet
// per part of the result (Sheets), each a table with a frozen header
// row and an autofilter, dates as date cells, columns in a fixed order.
//
// Text from untrusted inputs is written as text cells, never as formulas.
type Format struct{}

func (Format) ID() string { return "xlsx" }
func (Format) Description() string {
	return "an Excel workbook: summary, hosts, verdicts, rule hits, deadlines, unassessed, waivers, lists, parameters"
}

// Sheets are the workbook's sheets, in order.
// "Verdicts" has one row per component and entity; "Findings" one row per
// rule hit.
var Sheets = []string{"Summary", "Hosts", "Verdicts", "Findings", "Deadlines", "Unassessed", "Waivers", "Lists", "Parameters"}

// VerdictColumns are the Verdicts sheet's columns, in order.
var VerdictColumns = []string{
	"Fingerprint", "Verdict", "Status", "Why", "Decided by", "Organisation policy", "Also", "Failing", "Waived", "Baseline",
	"Entity", "Entity name", "Confidence", "Component", "Version", "Kind", "Category", "Host", "Site", "File", "Ref", "Line", "PURL",
	"Deadline", "Citation", "Rules hit",
}

// FindingColumns are the Findings sheet's columns, in order.
var FindingColumns = []string{
	"Fingerprint", "Action", "Status", "Waived", "Baseline", "Entity", "Entity name", "Confidence", "Relation",
	"Component", "Version", "Kind", "Host", "Site", "File", "Ref", "Line", "PURL",
	"List", "List title", "Jurisdiction", "Rule", "Effective", "Deadline", "Days remaining", "Judged at",
	"Message", "Citation", "URL", "Evidence", "Waiver",
}

// xlsxMaxCell is Excel's limit on the characters of one cell.
const xlsxMaxCell = 32767

// xlsxDate marks a value to be written as a date cell.
type xlsxDate string

// xlsxSheet is one sheet: its header, and fill, which gives its rows to
// row. The sheet is filled twice: once to measure it (the column widths,
// which columns hold dates, the rows), since Excel wants the widths before
// the rows, and once to write it. No row is kept in between.
type xlsxSheet struct {
	name   string
	header []string
	fill   func(row func(vals ...any))

	widths []float64
	rows   int
	// dates: the columns that hold a date; mixed: the columns that also
	// hold other values, whose non-date cells keep the General format.
	dates, mixed []bool
	err          error

	sw *sheetWriter // while writing
}

func (Format) Render(w io.Writer, r *report.Result, _ report.Options) error {
	r = report.SafeResult(r) // text from inputs shown escaped
	sheets := xlsxSheets(r)
	infos := make([]sheetInfo, len(sheets))
	for i, sh := range sheets {
		if err := sh.measure(); err != nil {
			return fmt.Errorf("xlsx: sheet %s: %w", sh.name, err)
		}
		infos[i] = sheetInfo{name: sh.name, cols: len(sh.header), rows: sh.rows}
	}
	bw := newBookWriter(w)
	if err := bw.writeFrame(infos); err != nil {
		return err
	}
	for i, sh := range sheets {
		if err := sh.write(bw, i); err != nil {
			return fmt.Errorf("xlsx: sheet %s: %w", sh.name, err)
		}
	}
	return bw.close()
}

// xlsxSheets are the workbook's sheets, in the order of Sheets.
func xlsxSheets(r *report.Result) []*xlsxSheet {
	var sheets []*xlsxSheet
	sheet := func(name string, header []string, fill func(row func(vals ...any))) {
		sheets = append(sheets, &xlsxSheet{name: name, header: header, fill: fill})
	}

	// Summary: one metric a row.
	s := r.Summary
	vs := report.VerdictsOf(r)
	sheet("Summary", []string{"Metric", "Value"}, func(row func(...any)) {
		row("As of", xlsxDate(r.Parameters.AsOf))
		row("Verdict", xlsxVerdict(r))
		row("Inputs", s.Files)
		row("Inputs that could not be checked", s.FilesFailed)
		row("Components", s.Components)
		row("Attributed to a listed entity", s.Attributed)
		row("Unassessed (no vendor signal)", s.Unassessed)
		if s.UnassessedUnlisted > 0 {
			row("Unassessed not listed (--max-unassessed)", s.UnassessedUnlisted)
		}
		byAction, flagged := report.VerdictCounts(vs)
		row("Components flagged", flagged)
		for _, a := range []string{"deny", "warn", "info"} {
			row("Components: "+a, byAction[a])
		}
		for _, a := range []string{"deny", "warn", "info"} {
			row("Rule hits: "+a, s.Findings[a])
		}
		row("Verdicts failing (at or above --fail-on "+xlsxFailOn(r)+")", s.Failing)
		row("Hosts, sites and files", len(r.Groups))
		row("Upcoming dates", len(r.Deadlines))
	})

	sheet("Hosts", []string{"Group", "Kind", "Site", "Inputs", "Components", "Attributed", "Unassessed", "Deny", "Warn", "Info", "Entities", "Files"}, func(row func(...any)) {
		for _, g := range r.Groups {
			row(g.Key, g.Kind, g.Site, len(g.Inputs), g.Components, g.Attributed, g.Unassessed,
				g.Findings["deny"], g.Findings["warn"], g.Findings["info"], strings.Join(g.Entities, ", "), strings.Join(g.Inputs, "\n"))
		}
	})

	sheet("Verdicts", VerdictColumns, func(row func(...any)) {
		var hits []string
		for i := range vs {
			v := &vs[i]
			c := v.Component
			var line any
			if c.Line > 0 {
				line = c.Line
			}
			hits = hits[:0]
			for _, h := range v.Hits {
				hits = append(hits, report.HitLine(h))
			}
			d := v.Hits[0]
			row(v.Fingerprint, string(v.Action), v.Status, v.Why, v.List+"/"+v.Rule, v.Organisation, v.Also, v.Failing, v.Waived, v.Baseline,
				v.Entity, v.EntityName, v.Confidence.String(), c.Name, c.Version, c.Kind, c.Category, c.Host, c.Site, c.File, c.Ref, line, c.PURL,
				xlsxDate(d.Deadline), d.Citation, strings.Join(hits, "\n"))
		}
	})

	sheet("Findings", FindingColumns, func(row func(...any)) {
		for _, fi := range r.Findings {
			c := fi.Component
			var days any
			if fi.DaysRemaining != nil {
				days = *fi.DaysRemaining
			}
			var line any
			if c.Line > 0 {
				line = c.Line
			}
			waiver := ""
			if fi.Waiver != nil {
				waiver = strings.TrimPrefix(fmt.Sprintf("%s: %s (approved by %s, expires %s)", fi.Waiver.ID, fi.Waiver.Reason, fi.Waiver.ApprovedBy, fi.Waiver.Expires), ": ")
			}
			row(fi.Fingerprint, string(fi.Action), fi.Status, fi.Waived, fi.Baseline, fi.Entity, fi.EntityName, fi.Confidence.String(), string(fi.Relation),
				c.Name, c.Version, c.Kind, c.Host, c.Site, c.File, c.Ref, line, c.PURL,
				fi.List, fi.ListTitle, fi.Jurisdiction, fi.Rule, xlsxDate(fi.Effective), xlsxDate(fi.Deadline), days, xlsxDate(fi.JudgedAt),
				fi.Message, fi.Citation, fi.URL, xlsxEvidence(fi), waiver)
		}
	})

	sheet("Deadlines", []string{"Date", "Kind", "Days remaining", "List", "Jurisdiction", "Rule", "Entity", "Requirement", "Affected"}, func(row func(...any)) {
		for _, d := range r.Deadlines {
			row(xlsxDate(d.Date), d.Kind, d.DaysRemaining, d.List, d.Jurisdiction, d.Rule, d.Entity, d.Requirement, d.Affected)
		}
	})

	sheet("Unassessed", []string{"Component", "Version", "Kind", "Host", "Site", "File", "Ref", "Line", "PURL"}, func(row func(...any)) {
		for _, c := range r.Unassessed {
			var line any
			if c.Line > 0 {
				line = c.Line
			}
			row(c.Name, c.Version, c.Kind, c.Host, c.Site, c.File, c.Ref, line, c.PURL)
		}
	})

	sheet("Waivers", []string{"Status", "ID", "Reason", "Approved by", "Expires", "Matched", "Source"}, func(row func(...any)) {
		for _, x := range r.Waivers {
			row(x.Status, x.ID, x.Reason, x.ApprovedBy, xlsxDate(x.Expires), x.Matched, x.Source)
		}
	})

	sheet("Lists", []string{"ID", "Title", "Jurisdiction", "Status", "Reviewed", "File"}, func(row func(...any)) {
		for _, l := range r.Parameters.Lists {
			row(l.ID, l.Title, l.Jurisdiction, l.Status, xlsxDate(l.Reviewed), l.File)
		}
	})

	p := r.Parameters
	sheet("Parameters", []string{"Parameter", "Value"}, func(row func(...any)) {
		row("As of", xlsxDate(p.AsOf))
		row("Fail on", xlsxFailOn(r))
		row("Minimum confidence", p.MinConfidence)
		row("Uses", strings.Join(p.Uses, ", "))
		row("Jurisdictions", strings.Join(p.Jurisdictions, ", "))
		row("Tool", r.Tool.Name)
		row("Version", r.Tool.Version)
		row("Policy data reviewed", xlsxDate(r.Tool.DataReviewed))
		if r.Tool.Data != nil {
			row("Data bundle", r.Tool.Data.String())
		}
		row("Schema version", r.SchemaVersion)
	})
	return sheets
}

// xlsxCell is a value as it is written.
type xlsxCell struct {
	kind uint8 // cellBlank, cellText, cellNumber, cellBool
	date bool  // a date, written as its serial number
	text string
	num  int64
	b    bool
}

const (
	cellBlank = iota
	cellText
	cellNumber
	cellBool
)

// toCell converts a value: dates become date cells (or their text, for a
// day Excel cannot show), long text is clipped to Excel's cell limit.
func toCell(v any) xlsxCell {
	switch x := v.(type) {
	case nil:
		return xlsxCell{}
	case xlsxDate:
		t, err := time.Parse(catalog.DateLayout, string(x))
		if err != nil {
			if x == "" {
				return xlsxCell{}
			}
			return xlsxCell{kind: cellText, text: string(x)}
		}
		if n, ok := excelDate(t); ok {
			return xlsxCell{kind: cellNumber, date: true, num: n}
		}
		return xlsxCell{kind: cellText, date: true, text: t.Format(time.RFC3339Nano)}
	case string:
		return xlsxCell{kind: cellText, text: clipCell(x)}
	case int:
		return xlsxCell{kind: cellNumber, num: int64(x)}
	case int64:
		return xlsxCell{kind: cellNumber, num: x}
	case bool:
		return xlsxCell{kind: cellBool, b: x}
	}
	return xlsxCell{kind: cellText, text: clipCell(fmt.Sprint(v))}
}

// clipCell clips text longer than Excel's cell limit to half of it and an
// ellipsis: half, since a character may take two of Excel's UTF-16 units.
func clipCell(s string) string {
	if len(s) <= xlsxMaxCell {
		return s
	}
	n := 0
	for i := range s {
		if n == xlsxMaxCell/2 {
			return s[:i] + "…"
		}
		n++
	}
	return s // at most xlsxMaxCell/2 characters: within the limit
}

// width is the cell's width in characters, as the column widths count it.
func (c xlsxCell) width() float64 {
	switch {
	case c.date:
		return 10
	case c.kind == cellText:
		return float64(len(c.text))
	case c.kind == cellNumber:
		return float64(len(strconv.FormatInt(c.num, 10)))
	case c.kind == cellBool:
		return float64(len(strconv.FormatBool(c.b)))
	}
	return 5 // a blank, as wide as "<nil>"
}

// measure fills the sheet once without writing it.
func (s *xlsxSheet) measure() error {
	n := len(s.header)
	s.widths, s.dates, s.mixed = make([]float64, n), make([]bool, n), make([]bool, n)
	s.rows = 0
	measureRow := func(vals ...any) {
		if s.err != nil {
			return
		}
		s.rows++
		if s.rows > maxRows {
			s.err = errTooManyRows
			return
		}
		if len(vals) != n {
			s.err = fmt.Errorf("row %d has %d cells for %d columns", s.rows, len(vals), n)
			return
		}
		for i, v := range vals {
			c := toCell(v)
			switch {
			case c.date:
				s.dates[i] = true
			case c.kind == cellText:
				if _, ok := v.(xlsxDate); ok {
					s.mixed[i] = true
				} else {
					s.mixed[i] = s.mixed[i] || (c.text != "" && s.rows > 1)
				}
			default:
				if _, ok := v.(xlsxDate); !ok {
					s.mixed[i] = s.mixed[i] || v != nil
				}
			}
			if w := c.width(); w > s.widths[i] {
				s.widths[i] = w
			}
		}
	}
	measureRow(toAny(s.header)...)
	s.fill(measureRow)
	return s.err
}

// write fills the sheet again, writing it: the header row in the header
// style; the date cells in the date style, and in a column that holds
// only dates (and blanks) every cell below the header, so that a date
// typed there later is one too.
func (s *xlsxSheet) write(bw *bookWriter, index int) error {
	widths := make([]float64, len(s.widths))
	for i, w := range s.widths {
		widths[i] = min(max(w+2, 8), 60)
	}
	sw, err := bw.startSheet(index, len(s.header), s.rows, widths)
	if err != nil {
		return err
	}
	row := 0
	writeRow := func(vals ...any) {
		row++
		sw.startRow(row)
		for i, v := range vals {
			c := toCell(v)
			style := styleNone
			switch {
			case row == 1:
				style = styleHead
			case c.date || (s.dates[i] && !s.mixed[i]):
				style = styleDate
			}
			switch c.kind {
			case cellBlank:
				if style != styleNone {
					sw.blank(i, row, style)
				}
			case cellText:
				if c.text == "" && style == styleNone {
					continue
				}
				sw.text(i, row, style, c.text)
			case cellNumber:
				sw.number(i, row, style, strconv.AppendInt(sw.num[:0], c.num, 10))
			case cellBool:
				sw.boolean(i, row, style, c.b)
			}
		}
		sw.endRow()
	}
	writeRow(toAny(s.header)...)
	s.fill(writeRow)
	if row != s.rows {
		return fmt.Errorf("%d rows written, %d measured", row, s.rows)
	}
	return sw.finish(s.rows)
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func xlsxFailOn(r *report.Result) string {
	if r.Summary.FailOnAction == "" {
		return "never"
	}
	return r.Summary.FailOnAction
}

func xlsxVerdict(r *report.Result) string {
	switch {
	case len(r.Errors) > 0:
		return "incomplete"
	case r.Summary.Failing > 0:
		return "failed"
	}
	return "passed"
}

func xlsxEvidence(f report.Finding) string {
	var lines []string
	for _, e := range f.Evidence {
		l := fmt.Sprintf("%s=%q matched %q by %s (%s)", e.Field, e.Value, e.Matched, e.Rule, e.Confidence)
		if e.Via != "" {
			l += " via " + e.Via
		}
		lines = append(lines, l)
	}
	return strings.Join(lines, "\n")
}
