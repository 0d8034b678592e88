package cli

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vendorcheck/vendorcheck/pkg/catalog"
	"github.com/vendorcheck/vendorcheck/pkg/databundle"
	"github.com/vendorcheck/vendorcheck/pkg/match"
	"github.com/vendorcheck/vendorcheck/pkg/policy"
	"github.com/vendorcheck/vendorcheck/pkg/report"
	"github.com/vendorcheck/vendorcheck/pkg/scan"
)

// Shell completion (vendorcheck completion bash|zsh|fish|powershell) offers
// the values the data and the registries have: list ids, entity ids,
// formats, jurisdictions, uses.

// listCompletions: the shipped list ids, each with its title.
func listCompletions() []cobra.Completion {
	ls, err := embeddedLists()
	if err != nil {
		return nil
	}
	out := make([]cobra.Completion, 0, len(ls))
	for _, l := range ls {
		out = append(out, cobra.CompletionWithDesc(l.ID, l.Title))
	}
	return out
}

// entityCompletions: the catalog's entity ids, each with its name.
func entityCompletions() []cobra.Completion {
	cat, err := embeddedCatalog()
	if err != nil {
		return nil
	}
	var out []cobra.Completion
	for _, e := range cat.Entities() {
		out = append(out, cobra.CompletionWithDesc(e.ID, e.Name))
	}
	return out
}

// jurisdictionCodes: the jurisdictions of the shipped lists, and the
// aliases that --jurisdiction accepts, in order.
func jurisdictionCodes() []string {
	ls, err := embeddedLists()
	if err != nil {
		return nil
	}
	seen := map[string]bool{}
	for _, l := range ls {
		seen[l.Jurisdiction] = true
	}
	for a, code := range scan.JurisdictionAliases() {
		if seen[code] {
			seen[a] = true
		}
	}
	codes := make([]string, 0, len(seen))
	for c := range seen {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	return codes
}

func fixed(vals ...string) cobra.CompletionFunc {
	return cobra.FixedCompletions(vals, cobra.ShellCompDirectiveNoFileComp)
}

// registerCheckCompletions adds the value completions of the flags that
// addCheckFlags defines.
func registerCheckCompletions(cmd *cobra.Command, reg *report.Registry) {
	must := func(name string, f cobra.CompletionFunc) {
		if err := cmd.RegisterFlagCompletionFunc(name, f); err != nil {
			panic(err) // a flag that does not exist: a programming error
		}
	}
	must("output", func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if strings.Contains(toComplete, "=") {
			return nil, cobra.ShellCompDirectiveDefault // FORMAT=FILE: a file
		}
		var out []cobra.Completion
		for _, r := range reg.Reporters() {
			out = append(out, cobra.CompletionWithDesc(r.ID(), r.Description()))
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	})
	must("policy", func(_ *cobra.Command, _ []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
		// A list id, or the path of your own list file.
		return listCompletions(), cobra.ShellCompDirectiveDefault
	})
	// The shipped lists are read only when a completion asks for them,
	// not every time the command tree is built.
	must("jurisdiction", func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return jurisdictionCodes(), cobra.ShellCompDirectiveNoFileComp
	})
	must("use", fixed(policy.Uses...))
	must("fail-on", fixed("deny", "warn", "info", "never"))
	must("min-confidence", fixed(match.Low.String(), match.Medium.String(), match.High.String()))
	must("source-root", func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return nil, cobra.ShellCompDirectiveFilterDirs
	})
}

// completeOnce returns a ValidArgsFunction that completes the first
// argument only.
func completeOnce(f func() []cobra.Completion) cobra.CompletionFunc {
	return func(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return f(), cobra.ShellCompDirectiveNoFileComp
	}
}

// didYouMean returns a hint naming the candidates closest to a mistyped
// id, or "" when none is close. Close: an edit distance of at most a
// third of the id (at least 1, at most 3), or the id is a whole
// dash-separated part or a prefix of the candidate ("fcc" for
// us-fcc-covered-list, "hik" for hikvision).
func didYouMean(got string, candidates []string) string {
	type cand struct {
		id   string
		dist int
	}
	g := strings.ToLower(got)
	limit := min(max(len(g)/3, 1), 3)
	var found []cand
	for _, c := range candidates {
		lc := strings.ToLower(c)
		d := levenshtein(g, lc)
		switch {
		case d <= limit:
		case len(g) >= 2 && (strings.HasPrefix(lc, g) || slices.Contains(strings.Split(lc, "-"), g)),
			len(g) >= 4 && strings.Contains(lc, g):
			d = limit + 1
		default:
			continue
		}
		found = append(found, cand{c, d})
	}
	if len(found) == 0 {
		return ""
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].dist < found[j].dist })
	if len(found) > 3 {
		found = found[:3]
	}
	names := make([]string, len(found))
	for i, f := range found {
		names[i] = fmt.Sprintf("%q", f.id)
	}
	return "did you mean " + strings.Join(names, " or ") + "?"
}

// withSuggestion puts a "did you mean" before a hint.
func withSuggestion(got string, candidates []string, hint string) string {
	if s := didYouMean(got, candidates); s != "" {
		return s + " (" + hint + ")"
	}
	return hint
}

// levenshtein is the edit distance between two strings, by runes.
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// listIDs and entityIDs are the candidates for suggestions.
func listIDs(ls []*policy.List) []string {
	ids := make([]string, len(ls))
	for i, l := range ls {
		ids[i] = l.ID
	}
	return ids
}

func entityIDs(cat *catalog.Catalog) []string {
	var ids []string
	for _, e := range cat.Entities() {
		ids = append(ids, e.ID)
	}
	return ids
}

// embeddedLists and embeddedCatalog are the embedded bundle's, for
// completion and suggestions where no run's data is at hand.
func embeddedLists() ([]*policy.List, error) {
	b, err := databundle.Embedded()
	if err != nil {
		return nil, err
	}
	return b.Lists()
}

func embeddedCatalog() (*catalog.Catalog, error) {
	b, err := databundle.Embedded()
	if err != nil {
		return nil, err
	}
	return b.Catalog()
}
