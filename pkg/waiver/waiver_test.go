package waiver_test

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vendorcheck/vendorcheck/pkg/internal/yamlstrict"
	"github.com/vendorcheck/vendorcheck/pkg/policy"
	"github.com/vendorcheck/vendorcheck/pkg/report"
	"github.com/vendorcheck/vendorcheck/pkg/waiver"
)

var asOf = time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

func finding(entity, list, rule string, action policy.Action, c report.Component) report.Finding {
	return report.Finding{
		Subject: &report.Subject{Component: c, Entity: entity},
		Finding: &policy.Finding{List: list, Rule: rule, Action: action},
	}
}

// result builds a result with three findings on three components.
func result() *report.Result {
	return &report.Result{Findings: []report.Finding{
		finding("huawei", "us-fcc-covered-list", "huawei", policy.ActionDeny, report.Component{
			File: "sboms/app.cdx.json", Ref: "pkg:maven/com.huawei.hms/hms-core@6.0", Name: "hms-core",
			PURL: "pkg:maven/com.huawei.hms/hms-core@6.0", Kind: "library"}),
		finding("micron", "cn-cac-micron-2023", "micron-ciio-purchase", policy.ActionDeny, report.Component{
			File: "inventories/site-a/dmidecode.txt", Line: 120, Name: "MTA18ASF2G72PZ", Kind: "memory-module"}),
		finding("hikvision", "us-fcc-covered-list", "hikvision", policy.ActionWarn, report.Component{
			File: "inventories/site-b/cameras.csv", Line: 3, Ref: "cam-1", Name: "DS-2CD2143G2-I", Kind: "camera"}),
	}}
}

func parse(t *testing.T, src string) *waiver.Set {
	t.Helper()
	s, err := waiver.Parse("waivers.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func status(t *testing.T, res *report.Result, id string) report.WaiverStatus {
	t.Helper()
	for _, s := range res.Waivers {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("no status for waiver %q in %+v", id, res.Waivers)
	return report.WaiverStatus{}
}

func TestApply(t *testing.T) {
	s := parse(t, `waivers:
  - id: hms-prefix
    purl: pkg:maven/com.huawei.hms/*
    reason: HMS kit removed in release 7; tracked in JIRA-12
    expires: 2026-12-31
    approved_by: ciso@example.com
  - id: micron-expired
    entity: micron
    list: cn-cac-micron-2023
    reason: bought before the decision, pending proof
    expires: 2026-11-26
    approved_by: procurement lead
  - id: zte-stale
    entity: zte
    reason: old ZTE routers, replaced
    expires: 2027-06-30
    approved_by: network team
  - id: camera-today
    ref: cam-1
    list: us-fcc-covered-list
    rule: hikvision
    reason: camera in a private warehouse, not public safety
    expires: 2026-11-27
    approved_by: security officer
`)
	if s.Len() != 4 {
		t.Fatalf("%d waivers", s.Len())
	}
	res := result()
	s.Apply(res, asOf)

	hms, mic, cam := res.Findings[0], res.Findings[1], res.Findings[2]
	if !hms.Waived || hms.Waiver == nil || hms.Waiver.ID != "hms-prefix" || hms.Waiver.ApprovedBy != "ciso@example.com" ||
		hms.Waiver.Expires != "2026-12-31" || hms.Waiver.Source != "waivers.yaml:2" {
		t.Errorf("prefix purl waiver: %+v %+v", hms.Waived, hms.Waiver)
	}
	if report.Failing(hms, policy.ActionDeny) {
		t.Error("a waived deny finding fails")
	}
	// Expired yesterday: no longer suppresses, reported as expired.
	if mic.Waived || mic.Waiver != nil {
		t.Errorf("expired waiver suppressed the Micron finding: %+v", mic.Waiver)
	}
	if !report.Failing(mic, policy.ActionDeny) {
		t.Error("the Micron finding under an expired waiver does not fail")
	}
	if st := status(t, res, "micron-expired"); st.Status != report.WaiverExpired || st.Matched != 1 {
		t.Errorf("micron-expired: %+v", st)
	}
	// Expires today: still holds.
	if !cam.Waived || cam.Waiver.ID != "camera-today" {
		t.Errorf("waiver expiring today does not hold: %+v", cam.Waiver)
	}
	if st := status(t, res, "camera-today"); st.Status != report.WaiverActive || st.Matched != 1 {
		t.Errorf("camera-today: %+v", st)
	}
	if st := status(t, res, "zte-stale"); st.Status != report.WaiverStale || st.Matched != 0 || st.Reason != "old ZTE routers, replaced" {
		t.Errorf("zte-stale: %+v", st)
	}
	if st := status(t, res, "hms-prefix"); st.Status != report.WaiverActive || st.Matched != 1 {
		t.Errorf("hms-prefix: %+v", st)
	}
	if len(res.Waivers) != 4 {
		t.Errorf("%d waiver statuses, want 4", len(res.Waivers))
	}
}

func TestApplyNextDayExpires(t *testing.T) {
	s := parse(t, `waivers:
  - id: w
    name: ds-2cd2143g2-i
    reason: r
    expires: 2026-11-27
    approved_by: a
`)
	res := result()
	s.Apply(res, asOf.AddDate(0, 0, 1))
	if res.Findings[2].Waived {
		t.Error("waiver holds the day after it expired")
	}
	if st := status(t, res, "w"); st.Status != report.WaiverExpired || st.Matched != 1 {
		t.Errorf("%+v", st)
	}
}

func TestMatchSelectors(t *testing.T) {
	cases := []struct {
		name, sel string
		want      []bool // per finding of result()
	}{
		{"purl exact", "purl: pkg:maven/com.huawei.hms/hms-core@6.0", []bool{true, false, false}},
		{"purl exact other version", "purl: pkg:maven/com.huawei.hms/hms-core@5.0", []bool{false, false, false}},
		{"purl any version", "purl: pkg:maven/com.huawei.hms/hms-core@*", []bool{true, false, false}},
		{"purl prefix elsewhere", "purl: pkg:maven/com.huawei.other/*", []bool{false, false, false}},
		{"name ignores case", "name: mta18asf2g72pz", []bool{false, true, false}},
		{"ref", "ref: cam-1", []bool{false, false, true}},
		{"file glob", "file: inventories/*/dmidecode.txt", []bool{false, true, false}},
		{"file base name", "file: '*.csv'", []bool{false, false, true}},
		{"file glob does not cross dirs", "file: 'inventories/*.csv'", []bool{false, false, false}},
		{"entity", "entity: hikvision", []bool{false, false, true}},
		{"list", "list: us-fcc-covered-list", []bool{true, false, true}},
		{"list and rule", "list: us-fcc-covered-list\n    rule: huawei", []bool{true, false, false}},
		{"all selectors must match", "entity: huawei\n    file: inventories/*/*", []bool{false, false, false}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := parse(t, "waivers:\n  - "+tc.sel+"\n    reason: r\n    expires: 2030-01-01\n    approved_by: a\n")
			res := result()
			s.Apply(res, asOf)
			for i, w := range tc.want {
				if res.Findings[i].Waived != w {
					t.Errorf("finding %d (%s): waived %v, want %v", i, res.Findings[i].Component.Name, res.Findings[i].Waived, w)
				}
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name, src, want string
	}{
		{"missing approved_by", `waivers:
  - id: a
    entity: huawei
    reason: r
    expires: 2027-01-01
    approved_by: x
  - entity: zte
    reason: r
    expires: 2027-01-01
`, `waivers.yaml:7: waiver #2: missing approved_by`},
		{"unknown key", `waivers:
  - entity: zte
    reason: r
    expires: 2027-01-01
    approved-by: x
`, `waivers.yaml:5: unknown key "approved-by"`},
		{"unknown top key", "waiver:\n  - entity: zte\n", `waivers.yaml:1: unknown key "waiver"`},
		{"bad date", `waivers:
  - entity: zte
    reason: r
    expires: 2027-13-01
    approved_by: x
`, `waivers.yaml:4: waiver #1: expires "2027-13-01" is not a date (want YYYY-MM-DD)`},
		{"no selector", `waivers:
  - id: nothing
    reason: r
    expires: 2027-01-01
    approved_by: x
`, `waivers.yaml:2: waiver "nothing": no selector`},
		{"star inside purl", `waivers:
  - purl: pkg:maven/*/x
    reason: r
    expires: 2027-01-01
    approved_by: x
`, `waivers.yaml:2: waiver #1: purl "pkg:maven/*/x": "*" is allowed only at the end`},
		{"rule without list", `waivers:
  - entity: zte
    rule: zte
    reason: r
    expires: 2027-01-01
    approved_by: x
`, `waivers.yaml:3: waiver #1: rule "zte" needs list`},
		{"entity not an id", `waivers:
  - entity: Huawei
    reason: r
    expires: 2027-01-01
    approved_by: x
`, `waivers.yaml:2: waiver #1: entity "Huawei" must be an id`},
		{"duplicate id", `waivers:
  - {id: a, entity: zte, reason: r, expires: 2027-01-01, approved_by: x}
  - {id: a, entity: zte, reason: r, expires: 2027-01-01, approved_by: x}
`, `waivers.yaml:3: waiver "a": duplicate id (also waiver #1)`},
		{"missing waivers", "# nothing\n{}\n", `waivers.yaml:1: missing "waivers"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := waiver.Parse("waivers.yaml", []byte(tc.src))
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q\nwant it to contain %q", err, tc.want)
			}
		})
	}
}

func TestParseReportsEveryProblem(t *testing.T) {
	_, err := waiver.Parse("w.yaml", []byte(`waivers:
  - entity: zte
  - list: x
    reason: r
    expires: 2027-01-01
`))
	var es yamlstrict.Errors
	if !errors.As(err, &es) {
		t.Fatalf("error %v (%T) is not a yamlstrict.Errors", err, err)
	}
	// #1 misses reason, expires, approved_by; #2 misses approved_by.
	if len(es) != 4 {
		t.Errorf("%d problems, want 4:\n%v", len(es), err)
	}
}

func TestLoadAndMerge(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "waivers.yaml")
	if err := os.WriteFile(p, []byte("waivers:\n  - {id: a, entity: zte, reason: r, expires: 2027-01-01, approved_by: x}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s1, err := waiver.Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if got := s1.Waivers()[0].Source; got != p+":2" {
		t.Errorf("source %q", got)
	}
	s2 := parse(t, "waivers:\n  - {id: b, entity: zte, reason: r, expires: 2027-01-01, approved_by: x}\n")
	m, err := waiver.Merge(s1, nil, s2)
	if err != nil || m.Len() != 2 {
		t.Fatalf("merge: %v, %d", err, m.Len())
	}
	if _, err := waiver.Merge(s1, s1); err == nil || !strings.Contains(err.Error(), `waiver "a": duplicate id`) {
		t.Errorf("merge of a duplicate id: %v", err)
	}
	if _, err := waiver.Load(filepath.Join(dir, "missing.yaml")); err == nil {
		t.Error("loading a missing file did not fail")
	}
}

func TestApplyNilSet(t *testing.T) {
	var s *waiver.Set
	res := result()
	s.Apply(res, asOf)
	if res.Waivers != nil || res.Findings[0].Waived {
		t.Error("a nil set changed the result")
	}
}

// TestDocExample parses the waiver example of docs/policy-format.md.
func TestDocExample(t *testing.T) {
	data, err := os.ReadFile("../../docs/policy-format.md")
	if err != nil {
		t.Fatal(err)
	}
	block := ""
	for _, m := range regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllStringSubmatch(string(data), -1) {
		if strings.HasPrefix(m[1], "waivers:") {
			block = m[1]
			break
		}
	}
	if block == "" {
		t.Fatal("no waiver example (a yaml block starting with waivers:) in docs/policy-format.md")
	}
	s, err := waiver.Parse("docs/policy-format.md", []byte(block))
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() == 0 {
		t.Fatal("the example has no waivers")
	}
}
