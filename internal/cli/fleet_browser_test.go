package cli

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vendorcheck/vendorcheck/internal/testgen/fleetgen/fleet"
)

// fleetMeasure is what one fleet's audit report measures in the browser.
type fleetMeasure struct {
	Hosts    int
	Bytes    int64
	Elements int     // DOM elements after the load event
	LoadMs   float64 // navigation start to the end of the load event (the script has drawn the first page)
	FilterMs float64 // one filter over every verdict, with the first page of matches drawn
	ClearMs  float64
	SortMs   float64
	Verdicts int    // the findings table's rows, as its counter says
	Shown    string // the counter after filtering by action deny
	DenyCard string // the summary's count of denied components
}

// measureFleet generates a fleet of hosts, audits it with the HTML report
// and opens the report in the browser.
func measureFleet(t *testing.T, bctx context.Context, hosts int) fleetMeasure {
	t.Helper()
	dir := t.TempDir()
	if _, err := fleet.Write(filepath.Join(dir, "fleet"), hosts, 1); err != nil {
		t.Fatal(err)
	}
	htmlPath := filepath.Join(dir, "audit.html")
	code, _, stderr := runAuditCLI(t, false, "audit", "-q", "--as-of", fleetAsOf, "-o", "html="+htmlPath, filepath.Join(dir, "fleet"))
	if code != ExitFindings {
		t.Fatalf("%d hosts: audit exit %d\n%s", hosts, code, stderr)
	}
	st, err := os.Stat(htmlPath)
	if err != nil {
		t.Fatal(err)
	}
	page := (&url.URL{Scheme: "file", Path: htmlPath}).String()
	if err := chromedp.Do(bctx, chromedp.Navigate(page)); err != nil {
		t.Fatalf("%d hosts: chromium: %v", hosts, err)
	}
	m, err := chromedp.Run(bctx, chromedp.Evaluate[map[string]any](`new Promise(done => {
	  const measure = () => setTimeout(() => {
	    const nav = performance.getEntriesByType("navigation")[0];
	    const out = {
	      elements: document.getElementsByTagName("*").length,
	      loadMs: nav ? nav.loadEventEnd - nav.startTime : -1,
	      denyCard: document.getElementById("n-deny").textContent,
	    };
	    const f = document.getElementById("filter");
	    if (f) {
	      out.verdicts = document.getElementById("shown").textContent;
	      let t0 = performance.now();
	      f.value = "flt";
	      f.dispatchEvent(new Event("input"));
	      void document.body.offsetHeight; // the layout the filter causes
	      out.filterMs = performance.now() - t0;
	      t0 = performance.now();
	      f.value = "";
	      f.dispatchEvent(new Event("input"));
	      void document.body.offsetHeight;
	      out.clearMs = performance.now() - t0;
	      t0 = performance.now();
	      document.querySelector('th[data-key="entity"]').click();
	      void document.body.offsetHeight;
	      out.sortMs = performance.now() - t0;
	      const a = document.getElementById("action-filter");
	      a.value = "deny";
	      a.dispatchEvent(new Event("change"));
	      out.shown = document.getElementById("shown").textContent;
	    }
	    done(out);
	  }, 0);
	  if (document.readyState === "complete") { measure(); } else { addEventListener("load", measure); }
	})`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%d hosts: measure: %v", hosts, err)
	}
	f := func(k string) float64 { v, _ := m[k].(float64); return v }
	s := func(k string) string { v, _ := m[k].(string); return v }
	out := fleetMeasure{Hosts: hosts, Bytes: st.Size(), Elements: int(f("elements")), LoadMs: f("loadMs"),
		FilterMs: f("filterMs"), ClearMs: f("clearMs"), SortMs: f("sortMs"), Shown: s("shown"), DenyCard: s("denyCard")}
	if v, _, ok := strings.Cut(s("verdicts"), " of "); ok {
		out.Verdicts, _ = strconv.Atoi(strings.ReplaceAll(v, ",", ""))
	}
	t.Logf("hosts=%d bytes=%d elements=%d load_ms=%.0f filter_ms=%.0f clear_ms=%.0f sort_ms=%.0f verdicts=%d",
		hosts, out.Bytes, out.Elements, out.LoadMs, out.FilterMs, out.ClearMs, out.SortMs, out.Verdicts)
	return out
}

// TestFleetReportMeasure is the measurement harness for the audit report at
// fleet size, not a timed test: it generates fleets of the host counts in
// $VENDORCHECK_FLEET_HOSTS (for example "100,1000,10000"; skipped when
// unset), audits each with the HTML report, opens it in headless Chromium
// and logs the report's size, its DOM elements after load, the time from
// navigation to the end of the load event, and the time a filter, clearing
// it and a sort take. docs/performance.md has the numbers of one run.
//
//	VENDORCHECK_FLEET_HOSTS=100,1000,10000 go test ./internal/cli -run FleetReportMeasure -v -timeout 1h
func TestFleetReportMeasure(t *testing.T) {
	spec := os.Getenv("VENDORCHECK_FLEET_HOSTS")
	if spec == "" {
		t.Skip("set VENDORCHECK_FLEET_HOSTS=100,1000,... to measure")
	}
	bctx := newBrowser(t, 1280, 1800)
	for _, s := range strings.Split(spec, ",") {
		hosts, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || hosts <= 0 {
			t.Fatalf("VENDORCHECK_FLEET_HOSTS: %q is not a host count", s)
		}
		measureFleet(t, bctx, hosts)
	}
}
