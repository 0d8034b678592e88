package cli

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/vendorcheck/vendorcheck/pkg/catalog"
	"github.com/vendorcheck/vendorcheck/pkg/databundle"
	"github.com/vendorcheck/vendorcheck/pkg/policy"
	"github.com/vendorcheck/vendorcheck/pkg/report"
	"github.com/vendorcheck/vendorcheck/pkg/scan"
)

func newPoliciesCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{Use: "policies", Short: "List, show and validate restriction lists"}
	var asOf string
	list := &cobra.Command{
		Use:   "list",
		Short: "List the shipped restriction lists",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			at, err := parseAsOf(asOf)
			if err != nil {
				return err
			}
			ls, err := env.shippedLists()
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tJURISDICTION\tSTATUS\tREVIEWED\tTITLE")
			for _, l := range ls {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", tx(l.ID), tx(l.Jurisdiction), listStatus(l, at), l.Reviewed, tx(l.Title))
			}
			return tw.Flush()
		},
	}
	list.Flags().StringVar(&asOf, "as-of", "", "judge in force or upcoming at `DATE` (default today)")
	show := &cobra.Command{
		Use:   "show ID|FILE",
		Short: "Show a list: citation, url, scope, and every rule with its dates",
		Args:  cobra.ExactArgs(1),
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return listCompletions(), cobra.ShellCompDirectiveDefault // an id, or your own list file
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := findList(env, args[0])
			if err != nil {
				return err
			}
			showList(env.Stdout, l)
			return nil
		},
	}
	validate := &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check your own list files (errors name file, line and key)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			bad := 0
			for _, a := range args {
				if _, err := policy.LoadFile(a); err != nil {
					printError(env.Stderr, err.Error())
					bad++
					continue
				}
				fmt.Fprintf(env.Stdout, "%s: ok\n", report.Text(a))
			}
			if bad > 0 {
				return errIncomplete
			}
			return nil
		},
	}
	var since, until, from, to, against string
	var diffJSON bool
	diff := &cobra.Command{
		Use:   "diff --since DATE | --from BUNDLE --to BUNDLE | --against BUNDLE",
		Short: "List what changed in the law in a window (--since), or between two data bundles (--from/--to, --against)",
		Long: `With --since DATE: the dated events of the lists in use between DATE and
--as-of: lists and rules adopted, coming into force or ending, and deadlines.

With --from OLD --to NEW (either defaults to the bundle in use), or
--against NEW (from the bundle in use to NEW): the lists, rules and catalog
entities added, removed or changed between two data bundles, with the
fields that changed and the day each new or changed rule comes into force.
Bundles are read like --data: signed, or with --allow-unsigned-data.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if from != "" || to != "" || against != "" {
				if since != "" {
					return usagef("policies diff: give --since, or --from/--to/--against, not both")
				}
				if against != "" && (from != "" || to != "") {
					return usagef("policies diff: --against NEW is --to NEW from the bundle in use; give it alone")
				}
				if against != "" {
					to = against
				}
				at, err := parseAsOf(until)
				if err != nil {
					return err
				}
				return diffBundles(env, from, to, at, diffJSON)
			}
			if since == "" {
				return usagef("policies diff: --since DATE is required (or --from/--to, --against BUNDLE)")
			}
			from, err := catalog.ParseDate(since)
			if err != nil {
				return usagef("--since: %v", err)
			}
			to, err := parseAsOf(until)
			if err != nil {
				return err
			}
			if to.Before(from.Time) {
				return usagef("--since %s is after --as-of %s", from, to.Format(catalog.DateLayout))
			}
			ls, err := env.shippedLists()
			if err != nil {
				return err
			}
			changes := policy.Changes(ls, from.Time, to)
			if diffJSON {
				if changes == nil {
					changes = []policy.Change{}
				}
				return writeJSON(env.Stdout, struct {
					Since   string          `json:"since"`
					AsOf    string          `json:"as_of"`
					Changes []policy.Change `json:"changes"`
				}{from.String(), to.Format(catalog.DateLayout), changes})
			}
			tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "DATE\tEVENT\tLIST/RULE\tENTITY\tDETAIL")
			for _, c := range changes {
				id := c.List
				if c.Rule != "" {
					id += "/" + c.Rule
				}
				detail := c.Detail
				if c.Unverified && !strings.Contains(detail, "UNVERIFIED") {
					detail += " [UNVERIFIED]"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c.Date, tx(c.Event), tx(id), orDash(tx(c.Entity)), tx(detail))
			}
			return tw.Flush()
		},
	}
	diff.Flags().StringVar(&since, "since", "", "first day of the window (YYYY-MM-DD), e.g. the date of the last audit")
	diff.Flags().StringVar(&until, "as-of", "", "last day of the window; with bundles, the day against which rules are 'coming into force' (default today)")
	diff.Flags().StringVar(&from, "from", "", "the older data bundle `PATH` (default: the bundle in use)")
	diff.Flags().StringVar(&to, "to", "", "the newer data bundle `PATH` (default: the bundle in use)")
	diff.Flags().StringVar(&against, "against", "", "compare the bundle in use with the bundle at `PATH`")
	diff.Flags().BoolVar(&diffJSON, "json", false, "write JSON")
	cmd.AddCommand(list, show, validate, diff)
	return cmd
}

func findList(env *Env, arg string) (*policy.List, error) {
	ls, err := env.shippedLists()
	if err != nil {
		return nil, err
	}
	for _, l := range ls {
		if l.ID == arg {
			return l, nil
		}
	}
	if strings.HasSuffix(arg, ".yaml") || strings.HasSuffix(arg, ".yml") {
		return policy.LoadFile(arg)
	}
	return nil, &hintError{err: fmt.Errorf("no list with id %q", arg), hint: withSuggestion(arg, listIDs(ls), "run 'vendorcheck policies list' for the ids")}
}

func listStatus(l *policy.List, at time.Time) string {
	switch {
	case l.Status == policy.StatusProposal:
		return "proposal"
	case !l.Until.IsZero() && !at.Before(l.Until.Time):
		return "expired"
	case !l.Effective.IsZero() && at.Before(l.Effective.Time):
		return "upcoming"
	}
	for _, r := range l.Rules {
		if !r.From.IsZero() && at.Before(r.From.Time) {
			return "in force (rules upcoming)"
		}
	}
	return "in force"
}

func unverifiedMark(v *bool) string {
	if v != nil && !*v {
		return " [UNVERIFIED]"
	}
	return ""
}

func showList(w io.Writer, l *policy.List) {
	fmt.Fprintf(w, "%s: %s\n", tx(l.ID), tx(l.Title))
	fmt.Fprintf(w, "  jurisdiction: %s\n  authority:    %s\n  instrument:   %s\n  citation:     %s\n  url:          %s\n  reviewed:     %s\n",
		tx(l.Jurisdiction), tx(l.Authority), tx(l.Instrument), tx(l.Citation), tx(l.URL), l.Reviewed)
	if l.Status != "" {
		fmt.Fprintf(w, "  status:       %s\n", tx(l.Status))
	}
	for _, d := range []struct {
		k string
		v catalog.Date
	}{{"adopted", l.Adopted}, {"effective", l.Effective}, {"until", l.Until}} {
		if !d.v.IsZero() {
			fmt.Fprintf(w, "  %-13s %s\n", d.k+":", d.v)
		}
	}
	fmt.Fprintf(w, "  scope:        %s\n  categories:   %s\n", tx(l.Scope), tx(strings.Join(l.Categories, ", ")))
	// The citation and url name the primary instrument; secondary
	// reporting is evidence, shown apart.
	if len(l.Sources) > 0 {
		fmt.Fprintf(w, "  sources (secondary, evidence only):\n")
		for _, s := range l.Sources {
			fmt.Fprintf(w, "    - %s\n", report.Text(s))
		}
	}
	fmt.Fprintf(w, "rules:\n")
	for _, r := range l.Rules {
		fmt.Fprintf(w, "  - %s: %s %s (%s)%s\n", tx(r.ID), tx(string(r.Action)), tx(r.Entity), tx(strings.Join(r.Categories, ", ")), unverifiedMark(r.Verified))
		if r.Restricts != "" {
			fmt.Fprintf(w, "      restricts: %s\n", tx(r.Restricts))
		}
		if !r.From.IsZero() || !r.Until.IsZero() {
			fmt.Fprintf(w, "      from %s until %s\n", orDash(r.From.String()), orDash(r.Until.String()))
		}
		if len(r.Uses) > 0 {
			fmt.Fprintf(w, "      only for uses: %s\n", tx(strings.Join(r.Uses, ", ")))
		}
		for _, d := range r.Deadlines {
			fmt.Fprintf(w, "      deadline %s: %s%s\n", d.Date, tx(d.Requirement), unverifiedMark(d.Verified))
		}
		if r.Note != "" {
			fmt.Fprintf(w, "      note: %s\n", tx(r.Note))
		}
		if len(r.Sources) > 0 {
			fmt.Fprintf(w, "      sources: %s\n", report.Text(strings.Join(r.Sources, "; ")))
		}
	}
	if len(l.Notes) > 0 {
		fmt.Fprintf(w, "notes:\n")
		for _, n := range l.Notes {
			fmt.Fprintf(w, "  - %s%s\n", tx(n.Text), unverifiedMark(n.Verified))
			if n.Source != "" {
				fmt.Fprintf(w, "    source: %s\n", report.Text(n.Source))
			}
		}
	}
}

// tx shows a text from a list or catalog file with control characters
// escaped, as every output shows input text (report.Text): a user's own
// list or a --data bundle may hold anything.
func tx(s string) string { return report.Text(s) }

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func newVendorsCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{Use: "vendors", Short: "List and show the restricted-vendor catalog"}
	list := &cobra.Command{
		Use:   "list",
		Short: "List the catalog's entities",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cat, err := env.shippedCatalog()
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tNAME\tCOUNTRY\tPRODUCTS")
			for _, e := range cat.Entities() {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", tx(e.ID), tx(e.Name), tx(e.Country), tx(strings.Join(e.Products, ", ")))
			}
			return tw.Flush()
		},
	}
	show := &cobra.Command{
		Use:               "show ID",
		Short:             "Show an entity: names, aliases, brands and subsidiaries with dates, identifiers",
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeOnce(entityCompletions),
		RunE: func(cmd *cobra.Command, args []string) error {
			cat, err := env.shippedCatalog()
			if err != nil {
				return err
			}
			e, ok := cat.Get(args[0])
			if !ok {
				return &hintError{err: fmt.Errorf("no entity with id %q", args[0]), hint: withSuggestion(args[0], entityIDs(cat), "run 'vendorcheck vendors list' for the ids")}
			}
			showEntity(env.Stdout, e)
			return nil
		},
	}
	cmd.AddCommand(list, show)
	return cmd
}

func showEntity(w io.Writer, e *catalog.Entity) {
	fmt.Fprintf(w, "%s: %s (%s)\n", tx(e.ID), tx(e.Name), tx(e.Country))
	fmt.Fprintf(w, "  products: %s\n", tx(strings.Join(e.Products, ", ")))
	facts := func(title string, fs []catalog.Fact) {
		if len(fs) == 0 {
			return
		}
		fmt.Fprintf(w, "  %s:\n", title)
		for _, f := range fs {
			fmt.Fprintf(w, "    - %s%s\n", tx(f.Value), unverifiedMark(f.Verified))
		}
	}
	facts("names", e.Names)
	facts("tokens", e.Tokens)
	related := func(title string, rs []catalog.Related) {
		if len(rs) == 0 {
			return
		}
		fmt.Fprintf(w, "  %s:\n", title)
		for _, r := range rs {
			dates := ""
			if r.Dated() {
				dates = fmt.Sprintf(" (%s to %s)", orDash(r.From.String()), orDash(r.Until.String()))
			}
			fmt.Fprintf(w, "    - %s%s%s\n", tx(r.Name), dates, unverifiedMark(r.Verified))
		}
	}
	related("brands", e.Brands)
	related("subsidiaries", e.Subsidiaries)
	ids := e.Identifiers
	facts("cpe vendors", ids.CPEVendors)
	facts("purl prefixes", ids.PURLPrefixes)
	facts("pci vendor ids", ids.PCIVendors)
	facts("usb vendor ids", ids.USBVendors)
	facts("iana pens", ids.IANAPENs)
	if len(ids.JEDEC) > 0 {
		fmt.Fprintf(w, "  jedec:\n")
		for _, j := range ids.JEDEC {
			fmt.Fprintf(w, "    - bank %d %s %s%s\n", j.Bank, tx(j.Code), tx(j.Name), unverifiedMark(j.Verified))
		}
	}
	facts("domains", ids.Domains)
}

// diffBundles prints what changed from one data bundle to another.
func diffBundles(env *Env, from, to string, at time.Time, asJSON bool) error {
	open := func(p string) (*databundle.Bundle, error) {
		if p == "" {
			return env.bundle()
		}
		return env.openBundle(p)
	}
	older, err := open(from)
	if err != nil {
		return err
	}
	newer, err := open(to)
	if err != nil {
		return err
	}
	d, err := databundle.Compare(older, newer)
	if err != nil {
		return err
	}
	w := env.Stdout
	if asJSON {
		if d.Lists == nil {
			d.Lists = []policy.Difference{}
		}
		if d.Entities == nil {
			d.Entities = []databundle.EntityDifference{}
		}
		return writeJSON(w, struct {
			From *report.DataInfo `json:"from"`
			To   *report.DataInfo `json:"to"`
			databundle.Diff
		}{scan.DataInfo(older, at), scan.DataInfo(newer, at), d})
	}
	fmt.Fprintf(w, "from %s\nto   %s\n", report.Text(older.Name()), report.Text(newer.Name()))
	if len(d.Lists) == 0 && len(d.Entities) == 0 {
		fmt.Fprintln(w, "no change to lists, rules or entities")
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if len(d.Lists) > 0 {
		fmt.Fprintln(tw, "CHANGE\tLIST/RULE\tENTITY\tFIELDS\tIN FORCE")
		for _, c := range d.Lists {
			id := c.List
			if c.Rule != "" {
				id += "/" + c.Rule
			}
			force := "-"
			switch {
			case c.Rule == "" || c.Change == "removed":
			case c.From.IsZero():
				force = "with the list"
			case c.From.After(at):
				force = "from " + c.From.String() + " (coming into force)"
			default:
				force = "since " + c.From.String()
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", tx(c.Change), tx(id), orDash(tx(c.Entity)), orDash(tx(strings.Join(c.Fields, ", "))), tx(force))
		}
	}
	if len(d.Entities) > 0 {
		if len(d.Lists) > 0 {
			fmt.Fprintln(tw)
		}
		fmt.Fprintln(tw, "CHANGE\tENTITY\tFIELDS")
		for _, e := range d.Entities {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", tx(e.Change), tx(e.Entity), orDash(tx(strings.Join(e.Fields, ", "))))
		}
	}
	return tw.Flush()
}
