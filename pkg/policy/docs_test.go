package policy_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/catalog"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
	"github.com/vendorcheck/vendorcheck/pkg/match"
	"github.com/vendorcheck/vendorcheck/pkg/policy"
	"github.com/vendorcheck/vendorcheck/policies"
)

// docYAMLBlocks returns the ```yaml blocks of docs/policy-format.md.
func docYAMLBlocks(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile("../../docs/policy-format.md")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllStringSubmatch(string(data), -1) {
		out = append(out, m[1])
	}
	if len(out) == 0 {
		t.Fatal("no yaml block in docs/policy-format.md")
	}
	return out
}

// docBlock returns the yaml block of docs/policy-format.md that holds s.
func docBlock(t *testing.T, s string) string {
	t.Helper()
	for _, b := range docYAMLBlocks(t) {
		if strings.Contains(b, s) {
			return b
		}
	}
	t.Fatalf("no yaml block of docs/policy-format.md holds %q", s)
	return ""
}

// TestDocOrganisationList: the organisation list of the docs, with only
// id, title and rules, loads as an organisation's own list.
func TestDocOrganisationList(t *testing.T) {
	l, err := policy.ParseOrganisation("docs/policy-format.md", []byte(docBlock(t, "id: acme-bans")))
	if err != nil {
		t.Fatal(err)
	}
	if !l.Organisation || len(l.Rules) != 2 || l.Rules[0].Entity != "huawei" || l.Rules[0].Action != policy.ActionDeny {
		t.Errorf("organisation list %+v", l)
	}
}

// TestDocCustomList parses the yaml block of docs/policy-format.md with the
// one-rule custom list, checks it against the JSON Schema, and checks it
// denies a Kaspersky application.
func TestDocCustomList(t *testing.T) {
	block := docBlock(t, "id: acme-no-kaspersky")
	l, err := policy.Parse("docs/policy-format.md", []byte(block))
	if err != nil {
		t.Fatal(err)
	}
	pol, _ := schemas(t)
	v, err := yamlToJSON([]byte(block))
	if err != nil {
		t.Fatal(err)
	}
	if err := pol.Validate(v); err != nil {
		t.Errorf("the example does not match the policy schema:\n%v", err)
	}
	if len(l.Rules) != 1 || l.Rules[0].Entity != "kaspersky" || l.Rules[0].Action != policy.ActionDeny {
		t.Fatalf("the example is not a one-rule Kaspersky deny: %+v", l.Rules)
	}
	cat, err := catalog.LoadFS(policies.FS, "vendors")
	if err != nil {
		t.Fatal(err)
	}
	e, _ := cat.Get("kaspersky")
	c := kasperskyApp
	a := match.Attribution{Entity: "kaspersky", EntityName: e.Name, Confidence: match.High, Relation: match.MadeBy}
	got := policy.Evaluate(l, &c, a, e.Products, policy.Options{AsOf: date(t, "2026-11-27")})
	if len(got) != 1 || got[0].Action != policy.ActionDeny || got[0].Status != "in-force" {
		t.Errorf("the example list on a Kaspersky application:\n%s", dump(got))
	}
	lib := inventory.Component{Name: "kaspersky-sdk", Kind: inventory.KindLibrary}
	if got := policy.Evaluate(l, &lib, a, e.Products, policy.Options{AsOf: date(t, "2025-12-31")}); len(got) != 1 || got[0].Status != "upcoming" {
		t.Errorf("before its effective date the example should be upcoming:\n%s", dump(got))
	}
}

// TestDocEntitiesExample parses the list with entities: of the doc and
// merges its entity into the shipped catalog.
func TestDocEntitiesExample(t *testing.T) {
	var block string
	for _, b := range docYAMLBlocks(t) {
		if strings.Contains(b, "\nentities:") {
			block = b
			break
		}
	}
	if block == "" {
		t.Fatal("no list with entities: in docs/policy-format.md")
	}
	l, err := policy.Parse("docs/policy-format.md", []byte(block))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Entities) != 1 {
		t.Fatalf("%d entities", len(l.Entities))
	}
	cat, err := catalog.LoadFS(policies.FS, "vendors")
	if err != nil {
		t.Fatal(err)
	}
	before, _ := cat.Get(l.Entities[0].ID)
	nBrands := len(before.Brands)
	e := l.Entities[0]
	if err := cat.Add(&e); err != nil {
		t.Fatal(err)
	}
	after, _ := cat.Get(e.ID)
	if len(after.Brands) != nBrands+1 {
		t.Errorf("brands %d -> %d: the example did not add its brand", nBrands, len(after.Brands))
	}
	// The doc says the relabelled brand then counts as Hikvision.
	m, err := match.New(cat)
	if err != nil {
		t.Fatal(err)
	}
	cam := inventory.Component{Name: "Dome camera", Model: "EC-200", Kind: inventory.KindCamera,
		Parties: []inventory.Party{{Role: inventory.RoleManufacturer, Name: "ExampleCam", Field: "Manufacturer"}}}
	as := m.Match(&cam, match.Context{AsOf: date(t, "2026-11-27")})
	if len(as) == 0 || as[0].Entity != "hikvision" {
		t.Errorf("a camera made by the added brand is not attributed to hikvision: %v", as)
	}
}
