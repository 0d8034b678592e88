package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/vendorcheck/vendorcheck/pkg/report"
)

// chromiumPath finds a Chromium binary: $VENDORCHECK_CHROMIUM, else the
// system's.
func chromiumPath() string {
	if p := os.Getenv("VENDORCHECK_CHROMIUM"); p != "" {
		return p
	}
	for _, p := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if found, err := exec.LookPath(p); err == nil {
			return found
		}
	}
	return ""
}

// TestAuditReportInBrowser renders the fleet's HTML report with the audit
// command and opens it in headless Chromium: the summary numbers and a known
// finding are in the rendered page (drawn by the report's script from its
// data block, under its Content-Security-Policy), a row opens to its rule
// hits and evidence, the filter box keeps exactly the rows that match, and
// a screenshot is kept ($VENDORCHECK_ARTIFACTS, else a
// temporary directory; $VENDORCHECK_SCREENSHOT also writes it there, for
// the README).
//
// Without Chromium the test is skipped, except in CI (CI=true), where it
// fails: CI must install it.
func TestAuditReportInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: no browser")
	}
	chrome := chromiumPath()
	if chrome == "" {
		msg := "no Chromium binary found: install Debian's chromium: apt-get install -y chromium (or set VENDORCHECK_CHROMIUM)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}

	dir := t.TempDir()
	htmlPath := filepath.Join(dir, "audit.html")
	jsonPath := filepath.Join(dir, "audit.json")
	code, _, stderr := runAuditCLI(t, false, "audit", "--as-of", fleetAsOf, "-o", "html="+htmlPath, "-o", "json="+jsonPath, fleetDir(t))
	if code != ExitFindings {
		t.Fatalf("audit exit %d, want %d\n%s", code, ExitFindings, stderr)
	}
	var res report.Result
	data, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatal(err)
	}
	// The known verdict: the first denial of a generated server.
	var known *report.Verdict
	for i, v := range res.Verdicts {
		if v.Action == "deny" && strings.HasPrefix(v.Component.Host, "FLT") {
			known = &res.Verdicts[i]
			break
		}
	}
	if known == nil {
		t.Fatal("the fleet has no denial on a generated server")
	}

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chrome),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(filepath.Join(dir, "chromium-profile")),
		chromedp.WindowSize(1280, 1800),
	}
	// A guard against a hung browser, not a timing assertion.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()

	page := (&url.URL{Scheme: "file", Path: htmlPath}).String()
	knownSel := fmt.Sprintf(`tbody[data-fingerprint=%q]`, known.Fingerprint)
	if err := chromedp.Do(bctx, chromedp.Navigate(page), chromedp.WaitReady(chromedp.CSS("#findings-table tbody.finding"))); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("chromium: text of %s: %v", sel, err)
		}
		return s
	}
	components, deny, unassessed, asOf := text("#n-components"), text("#n-deny"), text("#n-unassessed"), text("#as-of")
	knownText := text(knownSel + " tr.main")
	for name, got := range map[string][2]string{
		"components": {components, fmt.Sprint(res.Summary.Components)},
		"deny":       {deny, fmt.Sprint(res.Summary.Verdicts["deny"])},
		"unassessed": {unassessed, fmt.Sprint(res.Summary.Unassessed)},
		"as-of":      {asOf, fleetAsOf},
	} {
		if strings.TrimSpace(got[0]) != got[1] {
			t.Errorf("rendered %s = %q, want %q", name, got[0], got[1])
		}
	}
	for _, want := range []string{known.Entity, known.Component.Name, known.List, known.Component.Host} {
		if !strings.Contains(knownText, want) {
			t.Errorf("the known finding's row %q lacks %q", knownText, want)
		}
	}

	// The artifact: the top of the report as the browser shows it.
	shot, err := chromedp.Run(bctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	artifacts := os.Getenv("VENDORCHECK_ARTIFACTS")
	if artifacts == "" {
		artifacts = t.TempDir()
	}
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}
	shotPath := filepath.Join(artifacts, "audit-report.png")
	if err := os.WriteFile(shotPath, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes)", shotPath, len(shot))
	if os.Getenv("VENDORCHECK_ARTIFACTS") != "" {
		html, err := os.ReadFile(htmlPath)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(artifacts, "audit-report.html"), html, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if p := os.Getenv("VENDORCHECK_SCREENSHOT"); p != "" {
		if err := os.WriteFile(p, shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if len(shot) < 8 || string(shot[1:4]) != "PNG" {
		t.Errorf("the screenshot is not a PNG")
	}

	// The known row opens to its rule hits and evidence, drawn from the
	// data block.
	if err := chromedp.Do(bctx, chromedp.Click(chromedp.CSS(knownSel+" button.more"))); err != nil {
		t.Fatalf("open the known row: %v", err)
	}
	detail := text(knownSel + " tr.detail")
	for _, h := range known.Hits {
		if !strings.Contains(detail, h.List+" / "+h.Rule) {
			t.Errorf("the known row's detail lacks the hit %s / %s: %q", h.List, h.Rule, detail)
		}
	}
	for _, e := range known.Evidence {
		if !strings.Contains(detail, e.Value) {
			t.Errorf("the known row's detail lacks the evidence value %q", e.Value)
		}
	}

	// Sorting by entity orders the page's rows by entity id.
	if err := chromedp.Do(bctx, chromedp.Click(chromedp.CSS(`th[data-key="entity"]`))); err != nil {
		t.Fatalf("sort: %v", err)
	}
	ents, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#findings-table tbody.finding tr.main td:nth-child(2) .id")).map(e => e.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) == 0 || !slices.IsSorted(ents) {
		t.Errorf("sorted by entity, the rows' entities are %q", ents)
	}

	// Filtering by the known finding's host keeps exactly the rows that
	// mention it.
	term := strings.ToLower(known.Component.Host)
	want := 0
	for _, v := range res.Verdicts {
		if strings.EqualFold(v.Component.Host, known.Component.Host) {
			want++
		}
	}
	if want == 0 || want > 100 {
		t.Fatalf("%d verdicts on the known host: the check wants a page of them", want)
	}
	if err := chromedp.Do(bctx, chromedp.SendKeys(chromedp.CSS("#filter"), term)); err != nil {
		t.Fatalf("filter: %v", err)
	}
	shown := text("#shown")
	visible, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#findings-table tbody.finding")).filter(b => b.offsetParent !== null).map(b => b.querySelector("tr.main").textContent.toLowerCase())`))
	if err != nil {
		t.Fatal(err)
	}
	if len(visible) != want {
		t.Errorf("filter %q: %d rows shown, want %d (the findings on that host)", term, len(visible), want)
	}
	for _, s := range visible {
		if !strings.Contains(s, term) {
			t.Errorf("filter %q: a shown row does not match: %q", term, s)
			break
		}
	}
	if wantShown := fmt.Sprintf("%d of %s shown", want, thousands(len(res.Verdicts))); shown != wantShown {
		t.Errorf("counter says %q, want %q", shown, wantShown)
	}
	if there, err := chromedp.Run(bctx, chromedp.Evaluate[bool](fmt.Sprintf(`document.querySelector(%q) !== null`, knownSel))); err != nil || !there {
		t.Errorf("filter %q hid the known finding (%v)", term, err)
	}
}

// thousands writes n as the report's script does ("12,345").
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// newBrowser starts headless Chromium for a test, or skips it (fails in
// CI) when there is none.
func newBrowser(t *testing.T, width, height int) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: no browser")
	}
	chrome := chromiumPath()
	if chrome == "" {
		msg := "no Chromium binary found: install Debian's chromium: apt-get install -y chromium (or set VENDORCHECK_CHROMIUM)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chrome),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(filepath.Join(t.TempDir(), "chromium-profile")),
		chromedp.WindowSize(width, height),
	}
	// A guard against a hung browser, not a timing assertion.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	t.Cleanup(cancel)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(cancelBrowser)
	return bctx
}

// TestAuditReportPhoneAndPrint opens the fleet's report at a phone's width
// (390 CSS pixels): the page itself never scrolls sideways (wide tables
// scroll inside themselves). Then, with print media emulated, the action
// badges, the coloured row edges and the verdict keep their colours
// (print-color-adjust: exact), which browsers otherwise drop on paper, and
// the page prints the summary, the hosts and every deny verdict, not the
// interactive findings table. Last, with script disabled, the deny
// verdicts and the hosts are still on screen.
func TestAuditReportPhoneAndPrint(t *testing.T) {
	bctx := newBrowser(t, 390, 844)
	dir := t.TempDir()
	htmlPath, jsonPath := filepath.Join(dir, "audit.html"), filepath.Join(dir, "audit.json")
	code, _, stderr := runAuditCLI(t, false, "audit", "--as-of", fleetAsOf, "-o", "html="+htmlPath, "-o", "json="+jsonPath, fleetDir(t))
	if code != ExitFindings {
		t.Fatalf("audit exit %d, want %d\n%s", code, ExitFindings, stderr)
	}
	page := (&url.URL{Scheme: "file", Path: htmlPath}).String()
	if err := chromedp.Do(bctx,
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(page), chromedp.WaitReady(chromedp.CSS("#findings-table tbody.finding"))); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	widths, err := chromedp.Run(bctx, chromedp.Evaluate[[]int](`[document.documentElement.clientWidth, document.documentElement.scrollWidth, document.body.scrollWidth]`))
	if err != nil {
		t.Fatal(err)
	}
	if widths[0] > 390 || widths[0] < 370 { // less a scroll bar, if any
		t.Fatalf("viewport is %d px wide, want 390", widths[0])
	}
	if widths[1] > widths[0] || widths[2] > widths[0] {
		culprits, _ := chromedp.Run(bctx, chromedp.Evaluate[[]string](`Array.from(document.body.querySelectorAll("*")).filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest("table")).slice(0, 8).map(e => e.tagName + "." + e.className + "#" + e.id)`))
		t.Errorf("at 390 px the page is %d px wide (body %d): it overflows horizontally; widest: %v", widths[1], widths[2], culprits)
	}

	res := readResult(t, jsonPath)
	displayed := func(what string) map[string]bool {
		t.Helper()
		m, err := chromedp.Run(bctx, chromedp.Evaluate[map[string]bool](`(() => {
		  const out = {};
		  for (const id of ["summary", "groups-text", "groups-list", "deny-table", "findings", "findings-table"]) {
		    const e = document.getElementById(id);
		    out[id] = !!e && e.getClientRects().length > 0;
		  }
		  return out;
		})()`))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return m
	}
	// On screen with script, the script's tables replace the text of the
	// hosts and the static deny table.
	want := map[string]bool{"summary": true, "groups-text": false, "groups-list": true, "deny-table": false, "findings": true, "findings-table": true}
	for id, shown := range displayed("screen") {
		if w, ok := want[id]; ok && w != shown {
			t.Errorf("on screen, #%s shown = %v, want %v", id, shown, w)
		}
	}
	groupRows, err := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll("#groups-list tbody tr").length`))
	if err != nil {
		t.Fatal(err)
	}
	if groupRows != min(100, len(res.Groups)) {
		t.Errorf("the hosts table shows %d rows, want %d", groupRows, min(100, len(res.Groups)))
	}

	if _, err := chromedp.Call(bctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	js := `(() => {
	  const out = {};
	  for (const sel of [".badge.deny", ".badge.warn", "#verdict", "tbody.finding.deny tr.main td:first-child", "#deny-table tr.deny td:first-child"]) {
	    const e = document.querySelector(sel);
	    if (!e) { out[sel] = "missing"; continue; }
	    const st = getComputedStyle(e);
	    out[sel] = st.printColorAdjust || st.webkitPrintColorAdjust;
	  }
	  return out;
	})()`
	adjust, err := chromedp.Run(bctx, chromedp.Evaluate[map[string]string](js))
	if err != nil {
		t.Fatal(err)
	}
	if len(adjust) != 5 {
		t.Fatalf("print check read %v", adjust)
	}
	for sel, v := range adjust {
		if v != "exact" {
			t.Errorf("printed, %s has print-color-adjust %q, want exact (its colour would be dropped)", sel, v)
		}
	}
	want = map[string]bool{"summary": true, "groups-text": true, "groups-list": false, "deny-table": true, "findings": false, "findings-table": false}
	for id, shown := range displayed("print") {
		if w, ok := want[id]; ok && w != shown {
			t.Errorf("printed, #%s shown = %v, want %v", id, shown, w)
		}
	}
	rows, err := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll("#deny-table tbody tr").length`))
	if err != nil {
		t.Fatal(err)
	}
	if rows != res.Summary.Verdicts["deny"] || rows == 0 {
		t.Errorf("printed, %d deny rows, want the %d deny verdicts", rows, res.Summary.Verdicts["deny"])
	}
	// Asked for, the page of findings prints too.
	if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`(() => { const b = document.getElementById("print-rows"); b.click(); return b.checked; })()`)); err != nil {
		t.Fatal(err)
	}
	want = map[string]bool{"findings": true, "findings-table": true, "deny-table": true}
	for id, shown := range displayed("print, with the findings") {
		if w, ok := want[id]; ok && w != shown {
			t.Errorf("printed with the findings asked for, #%s shown = %v, want %v", id, shown, w)
		}
	}

	// Without script: the same page shows the hosts and the deny verdicts,
	// and says where the rest is.
	if _, err := chromedp.Call(bctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "screen"}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(bctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(bctx, chromedp.Navigate(page), chromedp.WaitReady(chromedp.CSS("footer"))); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	want = map[string]bool{"summary": true, "groups-text": true, "groups-list": false, "deny-table": true, "findings": true, "findings-table": false}
	for id, shown := range displayed("without script") {
		if w, ok := want[id]; ok && w != shown {
			t.Errorf("without script, #%s shown = %v, want %v", id, shown, w)
		}
	}
	note, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS("#findings")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(note, "Script is off") || !strings.Contains(note, "-o json=FILE") {
		t.Errorf("without script, the findings section does not say where the detail is: %q", note)
	}
}
