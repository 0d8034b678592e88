package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/vendorcheck/vendorcheck/pkg/report"
	"github.com/vendorcheck/vendorcheck/pkg/report/xlsx"
)

// runAuditCLI runs the command line with the audit command present (the
// root may already hold it) and returns the exit code and outputs.
func runAuditCLI(t testing.TB, terminal bool, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	env := Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr,
		Getenv:     func(string) string { return "" },
		IsTerminal: func(w io.Writer) bool { return terminal && w == &stderr },
	}
	root := newRoot(&env)
	if c, _, err := root.Find([]string{"audit"}); err != nil || c == root {
		root.AddCommand(newAuditCmd(&env))
	}
	root.SetArgs(args)
	root.SetOut(&stdout)
	root.SetErr(&stderr)
	err := root.ExecuteContext(context.Background())
	if err != nil && exitCode(err) == ExitError {
		stderr.WriteString("vendorcheck: error: " + err.Error() + "\n")
	}
	return exitCode(err), stdout.String(), stderr.String()
}

const fleetAsOf = "2026-11-27"

// fleetDir moves the test to the repository root, so that the report names
// the inputs as a user running there would see them, and returns the
// fleet's path from there.
func fleetDir(t *testing.T) string {
	t.Helper()
	t.Chdir("../..")
	return "testdata/fleet"
}

func TestAuditFleet(t *testing.T) {
	dir := t.TempDir()
	jsonPath := filepath.Join(dir, "audit.json")
	code, stdout, stderr := runAuditCLI(t, false, "audit", "--as-of", fleetAsOf, "-o", "json="+jsonPath, fleetDir(t))
	if code != ExitFindings {
		t.Fatalf("exit %d, want %d\nstderr:\n%s", code, ExitFindings, stderr)
	}
	t.Logf("stdout:\n%s", stdout)
	data, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	var res report.Result
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Inputs) < 30 {
		t.Errorf("%d inputs, want at least 30", len(res.Inputs))
	}
	if len(res.Errors) != 0 {
		t.Errorf("errors: %v", res.Errors)
	}
	// Every component is counted in exactly one group.
	total := 0
	for _, g := range res.Groups {
		total += g.Components
	}
	if total != res.Summary.Components {
		t.Errorf("groups hold %d components, the summary %d", total, res.Summary.Components)
	}
	if len(res.Deadlines) == 0 {
		t.Errorf("no upcoming dates")
	}
	// A generated server's purchase-sheet rows join its dmidecode dump in
	// one group.
	var joined bool
	for _, g := range res.Groups {
		if strings.HasPrefix(g.Key, "FLT") && len(g.Inputs) == 2 && g.Kind == report.GroupHost {
			joined = true
		}
	}
	if !joined {
		t.Errorf("no generated server groups its dump and its purchase rows")
	}
	if !strings.Contains(stdout, "GROUP") || !strings.Contains(stdout, fmt.Sprintf("%d group(s)", len(res.Groups))) {
		t.Errorf("stdout lacks the group table:\n%s", stdout)
	}
}

// TestAuditXLSXMatchesJSON reads the workbook back: the same findings as
// the JSON result, in the same order.
func TestAuditXLSXMatchesJSON(t *testing.T) {
	dir := t.TempDir()
	jsonPath, xlsxPath := filepath.Join(dir, "a.json"), filepath.Join(dir, "a.xlsx")
	code, _, stderr := runAuditCLI(t, false, "audit", "--as-of", fleetAsOf, "-q", "-o", "json="+jsonPath, "-o", "xlsx="+xlsxPath, fleetDir(t))
	if code != ExitFindings {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	res := readResult(t, jsonPath)
	f, err := excelize.OpenFile(xlsxPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Findings")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows)-1 != len(res.Findings) || len(res.Findings) == 0 {
		t.Fatalf("workbook has %d findings, JSON %d", len(rows)-1, len(res.Findings))
	}
	col := func(name string) int { return slices.Index(xlsx.FindingColumns, name) }
	for i, fi := range res.Findings {
		row := rows[i+1]
		got := []string{row[col("Fingerprint")], row[col("Entity")], row[col("List")], row[col("Rule")], row[col("Action")], row[col("Host")]}
		want := []string{fi.Fingerprint, fi.Entity, fi.List, fi.Rule, string(fi.Action), fi.Component.Host}
		if !slices.Equal(got, want) {
			t.Fatalf("finding %d: workbook %v, JSON %v", i, got, want)
		}
	}
	// The Verdicts sheet: one row per verdict, as in the JSON.
	vrows, err := f.GetRows("Verdicts")
	if err != nil {
		t.Fatal(err)
	}
	if len(vrows)-1 != len(res.Verdicts) || len(res.Verdicts) == 0 {
		t.Fatalf("workbook has %d verdicts, JSON %d", len(vrows)-1, len(res.Verdicts))
	}
	vcol := func(name string) int { return slices.Index(xlsx.VerdictColumns, name) }
	for i, v := range res.Verdicts {
		row := vrows[i+1]
		got := []string{row[vcol("Fingerprint")], row[vcol("Entity")], row[vcol("Verdict")], row[vcol("Decided by")]}
		want := []string{v.Fingerprint, v.Entity, string(v.Action), v.List + "/" + v.Rule}
		if !slices.Equal(got, want) {
			t.Fatalf("verdict %d: workbook %v, JSON %v", i, got, want)
		}
	}
	for sheet, n := range map[string]int{"Deadlines": len(res.Deadlines), "Unassessed": len(res.Unassessed), "Hosts": len(res.Groups), "Lists": len(res.Parameters.Lists)} {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows)-1 != n {
			t.Errorf("%s: %d rows, JSON %d", sheet, len(rows)-1, n)
		}
	}
}

func readResult(t *testing.T, path string) *report.Result {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var res report.Result
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatal(err)
	}
	return &res
}

// TestAuditProgress: the progress line goes to standard error on a
// terminal, and is cleared; never otherwise.
func TestAuditProgress(t *testing.T) {
	dir := fleetDir(t)
	_, _, stderr := runAuditCLI(t, true, "audit", "--as-of", fleetAsOf, dir)
	if !strings.Contains(stderr, "\rvendorcheck: checked 1 input(s)…") || !strings.Contains(stderr, "\r\x1b[K") {
		t.Errorf("terminal: stderr %q lacks the progress line or its clearing", stderr)
	}
	_, _, stderr = runAuditCLI(t, false, "audit", "--as-of", fleetAsOf, dir)
	if strings.Contains(stderr, "checked") || strings.Contains(stderr, "\r") {
		t.Errorf("not a terminal: stderr %q shows progress", stderr)
	}
	_, _, stderr = runAuditCLI(t, true, "audit", "-q", "--as-of", fleetAsOf, dir)
	if strings.Contains(stderr, "checked") {
		t.Errorf("-q: stderr %q shows progress", stderr)
	}
}

// TestAuditFleetCountsComponents: on the fleet, SARIF has one result per
// flagged component and entity, and the HTML exposure chart's bars add up
// to those components, never to rule hits.
func TestAuditFleetCountsComponents(t *testing.T) {
	dir := t.TempDir()
	jsonPath, sarifPath, htmlPath := filepath.Join(dir, "a.json"), filepath.Join(dir, "a.sarif"), filepath.Join(dir, "a.html")
	code, _, stderr := runAuditCLI(t, false, "audit", "--as-of", fleetAsOf, "-q", "-o", "json="+jsonPath, "-o", "sarif="+sarifPath,
		"-o", "html="+htmlPath, fleetDir(t))
	if code != ExitFindings {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	res := readResult(t, jsonPath)
	pairs := map[string]bool{}
	for _, f := range res.Findings {
		pairs[f.Component.Where()+"\x00"+f.Component.Name+"\x00"+f.Entity] = true
	}
	if len(pairs) == 0 || len(pairs) == len(res.Findings) {
		t.Fatalf("%d pairs for %d rule hits: the fleet should have several hits per component", len(pairs), len(res.Findings))
	}
	data, err := os.ReadFile(sarifPath)
	if err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Results []json.RawMessage `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatal(err)
	}
	if n := len(log.Runs[0].Results); n != len(pairs) || n != len(res.Verdicts) {
		t.Errorf("%d SARIF results, %d flagged component-entity pairs, %d verdicts", n, len(pairs), len(res.Verdicts))
	}
	page, err := os.ReadFile(htmlPath)
	if err != nil {
		t.Fatal(err)
	}
	sum := 0
	for _, m := range regexp.MustCompile(`class="total">(\d+)<`).FindAllSubmatch(page, -1) {
		n, _ := strconv.Atoi(string(m[1]))
		sum += n
	}
	if sum != len(res.Verdicts) {
		t.Errorf("exposure chart bars add up to %d, want %d components (verdicts), not %d rule hits", sum, len(res.Verdicts), len(res.Findings))
	}
}
