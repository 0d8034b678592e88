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
	// HostsRange is what the hosts table's pager says ("rows 1–100 of
	// 1,000 ...").
	HostsRange string
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
	      hostsRange: (document.querySelector("#groups-list .pager .range") || {}).textContent || "",
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
		FilterMs: f("filterMs"), ClearMs: f("clearMs"), SortMs: f("sortMs"), Shown: s("shown"), DenyCard: s("denyCard"), HostsRange: s("hostsRange")}
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

// Size bounds of the audit report of a 10,000-host fleet: what must hold
// for the page to open at that size. They are sizes, not timings (the
// timings are measured by TestFleetReportMeasure and recorded in
// docs/performance.md).
const (
	fleet10kHosts       = 10000
	fleet10kMaxBytes    = 8 << 20 // 8 MiB
	fleet10kMaxElements = 20000
)

// TestFleetReport10k audits a generated 10,000-host fleet with the HTML
// report and opens it in headless Chromium: the page stays within its size
// and element bounds, the summary counts every host's verdicts, and the
// action filter of the findings table finds every denial the summary
// counts. It takes a minute or two, so it runs only when
// VENDORCHECK_FLEET_10K=1, as .ci/run sets in a step of its own.
func TestFleetReport10k(t *testing.T) {
	if os.Getenv("VENDORCHECK_FLEET_10K") != "1" {
		t.Skip("set VENDORCHECK_FLEET_10K=1 to open a 10,000-host report (CI does)")
	}
	bctx := newBrowser(t, 1280, 1800)
	m := measureFleet(t, bctx, fleet10kHosts)
	if m.Bytes > fleet10kMaxBytes {
		t.Errorf("the report is %d bytes, over %d", m.Bytes, fleet10kMaxBytes)
	}
	if m.Elements > fleet10kMaxElements {
		t.Errorf("the page has %d elements after load, over %d", m.Elements, fleet10kMaxElements)
	}
	if m.Verdicts < fleet10kHosts {
		t.Errorf("the findings table has %d rows for %d hosts", m.Verdicts, fleet10kHosts)
	}
	deny, _ := strconv.Atoi(m.DenyCard)
	if want := thousands(deny) + " of " + thousands(m.Verdicts) + " shown"; deny == 0 || m.Shown != want {
		t.Errorf("filtering by deny shows %q, want %q (the summary's deny count)", m.Shown, want)
	}
	if !strings.Contains(m.HostsRange, "of "+thousands(fleet10kHosts)) {
		t.Errorf("the hosts table's pager says %q: it does not cover %d hosts", m.HostsRange, fleet10kHosts)
	}
}
