package policy_test

import (
	"errors"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/vendorcheck/vendorcheck/pkg/internal/yamlstrict"
	"github.com/vendorcheck/vendorcheck/pkg/policy"
	"github.com/vendorcheck/vendorcheck/policies"
)

// The stable entity ids of DESIGN.md.
var entityIDs = []string{
	"huawei", "zte", "micron", "hikvision", "dahua", "hytera", "kaspersky",
	"smic", "ymtc", "cxmt", "dji", "autel", "china-mobile", "china-telecom",
	"china-unicom", "pacific-networks", "quectel",
}

func shipped(t *testing.T) map[string]*policy.List {
	t.Helper()
	lists, err := policy.LoadFS(policies.FS)
	if err != nil {
		t.Fatalf("shipped lists do not load:\n%v", err)
	}
	m := map[string]*policy.List{}
	for _, l := range lists {
		m[l.ID] = l
	}
	return m
}

func TestShippedListIDs(t *testing.T) {
	lists, err := policy.LoadFS(policies.FS)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, l := range lists {
		ids = append(ids, l.ID)
	}
	want := []string{
		"au-5g-2018", "au-pspf-kaspersky-2025", "ca-hikvision-order-2025", "ca-ised-2022", "cn-cac-micron-2023", "de-5g-2024",
		"eu-5g-toolbox", "eu-csa2-proposal", "in-trusted-sources-2021",
		"jp-procurement-2018", "se-pts-2020", "uk-huawei-designated-vendor",
		"uk-surveillance-sensitive-sites", "us-asda-2023", "us-bis-entity-list",
		"us-bis-kaspersky-icts", "us-dod-1260h", "us-fcc-covered-list",
		"us-ndaa-1634-kaspersky", "us-ndaa-5949", "us-ndaa-889",
	}
	if !slices.Equal(ids, want) {
		t.Fatalf("ids (sorted):\n got %v\nwant %v", ids, want)
	}
}

func TestShippedListsAreConsistent(t *testing.T) {
	for id, l := range shipped(t) {
		// policies/<jurisdiction-lowercase>/<file>.yaml
		if dir := path.Dir(l.File); dir != strings.ToLower(l.Jurisdiction) {
			t.Errorf("%s: in %s/, jurisdiction %s", l.File, dir, l.Jurisdiction)
		}
		if l.Reviewed.String() != "2026-12-03" {
			t.Errorf("%s: reviewed %s", id, l.Reviewed)
		}
		if strings.TrimSpace(l.Scope) == "" || len(l.Rules) == 0 {
			t.Errorf("%s: needs a scope and rules", id)
		}
		if l.Status != policy.StatusInForce && id != "eu-csa2-proposal" {
			t.Errorf("%s: status %q", id, l.Status)
		}
		// Every list says whether its url was opened.
		saysURL := false
		for _, n := range l.Notes {
			if strings.Contains(n.Text, "url") && (strings.Contains(n.Text, "opened") || strings.Contains(n.Text, "seen")) {
				saysURL = true
			}
		}
		if !saysURL {
			t.Errorf("%s: no note says whether the url was opened", id)
		}
		for _, r := range l.Rules {
			if !slices.Contains(entityIDs, r.Entity) {
				t.Errorf("%s: rule %s: entity %q is not one of the catalog's 16 ids", id, r.ID, r.Entity)
			}
			if (r.Verified != nil && !*r.Verified) != strings.Contains(r.Note, "UNVERIFIED") {
				t.Errorf("%s: rule %s: verified: false and the word UNVERIFIED in its note must go together", id, r.ID)
			}
			// A purchase or install cut-off is judged at the component's
			// purchase or install date: without from, an early purchase
			// would be denied by a deadline that passed later.
			if (r.Restricts == policy.RestrictsPurchase || r.Restricts == policy.RestrictsInstall) &&
				len(r.Deadlines) > 0 && r.From.IsZero() && l.Effective.IsZero() {
				t.Errorf("%s: rule %s: a %s cut-off with deadlines needs from", id, r.ID, r.Restricts)
			}
			for _, d := range r.Deadlines {
				if (d.Verified != nil && !*d.Verified) != strings.Contains(d.Requirement, "UNVERIFIED") {
					t.Errorf("%s: rule %s: deadline %s: verified: false and UNVERIFIED must go together", id, r.ID, d.Date)
				}
				if d.Verified != nil && !*d.Verified && (r.Verified == nil || *r.Verified) {
					t.Errorf("%s: rule %s: an unverified deadline makes the rule unverified", id, r.ID)
				}
			}
		}
		for _, n := range l.Notes {
			if (n.Verified != nil && !*n.Verified) != strings.Contains(n.Text, "UNVERIFIED") {
				t.Errorf("%s: note %.40q: verified: false and UNVERIFIED must go together", id, n.Text)
			}
		}
	}
}

func rule(t *testing.T, l *policy.List, id string) policy.Rule {
	t.Helper()
	for _, r := range l.Rules {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("%s: no rule %s", l.ID, id)
	return policy.Rule{}
}

func TestKeyDates(t *testing.T) {
	m := shipped(t)

	cac := rule(t, m["cn-cac-micron-2023"], "micron-ciio-purchase")
	if cac.Entity != "micron" || cac.From.String() != "2023-05-21" || cac.Restricts != policy.RestrictsPurchase ||
		cac.Action != policy.ActionDeny || !slices.Equal(cac.Uses, []string{"critical-infrastructure"}) ||
		!slices.Equal(cac.Categories, []string{"any"}) {
		t.Errorf("CAC Micron rule: %+v", cac)
	}
	if m["cn-cac-micron-2023"].File != "cn/cac-micron.yaml" {
		t.Errorf("CAC file %s", m["cn-cac-micron-2023"].File)
	}

	for _, e := range []string{"smic", "ymtc", "cxmt"} {
		r := rule(t, m["us-ndaa-5949"], e)
		if r.Entity != e || r.From.String() != "2027-12-23" {
			t.Errorf("5949 %s: entity %s from %s", e, r.Entity, r.From)
		}
	}

	uk := m["uk-huawei-designated-vendor"]
	for id, want := range map[string][2]string{
		"huawei-5g-purchase":             {"2020-12-31", "5g-network"},
		"huawei-5g-install":              {"2021-09-30", "5g-network"},
		"huawei-national-security-sites": {"2023-01-28", "national-security"},
		"huawei-network-core":            {"2023-12-31", "network-core"},
		"huawei-5g-removal":              {"2027-12-31", "5g-network"},
	} {
		r := rule(t, uk, id)
		if len(r.Deadlines) != 1 || r.Deadlines[0].Date.String() != want[0] || !slices.Equal(r.Uses, []string{want[1]}) {
			t.Errorf("UK %s: deadlines %v uses %v, want %s %s", id, r.Deadlines, r.Uses, want[0], want[1])
		}
	}

	fcc := m["us-fcc-covered-list"]
	for id, from := range map[string]string{
		"huawei": "2021-03-12", "hikvision": "2021-03-12", "kaspersky": "2022-03-25",
		"china-unicom": "2022-09-20", "pacific-networks": "2022-09-20", "dji": "2025-12-22", "autel": "2025-12-22",
	} {
		if r := rule(t, fcc, id); r.From.String() != from {
			t.Errorf("FCC %s from %s, want %s", id, r.From, from)
		}
	}
	if r := rule(t, fcc, "dahua"); len(r.Uses) != 4 {
		t.Errorf("FCC dahua uses %v: want the four national-security-type uses", r.Uses)
	}

	n889 := m["us-ndaa-889"]
	if a, b := rule(t, n889, "huawei-part-a"), rule(t, n889, "huawei-part-b"); a.From.String() != "2019-08-13" || b.From.String() != "2020-08-13" {
		t.Errorf("889 part A %s part B %s", a.From, b.From)
	}
	if r := rule(t, n889, "hikvision-part-a"); !slices.Equal(r.Uses, []string{"public-safety", "government-facility", "critical-infrastructure", "national-security"}) {
		t.Errorf("889 hikvision uses %v", r.Uses)
	}

	asda := rule(t, m["us-asda-2023"], "dji-operation")
	if asda.From.String() != "2025-12-22" || asda.Until.String() != "2028-12-22" {
		t.Errorf("ASDA operation %s..%s", asda.From, asda.Until)
	}
	ca := rule(t, m["ca-ised-2022"], "zte-4g-removal")
	if ca.Deadlines[0].Date.String() != "2027-12-31" {
		t.Errorf("Canada 4G %v", ca.Deadlines)
	}
	for _, id := range []string{"huawei-5g-core", "huawei-5g-management"} {
		r := rule(t, m["de-5g-2024"], id)
		if d := r.Deadlines[0].Date.String(); d != map[string]string{"huawei-5g-core": "2026-12-31", "huawei-5g-management": "2029-12-31"}[id] {
			t.Errorf("DE %s deadline %s", id, d)
		}
	}
	if r := rule(t, m["se-pts-2020"], "huawei-phase-out"); r.Deadlines[0].Date.String() != "2025-01-01" {
		t.Errorf("SE phase-out %v", r.Deadlines)
	}
	for _, r := range m["us-bis-entity-list"].Rules {
		if r.Action == policy.ActionDeny {
			t.Errorf("Entity List rule %s is a denial: export controls are not purchase bans", r.ID)
		}
	}
	csa := m["eu-csa2-proposal"]
	if csa.Status != policy.StatusProposal {
		t.Errorf("CSA2 status %q", csa.Status)
	}
	for _, r := range csa.Rules {
		if r.Action != policy.ActionInfo {
			t.Errorf("CSA2 rule %s action %s", r.ID, r.Action)
		}
	}
	// §805 binds DoD only: its rules have their own use, and its dates
	// are confirmed.
	for _, e := range []string{"huawei", "smic", "china-mobile", "china-unicom", "hikvision", "dahua", "dji", "ymtc", "cxmt", "autel", "quectel"} {
		rule(t, m["us-dod-1260h"], e)
		for id, from := range map[string]string{e + "-section-805": "2026-06-30", e + "-section-805-indirect": "2027-06-30"} {
			r := rule(t, m["us-dod-1260h"], id)
			if !slices.Equal(r.Uses, []string{"defense-procurement"}) || r.From.String() != from || r.Action != policy.ActionDeny {
				t.Errorf("1260H %s: uses %v from %s action %s", r.ID, r.Uses, r.From, r.Action)
			}
		}
	}
	for id, from := range map[string]string{"dahua": "2022-10-05", "quectel": "2025-01-06", "huawei": "2020-06-24", "hikvision": "2020-06-24"} {
		if r := rule(t, m["us-dod-1260h"], id); r.From.String() != from {
			t.Errorf("1260H %s listed from %s, want %s", id, r.From, from)
		}
	}
	if r := rule(t, m["us-bis-entity-list"], "kaspersky"); r.From.String() != "2024-06-24" {
		t.Errorf("Entity List Kaspersky from %s, want 2024-06-24 (89 FR 52362)", r.From)
	}
	for _, id := range []string{"huawei-5g-management", "zte-5g-management"} {
		if r := rule(t, m["de-5g-2024"], id); slices.Contains(r.Categories, "radio") {
			t.Errorf("DE %s covers radio: only critical management functions must go", id)
		}
	}
}

const validList = `id: test-list
title: Test
jurisdiction: GB
authority: Someone
instrument: Something
citation: S.1
url: https://example.org/
reviewed: 2026-11-27
categories: [telecom-equipment, radio]
rules:
  - id: a
    entity: huawei
    categories: [telecom-equipment]
    uses: [5g-network]
    restricts: install
    from: 2020-01-01
    until: 2030-01-01
    deadlines:
      - date: 2021-01-01
        requirement: one
      - date: 2022-01-01
        requirement: two
    action: deny
  - id: b
    entity: zte
    categories: [radio]
    action: warn
notes:
  - text: a note
`

func TestParseValid(t *testing.T) {
	l, err := policy.Parse("gb/test.yaml", []byte(validList))
	if err != nil {
		t.Fatal(err)
	}
	if l.File != "gb/test.yaml" || len(l.Rules) != 2 || l.Rules[0].Deadlines[1].Date.String() != "2022-01-01" {
		t.Fatalf("got %+v", l)
	}
}

func TestParseUnknownKey(t *testing.T) {
	data := strings.Replace(validList, "    action: warn\n", "    action: warn\n    efective: 2020-01-01\n", 1)
	_, err := policy.Parse("gb/test.yaml", []byte(data))
	if err == nil || err.Error() != `gb/test.yaml:28: unknown key "efective"` {
		t.Fatalf("got %v", err)
	}
}

func TestParseInvalidDateHasLine(t *testing.T) {
	data := strings.Replace(validList, "until: 2030-01-01", "until: 2030-02-30", 1)
	_, err := policy.Parse("gb/test.yaml", []byte(data))
	if err == nil || !strings.HasPrefix(err.Error(), `gb/test.yaml:17: invalid date "2030-02-30"`) {
		t.Fatalf("got %v", err)
	}
}

// Each mutation of the valid list must fail with a message naming the file,
// the line of the offending key and the problem.
func TestValidationFailures(t *testing.T) {
	cases := []struct {
		name, old, new, want string
	}{
		{"bad id", "id: test-list", "id: Test_List", `gb/t.yaml:1: id "Test_List" must be lower-case`},
		{"no title", "title: Test\n", "", "gb/t.yaml: missing title"},
		{"no authority", "authority: Someone\n", "", "missing authority"},
		{"no instrument", "instrument: Something\n", "", "missing instrument"},
		{"no citation", "citation: S.1\n", "", "missing citation"},
		{"no url", "url: https://example.org/\n", "", "missing url"},
		{"relative url", "url: https://example.org/", "url: example.org", `gb/t.yaml:7: url "example.org" must be an absolute`},
		{"no reviewed", "reviewed: 2026-11-27\n", "", "missing reviewed"},
		{"no jurisdiction", "jurisdiction: GB\n", "", "missing jurisdiction"},
		{"UK", "jurisdiction: GB", "jurisdiction: UK", `gb/t.yaml:3: jurisdiction "UK" is not an ISO 3166 code: use "GB"`},
		{"lower-case jurisdiction", "jurisdiction: GB", "jurisdiction: gb", `gb/t.yaml:3: jurisdiction "gb" must be an upper-case ISO 3166 alpha-2 code or EU`},
		{"status", "reviewed: 2026-11-27\n", "reviewed: 2026-11-27\nstatus: draft\n", `gb/t.yaml:9: status "draft" must be in-force or proposal`},
		{"list until", "reviewed: 2026-11-27\n", "reviewed: 2026-11-27\neffective: 2024-01-01\nuntil: 2023-01-01\n", "gb/t.yaml:10: until 2023-01-01 is not after 2024-01-01"},
		{"adopted after effective", "reviewed: 2026-11-27\n", "reviewed: 2026-11-27\nadopted: 2024-01-01\neffective: 2023-01-01\n", "gb/t.yaml:10: effective 2023-01-01 is before adopted 2024-01-01"},
		{"no categories", "categories: [telecom-equipment, radio]\n", "", "missing categories"},
		{"list category", "categories: [telecom-equipment, radio]", "categories: [telecom-equipment, radio, phones]", `gb/t.yaml:9: unknown category "phones"`},
		{"rule category", "    categories: [radio]", "    categories: [radios]", `gb/t.yaml:26: rule "b": unknown category "radios"`},
		{"rule category not in list", "    categories: [radio]", "    categories: [drones]", `gb/t.yaml:26: rule "b": category "drones" is not among the list's categories`},
		{"rule without categories", "    categories: [radio]\n", "", `rule "b": missing categories`},
		{"use", "uses: [5g-network]", "uses: [6g-network]", `gb/t.yaml:14: rule "a": unknown use "6g-network"`},
		{"restricts", "restricts: install", "restricts: sale", `gb/t.yaml:15: rule "a": restricts "sale" must be one of purchase, install`},
		{"action", "action: warn", "action: block", `gb/t.yaml:27: rule "b": action "block" must be deny, warn or info`},
		{"no action", "    action: warn\n", "", `gb/t.yaml:24: rule "b": missing action`},
		{"duplicate rule id", "  - id: b", "  - id: a", `gb/t.yaml:24: rule "a": duplicate rule id (also rule #1)`},
		{"rule id", "  - id: b", "  - id: B", `gb/t.yaml:24: rule "B": id must be lower-case`},
		{"no rule id", "  - id: b\n    entity", "  - entity", `gb/t.yaml:24: rule #2: missing id`},
		{"no entity", "    entity: zte\n", "", `gb/t.yaml:24: rule "b": missing entity`},
		{"entity id", "entity: zte", "entity: ZTE Corp", `gb/t.yaml:25: rule "b": entity "ZTE Corp" must be an entity id`},
		{"from after until", "until: 2030-01-01", "until: 2019-01-01", `gb/t.yaml:17: rule "a": from 2020-01-01 is not before until 2019-01-01`},
		{"deadline order", "date: 2022-01-01", "date: 2020-06-01", `gb/t.yaml:21: rule "a": deadlines are not in date order: 2020-06-01 comes after 2021-01-01`},
		{"deadline requirement", "        requirement: two\n", "", `gb/t.yaml:21: rule "a": deadline 2022-01-01 has no requirement`},
		{"deadline after until", "until: 2030-01-01", "until: 2021-06-01", `gb/t.yaml:21: rule "a": deadline 2022-01-01 is after the rule's until 2021-06-01`},
		{"empty note", "  - text: a note", "  - text: ''", "gb/t.yaml:29: note #1 has no text"},
		{"entity file", "notes:", "entities:\n  - id: acme\n    name: Acme\n    names: [{value: Acme}]\n    identifiers: {pci_vendors: [{value: xyz}]}\nnotes:", `gb/t.yaml:29: acme: pci vendor "xyz" is not 4 hex digits`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(validList, c.old) {
				t.Fatalf("%q not in the valid list", c.old)
			}
			_, err := policy.Parse("gb/t.yaml", []byte(strings.Replace(validList, c.old, c.new, 1)))
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got  %v\nwant %s", err, c.want)
			}
			if !strings.HasPrefix(err.Error(), "gb/t.yaml") {
				t.Fatalf("does not name the file: %v", err)
			}
		})
	}
}

func TestValidationReportsEveryProblem(t *testing.T) {
	data := strings.NewReplacer("action: warn", "action: block", "uses: [5g-network]", "uses: [6g]", "title: Test\n", "").Replace(validList)
	_, err := policy.Parse("f.yaml", []byte(data))
	var es yamlstrict.Errors
	if !errors.As(err, &es) || len(es) != 3 {
		t.Fatalf("want 3 problems as yamlstrict.Errors, got %v", err)
	}
	var one *yamlstrict.Error
	if !errors.As(err, &one) || one.File != "f.yaml" {
		t.Fatalf("problems are not *yamlstrict.Error: %v", err)
	}
}

func TestValidateWithoutLines(t *testing.T) {
	l, err := policy.Parse("gb/t.yaml", []byte(validList))
	if err != nil {
		t.Fatal(err)
	}
	l.Rules[1].Action = "block"
	err = l.Validate()
	if err == nil || err.Error() != `gb/t.yaml: rule "b": action "block" must be deny, warn or info` {
		t.Fatalf("got %v", err)
	}
}

func TestLoadFS(t *testing.T) {
	other := strings.Replace(validList, "id: test-list", "id: other", 1)
	fsys := fstest.MapFS{
		"gb/b.yaml":           {Data: []byte(validList)},
		"gb/a.yaml":           {Data: []byte(other)},
		"vendors/huawei.yaml": {Data: []byte("not: a policy\n")},
		"schema/x.yaml":       {Data: []byte("nor: this\n")},
		"gb/readme.txt":       {Data: []byte("ignored")},
	}
	lists, err := policy.LoadFS(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(lists) != 2 || lists[0].ID != "other" || lists[1].ID != "test-list" || lists[1].File != "gb/b.yaml" {
		t.Fatalf("got %d lists: %v", len(lists), lists)
	}

	fsys["us/c.yaml"] = &fstest.MapFile{Data: []byte(validList)}
	_, err = policy.LoadFS(fsys)
	if err == nil || !strings.Contains(err.Error(), `us/c.yaml: duplicate list id "test-list" (also in gb/b.yaml)`) {
		t.Fatalf("got %v", err)
	}

	delete(fsys, "us/c.yaml")
	fsys["us/d.yaml"] = &fstest.MapFile{Data: []byte("id: x\nfoo: 1\n")}
	fsys["us/e.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(validList, "action: warn", "action: nope", 1))}
	_, err = policy.LoadFS(fsys)
	if err == nil || !strings.Contains(err.Error(), `us/d.yaml:2: unknown key "foo"`) || !strings.Contains(err.Error(), `us/e.yaml:27: rule "b": action "nope"`) {
		t.Fatalf("want both files' problems, got %v", err)
	}
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "ours.yaml")
	if err := os.WriteFile(name, []byte(validList), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := policy.LoadFile(name)
	if err != nil || l.File != name || l.ID != "test-list" {
		t.Fatalf("got %v, %v", l, err)
	}

	big := filepath.Join(dir, "big.yaml")
	data := []byte(validList + "# " + strings.Repeat("x", yamlstrict.MaxFileSize) + "\n")
	if err := os.WriteFile(big, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := policy.LoadFile(big); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("got %v", err)
	}
	if _, err := policy.LoadFile(filepath.Join(dir, "missing.yaml")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("got %v", err)
	}
}

// TestParseOrganisation: an organisation's own list needs only an id, a
// title and rules; Parse still asks a legal list for its provenance.
func TestParseOrganisation(t *testing.T) {
	const src = "id: acme-ban\ntitle: ACME bans\njurisdiction: ACME\nrules:\n  - id: huawei\n    entity: huawei\n    action: deny\n"
	l, err := policy.ParseOrganisation("own.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if !l.Organisation || len(l.Rules) != 1 || l.Rules[0].Categories[0] != "any" || l.Categories[0] != "any" {
		t.Errorf("organisation list %+v", l)
	}
	if _, err := policy.Parse("own.yaml", []byte(src)); err == nil || !strings.Contains(err.Error(), "missing authority") {
		t.Errorf("Parse accepted a list without provenance: %v", err)
	}
	for name, bad := range map[string]string{
		"no title":    "id: a\nrules: []\n",
		"bad action":  "id: a\ntitle: t\nrules:\n  - id: r\n    entity: huawei\n    action: ban\n",
		"unknown key": "id: a\ntitle: t\nrulez: []\n",
	} {
		if _, err := policy.ParseOrganisation("own.yaml", []byte(bad)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	d := policy.OrganisationDeny([]string{"huawei", " ZTE ", "huawei"}, "--deny")
	if !d.Organisation || len(d.Rules) != 2 || d.Rules[1].Entity != "zte" || d.Rules[0].Action != policy.ActionDeny {
		t.Errorf("OrganisationDeny: %+v", d)
	}
	if err := d.Validate(); err != nil {
		t.Errorf("the --deny list does not validate: %v", err)
	}
}
