package cli

import (
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vendorcheck/vendorcheck/internal/testgen/fleetgen/fleet"
)

// TestFleetReportMeasure is the measurement harness for the audit report at
// fleet size, not a timed test: it generates fleets of the host counts in
// $VENDORCHECK_FLEET_HOSTS (for example "100,1000,10000"; skipped when
// unset), audits each with the HTML report, opens it in headless Chromium
// and logs the report's size, its DOM elements after load, the time from
// navigation to the end of the load event, and the time one filter takes.
// docs/performance.md has the numbers of one run.
//
//	VENDORCHECK_FLEET_HOSTS=100,1000 go test ./internal/cli -run FleetReportMeasure -v -timeout 1h
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
		dir := t.TempDir()
		if _, err := fleet.Write(filepath.Join(dir, "fleet"), hosts, 1); err != nil {
			t.Fatal(err)
		}
		htmlPath := filepath.Join(dir, "audit.html")
		code, _, stderr := runAuditCLI(t, false, "audit", "--as-of", fleetAsOf, "-o", "html="+htmlPath, filepath.Join(dir, "fleet"))
		if code != ExitFindings {
			t.Fatalf("%d hosts: audit exit %d\n%s", hosts, code, stderr)
		}
		st, err := os.Stat(htmlPath)
		if err != nil {
			t.Fatal(err)
		}
		page := (&url.URL{Scheme: "file", Path: htmlPath}).String()
		if err := chromedp.Do(bctx, chromedp.Navigate(page), chromedp.WaitReady(chromedp.CSS("footer"))); err != nil {
			t.Fatalf("%d hosts: chromium: %v", hosts, err)
		}
		m, err := chromedp.Run(bctx, chromedp.Evaluate[map[string]float64](`(() => {
		  const nav = performance.getEntriesByType("navigation")[0];
		  const out = {
		    elements: document.getElementsByTagName("*").length,
		    loadMs: nav ? nav.loadEventEnd - nav.startTime : -1,
		  };
		  const f = document.getElementById("filter");
		  if (f) {
		    const t0 = performance.now();
		    f.value = "flt";
		    f.dispatchEvent(new Event("input"));
		    void document.body.offsetHeight; // the layout the filter causes
		    out.filterMs = performance.now() - t0;
		    const t1 = performance.now();
		    f.value = "";
		    f.dispatchEvent(new Event("input"));
		    void document.body.offsetHeight;
		    out.clearMs = performance.now() - t1;
		  }
		  return out;
		})()`))
		if err != nil {
			t.Fatalf("%d hosts: measure: %v", hosts, err)
		}
		if m["elements"] == 0 {
			t.Fatalf("%d hosts: an empty page", hosts)
		}
		t.Logf("hosts=%d bytes=%d elements=%.0f load_ms=%.0f filter_ms=%.0f clear_ms=%.0f",
			hosts, st.Size(), m["elements"], m["loadMs"], m["filterMs"], m["clearMs"])
	}
}
