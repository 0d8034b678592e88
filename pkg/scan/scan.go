// Package scan checks SBOMs and hardware inventories against restriction
// lists: it expands paths, detects and decodes each input, matches its
// components to entities, evaluates the attributions against the selected
// lists, and gathers one report.Result with a verdict per component and
// entity.
//
// One call does it all. The smallest program, checking an SBOM against the
// US lists with waivers and a baseline (an earlier run's JSON result):
//
//	func main() {
//		res, err := scan.Run(context.Background(), scan.Options{
//			Jurisdictions: []string{"US"},
//			WaiversFile:   "waivers.yaml",
//			BaselineFile:  "baseline.json",
//		}, "sbom.cdx.json")
//		if err != nil {
//			log.Fatal(err)
//		}
//		for _, v := range res.Verdicts {
//			fmt.Printf("%s %s (%s): %s\n", v.Action, v.Component.Name, v.Entity, v.Why)
//		}
//	}
//
// Run builds what it needs (decoders, the shipped vendor catalog and lists,
// the matcher) unless Options carries them; Prepare builds them once for
// many runs. RunConfig is the pipeline itself, over inputs already
// expanded. Inputs are checked in parallel; the result is deterministic.
// To render a result, see package report and its sub-packages.
package scan

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/ulikunitz/xz"

	"github.com/vendorcheck/vendorcheck/pkg/catalog"
	"github.com/vendorcheck/vendorcheck/pkg/category"
	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/internal/safetext"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
	"github.com/vendorcheck/vendorcheck/pkg/match"
	"github.com/vendorcheck/vendorcheck/pkg/policy"
	"github.com/vendorcheck/vendorcheck/pkg/report"
)

// MaxDecompressedSize is the default bound on what a gzip-compressed input
// may expand to (Limits.MaxDecompressed).
const MaxDecompressedSize int64 = 2 << 30

// DefaultMaxUnassessed is the default bound on the unassessed components a
// result lists (Limits.MaxUnassessed): the rest are counted, by input, host
// and site (report.Result.UnlistedUnassessed), not listed.
const DefaultMaxUnassessed = 100_000

// Limits bound what one input may cost. A zero field takes its default.
type Limits struct {
	// MaxInputSize bounds the bytes decoded from one input, after
	// decompression (default ingest.MaxInputSize).
	MaxInputSize int64
	// MaxDecompressed bounds what a gzip-compressed input may expand to
	// (default MaxDecompressedSize).
	MaxDecompressed int64
	// PerFileTimeout bounds the time spent on one input, decoding and
	// matching (default: none). An input that takes longer is an error for
	// that input; the others are still checked.
	PerFileTimeout time.Duration
	// MaxUnassessed bounds how many unassessed components the result lists
	// over the whole run (default DefaultMaxUnassessed; negative: no
	// bound). The ones past it are still counted, in Summary.Unassessed
	// and by input, host and site in Result.UnlistedUnassessed: a result
	// costs memory for every component it lists, and an input can be made
	// of millions of components with no vendor signal.
	MaxUnassessed int
}

func (l Limits) withDefaults() Limits {
	if l.MaxInputSize <= 0 {
		l.MaxInputSize = ingest.MaxInputSize
	}
	if l.MaxDecompressed <= 0 {
		l.MaxDecompressed = MaxDecompressedSize
	}
	if l.MaxUnassessed == 0 {
		l.MaxUnassessed = DefaultMaxUnassessed
	}
	return l
}

// Config is what a run needs.
type Config struct {
	Registry      *ingest.Registry
	Catalog       *catalog.Catalog
	Matcher       *match.Matcher
	Lists         []*policy.List
	AsOf          time.Time
	Uses          []string
	MinConfidence match.Confidence
	FailOn        policy.Action // "" or "never": nothing fails
	// Workers is how many inputs are checked at once (default: GOMAXPROCS).
	Workers int
	// Stdin is read for the input "-".
	Stdin io.Reader
	// Skipped, if set, is told about each file of a directory that was
	// passed over and why.
	Skipped func(path, why string)
	// Limits bound the size of and time spent on each input.
	Limits Limits
	// Hosts, if set, fills each input's Hosts: its components counted by
	// host or site (what the audit groups by).
	Hosts bool
	// spareCores is set by RunConfig when fewer inputs are read at once
	// than there are cores: each input's components are then judged in a
	// pipeline beside its decoder.
	spareCores bool
	// Progress, if set, is called after each input is checked (or passed
	// over), from one goroutine at a time.
	Progress func(Progress)
}

// Progress says how far a run is: Done of Total inputs are checked or
// passed over; File is the input just finished.
type Progress struct {
	Done, Total int
	File        string
}

// Input is one thing to check.
type Input struct {
	// Name is the input's name as shown to the user.
	Name string
	// Explicit is true when the user named the input itself (not found in a
	// directory): an unrecognised explicit input is an error, an
	// unrecognised file in a directory is skipped.
	Explicit bool
	open     func() (io.ReadCloser, error)
	// skip, when set, is why a file found in a directory is not read at
	// all (source code, documentation).
	skip string
	// archived marks a member of a zip archive.
	archived bool
}

// Expand turns paths (files, directories, "-") into inputs. Directories are
// walked recursively in name order; hidden directories are skipped; symbolic
// links to directories are not followed. A path that does not exist is an
// error for that path, and the others are still expanded.
func Expand(paths []string, stdin io.Reader) ([]Input, []report.Error) {
	var ins []Input
	var errs []report.Error
	for _, p := range paths {
		if p == "-" {
			ins = append(ins, Input{Name: "-", Explicit: true, open: func() (io.ReadCloser, error) {
				if stdin == nil {
					return nil, errors.New("no standard input")
				}
				return io.NopCloser(stdin), nil
			}})
			continue
		}
		st, err := os.Stat(p)
		if err != nil {
			errs = append(errs, report.Error{File: p, Message: cleanPathErr(err)})
			continue
		}
		if !st.IsDir() {
			if st.Mode().IsRegular() && isZip(p) {
				zins, zerrs := expandZip(p)
				ins, errs = append(ins, zins...), append(errs, zerrs...)
				continue
			}
			ins = append(ins, fileInput(p, true))
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, report.Error{File: path, Message: cleanPathErr(err)})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if path != p && strings.HasPrefix(d.Name(), ".") {
					return fs.SkipDir
				}
				return nil
			}
			if why := notInventoryName(path); why != "" {
				ins = append(ins, Input{Name: path, skip: why})
				return nil
			}
			switch {
			case d.Type().IsRegular() && isZip(path):
				zins, zerrs := expandZip(path)
				ins, errs = append(ins, zins...), append(errs, zerrs...)
			case d.Type().IsRegular():
				ins = append(ins, fileInput(path, false))
			case d.Type()&fs.ModeSymlink != 0:
				// Links to files are read; links to directories are not
				// followed (no cycles); a broken or looping link is an error.
				st, err := os.Stat(path)
				switch {
				case err != nil:
					errs = append(errs, report.Error{File: path, Message: path + ": symbolic link: " + cleanPathErr(err)})
				case st.Mode().IsRegular():
					ins = append(ins, fileInput(path, false))
				case !st.IsDir():
					errs = append(errs, report.Error{File: path, Message: path + ": " + notRegular(st.Mode())})
				}
			default:
				// A FIFO would block the scan, a device could be endless.
				errs = append(errs, report.Error{File: path, Message: path + ": " + notRegular(d.Type())})
			}
			return nil
		})
		if err != nil {
			errs = append(errs, report.Error{File: p, Message: cleanPathErr(err)})
		}
	}
	return ins, errs
}

func cleanPathErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func fileInput(path string, explicit bool) Input {
	return Input{Name: path, Explicit: explicit, open: func() (io.ReadCloser, error) {
		st, err := os.Stat(path)
		if err != nil {
			return nil, err
		}
		if !st.Mode().IsRegular() {
			return nil, errors.New(notRegular(st.Mode()))
		}
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		// The path may have been replaced between Stat and Open.
		if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
			f.Close()
			if err != nil {
				return nil, err
			}
			return nil, errors.New(notRegular(st.Mode()))
		}
		return f, nil
	}}
}

// notRegular says why a file that is not a regular file is not read.
func notRegular(m fs.FileMode) string {
	what := "a special file"
	switch t := m.Type(); {
	case t&fs.ModeNamedPipe != 0:
		what = "a named pipe (FIFO)"
	case t&fs.ModeSocket != 0:
		what = "a socket"
	case t&fs.ModeDevice != 0:
		what = "a device"
	case t&fs.ModeDir != 0:
		what = "a directory"
	}
	return "not a regular file: " + what + "; only regular files are read"
}

// outcome is what checking one input gave.
type outcome struct {
	input      report.Input
	skipped    string
	err        *report.Error
	findings   []report.Finding
	attributed []report.Attributed
	unassessed []report.Component
	unlisted   []report.UnlistedCount
	warnings   []report.Warning
	components int
}

// RunConfig checks inputs already expanded, with every piece of the
// configuration prepared, and builds the result; Run does the preparing.
// It never fails as a whole: an input that cannot be checked is recorded in
// Result.Errors and the others are still checked.
func RunConfig(ctx context.Context, cfg Config, inputs []Input) *report.Result {
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	outs := make([]outcome, len(inputs))
	// Cores the workers leave idle judge components beside the decoders.
	cfg.spareCores = runtime.GOMAXPROCS(0) > min(workers, len(inputs))
	var progMu sync.Mutex
	done := 0
	finished := func(name string) {
		if cfg.Progress == nil {
			return
		}
		progMu.Lock()
		defer progMu.Unlock()
		done++
		cfg.Progress(Progress{Done: done, Total: len(inputs), File: name})
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				outs[i] = checkInput(ctx, cfg, inputs[i])
				finished(inputs[i].Name)
			}
		}()
	}
	for i := range inputs {
		next <- i
	}
	close(next)
	wg.Wait()

	limit := cfg.Limits.withDefaults().MaxUnassessed
	res := &report.Result{
		SchemaVersion: report.SchemaVersion,
		Findings:      []report.Finding{},
		Verdicts:      []report.Verdict{},
		Attributed:    []report.Attributed{},
		Unassessed:    []report.Component{},
		Errors:        []report.Error{},
		Inputs:        []report.Input{},
		Summary: report.Summary{
			Findings: map[string]int{"deny": 0, "warn": 0, "info": 0},
			ByFormat: map[string]int{},
		},
	}
	for i, o := range outs {
		if o.skipped != "" {
			if cfg.Skipped != nil {
				cfg.Skipped(inputs[i].Name, o.skipped)
			}
			res.Skipped = append(res.Skipped, report.Skipped{File: inputs[i].Name, Reason: o.skipped})
			res.Summary.FilesSkipped++
			continue
		}
		res.Inputs = append(res.Inputs, o.input)
		res.Summary.Files++
		if o.err != nil {
			res.Errors = append(res.Errors, *o.err)
			res.Summary.FilesFailed++
			continue
		}
		res.Summary.ByFormat[o.input.Format]++
		res.Summary.Components += o.components
		res.Warnings = append(res.Warnings, o.warnings...)
		res.Findings = appendOrTake(res.Findings, o.findings)
		res.Attributed = appendOrTake(res.Attributed, o.attributed)
		// The run lists at most limit unassessed components: an input's
		// past what is left of it are counted (each input's keeper kept
		// no more than limit, so memory is bounded while it ran too).
		listed := o.unassessed
		if limit >= 0 && len(res.Unassessed)+len(listed) > limit {
			keep := limit - len(res.Unassessed)
			var t unlistedTally
			for _, c := range listed[keep:] {
				t.add(c.File, c.Host, c.Site, 1)
			}
			for _, u := range o.unlisted {
				t.add(u.File, u.Host, u.Site, u.Components)
			}
			o.unlisted = t.list
			listed = slices.Clip(listed[:keep])
		}
		res.Unassessed = appendOrTake(res.Unassessed, listed)
		res.UnlistedUnassessed = append(res.UnlistedUnassessed, o.unlisted...)
		outs[i] = outcome{}
	}
	res.Summary.Attributed = len(res.Attributed)
	res.Summary.Unassessed = len(res.Unassessed)
	for _, u := range res.UnlistedUnassessed {
		res.Summary.UnassessedUnlisted += u.Components
	}
	res.Summary.Unassessed += res.Summary.UnassessedUnlisted
	res.Sort()
	Tally(res, cfg.FailOn)
	return res
}

// appendOrTake is append(dst, src...), but takes src itself when dst is
// empty: a large input's findings are not copied.
func appendOrTake[T any](dst, src []T) []T {
	if len(dst) == 0 && src != nil {
		return src
	}
	return append(dst, src...)
}

// Tally builds the verdicts (report.ComputeVerdicts) and recounts the
// summary: rule hits by action, flagged components by their strongest
// verdict, and the failing verdicts. Call it again after waivers or a
// baseline changed the findings.
func Tally(res *report.Result, failOn policy.Action) {
	res.Summary.Findings = map[string]int{"deny": 0, "warn": 0, "info": 0}
	res.Summary.Failing = 0
	res.Summary.FailOnAction = string(failOn)
	if failOn == "" {
		res.Summary.FailOnAction = "never"
	}
	for _, f := range res.Findings {
		res.Summary.Findings[string(f.Action)]++
	}
	report.ComputeVerdicts(res, failOn)
	res.Summary.Verdicts, res.Summary.Flagged = report.VerdictCounts(res.Verdicts)
	for _, v := range res.Verdicts {
		if v.Failing {
			res.Summary.Failing++
		}
	}
}

func checkInput(ctx context.Context, cfg Config, in Input) outcome {
	o := outcome{input: report.Input{File: in.Name}}
	if in.skip != "" {
		o.skipped = in.skip
		return o
	}
	fail := func(err error) outcome {
		o.err = toReportError(in.Name, err)
		o.input.Error = o.err.Message
		return o
	}
	lim := cfg.Limits.withDefaults()
	if lim.PerFileTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, lim.PerFileTimeout)
		defer cancel()
	}
	rc, err := in.open()
	if err != nil {
		return fail(err)
	}
	defer rc.Close()
	var raw io.Reader = rc
	var archived *decompressed
	if in.archived {
		// A member of a zip archive is decompressed as it is read: bound it
		// like any other compressed input.
		archived = &decompressed{LimitedReader: ingest.LimitedReader{R: rc, N: lim.MaxDecompressed}, name: "zip"}
		raw = archived
	}
	r, gz, err := maybeGunzip(raw, lim.MaxDecompressed)
	if err != nil {
		return fail(err)
	}
	if gz == nil {
		gz = archived
	}
	dctx := ctx
	size := int64(-1) // unknown
	if f, ok := rc.(*os.File); ok && gz == nil {
		if st, err := f.Stat(); err == nil {
			size = st.Size()
			dctx = ingest.WithSizeHint(ctx, size)
		}
	}
	var (
		k     = keeper{limit: lim.MaxUnassessed}
		hosts hostTally
		n     int
	)
	mctx := match.Context{AsOf: cfg.AsOf}
	popt := policy.Options{AsOf: cfg.AsOf, Uses: cfg.Uses}
	// Each component is judged as it is decoded and only what the result
	// needs is kept, copied out of the decoder's memory: the inventory
	// itself is never held whole.
	judge := func(ord int64, c *inventory.Component) {
		if cfg.Hosts {
			hosts.add(ord, c)
		}
		k.judge(cfg, mctx, popt, ord, c)
	}
	var pipe *pipeline
	if cfg.spareCores && (size < 0 || size >= pipelineMinSize) {
		pipe = startPipeline(judge)
		judge = pipe.put
	}
	emit := func(ord int64, c *inventory.Component) error {
		n++
		if n%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		judge(ord, c)
		return nil
	}
	inv, err := cfg.Registry.StreamWithLimit(dctx, &ctxReader{ctx: ctx, r: r}, in.Name, lim.MaxInputSize, emit)
	if pipe != nil {
		pipe.finish()
	}
	if err != nil {
		err = limitError(ctx, in.Name, err, gz, lim)
	}
	if err != nil {
		if !in.Explicit && errors.Is(err, ingest.ErrUnknownFormat) && !errors.Is(err, ingest.ErrLooksLikeInventory) {
			o.skipped = "not a recognised SBOM or inventory format"
			return o
		}
		return fail(err)
	}
	o.input.Format, o.input.SpecVersion = inv.Format, inv.SpecVersion
	for _, w := range inv.Warnings {
		o.warnings = append(o.warnings, report.Warning{File: in.Name, Line: w.Line, Message: w.Message})
	}
	sort.SliceStable(o.warnings, func(i, j int) bool { return o.warnings[i].Line < o.warnings[j].Line })
	o.input.Components = n
	if cfg.Hosts {
		o.input.Hosts = hosts.counts(in.Name, inv.Host)
	}
	o.components = n
	k.finish(inv, &o)
	return o
}

// keeper judges components one at a time and keeps what the result needs of
// them, each with its place in the inventory (ord), copied out of the
// decoder's memory.
type keeper struct {
	attributed ordered[kept]
	unassessed ordered[report.Component]
	findings   []found // in the order of attributed (kept.from, kept.to)
	// rules holds the findings' policy.Finding values, a block at a time
	// (report.Finding points at them), and ruleAt the place of each
	// distinct one: most rule hits are the same rule judged the same way
	// for another component.
	rules  []policy.Finding
	ruleAt map[ruleKey]*policy.Finding
	// strs shares the texts that repeat from finding to finding.
	strs interner
	// limit bounds the unassessed components kept (negative: no bound);
	// unlisted counts the ones past it.
	limit    int
	unlisted unlistedTally
}

// unlistedTally counts unassessed components by file, host and site, in
// the order first seen.
type unlistedTally struct {
	index map[[3]string]int
	list  []report.UnlistedCount
}

// add counts n components of one place; the strings are copied only the
// first time a place is seen, so a decoder's memory is never kept.
func (t *unlistedTally) add(file, host, site string, n int) {
	key := [3]string{file, host, site}
	if i, ok := t.index[key]; ok {
		t.list[i].Components += n
		return
	}
	if t.index == nil {
		t.index = map[[3]string]int{}
	}
	u := report.UnlistedCount{File: strings.Clone(file), Host: strings.Clone(host), Site: strings.Clone(site), Components: n}
	t.index[[3]string{u.File, u.Host, u.Site}] = len(t.list)
	t.list = append(t.list, u)
}

// ordered is values with their ords, sorted in place by ord (sort.Stable).
type ordered[T any] struct {
	ords []int64
	vs   []T
}

func (o *ordered[T]) add(ord int64, v T) {
	o.ords = append(o.ords, ord)
	o.vs = append(o.vs, v)
}

func (o *ordered[T]) Len() int           { return len(o.ords) }
func (o *ordered[T]) Less(i, j int) bool { return o.ords[i] < o.ords[j] }
func (o *ordered[T]) Swap(i, j int) {
	o.ords[i], o.ords[j] = o.ords[j], o.ords[i]
	o.vs[i], o.vs[j] = o.vs[j], o.vs[i]
}

// sorted returns the values in order of ord (ties in the order added),
// each passed through fix.
func (o *ordered[T]) sorted(fix func(*T)) []T {
	if !slices.IsSorted(o.ords) {
		sort.Stable(o)
	}
	for i := range o.vs {
		fix(&o.vs[i])
	}
	return o.vs
}

// judge matches one component and evaluates its attributions.
func (k *keeper) judge(cfg Config, mctx match.Context, popt policy.Options, ord int64, c *inventory.Component) {
	if !c.Assessable() {
		if k.limit >= 0 && k.unassessed.Len() >= k.limit {
			k.unlisted.add(c.Location.File, c.Host, c.Site, 1)
			return
		}
		k.unassessed.add(ord, componentRef(c))
		return
	}
	var (
		keep []match.Attribution
		cl   cloner
	)
	for _, a := range cfg.Matcher.Match(c, mctx) {
		if a.Confidence >= cfg.MinConfidence {
			keep = append(keep, k.strs.attribution(cl.attribution(a)))
		}
	}
	if len(keep) == 0 {
		return
	}
	keep = k.strs.attributions(keep)
	ref := componentRefWith(c, &cl)
	ref.Kind, ref.Host, ref.Site = k.strs.share(ref.Kind), k.strs.share(ref.Host), k.strs.share(ref.Site)
	// The category the lists judge the component by (its maker's
	// product lines count only for a part with no signal at all).
	var products []string
	if e, ok := cfg.Catalog.Get(keep[0].Entity); ok {
		products = e.Products
	}
	d := category.Decide(c, products)
	ref.Category, ref.CategorySignal = k.strs.get(d.Name()), k.strs.get(d.Signal)
	if !d.Known() {
		ref.CategorySignal = k.strs.get(d.Missing)
	}
	comp := &ref
	k.attributed.add(ord, kept{comp: comp, attrs: keep, from: int32(len(k.findings))})
	for i := range keep {
		a := &keep[i]
		if a.Relation == match.Mentions {
			// A component that only mentions a vendor in its name or
			// description (a community client "about" it) is reported
			// as attributed, never judged against a list.
			continue
		}
		ad := d // the first attribution's entity decided it
		if a.Entity != keep[0].Entity {
			var products []string
			if e, ok := cfg.Catalog.Get(a.Entity); ok {
				products = e.Products
			}
			ad = category.Decide(c, products)
		}
		s := policy.NewSubject(c, *a, ad, popt)
		for _, l := range cfg.Lists {
			for _, pf := range s.Evaluate(l) {
				k.findings = append(k.findings, found{a, k.rule(pf)})
			}
		}
	}
	k.attributed.vs[len(k.attributed.vs)-1].to = int32(len(k.findings))
}

// kept is an attributed component as the keeper holds it until the input
// is read, and found a finding: the component, its attribution and the
// rule hit, each shared with the others that have it. They become
// report.Attributed and report.Finding values (with a Subject for each
// component and entity) once the input is read and the decoder's
// memory is let go: while it is read, the keeper holds each component
// once.
type kept struct {
	comp  *report.Component
	attrs []match.Attribution
	// from and to are where its findings are in keeper.findings.
	from, to int32
}

type found struct {
	attr *match.Attribution
	rule *policy.Finding
}

// ruleBlock is how many policy.Finding values keeper.rules holds at a time.
const ruleBlock = 256

// rule keeps a rule hit, or finds the same one kept before, and returns
// where. The findings that point at one are read-only (report.Finding).
func (k *keeper) rule(pf policy.Finding) *policy.Finding {
	key := keyOf(&pf)
	if p, ok := k.ruleAt[key]; ok {
		return p
	}
	if len(k.rules) == cap(k.rules) {
		k.rules = make([]policy.Finding, 0, ruleBlock)
	}
	// Evaluate's texts are its own (or the list's), not the decoder's.
	pf.Message, pf.Effective, pf.Deadline, pf.JudgedAt = k.strs.share(pf.Message), k.strs.share(pf.Effective), k.strs.share(pf.Deadline), k.strs.share(pf.JudgedAt)
	pf.DaysRemaining = k.strs.days(pf.DaysRemaining)
	k.rules = append(k.rules, pf)
	p := &k.rules[len(k.rules)-1]
	if k.ruleAt == nil {
		k.ruleAt = map[ruleKey]*policy.Finding{}
	}
	if len(k.ruleAt) < maxInterned {
		k.ruleAt[keyOf(p)] = p
	}
	return p
}

// ruleKey is a policy.Finding as a map key: every field, the slice by
// where it is (the rule's own) and the number by its value
// (TestRuleKeyCoversFinding checks that no field is left out).
type ruleKey struct {
	List, ListTitle, Jurisdiction, Rule     string
	Action                                  policy.Action
	Status, Message, Citation, URL          string
	Scope                                   string
	Uses                                    *string
	UsesLen                                 int
	Effective, Deadline                     string
	DaysRemaining                           int
	HasDays                                 bool
	JudgedAt                                string
	Unverified, UseUndeclared, Organisation bool
}

func keyOf(f *policy.Finding) ruleKey {
	k := ruleKey{List: f.List, ListTitle: f.ListTitle, Jurisdiction: f.Jurisdiction, Rule: f.Rule,
		Action: f.Action, Status: f.Status, Message: f.Message, Citation: f.Citation, URL: f.URL, Scope: f.Scope,
		UsesLen: len(f.Uses), Effective: f.Effective, Deadline: f.Deadline, JudgedAt: f.JudgedAt,
		Unverified: f.Unverified, UseUndeclared: f.UseUndeclared, Organisation: f.Organisation}
	if len(f.Uses) > 0 {
		k.Uses = &f.Uses[0]
	}
	if f.DaysRemaining != nil {
		k.DaysRemaining, k.HasDays = *f.DaysRemaining, true
	}
	return k
}

// maxInterned bounds the values an interner keeps, and maxInternLen the
// length of a text it keeps: past them, a value is kept as it is (an input
// could make every text different, or long).
const (
	maxInterned  = 1 << 14
	maxInternLen = 256
)

// interner gives the same copy of a value each time an equal one is kept
// again: the evidence, dates, messages and categories of thousands of
// findings are a few hundred distinct values.
type interner struct {
	strs  map[string]string
	ints  map[int]*int
	evs   map[evKey][]match.Evidence
	attrs map[attrsKey][]match.Attribution
}

// evKey is a list of at most two pieces of evidence, and attrsKey a list
// of at most two attributions (their evidence shared already), as map keys:
// the evidence of one vendor's components is often the same, and then so
// are their attributions.
type evKey struct {
	n  int
	ev [2]match.Evidence
}

type attrsKey struct {
	n int
	a [2]attrKey
}

type attrKey struct {
	entity, name string
	conf         match.Confidence
	rel          match.Relation
	ev           *match.Evidence
	nev          int
}

// get returns a copy of s that shares no memory with the decoder.
func (in *interner) get(s string) string {
	if v, ok := in.strs[s]; ok || s == "" {
		return v
	}
	return in.share(strings.Clone(s))
}

// share returns the kept copy of s, a string of the keeper's own (not
// the decoder's), if it has one; else it keeps s.
func (in *interner) share(s string) string {
	if v, ok := in.strs[s]; ok || s == "" {
		return v
	}
	if len(s) <= maxInternLen && len(in.strs) < maxInterned {
		if in.strs == nil {
			in.strs = map[string]string{}
		}
		in.strs[s] = s
	}
	return s
}

// days shares the pointers to numbers of days (policy.Finding.DaysRemaining).
func (in *interner) days(p *int) *int {
	if p == nil {
		return nil
	}
	if q, ok := in.ints[*p]; ok {
		return q
	}
	if in.ints == nil {
		in.ints = map[int]*int{}
	}
	if len(in.ints) < maxInterned {
		in.ints[*p] = p
	}
	return p
}

// attribution shares the texts of an attribution (copied out of the
// decoder's memory by cloner.attribution), and its evidence list when
// another component had the same.
func (in *interner) attribution(a match.Attribution) match.Attribution {
	ev := a.Evidence
	for i := range ev {
		e := &ev[i]
		e.Field, e.Value, e.Normalized = in.share(e.Field), in.share(e.Value), in.share(e.Normalized)
		e.Matched, e.Via, e.Note = in.share(e.Matched), in.share(e.Via), in.share(e.Note)
	}
	if len(ev) > 0 && len(ev) <= 2 {
		key := evKey{n: len(ev)}
		copy(key.ev[:], ev)
		if s, ok := in.evs[key]; ok {
			ev = s
		} else if len(in.evs) < maxInterned {
			if in.evs == nil {
				in.evs = map[evKey][]match.Evidence{}
			}
			in.evs[key] = ev
		}
	}
	a.Evidence = ev
	return a
}

// attributions returns a shared copy of as, a component's attributions
// (made by attribution), when another component had the same.
func (in *interner) attributions(as []match.Attribution) []match.Attribution {
	if len(as) > 2 {
		return as
	}
	key := attrsKey{n: len(as)}
	for i, a := range as {
		key.a[i] = attrKey{entity: a.Entity, name: a.EntityName, conf: a.Confidence, rel: a.Relation, nev: len(a.Evidence)}
		if len(a.Evidence) > 0 {
			key.a[i].ev = &a.Evidence[0]
		}
	}
	if s, ok := in.attrs[key]; ok {
		return s
	}
	if len(in.attrs) < maxInterned {
		if in.attrs == nil {
			in.attrs = map[attrsKey][]match.Attribution{}
		}
		in.attrs[key] = as
	}
	return as
}

// finish puts what was kept in the inventory's order into o, with the
// input's name and host for components that name none of their own (the
// host of a CycloneDX document is known only once its metadata is read).
func (k *keeper) finish(inv *inventory.Inventory, o *outcome) {
	fill := func(c *report.Component) {
		if c.File == "" {
			c.File = inv.Source
		}
		if c.Host == "" {
			c.Host = inv.Host
		}
	}
	as := k.attributed.sorted(func(a *kept) { fill(a.comp) })
	o.attributed = make([]report.Attributed, len(as))
	for i, a := range as {
		o.attributed[i] = report.Attributed{Component: *a.comp, Attributions: a.attrs}
	}
	o.unassessed = k.unassessed.sorted(fill)
	// The places of the components past the limit get the same filling
	// (two places may become one).
	var unlisted unlistedTally
	for _, u := range k.unlisted.list {
		c := report.Component{File: u.File, Host: u.Host, Site: u.Site}
		fill(&c)
		unlisted.add(c.File, c.Host, c.Site, u.Components)
	}
	o.unlisted = unlisted.list
	// The findings, in the order of their components; those of one
	// component and entity share one subject.
	o.findings = make([]report.Finding, 0, len(k.findings))
	for _, a := range as {
		var subj *report.Subject
		var of *match.Attribution // the attribution subj is made of
		for _, f := range k.findings[a.from:a.to] {
			if f.attr != of {
				of = f.attr
				subj = &report.Subject{Component: *a.comp, Entity: of.Entity, EntityName: of.EntityName,
					Confidence: of.Confidence, Relation: of.Relation, Evidence: of.Evidence}
			}
			o.findings = append(o.findings, report.Finding{Subject: subj, Finding: f.rule,
				Fingerprint: report.Fingerprint(subj.Entity, f.rule.List, f.rule.Rule, subj.Component)})
		}
	}
	k.attributed, k.findings = ordered[kept]{}, nil
}

// cloner copies strings out of a decoder's memory for one component, each
// long value once: the evidence of every attribution quotes the value it
// matched (often the component's name), and one value may be 1 MiB.
type cloner struct {
	long [][2]string // a value as read, and its copy
}

// cloneLongFrom is the length from which a value is copied once per
// component rather than once per use.
const cloneLongFrom = 64

func (cl *cloner) clone(s string) string {
	if len(s) < cloneLongFrom {
		return strings.Clone(s)
	}
	for _, p := range cl.long {
		if p[0] == s {
			return p[1]
		}
	}
	c := strings.Clone(s)
	cl.long = append(cl.long, [2]string{s, c})
	return c
}

// MaxEvidenceQuote bounds how much of the value it matched a piece of
// evidence quotes: a longer value (a name may be up to ingest.MaxValueSize)
// is cut there, at a character boundary, and its length said. The
// component's own fields are kept whole.
const MaxEvidenceQuote = 4096

// quote is clone for a value evidence quotes, cut to MaxEvidenceQuote.
func (cl *cloner) quote(s string) string {
	if len(s) <= MaxEvidenceQuote {
		return cl.clone(s)
	}
	return safetext.Shorten(s, MaxEvidenceQuote) // a new string: nothing of the decoder's kept
}

// attribution copies the strings an attribution took from its component,
// so that keeping it keeps none of the decoder's memory.
func (cl *cloner) attribution(a match.Attribution) match.Attribution {
	ev := make([]match.Evidence, len(a.Evidence))
	for i, e := range a.Evidence {
		e.Field, e.Value, e.Normalized = cl.clone(e.Field), cl.quote(e.Value), cl.quote(e.Normalized)
		e.Matched, e.Via, e.Note = cl.clone(e.Matched), cl.clone(e.Via), cl.clone(e.Note)
		ev[i] = e
	}
	a.Evidence = ev
	return a
}

// hostTally counts components by their own host and site as they are
// decoded; counts resolves them into groups once the inventory's host is
// known.
type hostTally struct {
	m map[[2]string]*hostSeen
}

type hostSeen struct {
	n     int
	first int64 // the least ord of a component with this host and site
}

func (h *hostTally) add(ord int64, c *inventory.Component) {
	if h.m == nil {
		h.m = map[[2]string]*hostSeen{}
	}
	k := [2]string{c.Host, c.Site}
	hs := h.m[k]
	if hs == nil {
		hs = &hostSeen{first: ord}
		h.m[[2]string{strings.Clone(c.Host), strings.Clone(c.Site)}] = hs
	}
	hs.n++
	hs.first = min(hs.first, ord)
}

// counts is HostCounts of what was added: components of no host belong to
// invHost, else to their site, else to the file, name.
func (h *hostTally) counts(name, invHost string) []report.HostCount {
	type seen struct {
		k [2]string
		*hostSeen
	}
	var all []seen
	for k, v := range h.m {
		all = append(all, seen{k, v})
	}
	// In the order of each pair's first component, so that a group's site
	// is that of its first component that names one.
	sort.Slice(all, func(i, j int) bool { return all[i].first < all[j].first })
	counts := map[[2]string]*report.HostCount{}
	var hs []report.HostCount
	var order [][2]string
	for _, s := range all {
		host, site := s.k[0], s.k[1]
		if host == "" {
			host = invHost
		}
		key, kind := report.GroupKey(report.Component{Host: host, Site: site, File: name})
		if kind == report.GroupFile {
			continue
		}
		k := [2]string{key, kind}
		hc := counts[k]
		if hc == nil {
			hc = &report.HostCount{Key: key, Kind: kind}
			counts[k] = hc
			order = append(order, k)
		}
		hc.Components += s.n
		if hc.Site == "" {
			hc.Site = site
		}
	}
	for _, k := range order {
		hs = append(hs, *counts[k])
	}
	sort.Slice(hs, func(i, j int) bool {
		if hs[i].Kind != hs[j].Kind {
			return hs[i].Kind < hs[j].Kind
		}
		return hs[i].Key < hs[j].Key
	})
	return hs
}

// HostCounts counts an inventory's components by group (host, else site),
// for the components that name one; the others belong to the file, name.
// The counts are in order of kind, then key.
func HostCounts(name string, inv *inventory.Inventory) []report.HostCount {
	var h hostTally
	for i := range inv.Components {
		h.add(int64(i), &inv.Components[i])
	}
	return h.counts(name, inv.Host)
}

// componentRef is how the result names c, its strings copied out of the
// decoder's memory. File and Host are left empty when c names none:
// keeper.finish fills in the input's.
func componentRef(c *inventory.Component) report.Component {
	var cl cloner
	return componentRefWith(c, &cl)
}

// componentRefWith is componentRef with the copies of long values shared
// with the component's attributions.
func componentRefWith(c *inventory.Component, cl *cloner) report.Component {
	var path []string
	if len(c.Location.Path) > 0 {
		path = make([]string, len(c.Location.Path))
		for i, p := range c.Location.Path {
			path[i] = cl.clone(p)
		}
	}
	return report.Component{
		File: cl.clone(c.Location.File), Ref: cl.clone(c.Location.Ref), Line: c.Location.Line, Path: path,
		Name: cl.clone(c.Name), Version: cl.clone(c.Version), Kind: cl.clone(string(c.Kind)), PURL: cl.clone(c.PURL),
		Host: cl.clone(c.Host), Site: cl.clone(c.Site),
	}
}

func toReportError(name string, err error) *report.Error {
	e := &report.Error{File: name, Message: err.Error()}
	var de *ingest.DecodeError
	if errors.As(err, &de) {
		e.Line = de.Line
		// The message already names the file; keep it whole for people.
	} else {
		e.Message = name + ": " + cleanPathErr(err)
	}
	return e
}

// maxCompressionLayers bounds how many compression layers are opened, one
// inside the other (a .tar.gz is one; gzip inside gzip two).
const maxCompressionLayers = 4

// compression is one compressed-stream format, known by its magic bytes.
type compression struct {
	name  string
	magic []byte
	open  func(io.Reader) (io.Reader, error)
}

var compressions = []compression{
	{"gzip", []byte{0x1f, 0x8b}, func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }},
	{"bzip2", []byte("BZh"), func(r io.Reader) (io.Reader, error) { return bzip2.NewReader(r), nil }},
	{"xz", []byte{0xfd, '7', 'z', 'X', 'Z', 0x00}, func(r io.Reader) (io.Reader, error) { return xz.NewReader(r) }},
}

// maybeGunzip transparently decompresses a gzip, bzip2 or xz input (and
// such layers nested up to maxCompressionLayers deep), each through a limit
// of max bytes; gz is the innermost limit's reader, nil when the input is
// not compressed.
func maybeGunzip(r io.Reader, max int64) (_ io.Reader, gz *decompressed, _ error) {
	br := bufio.NewReader(r)

	for layer := 0; ; layer++ {
		head, _ := br.Peek(6)
		var c *compression
		for i := range compressions {
			if bytes.HasPrefix(head, compressions[i].magic) {
				c = &compressions[i]
				break
			}
		}
		if c == nil {
			return br, gz, nil
		}
		if layer == maxCompressionLayers {
			return nil, nil, fmt.Errorf("%w: more than %d compression layers", ingest.ErrMalformed, maxCompressionLayers)
		}
		zr, err := c.open(br)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: %s: %v", ingest.ErrMalformed, c.name, err)
		}
		name := c.name
		if gz != nil {
			name += " in " + gz.name
		}
		gz = &decompressed{LimitedReader: ingest.LimitedReader{R: &namedErrReader{r: zr, name: c.name}, N: max}, name: name}
		br = bufio.NewReader(gz)
	}
}

// decompressed is the limited output of the innermost compression layer,
// with the chain of layers ("gzip", "gzip in xz") for its errors.
type decompressed struct {
	ingest.LimitedReader
	name string
}

// namedErrReader puts the compression format's name before its read errors.
type namedErrReader struct {
	r    io.Reader
	name string
}

func (n *namedErrReader) Read(p []byte) (int, error) {
	k, err := n.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		err = fmt.Errorf("%s: %w", n.name, err)
	}
	return k, err
}

// limitError puts the cause first when an input ran into a limit: a gzip
// input that expands past its bound, or the per-file timeout. Decoders see
// only a failing read, and may report it as malformed input.
func limitError(ctx context.Context, name string, err error, gz *decompressed, lim Limits) error {
	switch {
	case gz != nil && gz.Exceeded:
		return &ingest.DecodeError{File: name, Err: fmt.Errorf("%w: %s input decompresses to more than %s",
			ingest.ErrTooLarge, gz.name, ingest.FormatSize(lim.MaxDecompressed))}
	case errors.Is(ctx.Err(), context.DeadlineExceeded) && lim.PerFileTimeout > 0:
		return &ingest.DecodeError{File: name, Err: fmt.Errorf("%w after %s", ErrTimeout, lim.PerFileTimeout)}
	}
	return err
}

// ErrTimeout: an input took longer than Limits.PerFileTimeout.
var ErrTimeout = errors.New("gave up: the input took too long to check")

// ctxReader stops reading once its context is done, so that every decoder
// stops at its next read when the per-file timeout expires.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// Lists returns the lists' descriptions for the result's parameters.
func ListInfos(ls []*policy.List) []report.ListInfo {
	out := make([]report.ListInfo, 0, len(ls))
	for _, l := range ls {
		out = append(out, report.ListInfo{ID: l.ID, Title: l.Title, Jurisdiction: l.Jurisdiction,
			Reviewed: l.Reviewed.String(), Status: l.Status, File: l.File, Organisation: l.Organisation})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
