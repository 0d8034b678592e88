package policy

import (
	"reflect"
	"sort"
	"strings"
)

// Difference is one change between two versions of the lists: a list or
// rule added, removed or changed (with the fields that changed).
type Difference struct {
	List string `json:"list"`
	// Rule is empty for a change of the list as a whole.
	Rule   string `json:"rule,omitempty"`
	Entity string `json:"entity,omitempty"`
	// Change is added, removed or changed.
	Change string `json:"change"`
	// Fields are the YAML keys whose values differ (changed only).
	Fields []string `json:"fields,omitempty"`
	// From is the first day the rule applies in the newer version (zero:
	// from the list's start).
	From Date `json:"from,omitzero"`
}

// Diff compares two versions of the lists (an older and a newer data
// bundle): lists and rules added, removed or changed, by list id, then
// list-level change before its rules, then rule id. Fields compared are
// those of the YAML file; a list's rules are compared one by one, never as
// a field.
func Diff(older, newer []*List) []Difference {
	byID := func(ls []*List) map[string]*List {
		m := make(map[string]*List, len(ls))
		for _, l := range ls {
			m[l.ID] = l
		}
		return m
	}
	o, n := byID(older), byID(newer)
	var out []Difference
	for id, nl := range n {
		ol, ok := o[id]
		if !ok {
			out = append(out, Difference{List: id, Change: "added"})
			for _, r := range nl.Rules {
				out = append(out, Difference{List: id, Rule: r.ID, Entity: r.Entity, Change: "added", From: r.From})
			}
			continue
		}
		if fs := changedFields(ol, nl, "rules"); len(fs) > 0 {
			out = append(out, Difference{List: id, Change: "changed", Fields: fs})
		}
		or := map[string]*Rule{}
		for i := range ol.Rules {
			or[ol.Rules[i].ID] = &ol.Rules[i]
		}
		seen := map[string]bool{}
		for i := range nl.Rules {
			r := &nl.Rules[i]
			seen[r.ID] = true
			old, ok := or[r.ID]
			switch {
			case !ok:
				out = append(out, Difference{List: id, Rule: r.ID, Entity: r.Entity, Change: "added", From: r.From})
			default:
				if fs := changedFields(old, r); len(fs) > 0 {
					out = append(out, Difference{List: id, Rule: r.ID, Entity: r.Entity, Change: "changed", Fields: fs, From: r.From})
				}
			}
		}
		for _, r := range ol.Rules {
			if !seen[r.ID] {
				out = append(out, Difference{List: id, Rule: r.ID, Entity: r.Entity, Change: "removed"})
			}
		}
	}
	for id, ol := range o {
		if _, ok := n[id]; !ok {
			out = append(out, Difference{List: id, Change: "removed"})
			for _, r := range ol.Rules {
				out = append(out, Difference{List: id, Rule: r.ID, Entity: r.Entity, Change: "removed"})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].List != out[j].List {
			return out[i].List < out[j].List
		}
		return out[i].Rule < out[j].Rule
	})
	return out
}

// changedFields names the YAML keys whose values differ between two
// values of the same struct type, skipping the keys given and fields
// that are not in the file.
func changedFields(a, b any, skip ...string) []string {
	va, vb := reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem()
	t := va.Type()
	var out []string
	for i := range t.NumField() {
		tag, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if tag == "" || tag == "-" || contains(skip, tag) {
			continue
		}
		if !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
			out = append(out, tag)
		}
	}
	return out
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
