package scan

import (
	"reflect"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/match"
	"github.com/vendorcheck/vendorcheck/pkg/policy"
)

// TestRuleKeyCoversFinding: two rule hits share one kept policy.Finding
// only when every field is the same, so the key must have every field.
func TestRuleKeyCoversFinding(t *testing.T) {
	ft, kt := reflect.TypeFor[policy.Finding](), reflect.TypeFor[ruleKey]()
	for i := range ft.NumField() {
		if _, ok := kt.FieldByName(ft.Field(i).Name); !ok {
			t.Errorf("ruleKey has no field %s: hits that differ in it would be shared", ft.Field(i).Name)
		}
	}
}

// TestKeeperSharesEqualRules: a rule hit equal to one kept before is the
// same one; one that differs in any field is not.
func TestKeeperSharesEqualRules(t *testing.T) {
	uses := []string{"5g-network"}
	d1, d2, d1again := 3, 4, 3
	base := policy.Finding{List: "l", Rule: "r", Action: policy.ActionWarn, Status: "deadline-pending", Message: "m",
		Uses: uses, Deadline: "2027-01-01", DaysRemaining: &d1, JudgedAt: "2026-12-03"}
	var k keeper
	p := k.rule(base)
	same := base
	same.Message = string([]byte("m")) // equal text, another string
	same.DaysRemaining = &d1again
	if k.rule(same) != p {
		t.Error("an equal rule hit was kept twice")
	}
	for name, change := range map[string]func(*policy.Finding){
		"message":        func(f *policy.Finding) { f.Message = "other" },
		"days":           func(f *policy.Finding) { f.DaysRemaining = &d2 },
		"no days":        func(f *policy.Finding) { f.DaysRemaining = nil },
		"uses":           func(f *policy.Finding) { f.Uses = []string{"5g-network"} },
		"no uses":        func(f *policy.Finding) { f.Uses = nil },
		"judged at":      func(f *policy.Finding) { f.JudgedAt = "2020-01-01" },
		"use undeclared": func(f *policy.Finding) { f.UseUndeclared = true },
	} {
		f := base
		change(&f)
		if q := k.rule(f); q == p || !reflect.DeepEqual(*q, f) {
			t.Errorf("%s: a different rule hit was shared, or kept changed: %+v", name, *q)
		}
	}
}

// TestInternerSharesEqualAttributions: two components with the same
// attributions share one copy; any difference keeps them apart.
func TestInternerSharesEqualAttributions(t *testing.T) {
	attr := func(value string) []match.Attribution {
		return []match.Attribution{{Entity: "huawei", EntityName: "Huawei", Confidence: match.High, Relation: match.MadeBy,
			Evidence: []match.Evidence{{Field: "supplier.name", Value: string([]byte(value)), Rule: "party-legal-name", Matched: "Huawei", Confidence: match.High}}}}
	}
	var in interner
	keep := func(as []match.Attribution) []match.Attribution {
		for i := range as {
			as[i] = in.attribution(as[i])
		}
		return in.attributions(as)
	}
	a, b, c := keep(attr("Huawei Technologies")), keep(attr("Huawei Technologies")), keep(attr("Huawei Tech"))
	if &a[0] != &b[0] {
		t.Error("equal attributions were kept twice")
	}
	if &a[0] == &c[0] || &a[0].Evidence[0] == &c[0].Evidence[0] || c[0].Evidence[0].Value != "Huawei Tech" {
		t.Errorf("different attributions were shared: %+v", c)
	}
}
