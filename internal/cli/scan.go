package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/vendorcheck/vendorcheck/pkg/catalog"
	"github.com/vendorcheck/vendorcheck/pkg/config"
	"github.com/vendorcheck/vendorcheck/pkg/policy"
	"github.com/vendorcheck/vendorcheck/pkg/report"
	"github.com/vendorcheck/vendorcheck/pkg/waiver"
)

// scanOptions are the flags of `vendorcheck scan` and `vendorcheck audit`.
type scanOptions struct {
	outputs       []string
	jurisdictions []string
	policies      []string
	deny          []string
	noShipped     bool
	asOf          string
	failOn        string
	minConfidence string
	uses          []string
	allowEmpty    bool
	verbose       int
	quiet         bool
	noColor       bool
	columns       string
	configFile    string
	noConfig      bool
	// settings are the effective settings with their sources (after
	// loadConfig), for -v, the JSON result and `vendorcheck config`.
	settings []report.Setting
	// sources names where each layered setting came from: "--fail-on",
	// "VENDORCHECK_FAIL_ON", the config file's path, or "default".
	sources     map[string]string
	waiversFile string
	baseline    string
	sourceRoot  string
	stdinName   string
	limits      limitOptions
	// maxDataAge and dataAgeWarning are --max-data-age and
	// --data-age-warning as given.
	maxDataAge     string
	dataAgeWarning string

	// inlineWaivers are the config file's waivers (set by loadConfig).
	inlineWaivers *waiver.Set
	// denyFrom says where the deny list came from (set by loadConfig).
	denyFrom string
}

// outputSpec is one -o FORMAT[=FILE].
type outputSpec struct {
	reporter report.Reporter
	file     string // "" for stdout
}

func newScanCmd(env *Env) *cobra.Command {
	o := &scanOptions{}
	reg := Formats()
	cmd := &cobra.Command{
		Use:   "scan [PATH|-]...",
		Short: "Check SBOMs and inventories against restriction lists",
		Long: `Check SBOMs and hardware inventories against restriction lists.

PATH is a file, a directory (read recursively; files that are not a
recognised format are skipped, and -v says which), or - for standard input.
Formats are detected by content, never by file name.

With neither --jurisdiction nor --policy, every shipped list applies and each
finding names its list. Settings come from the flags, then VENDORCHECK_*
environment variables (VENDORCHECK_FAIL_ON, VENDORCHECK_JURISDICTION, ...),
then the config file.

Output formats (-o FORMAT[=FILE], repeatable):
` + reg.Help() + `
` + exitCodeHelp,
		Example: `  vendorcheck scan sbom.cdx.json
  vendorcheck scan --jurisdiction CN --use critical-infrastructure inventories/
  vendorcheck scan -o table -o json=findings.json --fail-on warn sbom.spdx.json
  vendorcheck scan -o sarif=vendorcheck.sarif --baseline previous.json sbom.json
  cat sbom.json | vendorcheck scan -`,
		Args: cobra.MinimumNArgs(1),
		PreRunE: func(cmd *cobra.Command, _ []string) error {
			return loadConfig(cmd, env, o)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runScan(cmd, env, o, reg, args)
		},
	}
	addCheckFlags(cmd.Flags(), o, reg, "default table to stdout")
	registerCheckCompletions(cmd, reg)
	return cmd
}

// layeredFlags are the settings that the environment (VENDORCHECK_*) and the
// config file can give: flags > environment > config file > defaults.
var layeredFlags = []string{"fail-on", "min-confidence", "as-of", "use", "jurisdiction", "policy", "deny", "output", "waivers",
	"data", "allow-unsigned-data", "max-data-age", "data-age-warning"}

// loadConfig finds and reads the config file and layers the environment and
// the file under the command line's flags; it keeps the file's inline
// waivers in o.
func loadConfig(cmd *cobra.Command, env *Env, o *scanOptions) error {
	envs := config.EnvDefaults(env.Getenv)
	path := o.configFile
	if path == "" {
		path = envs["config"]
	}
	trusted := path != ""
	if o.noConfig {
		if o.configFile != "" {
			return usagef("--config and --no-config: give one")
		}
		path = ""
	} else {
		var err error
		getenv := env.Getenv
		if path, err = config.Find(path, getenv); err != nil {
			return err
		}
	}
	var cfg *config.Config
	if path != "" {
		c, err := config.Load(path)
		if err != nil {
			return err
		}
		if !trusted {
			if err := c.CheckUntrusted(); err != nil {
				return err
			}
		}
		cfg = c
	}
	fs := cmd.Flags()
	var names []string
	for _, n := range layeredFlags {
		if fs.Lookup(n) != nil {
			names = append(names, n)
		}
	}
	o.sources = settingSources(names, fs.Changed, envs, cfg)
	switch {
	case fs.Lookup("deny") == nil:
	case fs.Changed("deny"):
		o.denyFrom = "--deny"
	case envs["deny"] != "":
		o.denyFrom = "VENDORCHECK_DENY"
	case cfg != nil && len(cfg.Deny) > 0:
		o.denyFrom = cfg.File + " deny:"
	}
	if err := config.Layer(names, fs.Changed, fs.Set, envs, cfg); err != nil {
		return err
	}
	if cfg != nil {
		o.inlineWaivers = cfg.WaiverSet
	}
	// Data named by a discovered config must be signed and no older than
	// the embedded data (docs/robustness.md).
	env.data.configRead = true
	if cfg != nil && !trusted && o.sources["data"] == cfg.File {
		env.data.untrusted = cfg.File
	}
	o.settings = nil
	cfgSource := "none"
	switch {
	case o.noConfig:
		cfgSource = "--no-config"
	case o.configFile != "":
		cfgSource = "--config"
	case envs["config"] != "":
		cfgSource = "VENDORCHECK_CONFIG"
	case path != "":
		cfgSource = "discovered (may only tighten the check)"
	}
	o.settings = append(o.settings, report.Setting{Name: "config", Value: path, Source: cfgSource})
	for _, n := range names {
		// A list's String is CSV through a new encoding/csv writer and
		// its 4 KB buffer; the setting is shown comma-joined instead.
		var v string
		if sv, ok := fs.Lookup(n).Value.(pflag.SliceValue); ok {
			v = strings.Join(sv.GetSlice(), ",")
		} else {
			v = fs.Lookup(n).Value.String()
		}
		o.settings = append(o.settings, report.Setting{Name: n, Value: v, Source: o.sources[n]})
	}
	if o.inlineWaivers != nil {
		o.settings = append(o.settings, report.Setting{Name: "waivers (inline)", Value: "yes", Source: path})
	}
	o.settings = append(o.settings, limitSettings(fs)...)
	return nil
}

// settingSources names where each layered setting comes from, the way
// config.Layer decides: flag, environment, config file, default. It must
// run before Layer, which marks the flags it sets as changed.
func settingSources(names []string, changed func(string) bool, envs map[string]string, cfg *config.Config) map[string]string {
	var fromCfg map[string][]string
	if cfg != nil {
		fromCfg = cfg.Values()
	}
	out := map[string]string{}
	for _, n := range names {
		switch {
		case changed(n):
			out[n] = "--" + n
		case envs[n] != "":
			out[n] = "VENDORCHECK_" + strings.ToUpper(strings.ReplaceAll(n, "-", "_"))
		case len(fromCfg[n]) > 0:
			out[n] = cfg.File
		default:
			out[n] = "default"
		}
	}
	return out
}

// denySource names where the deny list came from.
func (o *scanOptions) denySource() string {
	if o.denyFrom == "" {
		return "--deny"
	}
	return o.denyFrom
}

func runScan(cmd *cobra.Command, env *Env, o *scanOptions, reg *report.Registry, args []string) error {
	outs, err := parseOutputs(o.outputs, reg)
	if err != nil {
		return err
	}
	if err := checkTargets(env, withDefaultOutput(outs), args); err != nil {
		return err
	}
	// On a terminal, a run that takes more than a second shows its progress
	// on standard error.
	prog := newProgressLine(env, o, time.Second)
	res, _, err := checkRun(cmd.Context(), env, o, args, false, prog.update)
	prog.done()
	if err != nil {
		return err
	}
	reportRun(env, o, res)
	if err := writeOutputs(env, o, outs, res); err != nil {
		return err
	}
	return checkVerdict(env, o, res, args)
}

func errorLine(e report.Error) string {
	if strings.HasPrefix(e.Message, e.File) {
		return e.Message
	}
	return e.File + ": " + e.Message
}

// withDefaultOutput is outs, or the default table on standard output.
func withDefaultOutput(outs []outputSpec) []outputSpec {
	if len(outs) == 0 {
		t, _ := Formats().Lookup("table")
		outs = []outputSpec{{reporter: t}}
	}
	return outs
}

func writeOutputs(env *Env, o *scanOptions, outs []outputSpec, res *report.Result) error {
	outs = withDefaultOutput(outs)
	var read []string
	for _, in := range res.Inputs {
		read = append(read, in.File)
	}
	if err := checkReadInputs(env, outs, read); err != nil {
		return err
	}
	root, wd, err := sourceRoot(env, o)
	if err != nil {
		return err
	}
	for i, out := range outs {
		if i > 0 {
			// What one report built is garbage before the next starts:
			// collected here, the next report's memory is not added to
			// the last one's (a report can take as much as the result).
			runtime.GC()
		}
		opt := report.Options{Hits: o.verbose > 0, Verbose: o.verbose > 1, SourceRoot: root, WorkDir: wd}
		if out.file == "" {
			if o.quiet {
				continue
			}
			opt.Color = !o.noColor && env.IsTerminal(env.Stdout) && env.Getenv("NO_COLOR") == ""
			if err := out.reporter.Render(env.Stdout, res, opt); err != nil {
				return err
			}
			continue
		}
		if err := writeFile(out.file, func(w io.Writer) error { return out.reporter.Render(w, res, opt) }); err != nil {
			return fmt.Errorf("-o %s=%s: %v", out.reporter.ID(), out.file, err)
		}
	}
	return nil
}

// sourceRoot is the repository root that SARIF and Code Quality paths are
// relative to: --source-root, else $GITHUB_WORKSPACE (GitHub Actions), else
// $CI_PROJECT_DIR (GitLab CI), else none (file names as given). wd is the
// working directory that relative file names are relative to.
func sourceRoot(env *Env, o *scanOptions) (root, wd string, err error) {
	root = o.sourceRoot
	if root == "" {
		root = env.Getenv("GITHUB_WORKSPACE")
	}
	if root == "" {
		root = env.Getenv("CI_PROJECT_DIR")
	}
	if root == "" {
		return "", "", nil
	}
	if root, err = filepath.Abs(root); err != nil {
		return "", "", usagef("--source-root: %v", err)
	}
	if wd, err = os.Getwd(); err != nil {
		return "", "", err
	}
	return root, wd, nil
}

// writeFile writes a report. A regular file (or a new one) is written
// through a temporary file beside it, so that a failed render leaves no
// half-written report; anything else that exists (a device such as
// /dev/null or /dev/stdout, a pipe) is written to directly, never replaced.
func writeFile(path string, render func(io.Writer) error) error {
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		if st.IsDir() {
			return fmt.Errorf("%s is a directory", path)
		}
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		if err := render(f); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".vendorcheck-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := render(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	// CreateTemp makes the file private; a report is an ordinary file.
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func parseOutputs(specs []string, reg *report.Registry) ([]outputSpec, error) {
	var outs []outputSpec
	stdout := 0
	for _, s := range specs {
		id, file, _ := strings.Cut(s, "=")
		r, ok := reg.Lookup(id)
		if !ok {
			return nil, usagef("-o %s: unknown format %q; formats: %s", s, id, strings.Join(reg.IDs(), ", "))
		}
		if file == "" {
			if id == "xlsx" {
				return nil, usagef("-o xlsx: a workbook is binary; give it a file: -o xlsx=FILE")
			}
			stdout++
		}
		outs = append(outs, outputSpec{reporter: r, file: file})
	}
	if stdout > 1 {
		return nil, usagef("-o: only one format can go to standard output; give the others a file (-o FORMAT=FILE)")
	}
	return outs, nil
}

func parseAsOf(s string) (time.Time, error) {
	if s == "" {
		now := time.Now().UTC()
		return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC), nil
	}
	d, err := catalog.ParseDate(s)
	if err != nil {
		return time.Time{}, usagef("--as-of: %v", err)
	}
	return d.Time, nil
}

func parseFailOn(s string) (policy.Action, error) {
	switch s {
	case "deny", "warn", "info":
		return policy.Action(s), nil
	case "never":
		return "", nil
	}
	return "", usagef("--fail-on %q: want deny, warn, info or never", s)
}
