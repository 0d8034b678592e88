package scan

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/vendorcheck/vendorcheck/pkg/catalog"
	"github.com/vendorcheck/vendorcheck/pkg/databundle"
	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/match"
	"github.com/vendorcheck/vendorcheck/pkg/policy"
	"github.com/vendorcheck/vendorcheck/pkg/report"
	"github.com/vendorcheck/vendorcheck/pkg/waiver"
)

// Never is the FailOn value under which no finding fails a run.
const Never policy.Action = "never"

// Options is what Run needs. Every field may be left zero: the defaults
// are those of `vendorcheck scan`.
type Options struct {
	// Jurisdictions selects the shipped lists of these jurisdictions (ISO
	// 3166 codes or EU; "UK" is GB).
	Jurisdictions []string
	// Policies selects shipped lists by id, or names files of your own
	// lists (added to the shipped ones). With neither Jurisdictions nor
	// shipped ids, every shipped list applies.
	Policies []string
	// Deny are entities denied in every category by an organisation rule
	// (DenySource says where they came from, for the output).
	Deny       []string
	DenySource string
	// NoShippedLists applies only your own lists and Deny.
	NoShippedLists bool
	// Note, if set, is told the remarks on the selection of lists.
	Note func(Note)
	// Uses is what the inventory is used for (policy.Uses); rules limited
	// to other uses do not apply.
	Uses []string
	// AsOf is the evaluation date (default: today, UTC).
	AsOf time.Time
	// FailOn is the least action that fails the run (default deny; Never:
	// none).
	FailOn policy.Action
	// MinConfidence is the least confidence of an attribution that is
	// reported (default match.Medium).
	MinConfidence match.Confidence
	// Waivers are applied to the findings, with those read from
	// WaiversFile.
	Waivers     *waiver.Set
	WaiversFile string
	// Baseline is an earlier result (or BaselineFile one written as JSON):
	// findings already in it are marked and do not fail the run.
	Baseline     *report.Result
	BaselineFile string
	// Limits bound the size of and time spent on each input.
	Limits Limits
	// Progress, if set, is told after each input is checked.
	Progress func(Progress)
	// Skipped, if set, is told about each file of a directory that was
	// passed over and why.
	Skipped func(path, why string)
	// Hosts fills each input's counts of components by host and site.
	Hosts bool
	// Stdin is read for the input "-", and StdinName (if set) is what the
	// result calls it.
	Stdin     io.Reader
	StdinName string
	// Workers is how many inputs are checked at once (default GOMAXPROCS).
	Workers int
	// Tool names the program in the result (default "vendorcheck"; the
	// date the data was reviewed and the data bundle are filled in).
	Tool report.Tool

	// Data is the data bundle whose lists and catalog apply (default: the
	// one compiled in, databundle.Embedded).
	Data *databundle.Bundle
	// DataAgeWarning is the age of the data (counted from its build date to
	// AsOf) beyond which the result carries a warning (zero: 90 days;
	// negative: never).
	DataAgeWarning time.Duration
	// MaxDataAge, if positive, makes Run refuse data older than that with
	// a *DataAgeError.
	MaxDataAge time.Duration

	// The pieces Run builds when they are not given: the input decoders
	// (default Decoders), the vendor catalog and the lists (default the
	// shipped ones, selected by Jurisdictions and Policies), and the
	// matcher over the catalog. Give Catalog and Lists together: the
	// entities of your own list files join the catalog they are selected
	// with. Prepare fills them in.
	Registry *ingest.Registry
	Catalog  *catalog.Catalog
	Lists    []*policy.List
	Matcher  *match.Matcher
}

// Run checks the SBOMs and inventories at paths (files, directories, "-"
// for Options.Stdin) and returns the result with its findings, waivers and
// baseline applied. The error is for the run as a whole (a list that does
// not exist, a waiver file that does not parse); an input that cannot be
// checked is recorded in Result.Errors and the others are still checked.
func Run(ctx context.Context, opt Options, paths ...string) (*report.Result, error) {
	cfg, err := opt.config()
	if err != nil {
		return nil, err
	}
	data := opt.Data
	if data == nil {
		if data, err = databundle.Embedded(); err != nil {
			return nil, err
		}
	}
	age := data.AgeDays(cfg.AsOf)
	if opt.MaxDataAge > 0 && time.Duration(age)*24*time.Hour > opt.MaxDataAge {
		return nil, &DataAgeError{Bundle: data.Name(), Built: data.Manifest.Built.String(), AsOf: cfg.AsOf.Format(catalog.DateLayout), AgeDays: age, Max: opt.MaxDataAge}
	}
	waivers := opt.Waivers
	if opt.WaiversFile != "" {
		loaded, err := waiver.Load(opt.WaiversFile)
		if err != nil {
			return nil, err
		}
		if waivers, err = waiver.Merge(opt.Waivers, loaded); err != nil {
			return nil, err
		}
	}
	baseline := opt.Baseline
	if opt.BaselineFile != "" {
		if baseline, err = report.ReadResultFile(opt.BaselineFile); err != nil {
			return nil, &BaselineError{File: opt.BaselineFile, Err: err}
		}
	}
	// A zip archive on standard input is copied to a temporary file, read
	// like an archive named on the command line, and removed after the run.
	stdinName := opt.StdinName
	if stdinName == "" {
		stdinName = "-"
	}
	stdin, spooled, spoolErr := spoolStdinArchive(opt.Stdin, paths, opt.Limits.withDefaults().MaxInputSize)
	var stdinErrs []report.Error
	switch {
	case spoolErr != nil:
		paths = slices.DeleteFunc(slices.Clone(paths), func(p string) bool { return p == "-" })
		stdinErrs = append(stdinErrs, report.Error{File: stdinName, Message: stdinName + ": " + spoolErr.Error()})
	case spooled != "":
		defer os.Remove(spooled)
		paths = slices.Clone(paths)
		for i, p := range paths {
			if p == "-" {
				paths[i] = spooled
			}
		}
	}
	inputs, expandErrs := Expand(paths, stdin)
	expandErrs = append(stdinErrs, expandErrs...)
	for i := range inputs {
		switch {
		case inputs[i].Name == "-":
			inputs[i].Name = stdinName
		case spooled != "" && (inputs[i].Name == spooled || strings.HasPrefix(inputs[i].Name, spooled+"!/")):
			inputs[i].Name = stdinName + strings.TrimPrefix(inputs[i].Name, spooled)
		}
	}
	if spooled != "" {
		for i := range expandErrs {
			expandErrs[i].File = strings.ReplaceAll(expandErrs[i].File, spooled, stdinName)
			expandErrs[i].Message = strings.ReplaceAll(expandErrs[i].Message, spooled, stdinName)
		}
	}
	res := RunConfig(ctx, cfg, inputs)
	res.Tool = opt.Tool
	if res.Tool.Name == "" {
		res.Tool.Name = "vendorcheck"
	}
	res.Tool.DataReviewed = DataReviewed(cfg.Lists)
	res.Tool.Data = DataInfo(data, cfg.AsOf)
	warnAt := opt.DataAgeWarning
	if warnAt == 0 {
		warnAt = DefaultDataAgeWarning
	}
	if warnAt > 0 && time.Duration(age)*24*time.Hour > warnAt {
		res.Warnings = append(res.Warnings, report.Warning{File: data.Manifest.Bundle + " " + data.Manifest.Version,
			Message: fmt.Sprintf("the data was built %s, %d days before the evaluation date %s (more than %s): restrictions made since are not in it; use a newer data bundle or release",
				data.Manifest.Built, age, cfg.AsOf.Format(catalog.DateLayout), databundle.FormatAge(warnAt))})
	}
	failOn := string(cfg.FailOn)
	if failOn == "" {
		failOn = string(Never)
	}
	res.Parameters = report.Parameters{
		AsOf: cfg.AsOf.Format(catalog.DateLayout), FailOn: failOn, MinConfidence: cfg.MinConfidence.String(),
		Uses: opt.Uses, Jurisdictions: opt.Jurisdictions, Lists: ListInfos(cfg.Lists),
	}
	waivers.Apply(res, cfg.AsOf)
	if baseline != nil {
		report.ApplyBaseline(res, baseline)
	}
	Tally(res, cfg.FailOn)
	res.Errors = append(append([]report.Error{}, expandErrs...), res.Errors...)
	res.Summary.FilesFailed += len(expandErrs)
	res.Summary.Files += len(expandErrs)
	return res, nil
}

// Prepare returns the options with the pieces Run would build filled in
// (decoders, catalog, lists, matcher), so a caller can see the lists that
// apply, or check many times without building them again.
func Prepare(opt Options) (Options, error) {
	cfg, err := opt.config()
	if err != nil {
		return Options{}, err
	}
	opt.Registry, opt.Catalog, opt.Lists, opt.Matcher = cfg.Registry, cfg.Catalog, cfg.Lists, cfg.Matcher
	return opt, nil
}

// config prepares what RunConfig needs from the options.
func (opt Options) config() (Config, error) {
	cfg := Config{
		Registry: opt.Registry, Catalog: opt.Catalog, Matcher: opt.Matcher, Lists: opt.Lists,
		AsOf: opt.AsOf, Uses: opt.Uses, MinConfidence: opt.MinConfidence, FailOn: opt.FailOn,
		Workers: opt.Workers, Stdin: opt.Stdin, Skipped: opt.Skipped, Limits: opt.Limits,
		Hosts: opt.Hosts, Progress: opt.Progress,
	}
	if cfg.AsOf.IsZero() {
		now := time.Now().UTC()
		cfg.AsOf = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	}
	switch cfg.FailOn {
	case "":
		cfg.FailOn = policy.ActionDeny
	case Never:
		cfg.FailOn = ""
	case policy.ActionDeny, policy.ActionWarn, policy.ActionInfo:
	default:
		return Config{}, fmt.Errorf("fail on %q: want deny, warn, info or never", opt.FailOn)
	}
	if cfg.MinConfidence == match.None {
		cfg.MinConfidence = match.Medium
	}
	for _, u := range opt.Uses {
		if !validUse(u) {
			return Config{}, fmt.Errorf("use %q: want one of %s", u, strings.Join(policy.Uses, ", "))
		}
	}
	if cfg.Registry == nil {
		cfg.Registry = Decoders(DecoderOptions{})
	}
	if cfg.Catalog == nil || cfg.Lists == nil {
		cat, lists, err := SelectLists(Selection{Jurisdictions: opt.Jurisdictions, Policies: opt.Policies,
			Deny: opt.Deny, DenySource: opt.DenySource, NoShipped: opt.NoShippedLists, Note: opt.Note, Data: opt.Data})
		if err != nil {
			return Config{}, err
		}
		if cfg.Catalog == nil {
			cfg.Catalog = cat
		}
		if cfg.Lists == nil {
			cfg.Lists = lists
		}
	}
	if cfg.Matcher == nil {
		// The index is built while the inputs are opened and their
		// formats detected; the first match waits for it.
		m, err := match.NewInBackground(cfg.Catalog)
		if err != nil {
			return Config{}, err
		}
		cfg.Matcher = m
	}
	return cfg, nil
}

// DefaultDataAgeWarning is the age of the data beyond which a run warns
// (Options.DataAgeWarning).
const DefaultDataAgeWarning = 90 * 24 * time.Hour

// DataAgeError: the data is older than Options.MaxDataAge.
type DataAgeError struct {
	Bundle, Built, AsOf string
	AgeDays             int
	Max                 time.Duration
}

func (e *DataAgeError) Error() string {
	return fmt.Sprintf("data %s is %d days old at %s, more than the maximum age of %s", e.Bundle, e.AgeDays, e.AsOf, databundle.FormatAge(e.Max))
}

// DataInfo describes a bundle for the result, with its age at a date.
func DataInfo(b *databundle.Bundle, at time.Time) *report.DataInfo {
	return &report.DataInfo{Bundle: b.Manifest.Bundle, Version: b.Manifest.Version, Built: b.Manifest.Built.String(),
		Source: b.Source, Signature: string(b.Signature), KeyID: b.KeyID, AgeDays: b.AgeDays(at)}
}

func validUse(u string) bool {
	for _, v := range policy.Uses {
		if u == v {
			return true
		}
	}
	return false
}

// BaselineError is a baseline file that could not be read.
type BaselineError struct {
	File string
	Err  error
}

func (e *BaselineError) Error() string { return "baseline: " + e.Err.Error() }
func (e *BaselineError) Unwrap() error { return e.Err }

// ErrUnknownJurisdiction and ErrNoSuchList are the selection errors
// (wrapped in a *SelectionError that names the value).
var (
	ErrUnknownJurisdiction = errors.New("not an ISO 3166 country code or EU")
	ErrNoSuchList          = errors.New("no such file, and no shipped list has that id")
)

// SelectionError is a jurisdiction or list that selects nothing.
type SelectionError struct {
	// Jurisdiction or Policy is the value as given.
	Jurisdiction, Policy string
	Err                  error
}

func (e *SelectionError) Error() string {
	if e.Jurisdiction != "" {
		return "jurisdiction " + e.Jurisdiction + ": " + e.Err.Error()
	}
	return "list " + e.Policy + ": " + e.Err.Error()
}
func (e *SelectionError) Unwrap() error { return e.Err }

// jurisdictionAliases maps common names to the codes lists use.
var jurisdictionAliases = map[string]string{"UK": "GB"}

// JurisdictionAliases returns the common names accepted for jurisdictions,
// each with the code lists use.
func JurisdictionAliases() map[string]string {
	m := make(map[string]string, len(jurisdictionAliases))
	for k, v := range jurisdictionAliases {
		m[k] = v
	}
	return m
}

// JurisdictionCode is the code lists use for a jurisdiction as given:
// upper case, with common names ("UK") mapped to their codes.
func JurisdictionCode(j string) string {
	code := strings.ToUpper(strings.TrimSpace(j))
	if a, ok := jurisdictionAliases[code]; ok {
		return a
	}
	return code
}

// UnknownEntityError is a rule of a selected list naming an entity the
// catalog does not hold (Rule is empty for a Deny entity).
type UnknownEntityError struct {
	File, Rule, Entity string
}

func (e *UnknownEntityError) Error() string {
	if e.Rule == "" { // a deny list
		return fmt.Sprintf("%s: unknown entity %q", e.File, e.Entity)
	}
	return fmt.Sprintf("%s: rule %s: unknown entity %q", e.File, e.Rule, e.Entity)
}

// euMembers are the member states of the European Union (ISO 3166-1
// alpha-2; Greece is GR): a member state's code brings in the EU's lists
// with its own.
var euMembers = []string{"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
	"IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"}

// Selection says which lists a run applies.
type Selection struct {
	// Jurisdictions selects the shipped lists of these codes (an EU
	// member state brings the EU's lists too).
	Jurisdictions []string
	// Policies are shipped list ids (selecting them) or files (the
	// organisation's own lists, added to the shipped ones).
	Policies []string
	// Deny are entities the organisation denies in every category.
	Deny []string
	// DenySource says where Deny came from, for the output (default
	// "deny").
	DenySource string
	// NoShipped applies no shipped list: only the files and Deny.
	NoShipped bool
	// Note, if set, is told the remarks on the selection (a jurisdiction
	// with no lists of its own, say).
	Note func(Note)
	// Data is the bundle whose lists and catalog are "shipped" (default:
	// the embedded one).
	Data *databundle.Bundle
}

// Note is a remark on a selection: a jurisdiction that is an EU member
// state (the EU's lists apply with its own), or a country with no shipped
// list of its own.
type Note struct {
	Jurisdiction string
	EUMember     bool
}

func (n Note) String() string {
	if n.EUMember {
		return "jurisdiction " + n.Jurisdiction + ": an EU member state; the EU's lists apply with its own"
	}
	return "jurisdiction " + n.Jurisdiction + ": no shipped list for that jurisdiction; it adds no list"
}

// ErrNoList: a selection that applies no shipped list and names no list
// of its own.
var ErrNoList = errors.New("no list to apply")

// SelectLists loads the vendor catalog and the selected lists of the data
// bundle (Selection.Data, default the embedded one).
// Shipped lists: every one, unless a jurisdiction or a shipped id names
// some, or NoShipped names none. The organisation's own lists (files in
// Policies) and Deny are added to them, never instead of them; the
// entities of the own lists join the catalog.
func SelectLists(sel Selection) (*catalog.Catalog, []*policy.List, error) {
	data := sel.Data
	if data == nil {
		var err error
		if data, err = databundle.Embedded(); err != nil {
			return nil, nil, err
		}
	}
	shipped, err := data.Lists()
	if err != nil {
		return nil, nil, err
	}
	cat, err := data.Catalog()
	if err != nil {
		return nil, nil, err
	}
	ownFiles := false
	for _, p := range sel.Policies {
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			ownFiles = true
		}
	}
	if ownFiles {
		// The entities of own lists join the catalog: work on a copy,
		// not on the bundle's.
		if cat, err = data.NewCatalog(); err != nil {
			return nil, nil, fmt.Errorf("vendor catalog: %w", err)
		}
	}
	var lists, own []*policy.List
	seen := map[string]bool{}
	add := func(l *policy.List) {
		if !seen[l.ID] {
			seen[l.ID] = true
			lists = append(lists, l)
		}
	}
	note := func(n Note) {
		if sel.Note != nil {
			sel.Note(n)
		}
	}
	selected := false // a jurisdiction or shipped id narrowed the shipped lists
	for _, j := range sel.Jurisdictions {
		code := JurisdictionCode(j)
		codes := []string{code}
		if slices.Contains(euMembers, code) {
			codes = append(codes, "EU")
		}
		n := 0
		for _, l := range shipped {
			if slices.Contains(codes, l.Jurisdiction) {
				add(l)
				n++
			}
		}
		selected = true
		switch {
		case n > 0 && len(codes) > 1:
			note(Note{Jurisdiction: code, EUMember: true})
		case n == 0 && isISORegion(code):
			note(Note{Jurisdiction: code})
		case n == 0:
			return nil, nil, &SelectionError{Jurisdiction: j, Err: ErrUnknownJurisdiction}
		}
	}
	for _, p := range sel.Policies {
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			l, err := policy.LoadOrganisationFile(p)
			if err != nil {
				return nil, nil, err
			}
			for i := range l.Entities {
				e := l.Entities[i]
				e.File = p
				if err := e.Validate(); err != nil {
					return nil, nil, err
				}
				if err := cat.Add(&e); err != nil {
					return nil, nil, err
				}
			}
			own = append(own, l)
			continue
		}
		found := false
		for _, l := range shipped {
			if l.ID == p {
				add(l)
				found = true
			}
		}
		if !found {
			return nil, nil, &SelectionError{Policy: p, Err: ErrNoSuchList}
		}
		selected = true
	}
	switch {
	case sel.NoShipped:
		lists, seen = nil, map[string]bool{}
	case !selected:
		for _, l := range shipped {
			add(l)
		}
	}
	for _, l := range own {
		if seen[l.ID] {
			return nil, nil, fmt.Errorf("%s: list id %q is already taken by a shipped list; give your list its own id", l.File, l.ID)
		}
		add(l)
	}
	if len(sel.Deny) > 0 {
		src := sel.DenySource
		if src == "" {
			src = "deny"
		}
		add(policy.OrganisationDeny(sel.Deny, src))
	}
	for _, l := range lists {
		for _, r := range l.Rules {
			if _, ok := cat.Get(r.Entity); !ok {
				ue := &UnknownEntityError{File: l.File, Rule: r.ID, Entity: r.Entity}
				if l.ID == "organisation-deny" {
					ue.Rule = ""
				}
				return nil, nil, ue
			}
		}
	}
	if len(lists) == 0 && sel.NoShipped {
		return nil, nil, ErrNoList
	}
	return cat, lists, nil
}

// isISORegion reports whether code is an ISO 3166-1 alpha-2 country code.
func isISORegion(code string) bool {
	if len(code) != 2 {
		return false
	}
	r, err := language.ParseRegion(code)
	return err == nil && r.IsCountry() && r.String() == code
}

// DataReviewed is the latest review date of the lists.
func DataReviewed(ls []*policy.List) string {
	var latest catalog.Date
	for _, l := range ls {
		if l.Reviewed.After(latest.Time) {
			latest = l.Reviewed
		}
	}
	return latest.String()
}
