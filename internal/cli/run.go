package cli

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/vendorcheck/vendorcheck/pkg/databundle"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/hwsheet"
	"github.com/vendorcheck/vendorcheck/pkg/match"
	"github.com/vendorcheck/vendorcheck/pkg/policy"
	"github.com/vendorcheck/vendorcheck/pkg/report"
	"github.com/vendorcheck/vendorcheck/pkg/scan"
)

// This file holds the checking that scan and audit share: the flags, the
// run of the pipeline, and the verdict that decides the exit code.

// addCheckFlags defines the checking flags on a command.
func addCheckFlags(f *pflag.FlagSet, o *scanOptions, reg *report.Registry, outputHelp string) {
	f.StringArrayVarP(&o.outputs, "output", "o", nil, "output `FORMAT[=FILE]` (repeatable; "+outputHelp+"): "+strings.Join(reg.IDs(), ", "))
	f.StringSliceVar(&o.jurisdictions, "jurisdiction", nil, "apply the lists of jurisdiction `CODE` (ISO 3166 code or EU; repeatable)")
	f.StringArrayVar(&o.policies, "policy", nil, "apply shipped list `ID` (only the ids given), or add FILE, your own list, to the shipped lists (repeatable)")
	f.StringSliceVar(&o.deny, "deny", nil, "deny `ENTITY[,ENTITY...]` in every category: an organisation rule, shown as \"organisation policy\"")
	f.BoolVar(&o.noShipped, "no-shipped-lists", false, "apply no shipped list: only your own (--policy FILE, --deny)")
	f.StringVar(&o.asOf, "as-of", "", "evaluate at `DATE` (YYYY-MM-DD; default today)")
	f.StringVar(&o.failOn, "fail-on", "deny", "exit 1 on findings at or above `ACTION`: deny, warn, info or never")
	f.StringVar(&o.minConfidence, "min-confidence", "medium", "report attributions at or above `LEVEL`: low, medium or high")
	f.StringSliceVar(&o.uses, "use", nil, "the inventory is used for `USE` (repeatable): "+strings.Join(policy.Uses, ", "))
	f.BoolVar(&o.allowEmpty, "allow-empty", false, "exit 0 rather than 2 when the inputs hold no components")
	f.CountVarP(&o.verbose, "verbose", "v", "say what was read and skipped (-vv: evidence too)")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "print only errors; the exit code tells the result")
	f.BoolVar(&o.noColor, "no-color", false, "never colour the table")
	f.StringVar(&o.columns, "columns", "", "map sheet columns for CSV/XLSX inputs: `FIELD=HEADER,...` (fields: "+strings.Join(hwsheet.Fields(), ", ")+")")
	f.StringVar(&o.configFile, "config", "", "read settings from `FILE`, trusted with every setting (default: .vendorcheck.yaml or .vendorcheck/config.yaml up to the repository root, then the user config dir; a discovered file may only tighten the check)")
	f.BoolVar(&o.noConfig, "no-config", false, "read no config file (neither discovered nor VENDORCHECK_CONFIG): the command line and VENDORCHECK_* decide")
	f.StringVar(&o.waiversFile, "waivers", "", "apply the waivers in `FILE` (reason, expires and approved_by required)")
	f.StringVar(&o.baseline, "baseline", "", "`FILE` is an earlier -o json result: findings already in it are reported as existing and do not fail the run")
	f.StringVar(&o.sourceRoot, "source-root", "", "make file names in SARIF and codequality output relative to `DIR`, the repository root (default: $GITHUB_WORKSPACE, else $CI_PROJECT_DIR, else as given)")
	f.StringVar(&o.stdinName, "stdin-name", "", "call standard input (-) `NAME` in every output, e.g. the path of the file piped in")
	f.StringVar(&o.maxDataAge, "max-data-age", "", "exit 2 when the data bundle is older than `AGE` at the evaluation date (90d, 12w, 2160h; default no maximum)")
	f.StringVar(&o.dataAgeWarning, "data-age-warning", "90d", "warn when the data bundle is older than `AGE` at the evaluation date (0: never)")
	addLimitFlags(f, &o.limits)
}

// checkRun validates the options, turns them into the library's options
// and runs the check over args. It returns the lists applied with the
// result. progress, if set, is told after each input.
func checkRun(ctx context.Context, env *Env, o *scanOptions, args []string, hosts bool, progress func(scan.Progress)) (*report.Result, []*policy.List, error) {
	asOf, err := parseAsOf(o.asOf)
	if err != nil {
		return nil, nil, err
	}
	failOn, err := parseFailOn(o.failOn)
	if err != nil {
		return nil, nil, err
	}
	minConf, err := match.ParseConfidence(o.minConfidence)
	if err != nil {
		return nil, nil, usagef("--min-confidence: %v", err)
	}
	for _, u := range o.uses {
		if !slices.Contains(policy.Uses, u) {
			return nil, nil, usagef("--use %q: want one of %s", u, strings.Join(policy.Uses, ", "))
		}
	}
	maxAge, warnAge, err := o.dataAges()
	if err != nil {
		return nil, nil, err
	}
	data, err := env.bundle()
	if err != nil {
		return nil, nil, err
	}
	opt := scan.Options{
		Data: data, MaxDataAge: maxAge, DataAgeWarning: warnAge,
		Jurisdictions: o.jurisdictions, Policies: o.policies, Uses: o.uses,
		Deny: o.deny, DenySource: o.denySource(), NoShippedLists: o.noShipped,
		AsOf: asOf, FailOn: failOn, MinConfidence: minConf,
		Waivers: o.inlineWaivers, WaiversFile: o.waiversFile, BaselineFile: o.baseline,
		Stdin: env.Stdin, StdinName: o.stdinName, Hosts: hosts, Progress: progress,
		Tool: report.Tool{Name: "vendorcheck", Version: Version()},
	}
	if failOn == "" {
		opt.FailOn = scan.Never
	}
	if opt.Registry, err = decodersWith(o.columns); err != nil {
		return nil, nil, err
	}
	if err := o.limits.apply(&opt.Limits); err != nil {
		return nil, nil, err
	}
	if o.verbose > 0 && !o.quiet {
		stderr := env.Stderr
		opt.Skipped = func(path, why string) {
			fmt.Fprintf(stderr, "vendorcheck: skipped %s: %s\n", report.Text(path), report.Text(why))
		}
	}
	if !o.quiet {
		stderr := env.Stderr
		opt.Note = func(n scan.Note) { fmt.Fprintf(stderr, "vendorcheck: note: %s\n", report.Text(noteText(n))) }
	}
	if opt, err = scan.Prepare(opt); err != nil {
		return nil, nil, cliError(env, err)
	}
	res, err := scan.Run(ctx, opt, args...)
	if err != nil {
		return nil, nil, cliError(env, err)
	}
	res.Parameters.Settings = o.settings
	return res, opt.Lists, nil
}

// noteText words a remark on the selection of lists in terms of the flags.
func noteText(n scan.Note) string {
	if n.EUMember {
		return fmt.Sprintf("--jurisdiction %s: an EU member state; the EU's lists apply with its own", n.Jurisdiction)
	}
	return fmt.Sprintf("--jurisdiction %s: no shipped list for that jurisdiction; it adds no list (your own lists and --deny still apply)", n.Jurisdiction)
}

// cliError words the library's errors about the options in terms of the
// flags that gave them.
func cliError(env *Env, err error) error {
	var se *scan.SelectionError
	var be *scan.BaselineError
	var ue *scan.UnknownEntityError
	var ae *scan.DataAgeError
	switch {
	case errors.As(err, &se) && se.Jurisdiction != "":
		return &hintError{err: usagef("--jurisdiction %s: %v", se.Jurisdiction, se.Err),
			hint: withSuggestion(scan.JurisdictionCode(se.Jurisdiction), jurisdictionCodes(), "run 'vendorcheck policies list' to see the lists and their jurisdictions")}
	case errors.As(err, &se):
		var ids []string
		if shipped, err := env.shippedLists(); err == nil {
			ids = listIDs(shipped)
		}
		return &hintError{err: usagef("--policy %s: %v", se.Policy, se.Err),
			hint: withSuggestion(se.Policy, ids, "run 'vendorcheck policies list' for the shipped ids, or give the path of your own list")}
	case errors.Is(err, scan.ErrNoList):
		return &hintError{err: usagef("no list to apply"),
			hint: "--no-shipped-lists applies only your own lists: give one with --policy FILE or --deny ENTITY"}
	case errors.As(err, &ue):
		if ue.Rule == "" {
			err = usagef("%v", ue)
		}
		var ids []string
		if cat, err := env.shippedCatalog(); err == nil {
			ids = entityIDs(cat)
		}
		return &hintError{err: err, hint: withSuggestion(ue.Entity, ids, "run 'vendorcheck vendors list' for the ids")}
	case errors.As(err, &be):
		return &hintError{err: fmt.Errorf("--baseline: %w", be.Err), hint: "give the file an earlier run wrote with -o json=FILE"}
	case errors.As(err, &ae):
		return &hintError{err: ae, hint: "use a newer data bundle (--data PATH, 'vendorcheck data status' shows the one in use) or a newer vendorcheck release; --max-data-age sets the limit"}
	}
	return err
}

// reportRun prints the errors of a checked result and, with -v, what was
// read.
func reportRun(env *Env, o *scanOptions, res *report.Result) {
	if o.verbose > 0 && !o.quiet {
		for _, st := range o.settings {
			fmt.Fprintf(env.Stderr, "vendorcheck: setting %s=%s (%s)\n", st.Name, report.Text(st.Value), report.Text(st.Source))
		}
	}
	for _, e := range res.Errors {
		// One line per input: a message that quotes the input is escaped
		// whole, its newlines included.
		fmt.Fprintf(env.Stderr, "vendorcheck: error: %s\n", report.Text(errorLine(e)))
	}
	if !o.quiet {
		for _, w := range res.Warnings {
			loc := w.File
			if w.Line > 0 {
				loc = fmt.Sprintf("%s:%d", w.File, w.Line)
			}
			fmt.Fprintf(env.Stderr, "vendorcheck: warning: %s\n", report.Text(loc+": "+w.Message))
		}
	}
	if len(res.Skipped) > 0 && !o.quiet {
		fmt.Fprintf(env.Stderr, "vendorcheck: %s\n", skipSummary(res.Skipped, o.verbose > 0))
	}
	if o.verbose > 0 && !o.quiet {
		for _, in := range res.Inputs {
			if in.Error == "" {
				fmt.Fprintf(env.Stderr, "vendorcheck: read %s: %s %s, %d component(s)\n", report.Text(in.File), report.Text(in.Format), report.Text(in.SpecVersion), in.Components)
			}
		}
	}
}

// checkVerdict is the error that decides the exit code of a checked run,
// after its outputs were written.
func checkVerdict(env *Env, o *scanOptions, res *report.Result, args []string) error {
	empty := res.Summary.Components == 0 && len(res.Errors) == 0
	switch {
	case len(res.Errors) > 0:
		fmt.Fprintf(env.Stderr, "vendorcheck: error: %d of %d input(s) could not be checked; the others were checked and reported\n",
			res.Summary.FilesFailed, res.Summary.Files)
		return errIncomplete
	case len(res.Inputs) == 0:
		return &hintError{err: fmt.Errorf("no SBOM or inventory found in %s", strings.Join(args, ", ")),
			hint: "run with -v to see which files were skipped and why"}
	case empty && !o.allowEmpty:
		return &hintError{err: fmt.Errorf("the inputs hold no components, so nothing was checked"),
			hint: "pass --allow-empty if an empty inventory is expected"}
	case res.Summary.Failing > 0:
		return errFindings
	}
	return nil
}

// skipSummary counts the files a directory walk passed over, by reason:
// "3 file(s) skipped: 2 source code or documentation, 1 not a recognised
// format; -v lists them".
func skipSummary(skipped []report.Skipped, listed bool) string {
	counts := map[string]int{}
	var order []string
	for _, s := range skipped {
		why := s.Reason
		if i := strings.IndexAny(why, "(;,"); i > 0 {
			why = strings.TrimSpace(why[:i])
		}
		if counts[why] == 0 {
			order = append(order, why)
		}
		counts[why]++
	}
	sort.Strings(order)
	parts := make([]string, len(order))
	for i, why := range order {
		parts[i] = fmt.Sprintf("%d %s", counts[why], why)
	}
	msg := fmt.Sprintf("%d file(s) skipped: %s", len(skipped), strings.Join(parts, ", "))
	if !listed {
		msg += "; -v lists them"
	}
	return msg
}

// dataAges reads --max-data-age (0: none) and --data-age-warning (0:
// never, which the library takes as a negative age).
func (o *scanOptions) dataAges() (maxAge, warnAge time.Duration, err error) {
	if o.maxDataAge != "" {
		if maxAge, err = databundle.ParseAge(o.maxDataAge); err != nil {
			return 0, 0, usagef("--max-data-age %v", err)
		}
		if maxAge == 0 {
			return 0, 0, usagef("--max-data-age 0: give a positive age, or leave it out for no maximum")
		}
	}
	if o.dataAgeWarning != "" {
		if warnAge, err = databundle.ParseAge(o.dataAgeWarning); err != nil {
			return 0, 0, usagef("--data-age-warning %v", err)
		}
	}
	if warnAge == 0 {
		warnAge = -1
	}
	return maxAge, warnAge, nil
}
