package match

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/catalog"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
	"github.com/vendorcheck/vendorcheck/policies"
)

// TestExplainIsMatch: Explain records the real matching path, so its
// attributions equal Match's on every labelled case.
func TestExplainIsMatch(t *testing.T) {
	m := newMatcher(t)
	for _, c := range loadCases(t, m.cat) {
		comp, err := probeCase(c)
		if err != nil {
			t.Fatal(err)
		}
		comp.PurchaseDate = c.date
		ctx := Context{AsOf: asOf}
		want := m.Match(&comp, ctx)
		if want == nil {
			want = []Attribution{}
		}
		x := m.Explain(&comp, ctx)
		if !reflect.DeepEqual(x.Attributions, want) {
			t.Errorf("%s:%d: Explain gives %v, Match %v", casesFile, c.line, x.Attributions, want)
		}
		if len(x.Values) == 0 {
			t.Errorf("%s:%d: explanation examined no value", casesFile, c.line)
		}
	}
}

func TestExplainSteps(t *testing.T) {
	m := newMatcher(t)
	find := func(x Explanation, rule string, hit bool, detail string) bool {
		for _, v := range x.Values {
			for _, s := range v.Steps {
				if s.Rule == rule && s.Hit == hit && strings.Contains(s.Detail, detail) {
					return true
				}
			}
		}
		return false
	}
	for _, tc := range []struct {
		field, value string
		rule         string
		hit          bool
		detail       string
	}{
		{"manufacturer", "Micronas GmbH", CheckTokenScan, false, `"micron" occurs inside "micronas"`},
		{"manufacturer", "Micron Electronics", CheckExclusion, true, `exclusion "micron electronics"`},
		{"manufacturer", "HUAWEI TECHNOLOGIES CO.,LTD", CheckNameIndex, true, `catalog name "HUAWEI TECHNOLOGIES CO.,LTD"`},
		{"model", "HANA Micron DDR4", CheckModelContext, false, `"hana"`},
		{"purl", "pkg:maven/com.huawei.cloud/x@1", CheckMavenNS, true, "reversed domain huawei.com"},
		{"usb-vendor", "05dc", CheckDated, true, "lowered to low"},
		{"cpe", "cpe:2.3:o:huawei:x:1:*:*:*:*:*:*:*", CheckUnverified, true, "high lowered to medium"},
		{"author", "Person: Huawei Zhang", CheckPerson, false, "a vendor word inside a person's name is a mention"},
		{"supplier", "Person: Huawei Technologies CO., Ltd", CheckPerson, true, "corporate suffix"},
		{"publisher", "AO Kaspersky Lab <info@kaspersky.com>", CheckContact, true, `"info@kaspersky.com"`},
		{"publisher", "AO Kaspersky Lab <info@kaspersky.com>", RuleDomain, true, "under kaspersky.com"},
		{"supplier", "Hu\u0430wei Technologies", CheckLookalike, true, "confusables skeleton"},
		{"supplier", "HUA WEI", CheckSpaced, true, `join into the token "huawei"`},
		{"model", "Z490 Phantom Gaming", CheckModelContext, false, `"z490"`},
		{"jedec", "0101", CheckNotIdentifier, false, "ambiguous"},
	} {
		c, err := Probe(tc.field, tc.value, "")
		if err != nil {
			t.Fatal(err)
		}
		x := m.Explain(&c, Context{AsOf: asOf})
		if !find(x, tc.rule, tc.hit, tc.detail) {
			t.Errorf("%s %q: no step %s hit=%v with %q in %+v", tc.field, tc.value, tc.rule, tc.hit, tc.detail, x.Values)
		}
	}
}

func ExampleMatcher_Explain() {
	cat, err := catalog.LoadFS(policies.FS, "vendors")
	if err != nil {
		panic(err)
	}
	m, err := New(cat)
	if err != nil {
		panic(err)
	}
	c := inventory.Component{Kind: inventory.KindDevice, Name: "NIC",
		Parties: []inventory.Party{{Role: inventory.RoleManufacturer, Name: "Micronas GmbH", Field: "manufacturer"}}}
	x := m.Explain(&c, Context{AsOf: asOf})
	v := x.Values[0]
	fmt.Println(v.Tokens, v.NameKey)
	for _, s := range v.Steps {
		fmt.Println(s.Rule, s.Hit)
	}
	fmt.Println(len(x.Attributions), "attributions")
	// Output:
	// [micronas gmbh] micronas
	// name-index false
	// token-scan false
	// 0 attributions
}
