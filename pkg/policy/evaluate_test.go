package policy_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vendorcheck/vendorcheck/pkg/catalog"
	"github.com/vendorcheck/vendorcheck/pkg/category"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
	"github.com/vendorcheck/vendorcheck/pkg/match"
	"github.com/vendorcheck/vendorcheck/pkg/policy"
	"github.com/vendorcheck/vendorcheck/policies"
)

var update = flag.Bool("update", false, "rewrite golden files")

// shippedData loads the shipped lists and catalog once per test.
func shippedData(t *testing.T) (map[string]*policy.List, *catalog.Catalog) {
	t.Helper()
	lists, err := policy.LoadFS(policies.FS)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]*policy.List{}
	for _, l := range lists {
		byID[l.ID] = l
	}
	cat, err := catalog.LoadFS(policies.FS, "vendors")
	if err != nil {
		t.Fatal(err)
	}
	return byID, cat
}

func date(t *testing.T, s string) time.Time {
	t.Helper()
	if s == "" {
		return time.Time{}
	}
	d, err := catalog.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d.Time
}

func intp(n int) *int { return &n }

// want describes one expected finding. Message must contain every string
// of contains.
type want struct {
	rule       string
	action     policy.Action
	status     string
	contains   []string
	days       *int
	deadline   string
	judgedAt   string
	unverified bool
}

// Components used by the tests. Dates are set per case.
var (
	cxmtModule   = inventory.Component{Name: "DDR4 16GB", Model: "CXDQ3A8AM", Kind: inventory.KindMemory}
	huaweiKit    = inventory.Component{Name: "AAU5613", Model: "AAU5613", Kind: inventory.KindRadio}
	huaweiLib    = inventory.Component{Name: "hms-core", PURL: "pkg:maven/com.huawei.hms/hms-core@6.0", Kind: inventory.KindLibrary}
	micronDIMM   = inventory.Component{Name: "MTA18ASF2G72PZ", Model: "MTA18ASF2G72PZ-2G6", Kind: inventory.KindMemory}
	hikCamera    = inventory.Component{Name: "DS-2CD2143G2-I", Model: "DS-2CD2143G2-I", Kind: inventory.KindCamera}
	kasperskyApp = inventory.Component{Name: "Kaspersky Endpoint Security", Version: "12.0", Kind: inventory.KindApplication}
	zteSwitch    = inventory.Component{Name: "ZXR10 5960", Model: "ZXR10 5960", Kind: inventory.KindSwitch}
	dtDrone      = inventory.Component{Name: "Mavic 3 Enterprise", Model: "Mavic 3E", Kind: inventory.KindDrone}
	ctService    = inventory.Component{Name: "international transit", Kind: inventory.KindService}
)

func dated(c inventory.Component, purchase, install time.Time) inventory.Component {
	c.PurchaseDate, c.InstallDate = purchase, install
	return c
}

func TestEvaluate(t *testing.T) {
	lists, cat := shippedData(t)
	d := func(s string) time.Time { return date(t, s) }
	fed := []string{"federal-procurement"}
	g5 := []string{"5g-network"}
	ci := []string{"critical-infrastructure"}

	cases := []struct {
		name   string
		list   string
		comp   inventory.Component
		entity string
		asOf   string
		uses   []string
		want   []want
	}{
		// NDAA §5949: the CXMT rule is limited to federal-procurement and
		// restricts purchases, in force from 2027-12-23.
		{"5949 cxmt upcoming", "us-ndaa-5949", cxmtModule, "cxmt", "2026-11-27", fed, []want{
			{rule: "cxmt", action: policy.ActionWarn, status: "upcoming", days: intp(391), judgedAt: "2026-11-27",
				contains: []string{"in force from 2027-12-23 (391 days)", "ChangXin Memory Technologies"}},
		}},
		{"5949 cxmt upcoming no use", "us-ndaa-5949", cxmtModule, "cxmt", "2026-11-27", nil, []want{
			{rule: "cxmt", action: policy.ActionWarn, status: "upcoming", days: intp(391),
				contains: []string{"in force from 2027-12-23", "applies only where used for federal-procurement (declare with --use)"}},
		}},
		{"5949 cxmt in force", "us-ndaa-5949", cxmtModule, "cxmt", "2028-01-01", fed, []want{
			{rule: "cxmt", action: policy.ActionDeny, status: "in-force", judgedAt: "2028-01-01",
				contains: []string{"ChangXin Memory Technologies", "no purchase date recorded, so judged at 2028-01-01"}},
		}},
		{"5949 cxmt in force on its first day", "us-ndaa-5949", cxmtModule, "cxmt", "2027-12-23", fed, []want{
			{rule: "cxmt", action: policy.ActionDeny, status: "in-force"},
		}},
		{"5949 cxmt in force no use", "us-ndaa-5949", cxmtModule, "cxmt", "2028-01-01", nil, []want{
			{rule: "cxmt", action: policy.ActionWarn, status: "use-conditional",
				contains: []string{"applies only where used for federal-procurement (declare with --use): ChangXin"}},
		}},
		{"5949 cxmt other use", "us-ndaa-5949", cxmtModule, "cxmt", "2028-01-01", g5, nil},
		{"5949 cxmt other use upcoming", "us-ndaa-5949", cxmtModule, "cxmt", "2026-11-27", g5, nil},
		{"5949 cxmt bought before", "us-ndaa-5949", dated(cxmtModule, d("2027-06-01"), time.Time{}), "cxmt", "2028-01-01", fed, []want{
			{rule: "cxmt", action: policy.ActionInfo, status: "before-cutoff", judgedAt: "2027-06-01",
				contains: []string{"purchased 2027-06-01, before", "took effect on 2027-12-23: not a breach"}},
		}},
		{"5949 cxmt bought after", "us-ndaa-5949", dated(cxmtModule, d("2028-02-01"), time.Time{}), "cxmt", "2028-03-01", fed, []want{
			{rule: "cxmt", action: policy.ActionDeny, status: "in-force", judgedAt: "2028-02-01",
				contains: []string{"purchased 2028-02-01, when NDAA FY2023 §5949"}},
		}},
		{"5949 not about micron", "us-ndaa-5949", micronDIMM, "micron", "2028-01-01", fed, nil},

		// UK designated vendor: Huawei 5G kit bought and installed before
		// the cut-offs; the removal deadline is what remains.
		{"uk 5g kit before removal deadline", "uk-huawei-designated-vendor", dated(huaweiKit, d("2019-06-01"), d("2020-03-01")), "huawei", "2026-11-27", g5, []want{
			{rule: "huawei-5g-purchase", action: policy.ActionInfo, status: "before-cutoff", judgedAt: "2019-06-01",
				contains: []string{"purchased 2019-06-01, before", "took effect on 2021-01-01"}},
			{rule: "huawei-5g-install", action: policy.ActionInfo, status: "before-cutoff", judgedAt: "2020-03-01",
				contains: []string{"installed 2020-03-01, before", "took effect on 2021-10-01"}},
			{rule: "huawei-5g-removal", action: policy.ActionWarn, status: "deadline-pending", days: intp(399), deadline: "2027-12-31", judgedAt: "2026-11-27",
				contains: []string{"remove all Huawei equipment from 5G networks by 2027-12-31 (399 days left)"}},
		}},
		{"uk 5g kit on the removal deadline", "uk-huawei-designated-vendor", dated(huaweiKit, d("2019-06-01"), d("2020-03-01")), "huawei", "2027-12-31", g5, []want{
			{rule: "huawei-5g-purchase", action: policy.ActionInfo, status: "before-cutoff"},
			{rule: "huawei-5g-install", action: policy.ActionInfo, status: "before-cutoff"},
			{rule: "huawei-5g-removal", action: policy.ActionWarn, status: "deadline-pending", days: intp(0), deadline: "2027-12-31",
				contains: []string{"(0 days left)"}},
		}},
		{"uk 5g kit after removal deadline", "uk-huawei-designated-vendor", dated(huaweiKit, d("2019-06-01"), d("2020-03-01")), "huawei", "2028-01-01", g5, []want{
			{rule: "huawei-5g-purchase", action: policy.ActionInfo, status: "before-cutoff"},
			{rule: "huawei-5g-install", action: policy.ActionInfo, status: "before-cutoff"},
			{rule: "huawei-5g-removal", action: policy.ActionDeny, status: "deadline-passed", days: intp(-1), deadline: "2027-12-31",
				contains: []string{"deadline passed on 2027-12-31: remove all Huawei equipment from 5G networks"}},
		}},
		{"uk 5g kit bought and installed after the cut-offs", "uk-huawei-designated-vendor", dated(huaweiKit, d("2022-03-01"), d("2022-04-01")), "huawei", "2026-11-27", g5, []want{
			{rule: "huawei-5g-purchase", action: policy.ActionDeny, status: "deadline-passed", deadline: "2020-12-31", judgedAt: "2022-03-01",
				contains: []string{"purchased 2022-03-01, after the deadline of 2020-12-31: no new Huawei 5G equipment may be bought"}},
			{rule: "huawei-5g-install", action: policy.ActionDeny, status: "deadline-passed", deadline: "2021-09-30", judgedAt: "2022-04-01",
				contains: []string{"installed 2022-04-01, after the deadline of 2021-09-30"}},
			{rule: "huawei-5g-removal", action: policy.ActionWarn, status: "deadline-pending", days: intp(399)},
		}},
		{"uk 5g kit undated", "uk-huawei-designated-vendor", huaweiKit, "huawei", "2026-11-27", g5, []want{
			{rule: "huawei-5g-purchase", action: policy.ActionDeny, status: "deadline-passed", judgedAt: "2026-11-27",
				contains: []string{"deadline passed on 2020-12-31", "no purchase date recorded"}},
			{rule: "huawei-5g-install", action: policy.ActionDeny, status: "deadline-passed",
				contains: []string{"deadline passed on 2021-09-30", "no install date recorded"}},
			{rule: "huawei-5g-removal", action: policy.ActionWarn, status: "deadline-pending", days: intp(399)},
		}},
		{"uk network core", "uk-huawei-designated-vendor", huaweiKit, "huawei", "2026-11-27", []string{"network-core"}, []want{
			{rule: "huawei-network-core", action: policy.ActionDeny, status: "deadline-passed", deadline: "2023-12-31",
				contains: []string{"remove Huawei equipment from the network core"}},
		}},
		{"uk software is out of scope", "uk-huawei-designated-vendor", huaweiLib, "huawei", "2028-01-01", g5, nil},

		// China CAC: Micron purchases by CIIOs from 2023-05-21.
		{"cac micron bought before", "cn-cac-micron-2023", dated(micronDIMM, d("2022-06-01"), time.Time{}), "micron", "2026-11-27", ci, []want{
			{rule: "micron-ciio-purchase", action: policy.ActionInfo, status: "before-cutoff", judgedAt: "2022-06-01",
				contains: []string{"purchased 2022-06-01, before CAC cybersecurity review conclusion on Micron products took effect on 2023-05-21: not a breach"}},
		}},
		{"cac micron bought after", "cn-cac-micron-2023", dated(micronDIMM, d("2023-06-01"), time.Time{}), "micron", "2026-11-27", ci, []want{
			{rule: "micron-ciio-purchase", action: policy.ActionDeny, status: "in-force", judgedAt: "2023-06-01",
				contains: []string{"purchased 2023-06-01, when CAC cybersecurity review conclusion on Micron products was in force", "CIIOs in China must stop purchasing Micron products"}},
		}},
		{"cac micron bought on the day", "cn-cac-micron-2023", dated(micronDIMM, d("2023-05-21"), time.Time{}), "micron", "2026-11-27", ci, []want{
			{rule: "micron-ciio-purchase", action: policy.ActionDeny, status: "in-force", judgedAt: "2023-05-21"},
		}},
		{"cac micron bought the day before", "cn-cac-micron-2023", dated(micronDIMM, d("2023-05-20"), time.Time{}), "micron", "2026-11-27", ci, []want{
			{rule: "micron-ciio-purchase", action: policy.ActionInfo, status: "before-cutoff"},
		}},
		{"cac micron no use", "cn-cac-micron-2023", dated(micronDIMM, d("2023-06-01"), time.Time{}), "micron", "2026-11-27", nil, []want{
			{rule: "micron-ciio-purchase", action: policy.ActionWarn, status: "use-conditional",
				contains: []string{"applies only where used for critical-infrastructure (declare with --use): purchased 2023-06-01"}},
		}},
		{"cac micron other use", "cn-cac-micron-2023", dated(micronDIMM, d("2023-06-01"), time.Time{}), "micron", "2026-11-27", g5, nil},
		{"cac micron undated", "cn-cac-micron-2023", micronDIMM, "micron", "2026-11-27", ci, []want{
			{rule: "micron-ciio-purchase", action: policy.ActionDeny, status: "in-force", judgedAt: "2026-11-27",
				contains: []string{"no purchase date recorded, so judged at 2026-11-27"}},
		}},

		// FCC Covered List: Hikvision only for the named uses.
		{"fcc hikvision no use", "us-fcc-covered-list", hikCamera, "hikvision", "2026-11-27", nil, []want{
			{rule: "hikvision", action: policy.ActionWarn, status: "use-conditional",
				contains: []string{"applies only where used for public-safety, government-facility, critical-infrastructure, national-security (declare with --use)", "Hikvision"}},
			{rule: "hikvision-prior-grants", action: policy.ActionWarn, status: "use-conditional", unverified: true},
		}},
		{"fcc hikvision public safety", "us-fcc-covered-list", hikCamera, "hikvision", "2026-11-27", []string{"public-safety"}, []want{
			{rule: "hikvision", action: policy.ActionDeny, status: "in-force", judgedAt: "2026-11-27",
				contains: []string{"Hangzhou Hikvision Digital Technology Company"}},
			{rule: "hikvision-prior-grants", action: policy.ActionWarn, status: "in-force", unverified: true,
				contains: []string{"may no longer be imported or marketed", "no purchase date recorded"}},
		}},
		{"fcc hikvision 5g only", "us-fcc-covered-list", hikCamera, "hikvision", "2026-11-27", g5, nil},
		{"fcc hikvision before listing", "us-fcc-covered-list", hikCamera, "hikvision", "2021-01-01", []string{"public-safety"}, []want{
			{rule: "hikvision", action: policy.ActionWarn, status: "upcoming", days: intp(70), contains: []string{"in force from 2021-03-12 (70 days)"}},
			{rule: "hikvision-prior-grants", action: policy.ActionWarn, status: "upcoming"},
		}},
		// The 2026-06-26 notice on previously authorised equipment: a
		// purchase on the day before its earliest effective day is no
		// breach; one on that day is a warning (the ban binds importers and
		// sellers). The effective day itself is unverified.
		{"fcc huawei prior grants bought before", "us-fcc-covered-list", dated(huaweiKit, d("2026-07-05"), time.Time{}), "huawei", "2026-12-03", nil, []want{
			{rule: "huawei", action: policy.ActionDeny, status: "in-force"},
			{rule: "huawei-prior-grants", action: policy.ActionInfo, status: "before-cutoff", unverified: true, judgedAt: "2026-07-05"},
		}},
		{"fcc huawei prior grants bought on the day", "us-fcc-covered-list", dated(huaweiKit, d("2026-07-06"), time.Time{}), "huawei", "2026-12-03", nil, []want{
			{rule: "huawei", action: policy.ActionDeny, status: "in-force"},
			{rule: "huawei-prior-grants", action: policy.ActionWarn, status: "in-force", unverified: true, judgedAt: "2026-07-06"},
		}},
		{"fcc kaspersky software", "us-fcc-covered-list", kasperskyApp, "kaspersky", "2026-11-27", nil, []want{
			{rule: "kaspersky", action: policy.ActionDeny, status: "in-force", contains: []string{"AO Kaspersky Lab"}},
		}},

		// NDAA §1634: Kaspersky in federal use, from 2018-10-01.
		{"1634 kaspersky government", "us-ndaa-1634-kaspersky", kasperskyApp, "kaspersky", "2026-11-27", []string{"government"}, []want{
			{rule: "kaspersky", action: policy.ActionDeny, status: "in-force",
				contains: []string{"Federal use and procurement of any hardware, software or services", "Kaspersky Lab is barred from 2018-10-01"}},
		}},
		{"1634 kaspersky contractor", "us-ndaa-1634-kaspersky", kasperskyApp, "kaspersky", "2026-11-27", []string{"federal-contractor", "5g-network"}, []want{
			{rule: "kaspersky", action: policy.ActionDeny, status: "in-force"},
		}},
		{"1634 kaspersky on 2018-10-01", "us-ndaa-1634-kaspersky", kasperskyApp, "kaspersky", "2018-10-01", []string{"government"}, []want{
			{rule: "kaspersky", action: policy.ActionDeny, status: "in-force"},
		}},
		{"1634 kaspersky no use", "us-ndaa-1634-kaspersky", kasperskyApp, "kaspersky", "2026-11-27", nil, []want{
			{rule: "kaspersky", action: policy.ActionWarn, status: "use-conditional",
				contains: []string{"applies only where used for government, federal-procurement, federal-contractor"}},
		}},
		{"1634 kaspersky private use", "us-ndaa-1634-kaspersky", kasperskyApp, "kaspersky", "2026-11-27", []string{"telecom-network"}, nil},
		{"1634 kaspersky before 2018-10-01", "us-ndaa-1634-kaspersky", kasperskyApp, "kaspersky", "2018-09-01", []string{"government"}, []want{
			{rule: "kaspersky", action: policy.ActionWarn, status: "upcoming", days: intp(30)},
		}},

		// Expired rules and lists give nothing once their until has come.
		{"bis zte 2016 listing in force", "us-bis-entity-list", zteSwitch, "zte", "2017-01-01", nil, []want{
			{rule: "zte-2016", action: policy.ActionInfo, status: "in-force", unverified: true},
			// An upcoming info rule stays info.
			{rule: "zte-denial-order-2018", action: policy.ActionInfo, status: "upcoming", days: intp(469)},
		}},
		{"bis zte listings expired", "us-bis-entity-list", zteSwitch, "zte", "2026-11-27", nil, nil},
		{"bis zte 2016 listing last day", "us-bis-entity-list", zteSwitch, "zte", "2017-03-28", nil, []want{
			{rule: "zte-2016", action: policy.ActionInfo, status: "in-force"},
			{rule: "zte-denial-order-2018", action: policy.ActionInfo, status: "upcoming"},
		}},
		{"bis zte 2016 listing until day", "us-bis-entity-list", zteSwitch, "zte", "2017-03-29", nil, []want{
			{rule: "zte-denial-order-2018", action: policy.ActionInfo, status: "upcoming", days: intp(382)},
		}},
		{"1260h china telecom removed", "us-dod-1260h", ctService, "china-telecom", "2026-11-27", nil, nil},
		{"asda dji before expiry", "us-asda-2023", dtDrone, "dji", "2028-12-21", []string{"government"}, []want{
			{rule: "dji-operation", action: policy.ActionDeny, status: "in-force"},
		}},
		{"asda dji expired", "us-asda-2023", dtDrone, "dji", "2029-01-01", []string{"government", "federal-procurement"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l, ok := lists[tc.list]
			if !ok {
				t.Fatalf("no shipped list %q", tc.list)
			}
			e, ok := cat.Get(tc.entity)
			if !ok {
				t.Fatalf("no entity %q", tc.entity)
			}
			a := match.Attribution{Entity: e.ID, EntityName: e.Name, Confidence: match.High, Relation: match.MadeBy}
			comp := tc.comp
			got := policy.Evaluate(l, &comp, a, e.Products, policy.Options{AsOf: date(t, tc.asOf), Uses: tc.uses})
			if len(got) != len(tc.want) {
				t.Fatalf("got %d findings, want %d:\n%s", len(got), len(tc.want), dump(got))
			}
			for i, w := range tc.want {
				f := got[i]
				if f.Rule != w.rule || f.Action != w.action || f.Status != w.status {
					t.Errorf("finding %d: got rule %s %s/%s, want %s %s/%s\n%s", i, f.Rule, f.Action, f.Status, w.rule, w.action, w.status, dump(got))
				}
				for _, s := range w.contains {
					if !strings.Contains(f.Message, s) {
						t.Errorf("finding %d (%s): message %q does not contain %q", i, f.Rule, f.Message, s)
					}
				}
				if w.days != nil && (f.DaysRemaining == nil || *f.DaysRemaining != *w.days) {
					t.Errorf("finding %d (%s): days remaining %v, want %d", i, f.Rule, deref(f.DaysRemaining), *w.days)
				}
				if w.deadline != "" && f.Deadline != w.deadline {
					t.Errorf("finding %d (%s): deadline %q, want %q", i, f.Rule, f.Deadline, w.deadline)
				}
				if w.judgedAt != "" && f.JudgedAt != w.judgedAt {
					t.Errorf("finding %d (%s): judged at %q, want %q", i, f.Rule, f.JudgedAt, w.judgedAt)
				}
				if w.unverified && !f.Unverified {
					t.Errorf("finding %d (%s): not marked unverified", i, f.Rule)
				}
				if f.List != tc.list || f.Citation != l.Citation || f.URL != l.URL {
					t.Errorf("finding %d: list/citation/url %q %q %q", i, f.List, f.Citation, f.URL)
				}
			}
		})
	}
}

// TestEvaluateTimeOfDay checks that an as-of time with a time of day and
// zone is judged as its calendar date.
func TestEvaluateTimeOfDay(t *testing.T) {
	lists, cat := shippedData(t)
	e, _ := cat.Get("huawei")
	a := match.Attribution{Entity: "huawei", EntityName: e.Name, Confidence: match.High, Relation: match.MadeBy}
	zone := time.FixedZone("UTC-5", -5*3600)
	asOf := time.Date(2027, 12, 31, 23, 30, 0, 0, zone) // 2028-01-01 04:30 UTC
	c := huaweiKit
	got := policy.Evaluate(lists["uk-huawei-designated-vendor"], &c, a, e.Products, policy.Options{AsOf: asOf, Uses: []string{"5g-network"}})
	for _, f := range got {
		if f.Rule == "huawei-5g-removal" {
			if f.Action != policy.ActionWarn || f.DaysRemaining == nil || *f.DaysRemaining != 0 {
				t.Fatalf("removal on its deadline day (local date): %s", dump([]policy.Finding{f}))
			}
			return
		}
	}
	t.Fatalf("no removal finding:\n%s", dump(got))
}

func deref(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

func dump(fs []policy.Finding) string {
	b, _ := json.MarshalIndent(fs, "", "  ")
	return string(b)
}

// goldenComponent is one component of the golden set, with the entity it
// is attributed to.
type goldenComponent struct {
	ID     string              `json:"id"`
	Entity string              `json:"entity"`
	Comp   inventory.Component `json:"-"`
}

// goldenFinding is what the golden file records for each finding.
type goldenFinding struct {
	Component string `json:"component"`
	Entity    string `json:"entity"`
	policy.Finding
}

// TestEvaluateGolden evaluates a fixed set of components against every
// shipped list at fixed dates and uses, asserts the invariants every
// finding must meet, then compares with testdata/golden.
func TestEvaluateGolden(t *testing.T) {
	lists, cat := shippedData(t)
	var ordered []*policy.List
	all, _ := policy.LoadFS(policies.FS)
	for _, l := range all {
		ordered = append(ordered, lists[l.ID])
	}
	if len(ordered) != 21 {
		t.Errorf("%d shipped lists, want 21", len(ordered))
	}
	d := func(s string) time.Time { return date(t, s) }
	comps := []goldenComponent{
		{"huawei-5g-radio", "huawei", dated(huaweiKit, d("2019-06-01"), d("2020-03-01"))},
		{"huawei-library", "huawei", huaweiLib},
		{"zte-switch", "zte", zteSwitch},
		{"micron-dimm-2022", "micron", dated(micronDIMM, d("2022-06-01"), time.Time{})},
		{"micron-dimm-2023", "micron", dated(micronDIMM, d("2023-06-01"), time.Time{})},
		{"cxmt-module", "cxmt", cxmtModule},
		{"hikvision-camera", "hikvision", hikCamera},
		{"kaspersky-app", "kaspersky", kasperskyApp},
		{"dji-drone", "dji", dtDrone},
		{"china-telecom-service", "china-telecom", ctService},
	}
	cases := []struct {
		name string
		asOf string
		uses []string
	}{
		{"2026-11-27-no-use", "2026-11-27", nil},
		{"2026-11-27-all-uses", "2026-11-27", policy.Uses},
		{"2028-06-01-all-uses", "2028-06-01", policy.Uses},
		{"2026-11-27-private", "2026-11-27", []string{"telecom-network"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []goldenFinding
			for _, gc := range comps {
				e, ok := cat.Get(gc.Entity)
				if !ok {
					t.Fatalf("no entity %q", gc.Entity)
				}
				a := match.Attribution{Entity: e.ID, EntityName: e.Name, Confidence: match.High, Relation: match.MadeBy}
				c := gc.Comp
				for _, l := range ordered {
					for _, f := range policy.Evaluate(l, &c, a, e.Products, policy.Options{AsOf: d(tc.asOf), Uses: tc.uses}) {
						got = append(got, goldenFinding{Component: gc.ID, Entity: gc.Entity, Finding: f})
					}
				}
			}
			if len(got) == 0 {
				t.Fatal("no findings at all")
			}
			checkInvariants(t, got)
			// The scope is the list's, word for word: checked here, and left
			// out of the golden file where it would only repeat the lists.
			for i := range got {
				if got[i].Scope != lists[got[i].List].Scope {
					t.Errorf("finding %d: scope is not the list's", i)
				}
				got[i].Scope = ""
			}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetIndent("", "  ")
			enc.SetEscapeHTML(false)
			if err := enc.Encode(got); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", t.Name()+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			wantB, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), wantB) {
				t.Errorf("findings differ from %s (run go test -update after checking):\n%s", path, lineDiff(string(wantB), buf.String()))
			}
		})
	}
}

func checkInvariants(t *testing.T, fs []goldenFinding) {
	t.Helper()
	statuses := map[string]bool{"in-force": true, "upcoming": true, "deadline-pending": true, "deadline-passed": true,
		"use-conditional": true, "before-cutoff": true, "proposal": true}
	for i, f := range fs {
		missing := []string{}
		for k, v := range map[string]string{"list": f.List, "rule": f.Rule, "citation": f.Citation, "url": f.URL,
			"action": string(f.Action), "message": f.Message, "judged_at": f.JudgedAt, "status": f.Status, "jurisdiction": f.Jurisdiction} {
			if strings.TrimSpace(v) == "" {
				missing = append(missing, k)
			}
		}
		if len(missing) > 0 {
			t.Errorf("finding %d (%s %s/%s): missing %v", i, f.Component, f.List, f.Rule, missing)
		}
		if f.Action.Rank() == 0 {
			t.Errorf("finding %d: action %q", i, f.Action)
		}
		if !statuses[f.Status] {
			t.Errorf("finding %d: status %q", i, f.Status)
		}
		if _, err := catalog.ParseDate(f.JudgedAt); err != nil {
			t.Errorf("finding %d: judged_at: %v", i, err)
		}
		if (f.Status == "deadline-pending" || f.Status == "deadline-passed") && (f.Deadline == "" || f.DaysRemaining == nil) {
			t.Errorf("finding %d: %s without deadline and days", i, f.Status)
		}
		if f.Status == "deadline-passed" && f.Action != policy.ActionDeny {
			t.Errorf("finding %d: passed deadline is %s", i, f.Action)
		}
		if f.Status == "upcoming" && (f.Action == policy.ActionDeny || f.DaysRemaining == nil || *f.DaysRemaining <= 0) {
			t.Errorf("finding %d: upcoming finding %s with days %v", i, f.Action, deref(f.DaysRemaining))
		}
		if f.Status == "use-conditional" && (f.Action == policy.ActionDeny || len(f.Uses) == 0) {
			t.Errorf("finding %d: use-conditional finding %s with uses %v", i, f.Action, f.Uses)
		}
	}
}

// lineDiff shows the first differing lines of two texts.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			b.WriteString("line " + strconv.Itoa(i+1) + ":\n  want: " + wl + "\n  got:  " + gl + "\n")
			if shown++; shown >= 10 {
				break
			}
		}
	}
	return b.String()
}

// A Subject judged against every shipped list, one list after another,
// gives what Evaluate gives for each list: nothing of one list's judgement
// stays for the next.
func TestSubjectEqualsEvaluate(t *testing.T) {
	lists, cat := shippedData(t)
	ids := make([]string, 0, len(lists))
	for id := range lists {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	purchased := huaweiKit
	purchased.PurchaseDate = date(t, "2020-06-01")
	installed := micronDIMM
	installed.InstallDate = date(t, "2024-01-10")
	n := 0
	for _, opt := range []policy.Options{{AsOf: date(t, "2026-12-03")}, {AsOf: date(t, "2019-01-01"), Uses: []string{"5g-network"}}} {
		for _, tc := range []struct {
			c      inventory.Component
			entity string
		}{
			{cxmtModule, "cxmt"}, {huaweiKit, "huawei"}, {purchased, "huawei"}, {huaweiLib, "huawei"}, {micronDIMM, "micron"},
			{installed, "micron"}, {hikCamera, "hikvision"}, {kasperskyApp, "kaspersky"}, {zteSwitch, "zte"}, {dtDrone, "dji"},
			{ctService, "china-telecom"}, {inventory.Component{Name: "widget", Kind: inventory.KindDevice}, "huawei"},
		} {
			var products []string
			if e, ok := cat.Get(tc.entity); ok {
				products = e.Products
			}
			a := match.Attribution{Entity: tc.entity, Confidence: match.High}
			s := policy.NewSubject(&tc.c, a, category.Decide(&tc.c, products), opt)
			for _, id := range ids {
				got := s.Evaluate(lists[id])
				want := policy.Evaluate(lists[id], &tc.c, a, products, opt)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s, %s, list %s: Subject.Evaluate\n%+v\nEvaluate\n%+v", tc.c.Name, tc.entity, id, got, want)
				}
				n += len(got)
			}
		}
	}
	if n < 50 {
		t.Errorf("%d findings in all: too few to compare", n)
	}
}
