package report

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// CSV writes one row per rule hit under a fixed header (CSVHeader), for
// spreadsheets and audit trails. The last columns give the verdict of the
// hit's component and entity; decides is true on the one row per verdict
// whose rule decided it, so filtering on it gives one row per component
// and entity.
//
// Cells that a spreadsheet would run as a formula (starting with = + - @,
// a tab or a carriage return) get a leading single quote: component names
// come from untrusted files.
type CSV struct{}

// CSVHeader is the documented, stable column list of the csv format.
// Columns are only ever added at the end.
var CSVHeader = []string{
	"fingerprint", "action", "status", "entity", "entity_name", "confidence", "relation",
	"component_name", "component_version", "component_purl", "component_kind",
	"file", "ref", "line", "list", "rule", "jurisdiction", "message", "deadline",
	"citation", "url", "evidence", "baseline", "waived", "waiver",
	"verdict", "verdict_why", "decides", "verdict_fingerprint",
}

func (CSV) ID() string { return "csv" }
func (CSV) Description() string {
	return "one row per rule hit with its verdict, a fixed header, for spreadsheets (formula-safe)"
}

func (CSV) Render(w io.Writer, r *Result, _ Options) error {
	r = SafeResult(r) // text from inputs shown escaped (safe.go)
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	vs := VerdictsOf(r)
	type verdictOf struct {
		v       *Verdict
		decides bool
	}
	type fpKey struct {
		comp                compKey
		entity, fingerprint string
	}
	byFP := map[fpKey]verdictOf{}
	for i := range vs {
		for j, h := range vs[i].Hits {
			byFP[fpKey{componentKey(vs[i].Component), vs[i].Entity, h.Fingerprint}] = verdictOf{&vs[i], j == 0}
		}
	}
	for _, f := range r.Findings {
		c := f.Component
		vo := byFP[fpKey{componentKey(c), f.Entity, f.Fingerprint}]
		verdict, why, vfp := "", "", ""
		if vo.v != nil {
			verdict, why, vfp = string(vo.v.Action), vo.v.DecidedBy()+": "+vo.v.Why, vo.v.Fingerprint
		}
		line := ""
		if c.Line > 0 {
			line = strconv.Itoa(c.Line)
		}
		waiver := ""
		if f.Waived && f.Waiver != nil {
			waiver = WaiverText(*f.Waiver)
		}
		row := []string{
			f.Fingerprint, string(f.Action), f.Status, f.Entity, f.EntityName, f.Confidence.String(), string(f.Relation),
			c.Name, c.Version, c.PURL, c.Kind,
			c.File, c.Ref, line, f.List, f.Rule, f.Jurisdiction, f.Message, f.Deadline,
			f.Citation, f.URL, strings.Join(EvidenceLines(f.Evidence), "; "), strconv.FormatBool(f.Baseline),
			strconv.FormatBool(f.Waived), waiver,
			verdict, why, strconv.FormatBool(vo.decides), vfp,
		}
		for i := range row {
			row[i] = csvSafe(row[i])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe defuses a cell a spreadsheet would evaluate as a formula.
func csvSafe(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
