package scan

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/report"
)

// TestSameMachineSameVerdict reads one Huawei 2288H V5 server described in
// every inventory format (testdata/samemachine: real dmidecode, lsusb -v and
// NetBox files, and lspci, lshw, sheet and CycloneDX forms written for the
// test) and checks that each physical part gets the same verdict - action,
// status, deciding rule and category - in every format that describes it.
func TestSameMachineSameVerdict(t *testing.T) {
	res := run(t, config(t), filepath.Join("testdata", "samemachine"))
	if len(res.Errors) > 0 {
		t.Fatalf("errors: %v", res.Errors)
	}
	checkInvariants(t, res)
	parts := []struct {
		name    string
		match   func(v *report.Verdict) bool
		formats int // formats that describe the part
		action  string
		cat     string
	}{
		{"server", func(v *report.Verdict) bool { return strings.Contains(v.Component.Name, "2288H V5") }, 5, "warn", "computing"},
		{"network controller", func(v *report.Verdict) bool { return strings.Contains(v.Component.Name, "Hi1822") }, 4, "deny", "telecom-equipment"},
		{"NVMe SSD", func(v *report.Verdict) bool { return strings.Contains(v.Component.Name, "ES3000") }, 4, "warn", "memory-storage"},
	}
	for _, p := range parts {
		t.Run(p.name, func(t *testing.T) {
			seen := map[string]string{} // file -> verdict
			for i := range res.Verdicts {
				v := &res.Verdicts[i]
				if !p.match(v) {
					continue
				}
				got := strings.Join([]string{string(v.Action), v.Status, v.List + "/" + v.Rule, v.Category}, " ")
				file := filepath.Base(v.Component.File)
				if prev, dup := seen[file]; dup && prev != got {
					t.Errorf("%s: two verdicts in one file: %s / %s", file, prev, got)
				}
				seen[file] = got
			}
			if len(seen) != p.formats {
				t.Errorf("the part is in %d formats, want %d: %v", len(seen), p.formats, seen)
			}
			var first, firstFile string
			for file, got := range seen {
				if first == "" {
					first, firstFile = got, file
					continue
				}
				if got != first {
					t.Errorf("%s says %q, %s says %q", firstFile, first, file, got)
				}
			}
			if a, c, _ := strings.Cut(first, " "); a != p.action || !strings.HasSuffix(c, " "+p.cat) {
				t.Errorf("verdict %q, want %s and category %s", first, p.action, p.cat)
			}
		})
	}
	// No bridge, root port, USB host controller, DMA engine or virtual
	// KVM is judged telecom equipment, and none is denied.
	for _, v := range res.Verdicts {
		n := v.Component.Name
		if strings.Contains(n, "Root Port") || strings.Contains(n, "DMI3") || strings.Contains(n, "xHCI") ||
			strings.Contains(n, "Keyboard/Mouse") || strings.Contains(n, "iBMC") {
			if v.Category == "telecom-equipment" || v.Action == "deny" {
				t.Errorf("%s: %s, category %s", n, v.Action, v.Category)
			}
			for _, h := range v.Hits {
				if h.List == "us-fcc-covered-list" {
					t.Errorf("%s: the FCC Covered List speaks to it (%s)", n, h.Status)
				}
			}
		}
	}
}
