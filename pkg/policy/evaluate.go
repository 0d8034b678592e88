package policy

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vendorcheck/vendorcheck/pkg/catalog"
	"github.com/vendorcheck/vendorcheck/pkg/category"
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
	// before-cutoff, proposal, category-unknown.
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
	// UseUndeclared is set when the rule is limited to uses (Uses) and
	// none were declared: it applies only if the inventory is used so.
	// The status says the rest (a rule both use-limited and not yet in
	// force is upcoming, with this set).
	UseUndeclared bool `json:"use_undeclared,omitempty"`
	// Organisation is set for a rule of the organisation's own list.
	Organisation bool `json:"organisation,omitempty"`
}

// StatusCategoryUnknown is the status of a finding about a component whose
// product category could not be decided (package category).
const StatusCategoryUnknown = "category-unknown"

// Options for evaluation.
type Options struct {
	// AsOf is the date of the evaluation (default: today).
	AsOf time.Time
	// Uses are the uses the user declared for the inventory (--use). Empty:
	// unknown, so use-limited rules give warnings that spell the condition
	// out.
	Uses []string
}

// ComponentCategories returns the product categories of component c as
// package category decides them from the component's own signals (nil when
// they cannot be decided). entityProducts only add to software: a security
// vendor's software is security software, a carrier's service a telecom
// service.
func ComponentCategories(c *inventory.Component, entityProducts []string) []string {
	return category.Decide(c, entityProducts).Categories
}

func intersects(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// days counts whole calendar days from one date to another (negative when
// to is earlier).
func days(from, to time.Time) int {
	return int(math.Round(to.Sub(from).Hours() / 24))
}

// day reduces t to its calendar date, at midnight UTC, so that dates given
// with a time of day or in another zone compare as dates.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
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
// returns the findings of every rule of l about the attributed entity and
// the component's product categories.
//
// Dates are calendar dates. A rule is in force from its from date (or the
// list's effective date, whichever is later) up to the day before its until
// date (or the list's). A deadline is met on its own day and passed from the
// day after. Rules about purchases or installs are judged at the component's
// purchase (install, else purchase) date where the inventory records one,
// else at the as-of date.
//
// A rule gives no finding when it is no longer in force at the date it is
// judged at, or when it is limited to uses and the user declared uses none
// of which it names. When the user declared no uses, a use-limited rule is
// at most a warning that spells the condition out.
func Evaluate(l *List, c *inventory.Component, a match.Attribution, entityProducts []string, opt Options) []Finding {
	s := NewSubject(c, a, category.Decide(c, entityProducts), opt)
	return s.Evaluate(l)
}

// Subject is one attribution of a component, with what every list judges
// it by: its categories, the declared uses with those they imply, and the
// as-of date. A scan judges each attribution against every list; these are
// worked out once for all of them.
type Subject struct {
	c        *inventory.Component
	a        match.Attribution
	decision category.Decision
	uses     []string
	asOf     time.Time
	asOfText string
}

// NewSubject makes the Subject of attribution a of component c. decision
// is category.Decide(c, products) with the products of a's entity.
func NewSubject(c *inventory.Component, a match.Attribution, decision category.Decision, opt Options) Subject {
	asOf := opt.AsOf
	if asOf.IsZero() {
		asOf = time.Now()
	}
	asOf = day(asOf)
	return Subject{c: c, a: a, decision: decision, uses: ExpandUses(opt.Uses), asOf: asOf, asOfText: asOf.Format(catalog.DateLayout)}
}

// Evaluate judges the subject against list l, as the package's Evaluate
// does.
func (s *Subject) Evaluate(l *List) []Finding {
	var out []Finding
	c, a, decision, uses, asOf := s.c, &s.a, &s.decision, s.uses, s.asOf
	cats := decision.Categories
	for i := range l.Rules {
		r := &l.Rules[i]
		if r.Entity != a.Entity {
			continue
		}
		// Category scope: a rule about telecom equipment says nothing of the
		// same vendor's software library. The attribution itself still
		// appears in the result's "attributed" list.
		unknownCategory := !decision.Known() && !slices.Contains(r.Categories, "any")
		if !unknownCategory && !slices.Contains(r.Categories, "any") && !intersects(r.Categories, cats) {
			continue
		}
		// Use scope: the user said what the inventory is used for, and this
		// rule is about other uses.
		if len(r.Uses) > 0 && len(uses) > 0 && !intersects(r.Uses, uses) {
			continue
		}
		useUnknown := len(r.Uses) > 0 && len(uses) == 0
		condition := ""
		if useUnknown {
			condition = "applies only where used for " + strings.Join(r.Uses, ", ") + " (declare with --use)"
		}
		f := Finding{
			List: l.ID, ListTitle: l.Title, Jurisdiction: l.Jurisdiction, Rule: r.ID,
			Citation: l.Citation, URL: l.URL, Scope: l.Scope, Uses: r.Uses, UseUndeclared: useUnknown,
			Unverified:   (r.Verified != nil && !*r.Verified),
			Organisation: l.Organisation,
		}
		from := later(l.Effective, r.From)
		until := earlier(l.Until, r.Until)
		if !from.IsZero() {
			f.Effective = from.String()
		}
		judged := asOf
		var judgedBy, undated string
		switch r.Restricts {
		case RestrictsPurchase:
			if !c.PurchaseDate.IsZero() {
				judged, judgedBy = day(c.PurchaseDate), "purchased"
			} else {
				undated = "purchase"
			}
		case RestrictsInstall:
			if !c.InstallDate.IsZero() {
				judged, judgedBy = day(c.InstallDate), "installed"
			} else if !c.PurchaseDate.IsZero() {
				judged, judgedBy = day(c.PurchaseDate), "purchased"
			} else {
				undated = "install"
			}
		}
		if judgedBy == "" {
			f.JudgedAt = s.asOfText
		} else {
			f.JudgedAt = judged.Format(catalog.DateLayout)
		}
		if !until.IsZero() && !judged.Before(until.Time) {
			continue // no longer in force at the date that matters
		}
		what := ruleSubject(l, r)
		// A component whose category could not be decided is never judged
		// in full by a rule about some categories: a warning (or less)
		// that names the missing fact, never a silent denial.
		if unknownCategory {
			if l.Status == StatusProposal || (!from.IsZero() && asOf.Before(from.Time)) {
				continue
			}
			f.Action, f.Status = ActionWarn, StatusCategoryUnknown
			if r.Action.Rank() < ActionWarn.Rank() {
				f.Action = r.Action
			}
			f.Message = "category unknown: " + decision.Missing + "; the rule covers " + strings.Join(r.Categories, ", ")
			if useUnknown {
				f.Message += "; " + condition
			}
			out = append(out, f)
			continue
		}
		if l.Status == StatusProposal {
			f.Action, f.Status = ActionInfo, "proposal"
			f.Message = l.Title + ": a proposal, not law; " + what
			if useUnknown {
				f.Message = condition + ": " + f.Message
			}
			out = append(out, f)
			continue
		}
		// A purchase or install before the rule took effect is no breach.
		if judgedBy != "" && !from.IsZero() && judged.Before(from.Time) {
			f.Action, f.Status = ActionInfo, "before-cutoff"
			f.Message = judgedBy + " " + f.JudgedAt + ", before " + l.Title + " took effect on " + f.Effective + ": not a breach"
			out = append(out, f)
			continue
		}
		// Not yet in force.
		if !from.IsZero() && asOf.Before(from.Time) {
			d := days(asOf, from.Time)
			// A warning, unless the rule itself asks for less.
			f.Action, f.Status, f.DaysRemaining = ActionWarn, "upcoming", &d
			if r.Action.Rank() < ActionWarn.Rank() {
				f.Action = r.Action
			}
			f.Message = "in force from " + f.Effective + " (" + strconv.Itoa(d) + " days): " + what
			if useUnknown {
				f.Message += "; " + condition
			}
			out = append(out, f)
			continue
		}
		action, status, msg := r.Action, "in-force", what
		switch {
		case judgedBy != "":
			msg = judgedBy + " " + f.JudgedAt + ", when " + l.Title + " was in force: " + what
		case undated != "":
			msg = what + " (no " + undated + " date recorded, so judged at " + f.JudgedAt + ")"
		}
		// Deadlines, compared with the date the rule is judged at: the
		// latest passed one denies; else the next one warns.
		if len(r.Deadlines) > 0 {
			var passed, next *Deadline
			for j := range r.Deadlines {
				dl := &r.Deadlines[j]
				if judged.After(dl.Date.Time) {
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
				if judgedBy != "" {
					msg = judgedBy + " " + f.JudgedAt + ", after the deadline of " + f.Deadline + ": " + passed.Requirement
				} else {
					msg = "deadline passed on " + f.Deadline + ": " + passed.Requirement
					if undated != "" {
						msg += " (no " + undated + " date recorded, so judged at " + f.JudgedAt + ")"
					}
				}
			case next != nil && judgedBy != "" && asOf.After(next.Date.Time):
				// The component's own date met a deadline that has since
				// passed: a purchase or install in time.
				f.Action, f.Status, f.Deadline = ActionInfo, "before-cutoff", next.Date.String()
				f.Message = judgedBy + " " + f.JudgedAt + ", by the deadline of " + f.Deadline + ": not a breach (" + next.Requirement + ")"
				out = append(out, f)
				continue
			case next != nil:
				d := days(asOf, next.Date.Time)
				action, status, f.Deadline, f.DaysRemaining = ActionWarn, "deadline-pending", next.Date.String(), &d
				msg = next.Requirement + " by " + f.Deadline + " (" + strconv.Itoa(d) + " days left)"
			}
		}
		if useUnknown {
			if action.Rank() > ActionWarn.Rank() {
				action = ActionWarn
			}
			status = "use-conditional"
			msg = condition + ": " + msg
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
