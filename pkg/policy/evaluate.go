package policy

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vendorcheck/vendorcheck/pkg/catalog"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
	"github.com/vendorcheck/vendorcheck/pkg/match"
)

// Finding states why a list's rule speaks to an attributed component.
type Finding struct {
	List         string `json:"list"`
	ListTitle    string `json:"list_title"`
	Jurisdiction string `json:"jurisdiction"`
	Rule         string `json:"rule"`
	Action       Action `json:"action"`
	// Status says which branch of the evaluation decided the action:
	// in-force, upcoming, deadline-pending, deadline-passed, use-conditional,
	// before-cutoff, proposal.
	Status    string   `json:"status"`
	Message   string   `json:"message"`
	Citation  string   `json:"citation"`
	URL       string   `json:"url"`
	Scope     string   `json:"scope,omitempty"`
	Uses      []string `json:"uses,omitempty"`
	Effective string   `json:"effective,omitempty"`
	Deadline  string   `json:"deadline,omitempty"`
	// DaysRemaining counts days from the as-of date to Deadline (or to the
	// effective date of an upcoming rule); negative once passed.
	DaysRemaining *int `json:"days_remaining,omitempty"`
	// JudgedAt is the date the rule was judged at: the as-of date, or the
	// component's purchase or install date for rules about purchases or
	// installs.
	JudgedAt   string `json:"judged_at"`
	Unverified bool   `json:"unverified,omitempty"`
}

// Options for evaluation.
type Options struct {
	// AsOf is the date of the evaluation (default: today).
	AsOf time.Time
	// Uses are the uses the user declared for the inventory (--use). Empty:
	// unknown, so use-limited rules give warnings that spell the condition
	// out.
	Uses []string
}

// Categories returns the product categories of component c made by an
// entity whose products are given: hardware kinds name their category;
// software is "software" (and "security-software" for a security vendor);
// kinds that say nothing specific take the entity's own product categories,
// so that an unclear component is judged, not passed.
func ComponentCategories(c *inventory.Component, entityProducts []string) []string {
	switch c.Kind {
	case inventory.KindMemory:
		return []string{"memory-storage", "semiconductors"}
	case inventory.KindDisk:
		return []string{"memory-storage"}
	case inventory.KindProcessor:
		return []string{"semiconductors", "computing"}
	case inventory.KindSystem, inventory.KindBoard, inventory.KindChassis, inventory.KindBIOS:
		return []string{"computing"}
	case inventory.KindNIC, inventory.KindSwitch, inventory.KindHost:
		return []string{"telecom-equipment"}
	case inventory.KindCamera:
		return []string{"video-surveillance"}
	case inventory.KindRadio:
		return []string{"radio", "telecom-equipment"}
	case inventory.KindDrone:
		return []string{"drones"}
	}
	if c.Kind.IsSoftware() {
		out := []string{"software"}
		if slices.Contains(entityProducts, "security-software") {
			out = append(out, "security-software")
		}
		return out
	}
	if len(entityProducts) == 0 {
		return []string{"any"}
	}
	return entityProducts
}

func intersects(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

func days(from, to time.Time) int {
	return int(to.Sub(from).Hours() / 24)
}

func later(a, b Date) Date {
	if a.IsZero() || (!b.IsZero() && b.After(a.Time)) {
		return b
	}
	return a
}

func earlier(a, b Date) Date {
	if a.IsZero() || (!b.IsZero() && b.Before(a.Time)) {
		return b
	}
	return a
}

// Evaluate judges one attribution of component c against list l. It
// returns the findings of every rule of l about the attributed entity; a
// rule no longer in force, or limited to uses the user said do not apply,
// gives none.
func Evaluate(l *List, c *inventory.Component, a match.Attribution, entityProducts []string, opt Options) []Finding {
	var out []Finding
	asOf := opt.AsOf
	cats := ComponentCategories(c, entityProducts)
	for i := range l.Rules {
		r := &l.Rules[i]
		if r.Entity != a.Entity {
			continue
		}
		f := Finding{
			List: l.ID, ListTitle: l.Title, Jurisdiction: l.Jurisdiction, Rule: r.ID,
			Citation: l.Citation, URL: l.URL, Scope: l.Scope, Uses: r.Uses,
			Unverified: (r.Verified != nil && !*r.Verified),
		}
		from := later(l.Effective, r.From)
		until := earlier(l.Until, r.Until)
		if !from.IsZero() {
			f.Effective = from.String()
		}
		judged := asOf
		var judgedBy string
		switch r.Restricts {
		case RestrictsPurchase:
			if !c.PurchaseDate.IsZero() {
				judged, judgedBy = c.PurchaseDate, "purchased"
			}
		case RestrictsInstall:
			if !c.InstallDate.IsZero() {
				judged, judgedBy = c.InstallDate, "installed"
			} else if !c.PurchaseDate.IsZero() {
				judged, judgedBy = c.PurchaseDate, "purchased"
			}
		}
		f.JudgedAt = judged.Format(catalog.DateLayout)
		if !until.IsZero() && !judged.Before(until.Time) {
			continue // no longer in force at the date that matters
		}
		what := ruleSubject(l, r)
		// Category scope: a rule about telecom equipment says nothing of the
		// same vendor's software library. The attribution itself still
		// appears in the result's "attributed" list.
		if !slices.Contains(r.Categories, "any") && !intersects(r.Categories, cats) {
			continue
		}
		if l.Status == StatusProposal {
			f.Action, f.Status = ActionInfo, "proposal"
			f.Message = fmt.Sprintf("%s: a proposal, not law; %s", l.Title, what)
			out = append(out, f)
			continue
		}
		// A purchase or install before the rule took effect is no breach.
		if judgedBy != "" && !from.IsZero() && judged.Before(from.Time) {
			f.Action, f.Status = ActionInfo, "before-cutoff"
			f.Message = fmt.Sprintf("%s %s, before %s took effect on %s: not a breach", judgedBy, f.JudgedAt, l.Title, from)
			out = append(out, f)
			continue
		}
		// Not yet in force.
		if !from.IsZero() && asOf.Before(from.Time) && judgedBy == "" {
			d := days(asOf, from.Time)
			f.Action, f.Status, f.DaysRemaining = ActionWarn, "upcoming", &d
			f.Message = fmt.Sprintf("in force from %s (%d days): %s", from, d, what)
			out = append(out, f)
			continue
		}
		action, status, msg := r.Action, "in-force", what
		if judgedBy != "" {
			msg = fmt.Sprintf("%s %s, when %s was in force: %s", judgedBy, f.JudgedAt, l.Title, what)
		}
		// Deadlines: the first passed one denies; else the next one warns.
		if len(r.Deadlines) > 0 {
			var passed, next *Deadline
			for j := range r.Deadlines {
				dl := &r.Deadlines[j]
				if !asOf.Before(dl.Date.Time) {
					passed = dl
				} else if next == nil {
					next = dl
				}
				if dl.Verified != nil && !*dl.Verified {
					f.Unverified = true
				}
			}
			switch {
			case passed != nil:
				d := days(asOf, passed.Date.Time)
				action, status, f.Deadline, f.DaysRemaining = ActionDeny, "deadline-passed", passed.Date.String(), &d
				msg = fmt.Sprintf("deadline passed on %s: %s", passed.Date, passed.Requirement)
			case next != nil:
				d := days(asOf, next.Date.Time)
				action, status, f.Deadline, f.DaysRemaining = ActionWarn, "deadline-pending", next.Date.String(), &d
				msg = fmt.Sprintf("%s by %s (%d days left)", next.Requirement, next.Date, d)
			}
		}
		// Use limits.
		if len(r.Uses) > 0 {
			switch {
			case len(opt.Uses) == 0:
				if action.Rank() > ActionWarn.Rank() {
					action = ActionWarn
				}
				status = "use-conditional"
				msg = fmt.Sprintf("applies only where used for %s (declare with --use): %s", strings.Join(r.Uses, ", "), msg)
			case !intersects(r.Uses, opt.Uses):
				continue
			}
		}
		f.Action, f.Status, f.Message = action, status, msg
		out = append(out, f)
	}
	return out
}

func ruleSubject(l *List, r *Rule) string {
	if r.Note != "" {
		return r.Note
	}
	return l.Scope
}
