package xlsx

// The workbook as the spreadsheet library excelize wrote it, before the
// package wrote its own: the reference that TestWorkbookMatchesReference
// compares every cell, style, width, pane and filter with. It is the
// renderer as it was, with only its names changed.

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/vendorcheck/vendorcheck/pkg/catalog"
	"github.com/vendorcheck/vendorcheck/pkg/report"
)

type refSheet struct {
	f      *excelize.File
	name   string
	header []string
	widths []float64
	rows   int
	// dateRows: the rows of each column that hold dates; mixed: the
	// columns that also hold other values, whose non-date cells must keep
	// the General format.
	dateRows map[int][]int
	mixed    map[int]bool
	err      error
}

func referenceRender(w io.Writer, r *report.Result) error {
	r = report.SafeResult(r) // text from inputs shown escaped
	f := excelize.NewFile()
	defer f.Close()
	headStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#E8ECF1"}}})
	if err != nil {
		return err
	}
	dateFmt := "yyyy-mm-dd"
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return err
	}
	for i, name := range Sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
			continue
		}
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}
	sheets := map[string]*refSheet{}
	sheet := func(name string, header ...string) *refSheet {
		s := &refSheet{f: f, name: name, header: header, widths: make([]float64, len(header)), dateRows: map[int][]int{}, mixed: map[int]bool{}}
		sheets[name] = s
		s.row(refToAny(header)...)
		return s
	}

	// Summary: one metric a row.
	s := r.Summary
	sum := sheet("Summary", "Metric", "Value")
	sum.row("As of", xlsxDate(r.Parameters.AsOf))
	sum.row("Verdict", xlsxVerdict(r))
	sum.row("Inputs", s.Files)
	sum.row("Inputs that could not be checked", s.FilesFailed)
	sum.row("Components", s.Components)
	sum.row("Attributed to a listed entity", s.Attributed)
	sum.row("Unassessed (no vendor signal)", s.Unassessed)
	if s.UnassessedUnlisted > 0 {
		sum.row("Unassessed not listed (--max-unassessed)", s.UnassessedUnlisted)
	}
	vs := report.VerdictsOf(r)
	byAction, flagged := report.VerdictCounts(vs)
	sum.row("Components flagged", flagged)
	for _, a := range []string{"deny", "warn", "info"} {
		sum.row("Components: "+a, byAction[a])
	}
	for _, a := range []string{"deny", "warn", "info"} {
		sum.row("Rule hits: "+a, s.Findings[a])
	}
	sum.row("Verdicts failing (at or above --fail-on "+xlsxFailOn(r)+")", s.Failing)
	sum.row("Hosts, sites and files", len(r.Groups))
	sum.row("Upcoming dates", len(r.Deadlines))

	hosts := sheet("Hosts", "Group", "Kind", "Site", "Inputs", "Components", "Attributed", "Unassessed", "Deny", "Warn", "Info", "Entities", "Files")
	for _, g := range r.Groups {
		hosts.row(g.Key, g.Kind, g.Site, len(g.Inputs), g.Components, g.Attributed, g.Unassessed,
			g.Findings["deny"], g.Findings["warn"], g.Findings["info"], strings.Join(g.Entities, ", "), strings.Join(g.Inputs, "\n"))
	}

	vsh := sheet("Verdicts", VerdictColumns...)
	for i := range vs {
		v := &vs[i]
		c := v.Component
		var line any
		if c.Line > 0 {
			line = c.Line
		}
		hits := make([]string, 0, len(v.Hits))
		for _, h := range v.Hits {
			hits = append(hits, report.HitLine(h))
		}
		d := v.Hits[0]
		vsh.row(v.Fingerprint, string(v.Action), v.Status, v.Why, v.List+"/"+v.Rule, v.Organisation, v.Also, v.Failing, v.Waived, v.Baseline,
			v.Entity, v.EntityName, v.Confidence.String(), c.Name, c.Version, c.Kind, c.Category, c.Host, c.Site, c.File, c.Ref, line, c.PURL,
			xlsxDate(d.Deadline), d.Citation, strings.Join(hits, "\n"))
	}

	fs := sheet("Findings", FindingColumns...)
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
		fs.row(fi.Fingerprint, string(fi.Action), fi.Status, fi.Waived, fi.Baseline, fi.Entity, fi.EntityName, fi.Confidence.String(), string(fi.Relation),
			c.Name, c.Version, c.Kind, c.Host, c.Site, c.File, c.Ref, line, c.PURL,
			fi.List, fi.ListTitle, fi.Jurisdiction, fi.Rule, xlsxDate(fi.Effective), xlsxDate(fi.Deadline), days, xlsxDate(fi.JudgedAt),
			fi.Message, fi.Citation, fi.URL, xlsxEvidence(fi), waiver)
	}

	dl := sheet("Deadlines", "Date", "Kind", "Days remaining", "List", "Jurisdiction", "Rule", "Entity", "Requirement", "Affected")
	for _, d := range r.Deadlines {
		dl.row(xlsxDate(d.Date), d.Kind, d.DaysRemaining, d.List, d.Jurisdiction, d.Rule, d.Entity, d.Requirement, d.Affected)
	}

	un := sheet("Unassessed", "Component", "Version", "Kind", "Host", "Site", "File", "Ref", "Line", "PURL")
	for _, c := range r.Unassessed {
		var line any
		if c.Line > 0 {
			line = c.Line
		}
		un.row(c.Name, c.Version, c.Kind, c.Host, c.Site, c.File, c.Ref, line, c.PURL)
	}

	wv := sheet("Waivers", "Status", "ID", "Reason", "Approved by", "Expires", "Matched", "Source")
	for _, x := range r.Waivers {
		wv.row(x.Status, x.ID, x.Reason, x.ApprovedBy, xlsxDate(x.Expires), x.Matched, x.Source)
	}

	ls := sheet("Lists", "ID", "Title", "Jurisdiction", "Status", "Reviewed", "File")
	for _, l := range r.Parameters.Lists {
		ls.row(l.ID, l.Title, l.Jurisdiction, l.Status, xlsxDate(l.Reviewed), l.File)
	}

	p := r.Parameters
	ps := sheet("Parameters", "Parameter", "Value")
	ps.row("As of", xlsxDate(p.AsOf))
	ps.row("Fail on", xlsxFailOn(r))
	ps.row("Minimum confidence", p.MinConfidence)
	ps.row("Uses", strings.Join(p.Uses, ", "))
	ps.row("Jurisdictions", strings.Join(p.Jurisdictions, ", "))
	ps.row("Tool", r.Tool.Name)
	ps.row("Version", r.Tool.Version)
	ps.row("Policy data reviewed", xlsxDate(r.Tool.DataReviewed))
	if r.Tool.Data != nil {
		ps.row("Data bundle", r.Tool.Data.String())
	}
	ps.row("Schema version", r.SchemaVersion)

	for _, name := range Sheets {
		sh := sheets[name]
		if err := sh.finish(headStyle, dateStyle); err != nil {
			return fmt.Errorf("xlsx: sheet %s: %w", name, err)
		}
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(w)
	return err
}

func refToAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// row appends a row; dates become date cells, long text is clipped to
// Excel's cell limit.
func (s *refSheet) row(vals ...any) {
	if s.err != nil {
		return
	}
	s.rows++
	if len(vals) != len(s.header) {
		s.err = fmt.Errorf("row %d has %d cells for %d columns", s.rows, len(vals), len(s.header))
		return
	}
	out := make([]any, len(vals))
	for i, v := range vals {
		switch x := v.(type) {
		case xlsxDate:
			if t, err := time.Parse(catalog.DateLayout, string(x)); err == nil {
				out[i] = t
				s.dateRows[i] = append(s.dateRows[i], s.rows)
			} else if x != "" {
				out[i] = string(x)
				s.mixed[i] = true
			}
		case string:
			if len(x) > excelize.TotalCellChars {
				x = string([]rune(x)[:excelize.TotalCellChars/2]) + "…"
			}
			out[i] = x
			s.mixed[i] = s.mixed[i] || (x != "" && s.rows > 1)
		default:
			out[i] = v
			s.mixed[i] = s.mixed[i] || v != nil
		}
		n := float64(len(fmt.Sprint(out[i])))
		if _, ok := out[i].(time.Time); ok {
			n = 10
		}
		if n > s.widths[i] {
			s.widths[i] = n
		}
	}
	cell, err := excelize.CoordinatesToCellName(1, s.rows)
	if err != nil {
		s.err = err
		return
	}
	s.err = s.f.SetSheetRow(s.name, cell, &out)
}

func (s *refSheet) finish(headStyle, dateStyle int) error {
	if s.err != nil {
		return s.err
	}
	f := s.f
	last, err := excelize.CoordinatesToCellName(len(s.header), 1)
	if err != nil {
		return err
	}
	if err := f.SetCellStyle(s.name, "A1", last, headStyle); err != nil {
		return err
	}
	if err := f.SetPanes(s.name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	end, err := excelize.CoordinatesToCellName(len(s.header), max(s.rows, 2))
	if err != nil {
		return err
	}
	if err := f.AutoFilter(s.name, "A1:"+end, nil); err != nil {
		return err
	}
	for i, w := range s.widths {
		col, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		if err := s.styleDates(i, col, dateStyle); err != nil {
			return err
		}
		width := min(max(w+2, 8), 60)
		if err := f.SetColWidth(s.name, col, col, width); err != nil {
			return err
		}
	}
	return nil
}

// styleDates gives the date cells of column i the date style: the whole
// column at once when it holds only dates (and blanks), else cell by cell,
// so that a count beside a date (the Summary sheet) stays a number.
func (s *refSheet) styleDates(i int, col string, dateStyle int) error {
	rows := s.dateRows[i]
	if len(rows) == 0 {
		return nil
	}
	if !s.mixed[i] {
		return s.f.SetCellStyle(s.name, col+"2", fmt.Sprintf("%s%d", col, s.rows), dateStyle)
	}
	for _, r := range rows {
		cell := fmt.Sprintf("%s%d", col, r)
		if err := s.f.SetCellStyle(s.name, cell, cell, dateStyle); err != nil {
			return err
		}
	}
	return nil
}
