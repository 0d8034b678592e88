package policy_test

import (
	"testing"
	"time"

	"github.com/vendorcheck/vendorcheck/pkg/inventory"
	"github.com/vendorcheck/vendorcheck/pkg/match"
	"github.com/vendorcheck/vendorcheck/pkg/policy"
)

// The instruments and entities of the 2026-12 data review, each judged on
// both sides of its boundaries.

var (
	dahuaCamera   = inventory.Component{Name: "IPC-HDW5831R-ZE", Model: "IPC-HDW5831R-ZE", Kind: inventory.KindCamera}
	quectelModule = inventory.Component{Name: "EG25-G LTE module", Model: "EG25-G", Kind: inventory.KindRadio}
)

type boundaryCase struct {
	name   string
	list   string
	comp   inventory.Component
	entity string
	asOf   string
	uses   []string
	want   map[string]string // rule id -> "action/status"; rules not named must give nothing
}

func runBoundaryCases(t *testing.T, cases []boundaryCase) {
	t.Helper()
	lists, cat := shippedData(t)
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
			got := map[string]string{}
			for _, f := range policy.Evaluate(l, &comp, a, e.Products, policy.Options{AsOf: date(t, tc.asOf), Uses: tc.uses}) {
				got[f.Rule] = string(f.Action) + "/" + f.Status
				if f.Citation != l.Citation || f.URL != l.URL {
					t.Errorf("%s: finding cites %q %q, not the list's instrument", f.Rule, f.Citation, f.URL)
				}
			}
			for id, w := range tc.want {
				if got[id] != w {
					t.Errorf("rule %s: got %q, want %q (all: %v)", id, got[id], w, got)
				}
			}
			for id, g := range got {
				if _, ok := tc.want[id]; !ok {
					t.Errorf("rule %s: unexpected finding %s", id, g)
				}
			}
		})
	}
}

func TestSection805(t *testing.T) {
	dod := []string{"defense-procurement"}
	civil := []string{"federal-procurement"}
	cases := []boundaryCase{
		// Dahua: on the §1260H list from 2022-10-05.
		{"dahua designation day before", "us-dod-1260h", dahuaCamera, "dahua", "2022-10-04", civil, map[string]string{"dahua": "info/upcoming"}},
		{"dahua designation first day", "us-dod-1260h", dahuaCamera, "dahua", "2022-10-05", civil, map[string]string{"dahua": "info/in-force"}},
		// §805 for Dahua: direct from 2026-06-30, indirect from 2027-06-30.
		{"dahua 805 day before", "us-dod-1260h", dahuaCamera, "dahua", "2026-06-29", dod, map[string]string{
			"dahua": "info/in-force", "dahua-section-805": "warn/upcoming", "dahua-section-805-indirect": "warn/upcoming"}},
		{"dahua 805 first day", "us-dod-1260h", dahuaCamera, "dahua", "2026-06-30", dod, map[string]string{
			"dahua": "info/in-force", "dahua-section-805": "deny/in-force", "dahua-section-805-indirect": "warn/upcoming"}},
		{"dahua 805 indirect day before", "us-dod-1260h", dahuaCamera, "dahua", "2027-06-29", dod, map[string]string{
			"dahua": "info/in-force", "dahua-section-805": "deny/in-force", "dahua-section-805-indirect": "warn/upcoming"}},
		{"dahua 805 indirect first day", "us-dod-1260h", dahuaCamera, "dahua", "2027-06-30", dod, map[string]string{
			"dahua": "info/in-force", "dahua-section-805": "deny/in-force", "dahua-section-805-indirect": "deny/in-force"}},
		// A contract made before §805 took effect is no breach.
		{"dahua 805 bought before", "us-dod-1260h", dated(dahuaCamera, date(t, "2026-06-29"), time.Time{}), "dahua", "2026-12-03", dod, map[string]string{
			"dahua": "info/in-force", "dahua-section-805": "info/before-cutoff", "dahua-section-805-indirect": "info/before-cutoff"}},
		// §805 binds DoD only: a civilian agency's procurement is not caught.
		{"dahua 805 civilian agency", "us-dod-1260h", dahuaCamera, "dahua", "2026-12-03", civil, map[string]string{"dahua": "info/in-force"}},
		{"hikvision 805 civilian agency", "us-dod-1260h", hikCamera, "hikvision", "2026-12-03", civil, map[string]string{"hikvision": "info/in-force"}},

		// Quectel: on the §1260H list from 2025-01-06.
		{"quectel designation day before", "us-dod-1260h", quectelModule, "quectel", "2025-01-05", dod, map[string]string{
			"quectel": "info/upcoming", "quectel-section-805": "warn/upcoming", "quectel-section-805-indirect": "warn/upcoming"}},
		{"quectel designation first day", "us-dod-1260h", quectelModule, "quectel", "2025-01-06", nil, map[string]string{
			"quectel": "info/in-force", "quectel-section-805": "warn/upcoming", "quectel-section-805-indirect": "warn/upcoming"}},
		{"quectel 805 day before", "us-dod-1260h", quectelModule, "quectel", "2026-06-29", dod, map[string]string{
			"quectel": "info/in-force", "quectel-section-805": "warn/upcoming", "quectel-section-805-indirect": "warn/upcoming"}},
		{"quectel 805 first day", "us-dod-1260h", quectelModule, "quectel", "2026-06-30", dod, map[string]string{
			"quectel": "info/in-force", "quectel-section-805": "deny/in-force", "quectel-section-805-indirect": "warn/upcoming"}},
		{"quectel 805 indirect first day", "us-dod-1260h", quectelModule, "quectel", "2027-06-30", dod, map[string]string{
			"quectel": "info/in-force", "quectel-section-805": "deny/in-force", "quectel-section-805-indirect": "deny/in-force"}},
	}
	runBoundaryCases(t, cases)
}

// Under the §805 use, Dahua and Hikvision get the same §805 verdict.
func TestSection805DahuaLikeHikvision(t *testing.T) {
	lists, cat := shippedData(t)
	l := lists["us-dod-1260h"]
	for _, uses := range [][]string{{"defense-procurement"}, nil} {
		verdict := func(entity string, c inventory.Component) map[string]string {
			e, _ := cat.Get(entity)
			a := match.Attribution{Entity: e.ID, EntityName: e.Name, Confidence: match.High, Relation: match.MadeBy}
			out := map[string]string{}
			for _, f := range policy.Evaluate(l, &c, a, e.Products, policy.Options{AsOf: date(t, "2026-12-03"), Uses: uses}) {
				out[f.Rule[len(entity):]] = string(f.Action) + "/" + f.Status
			}
			return out
		}
		d, h := verdict("dahua", dahuaCamera), verdict("hikvision", hikCamera)
		if d["-section-805"] == "" || d["-section-805"] != h["-section-805"] || d["-section-805-indirect"] != h["-section-805-indirect"] {
			t.Errorf("uses %v: dahua %v, hikvision %v", uses, d, h)
		}
		if len(uses) > 0 && d["-section-805"] != "deny/in-force" {
			t.Errorf("dahua §805 at 2026-12-03 under defense-procurement: %s, want deny/in-force", d["-section-805"])
		}
	}
}

func TestDefenseProcurementImpliesFederal(t *testing.T) {
	// A DoD buyer is bound by §889 too.
	runBoundaryCases(t, []boundaryCase{
		{"889 under defense-procurement", "us-ndaa-889", huaweiKit, "huawei", "2026-12-03", []string{"defense-procurement"}, map[string]string{
			"huawei-part-a": "deny/in-force"}},
	})
	if got := policy.ExpandUses([]string{"defense-procurement", "federal-procurement", "5g-network"}); len(got) != 3 {
		t.Errorf("ExpandUses: %v", got)
	}
}

func TestNewInstruments(t *testing.T) {
	gov := []string{"government"}
	cases := []boundaryCase{
		// Canada: the order of 2025-06-27 on Hikvision, federal purchase and use.
		{"ca hikvision day before", "ca-hikvision-order-2025", hikCamera, "hikvision", "2025-06-26", gov, map[string]string{
			"hikvision-federal-purchase": "warn/upcoming", "hikvision-federal-use": "warn/upcoming"}},
		{"ca hikvision first day", "ca-hikvision-order-2025", hikCamera, "hikvision", "2025-06-27", gov, map[string]string{
			"hikvision-federal-purchase": "deny/in-force", "hikvision-federal-use": "deny/in-force"}},
		{"ca hikvision bought before, still in use", "ca-hikvision-order-2025", dated(hikCamera, date(t, "2025-06-26"), time.Time{}), "hikvision", "2026-12-03", gov, map[string]string{
			"hikvision-federal-purchase": "info/before-cutoff", "hikvision-federal-use": "deny/in-force"}},
		{"ca hikvision bought on the day", "ca-hikvision-order-2025", dated(hikCamera, date(t, "2025-06-27"), time.Time{}), "hikvision", "2026-12-03", gov, map[string]string{
			"hikvision-federal-purchase": "deny/in-force", "hikvision-federal-use": "deny/in-force"}},
		{"ca hikvision private use", "ca-hikvision-order-2025", hikCamera, "hikvision", "2026-12-03", []string{"critical-infrastructure"}, map[string]string{}},

		// Australia: PSPF Direction 002-2025, issued 2025-02-21, removal by 2025-04-01.
		{"au kaspersky day before", "au-pspf-kaspersky-2025", kasperskyApp, "kaspersky", "2025-02-20", gov, map[string]string{
			"kaspersky-removal": "warn/upcoming", "kaspersky-install": "warn/upcoming"}},
		{"au kaspersky issued", "au-pspf-kaspersky-2025", kasperskyApp, "kaspersky", "2025-02-21", gov, map[string]string{
			"kaspersky-removal": "warn/deadline-pending", "kaspersky-install": "deny/in-force"}},
		{"au kaspersky removal deadline day", "au-pspf-kaspersky-2025", kasperskyApp, "kaspersky", "2025-04-01", gov, map[string]string{
			"kaspersky-removal": "warn/deadline-pending", "kaspersky-install": "deny/in-force"}},
		{"au kaspersky removal deadline passed", "au-pspf-kaspersky-2025", kasperskyApp, "kaspersky", "2025-04-02", gov, map[string]string{
			"kaspersky-removal": "deny/deadline-passed", "kaspersky-install": "deny/in-force"}},
		{"au kaspersky installed before", "au-pspf-kaspersky-2025", dated(kasperskyApp, time.Time{}, date(t, "2025-02-20")), "kaspersky", "2025-03-01", gov, map[string]string{
			"kaspersky-removal": "warn/deadline-pending", "kaspersky-install": "info/before-cutoff"}},
		{"au kaspersky not government", "au-pspf-kaspersky-2025", kasperskyApp, "kaspersky", "2026-12-03", []string{"telecom-network"}, map[string]string{}},

		// BIS Entity List: the Kaspersky entities from 2024-06-24.
		{"bis kaspersky day before", "us-bis-entity-list", kasperskyApp, "kaspersky", "2024-06-23", nil, map[string]string{"kaspersky": "info/upcoming"}},
		{"bis kaspersky first day", "us-bis-entity-list", kasperskyApp, "kaspersky", "2024-06-24", nil, map[string]string{"kaspersky": "info/in-force"}},
	}
	runBoundaryCases(t, cases)
}
