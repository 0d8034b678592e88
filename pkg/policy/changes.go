package policy

import (
	"sort"
	"time"
)

// Change is a dated event of a list or rule: it was adopted, came into
// force, stopped applying, or a deadline fell due.
type Change struct {
	Date Date   `json:"date"`
	List string `json:"list"`
	// Rule is empty for an event of the list as a whole.
	Rule   string `json:"rule,omitempty"`
	Entity string `json:"entity,omitempty"`
	// Event is adopted, in-force, ends or deadline.
	Event string `json:"event"`
	// Detail is the deadline's requirement or the rule's note.
	Detail     string `json:"detail,omitempty"`
	Unverified bool   `json:"unverified,omitempty"`
}

// Changes lists the dated events of lists whose date falls in [since,
// until] (calendar dates, both ends included), oldest first: what changed
// in the law over a window, as the data records it. It does not compare two
// versions of the data, so a rule whose facts were corrected without a
// date in the window does not appear.
func Changes(lists []*List, since, until time.Time) []Change {
	since, until = day(since), day(until)
	in := func(d Date) bool {
		return !d.IsZero() && !d.Before(since) && !d.After(until)
	}
	var out []Change
	for _, l := range lists {
		if in(l.Adopted) {
			out = append(out, Change{Date: l.Adopted, List: l.ID, Event: "adopted", Detail: l.Title})
		}
		if in(l.Effective) {
			out = append(out, Change{Date: l.Effective, List: l.ID, Event: "in-force", Detail: l.Title})
		}
		if in(l.Until) {
			out = append(out, Change{Date: l.Until, List: l.ID, Event: "ends", Detail: l.Title})
		}
		for _, r := range l.Rules {
			unv := r.Verified != nil && !*r.Verified
			if in(r.From) {
				out = append(out, Change{Date: r.From, List: l.ID, Rule: r.ID, Entity: r.Entity, Event: "in-force", Detail: ruleSubject(l, &r), Unverified: unv})
			}
			if in(r.Until) {
				out = append(out, Change{Date: r.Until, List: l.ID, Rule: r.ID, Entity: r.Entity, Event: "ends", Detail: ruleSubject(l, &r), Unverified: unv})
			}
			for _, d := range r.Deadlines {
				if in(d.Date) {
					out = append(out, Change{Date: d.Date, List: l.ID, Rule: r.ID, Entity: r.Entity, Event: "deadline", Detail: d.Requirement,
						Unverified: unv || (d.Verified != nil && !*d.Verified)})
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Date.Equal(out[j].Date.Time) {
			return out[i].Date.Before(out[j].Date.Time)
		}
		if out[i].List != out[j].List {
			return out[i].List < out[j].List
		}
		return out[i].Rule < out[j].Rule
	})
	return out
}
