package policy_test

import (
	"reflect"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/policy"
)

func TestDiff(t *testing.T) {
	parse := func(text string) *policy.List {
		t.Helper()
		l, err := policy.ParseOrganisation("x.yaml", []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	older := []*policy.List{
		parse("id: a\ntitle: A\nrules:\n  - {id: r1, entity: huawei, action: deny}\n  - {id: r2, entity: zte, action: warn}\n"),
		parse("id: gone\ntitle: G\nrules:\n  - {id: g1, entity: zte, action: deny}\n"),
	}
	newer := []*policy.List{
		parse("id: a\ntitle: A2\nrules:\n  - {id: r1, entity: huawei, action: warn, categories: [radio]}\n  - {id: r3, entity: dji, action: deny, from: 2027-01-01}\n"),
		parse("id: new\ntitle: N\nrules:\n  - {id: n1, entity: dji, action: deny}\n"),
	}
	got := policy.Diff(older, newer)
	type row struct{ List, Rule, Change, Fields, From string }
	var rows []row
	for _, d := range got {
		f := ""
		for i, x := range d.Fields {
			if i > 0 {
				f += ","
			}
			f += x
		}
		rows = append(rows, row{d.List, d.Rule, d.Change, f, d.From.String()})
	}
	want := []row{
		{"a", "", "changed", "title", ""},
		{"a", "r1", "changed", "categories,action", ""},
		{"a", "r2", "removed", "", ""},
		{"a", "r3", "added", "", "2027-01-01"},
		{"gone", "", "removed", "", ""},
		{"gone", "g1", "removed", "", ""},
		{"new", "", "added", "", ""},
		{"new", "n1", "added", "", ""},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("got\n%v\nwant\n%v", rows, want)
	}
	if d := policy.Diff(newer, newer); len(d) != 0 {
		t.Errorf("a version against itself: %v", d)
	}
}
