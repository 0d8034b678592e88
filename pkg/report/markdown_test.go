package report_test

import (
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/report"
)

// tableCells splits a Markdown table row on unescaped pipes.
func tableCells(row string) []string {
	var cells []string
	var cur strings.Builder
	esc := false
	for _, r := range row {
		switch {
		case esc:
			esc = false
			cur.WriteRune(r)
		case r == '\\':
			esc = true
			cur.WriteRune(r)
		case r == '|':
			cells = append(cells, cur.String())
			cur.Reset()
		default:
			cur.WriteRune(r)
		}
	}
	cells = append(cells, cur.String())
	// A row starts and ends with a pipe: drop the empty outer cells.
	return cells[1 : len(cells)-1]
}

func findingRows(md string) []string {
	var rows []string
	in := false
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "| verdict | component |") {
			in = true
			continue
		}
		if in && strings.HasPrefix(line, "|---") {
			continue
		}
		if in && strings.HasPrefix(line, "|") {
			rows = append(rows, line)
		} else if in {
			in = false
		}
	}
	return rows
}

func TestMarkdown(t *testing.T) {
	res := richResult(t)
	md := string(render(t, mustFormat(t, "markdown"), res))
	if !strings.HasPrefix(md, "## vendorcheck\n") || !strings.Contains(md, "**Failed:** 1 verdict(s)") {
		t.Errorf("heading or outcome missing:\n%s", md)
	}
	// One row per verdict, that is per flagged component and entity.
	rows := findingRows(md)
	if len(rows) != len(res.Verdicts) {
		t.Fatalf("%d rows for %d verdicts", len(rows), len(res.Verdicts))
	}
	for i, row := range rows {
		if n := len(tableCells(row)); n != 6 {
			t.Errorf("row %d has %d cells: %s", i, n, row)
		}
	}
	// Counts by jurisdiction count components: at most the verdicts.
	if !strings.Contains(md, "| jurisdiction | deny | warn | info |") {
		t.Fatalf("no jurisdiction table:\n%s", md)
	}
	us := 0
	for _, v := range res.Verdicts {
		for _, h := range v.Hits {
			if h.Jurisdiction == "US" {
				us++
				break
			}
		}
	}
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "| US |") {
			var d, w, i int
			if _, err := fmt.Sscanf(line, "| US | %d | %d | %d |", &d, &w, &i); err != nil || d+w+i != us {
				t.Errorf("US row %q, want %d components in all", line, us)
			}
		}
	}
	// The FCC verdict links its list with the citation as title.
	if !strings.Contains(md, "[us-fcc-covered-list/huawei](https://www.fcc.gov/supplychain/coveredlist \"47 U.S.C.") {
		t.Errorf("FCC verdict not linked with its citation")
	}
	if !strings.Contains(md, "| components | deny | warn | info | baseline | waived | failing | rule hits |") {
		t.Errorf("no counts table")
	}

	// Many verdicts: the rest are folded, a denial never is.
	many := *res
	many.Findings = nil
	for i := 0; i < 30; i++ {
		for _, f := range res.Findings {
			s := *f.Subject // shared with the original's other findings
			s.Component.Ref = fmt.Sprintf("%s-%d", s.Component.Ref, i)
			f.Subject = &s
			many.Findings = append(many.Findings, f)
		}
	}
	report.ComputeVerdicts(&many, "deny")
	md = string(render(t, mustFormat(t, "markdown"), &many))
	open, _, _ := strings.Cut(md, "<details>")
	if !strings.Contains(md, "<details>") {
		t.Fatalf("%d verdicts not folded", len(many.Verdicts))
	}
	denials := 0
	for _, v := range many.Verdicts {
		if v.Action == "deny" {
			denials++
		}
	}
	if got := strings.Count(open, "| **deny** |"); got != denials || denials == 0 {
		t.Errorf("%d denials shown before the fold, want all %d", got, denials)
	}

	// Few verdicts: no fold.
	res.Findings = res.Findings[:3]
	report.ComputeVerdicts(res, "deny")
	if md := string(render(t, mustFormat(t, "markdown"), res)); strings.Contains(md, "<details>") {
		t.Errorf("3 findings folded")
	}
}

// TestMarkdownHostileNames: component names come from untrusted files and
// must not break the table, open HTML, code spans or links.
func TestMarkdownHostileNames(t *testing.T) {
	res := richResult(t)
	res.Findings = res.Findings[:2]
	res.Findings[0].Own()
	res.Findings[1].Own()
	hostile := "evil | <script>alert(1)</script> `code` [link](https://x.example) *b* \\| \nnext"
	res.Findings[0].Component.Name = hostile
	res.Findings[0].Component.Ref = "ref|<b>"
	res.Findings[1].Component.Ref = "other"
	report.ComputeVerdicts(res, "deny")
	md := string(render(t, mustFormat(t, "markdown"), res))
	for _, bad := range []string{"<script>", "<b>", "`code`", "[link](", "\nnext"} {
		if strings.Contains(md, bad) {
			t.Errorf("output holds %q unescaped:\n%s", bad, md)
		}
	}
	rows := findingRows(md)
	if len(rows) != 2 {
		t.Fatalf("%d rows:\n%s", len(rows), md)
	}
	for _, row := range rows {
		cells := tableCells(row)
		if len(cells) != 6 {
			t.Fatalf("row has %d cells: %s", len(cells), row)
		}
	}
	if !strings.Contains(md, `evil \| &lt;script&gt;`) {
		t.Errorf("component not escaped:\n%s", md)
	}
}

func TestCSV(t *testing.T) {
	res := richResult(t)
	res.Findings[0].Own()
	res.Findings[1].Own()
	res.Findings[0].Component.Name = "=HYPERLINK(\"https://x.example\",\"click\")"
	res.Findings[0].Component.Version = "-1+2"
	res.Findings[1].Component.Name = "@SUM(A1)"
	res.Findings[1].Baseline = true
	res.Findings[2].Waived = true
	res.Findings[2].Waiver = &report.WaiverRef{Reason: "lab only", Expires: "2027-01-31", ApprovedBy: "ciso"}
	report.ComputeVerdicts(res, "deny")
	out := render(t, mustFormat(t, "csv"), res)
	r := csv.NewReader(strings.NewReader(string(out)))
	r.FieldsPerRecord = len(report.CSVHeader)
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(recs[0], report.CSVHeader) {
		t.Errorf("header %v", recs[0])
	}
	want := []string{"fingerprint", "action", "status", "entity", "entity_name", "confidence", "relation",
		"component_name", "component_version", "component_purl", "component_kind", "file", "ref", "line",
		"list", "rule", "jurisdiction", "message", "deadline", "citation", "url", "evidence", "baseline", "waived", "waiver",
		"verdict", "verdict_why", "decides", "verdict_fingerprint"}
	if !slices.Equal(report.CSVHeader, want) {
		t.Errorf("the documented header changed: %v", report.CSVHeader)
	}
	if len(recs)-1 != len(res.Findings) {
		t.Fatalf("%d rows for %d findings", len(recs)-1, len(res.Findings))
	}
	col := func(name string) int { return slices.Index(report.CSVHeader, name) }
	for i, f := range res.Findings {
		row := recs[i+1]
		if row[col("fingerprint")] != f.Fingerprint || row[col("list")] != f.List || row[col("rule")] != f.Rule ||
			row[col("action")] != string(f.Action) || row[col("ref")] != f.Component.Ref || row[col("citation")] != f.Citation {
			t.Errorf("row %d does not match finding %s: %v", i+1, f.Fingerprint, row)
		}
		if row[col("evidence")] == "" {
			t.Errorf("row %d has no evidence", i+1)
		}
		for j, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("row %d column %s starts a formula: %q", i+1, report.CSVHeader[j], cell)
			}
		}
	}
	if got := recs[1][col("component_name")]; got != "'=HYPERLINK(\"https://x.example\",\"click\")" {
		t.Errorf("formula name written as %q", got)
	}
	if got := recs[1][col("component_version")]; got != "'-1+2" {
		t.Errorf("version written as %q", got)
	}
	if recs[2][col("baseline")] != "true" || recs[1][col("baseline")] != "false" {
		t.Errorf("baseline column %q %q", recs[1][col("baseline")], recs[2][col("baseline")])
	}
	if recs[3][col("waived")] != "true" || recs[3][col("waiver")] != "lab only; approved by ciso; expires 2027-01-31" || recs[1][col("waived")] != "false" {
		t.Errorf("waiver columns %q %q", recs[3][col("waived")], recs[3][col("waiver")])
	}
	// Filtering on decides gives one row per verdict.
	decides := 0
	for _, row := range recs[1:] {
		if row[col("verdict")] == "" || row[col("verdict_why")] == "" {
			t.Errorf("row without its verdict: %v", row)
		}
		if row[col("decides")] == "true" {
			decides++
		}
	}
	if decides != len(res.Verdicts) {
		t.Errorf("%d deciding rows for %d verdicts", decides, len(res.Verdicts))
	}
	if recs[1][col("line")] != fmt.Sprint(res.Findings[0].Component.Line) {
		t.Errorf("line %q", recs[1][col("line")])
	}
}
