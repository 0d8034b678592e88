// Package config finds and reads vendorcheck's configuration file and maps
// the VENDORCHECK_* environment variables to flags. It sits in front of the
// pipeline: it only supplies default flag values and never runs a stage.
//
// Precedence, highest first:
//
//  1. flags on the command line;
//  2. environment variables (VENDORCHECK_FAIL_ON, VENDORCHECK_JURISDICTION,
//     VENDORCHECK_POLICY, VENDORCHECK_USE, VENDORCHECK_AS_OF,
//     VENDORCHECK_MIN_CONFIDENCE, VENDORCHECK_DENY, VENDORCHECK_DATA,
//     VENDORCHECK_MAX_DATA_AGE; lists are comma-separated);
//  3. the configuration file;
//  4. the built-in defaults.
//
// The configuration file is the one given by --config FILE (or
// VENDORCHECK_CONFIG), else the first found of: .vendorcheck.yaml in the
// working directory or a parent up to the repository root (the nearest
// directory containing .git); then .vendorcheck/config.yaml in those same
// directories; then vendorcheck/config.yaml in the user's configuration
// directory (os.UserConfigDir). Outside a repository only the working
// directory itself is searched before the user's directory. Only one file
// is read: files are not merged.
//
// The file is decoded strictly: an unknown key or a bad value is an error
// naming the file and line. Relative paths in it (policies that are files,
// waivers-file, output files) are relative to the file's own directory.
package config

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/vendorcheck/vendorcheck/pkg/catalog"
	"github.com/vendorcheck/vendorcheck/pkg/databundle"
	"github.com/vendorcheck/vendorcheck/pkg/internal/lazyre"
	"github.com/vendorcheck/vendorcheck/pkg/internal/yamlstrict"
	"github.com/vendorcheck/vendorcheck/pkg/match"
	"github.com/vendorcheck/vendorcheck/pkg/policy"
	"github.com/vendorcheck/vendorcheck/pkg/waiver"
)

// File names searched by Discover.
const (
	FileName    = ".vendorcheck.yaml"
	DirFileName = ".vendorcheck/config.yaml"
	UserFile    = "vendorcheck/config.yaml"
)

// denyRe is the shape of an entity id.
var denyRe = lazyre.New(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// EnvConfig names the configuration file, like --config.
const EnvConfig = "VENDORCHECK_CONFIG"

// envFlags maps environment variables to the flags they default.
var envFlags = []struct{ env, flag string }{
	{"VENDORCHECK_FAIL_ON", "fail-on"},
	{"VENDORCHECK_JURISDICTION", "jurisdiction"},
	{"VENDORCHECK_POLICY", "policy"},
	{"VENDORCHECK_USE", "use"},
	{"VENDORCHECK_AS_OF", "as-of"},
	{"VENDORCHECK_MIN_CONFIDENCE", "min-confidence"},
	{"VENDORCHECK_DENY", "deny"},
	{"VENDORCHECK_DATA", "data"},
	{"VENDORCHECK_MAX_DATA_AGE", "max-data-age"},
	{EnvConfig, "config"},
}

// ListFlags are the flags that take several values; their environment
// variables hold comma-separated lists.
var ListFlags = []string{"jurisdiction", "policy", "use", "output", "deny"}

// Config is the configuration file.
type Config struct {
	Jurisdictions []string `yaml:"jurisdictions"`
	Policies      []string `yaml:"policies"`
	// Deny lists entities the organisation denies in every category
	// (--deny): it can only close the gate, never open it.
	Deny          []string `yaml:"deny"`
	FailOn        string   `yaml:"fail-on"`
	MinConfidence string   `yaml:"min-confidence"`
	Use           []string `yaml:"use"`
	AsOf          string   `yaml:"as-of"`
	// Waivers are inline waivers, in the waiver file's schema.
	Waivers     []waiver.Waiver `yaml:"waivers"`
	WaiversFile string          `yaml:"waivers-file"`
	// Output is a list of FORMAT[=FILE], as -o takes.
	Output []string `yaml:"output"`
	// Data is a data bundle (directory or archive) to use instead of the
	// embedded one (--data); AllowUnsignedData accepts it unsigned.
	Data              string `yaml:"data"`
	AllowUnsignedData bool   `yaml:"allow-unsigned-data"`
	// MaxDataAge and DataAgeWarning are ages ("90d", "12w", "2160h"):
	// older data fails the run, or warns.
	MaxDataAge     string `yaml:"max-data-age"`
	DataAgeWarning string `yaml:"data-age-warning"`

	// File is the path the configuration was read from.
	File string `yaml:"-"`
	// WaiverSet holds the inline waivers, validated (nil when none).
	WaiverSet *waiver.Set `yaml:"-"`

	top *yaml.Node // the document, for lines in errors
}

// Find returns the configuration file a run uses, the way the CLI finds
// it: explicit (--config) when given, else the one Discover finds from the
// working directory; "" when there is none.
func Find(explicit string, getenv func(string) string) (string, error) {
	if explicit != "" {
		return explicit, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	return Discover(wd, getenv)
}

// Discover returns the configuration file to use, or "" when there is none.
// startDir is the working directory; getenv reads the environment (it is
// consulted for VENDORCHECK_CONFIG and for the user's configuration
// directory: XDG_CONFIG_HOME, HOME, AppData). A file named by
// VENDORCHECK_CONFIG that does not exist is an error.
func Discover(startDir string, getenv func(string) string) (string, error) {
	if p := getenv(EnvConfig); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%s=%s: %w", EnvConfig, p, cleanErr(err))
		}
		return p, nil
	}
	dirs, err := searchDirs(startDir)
	if err != nil {
		return "", err
	}
	for _, name := range []string{FileName, DirFileName} {
		for _, d := range dirs {
			p := filepath.Join(d, filepath.FromSlash(name))
			ok, err := isFile(p)
			if err != nil {
				return "", err
			}
			if ok {
				return p, nil
			}
		}
	}
	if ucd := userConfigDir(getenv); ucd != "" {
		p := filepath.Join(ucd, filepath.FromSlash(UserFile))
		ok, err := isFile(p)
		if err != nil {
			return "", err
		}
		if ok {
			return p, nil
		}
	}
	return "", nil
}

// searchDirs lists startDir and its parents up to the repository root, or
// only startDir when no parent holds .git.
func searchDirs(startDir string) ([]string, error) {
	abs, err := filepath.Abs(startDir)
	if err != nil {
		return nil, err
	}
	var dirs []string
	for d := abs; ; {
		dirs = append(dirs, d)
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return dirs, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dirs[:1], nil // not in a repository
		}
		d = parent
	}
}

func isFile(p string) (bool, error) {
	st, err := os.Stat(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("%s: %w", p, cleanErr(err))
	}
	return st.Mode().IsRegular(), nil
}

func cleanErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// userConfigDir is os.UserConfigDir with the environment read through getenv.
func userConfigDir(getenv func(string) string) string {
	switch runtime.GOOS {
	case "windows":
		return getenv("AppData")
	case "darwin", "ios":
		if h := getenv("HOME"); h != "" {
			return filepath.Join(h, "Library", "Application Support")
		}
		return ""
	case "plan9":
		if h := getenv("home"); h != "" {
			return filepath.Join(h, "lib")
		}
		return ""
	}
	if x := getenv("XDG_CONFIG_HOME"); x != "" && filepath.IsAbs(x) {
		return x
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".config")
	}
	return ""
}

// Load reads and validates a configuration file, at most
// yamlstrict.MaxFileSize bytes.
func Load(path string) (*Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, yamlstrict.MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return Parse(path, data)
}

var jurisdictionRe = lazyre.New(`^([A-Za-z]{2}|EU|eu)$`)

// Parse decodes a configuration strictly and validates it. name is the
// file's path: errors name it, and relative paths are resolved against its
// directory.
func Parse(name string, data []byte) (*Config, error) {
	var c Config
	if err := yamlstrict.Decode(name, data, &c); err != nil {
		return nil, err
	}
	var root yaml.Node
	_ = yaml.Unmarshal(data, &root)
	top := &root
	if top.Kind == yaml.DocumentNode && len(top.Content) > 0 {
		top = top.Content[0]
	}
	c.File = name
	var errs yamlstrict.Errors
	at := func(key string, i int, format string, a ...any) {
		errs = append(errs, &yamlstrict.Error{File: name, Line: line(top, key, i), Msg: fmt.Sprintf(format, a...)})
	}
	switch c.FailOn {
	case "", "deny", "warn", "info", "never":
	default:
		at("fail-on", -1, "fail-on %q: want deny, warn, info or never", c.FailOn)
	}
	if c.MinConfidence != "" {
		if _, err := match.ParseConfidence(c.MinConfidence); err != nil {
			at("min-confidence", -1, "min-confidence %q: want low, medium or high", c.MinConfidence)
		}
	}
	for i, u := range c.Use {
		if !slices.Contains(policy.Uses, u) {
			at("use", i, "use %q: want one of %s", u, strings.Join(policy.Uses, ", "))
		}
	}
	if c.AsOf != "" {
		if _, err := catalog.ParseDate(c.AsOf); err != nil {
			at("as-of", -1, "as-of %q is not a date (want YYYY-MM-DD)", c.AsOf)
		}
	}
	for i, j := range c.Jurisdictions {
		if !jurisdictionRe.MatchString(j) {
			at("jurisdictions", i, "jurisdiction %q: want an ISO 3166 alpha-2 code or EU", j)
		}
	}
	for i, e := range c.Deny {
		if !denyRe.MatchString(e) {
			at("deny", i, "deny %q: want an entity id (run 'vendorcheck vendors list')", e)
		}
	}
	for i, o := range c.Output {
		id, file, hasFile := strings.Cut(o, "=")
		if id == "" || (hasFile && file == "") {
			at("output", i, "output %q: want FORMAT or FORMAT=FILE", o)
		}
		// A report path stays inside the directory that holds the file:
		// a configuration in a scanned repository must not write
		// elsewhere (an absolute path, ../, or a stream).
		if hasFile && file != "" && !filepath.IsLocal(filepath.FromSlash(file)) {
			at("output", i, "output %q: the file must be inside the directory of the configuration (a relative path without ..)", o)
		}
	}
	for _, k := range []struct{ key, v string }{{"max-data-age", c.MaxDataAge}, {"data-age-warning", c.DataAgeWarning}} {
		if k.v != "" {
			if _, err := databundle.ParseAge(k.v); err != nil {
				at(k.key, -1, "%s %v", k.key, err)
			}
		}
	}
	if len(c.Waivers) > 0 {
		ws, err := waiver.Build(name, c.Waivers, valueNode(top, "waivers"))
		if err != nil {
			errs = append(errs, flatten(err)...)
		} else {
			c.WaiverSet = ws
		}
	}
	switch len(errs) {
	case 0:
	case 1:
		return nil, errs[0]
	default:
		return nil, errs
	}
	c.resolvePaths(filepath.Dir(name))
	c.top = top
	return &c, nil
}

// Untrusted settings. A configuration that vendorcheck discovers (in the
// working directory or a parent up to the repository root, or in the
// user's configuration directory) may be part of the content being
// checked: in CI, the pull request under review writes it. Such a file may
// only close the gate further, never open it. It may set:
//
//   - deny: more entities denied;
//   - use: more uses, so more use-limited rules apply;
//   - fail-on: deny, warn or info (not never);
//   - min-confidence: low or medium (not high, which hides findings);
//   - output: report files inside its own directory;
//   - data: a data bundle, only one signed by a trusted key and built no
//     earlier than the data compiled into the program (it cannot roll the
//     lists back, and --allow-unsigned-data does not apply to it);
//   - max-data-age and data-age-warning: any age (there is no maximum by
//     default, so setting one only tightens).
//
// It may not set jurisdictions or policies (they narrow the lists from
// every shipped one), as-of (it moves rules in or out of force), waivers
// or waivers-file (they suppress findings), or allow-unsigned-data. A file named with --config or
// VENDORCHECK_CONFIG is trusted with every setting: the pipeline's owner
// chose it.

// ErrUntrusted marks a setting that a discovered configuration may not make.
var ErrUntrusted = errors.New("a discovered configuration may not weaken the check")

// untrustedError is a refused setting, wrapping ErrUntrusted.
type untrustedError struct{ err *yamlstrict.Error }

func (e *untrustedError) Error() string { return e.err.Error() }
func (e *untrustedError) Unwrap() error { return ErrUntrusted }

// CheckUntrusted reports the settings of c that a discovered configuration
// may not make (see above), each naming the file, line and key.
func (c *Config) CheckUntrusted() error {
	var errs yamlstrict.Errors
	bad := func(key, why string) {
		errs = append(errs, &untrustedError{&yamlstrict.Error{File: c.File, Line: line(c.top, key, -1),
			Msg: fmt.Sprintf("%s: %v: %s; name the file with --config to trust it, or give the setting on the command line", key, ErrUntrusted, why)}})
	}
	if len(c.Jurisdictions) > 0 {
		bad("jurisdictions", "it narrows the lists applied")
	}
	if len(c.Policies) > 0 {
		bad("policies", "it narrows the lists applied")
	}
	if c.AsOf != "" {
		bad("as-of", "it moves rules in or out of force")
	}
	if len(c.Waivers) > 0 {
		bad("waivers", "waivers suppress findings")
	}
	if c.WaiversFile != "" {
		bad("waivers-file", "waivers suppress findings")
	}
	if c.FailOn == "never" {
		bad("fail-on", "never lets every finding pass")
	}
	if c.MinConfidence == "high" {
		bad("min-confidence", "high hides medium-confidence findings")
	}
	if c.AllowUnsignedData {
		bad("allow-unsigned-data", "unsigned data could drop or weaken any list")
	}
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	}
	return errs
}

// resolvePaths makes relative paths relative to dir: policies that name a
// file (they contain a path separator or end in .yaml or .yml; others are
// shipped list ids), the waivers file and output files.
func (c *Config) resolvePaths(dir string) {
	abs := func(p string) string {
		if p == "" || p == "-" || filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(dir, p)
	}
	for i, p := range c.Policies {
		if strings.ContainsAny(p, `/\`) || strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml") {
			c.Policies[i] = abs(p)
		}
	}
	c.WaiversFile = abs(c.WaiversFile)
	c.Data = abs(c.Data)
	for i, o := range c.Output {
		if id, file, ok := strings.Cut(o, "="); ok {
			c.Output[i] = id + "=" + abs(file)
		}
	}
}

// Values returns the file's settings by flag name (each flag's values in
// order), for the settings that are set. Inline waivers are not flags: use
// WaiverSet.
func (c *Config) Values() map[string][]string {
	out := map[string][]string{}
	set := func(flag string, vals ...string) {
		var vs []string
		for _, v := range vals {
			if v != "" {
				vs = append(vs, v)
			}
		}
		if len(vs) > 0 {
			out[flag] = vs
		}
	}
	set("jurisdiction", c.Jurisdictions...)
	set("policy", c.Policies...)
	set("deny", c.Deny...)
	set("fail-on", c.FailOn)
	set("min-confidence", c.MinConfidence)
	set("use", c.Use...)
	set("as-of", c.AsOf)
	set("waivers", c.WaiversFile)
	set("output", c.Output...)
	set("data", c.Data)
	if c.AllowUnsignedData {
		set("allow-unsigned-data", "true")
	}
	set("max-data-age", c.MaxDataAge)
	set("data-age-warning", c.DataAgeWarning)
	return out
}

// EnvDefaults maps the VENDORCHECK_* variables that are set (non-empty) to
// the flags they default: VENDORCHECK_FAIL_ON to fail-on,
// VENDORCHECK_JURISDICTION to jurisdiction, VENDORCHECK_POLICY to policy,
// VENDORCHECK_USE to use, VENDORCHECK_AS_OF to as-of,
// VENDORCHECK_MIN_CONFIDENCE to min-confidence and VENDORCHECK_CONFIG to
// config. Values are as written; list flags hold comma-separated lists.
func EnvDefaults(getenv func(string) string) map[string]string {
	out := map[string]string{}
	for _, e := range envFlags {
		if v := strings.TrimSpace(getenv(e.env)); v != "" {
			out[e.flag] = v
		}
	}
	return out
}

// Layer gives each flag not set on the command line its value from the
// environment, else from the configuration file (cfg may be nil):
// flags > environment > config file > defaults. changed reports whether a
// flag was given on the command line; set sets a flag's value and is called
// once per value for list flags (pflag's Set replaces a list's default on
// the first call and appends after). Only flags in names are layered, so a
// command that lacks a flag is not given it. Errors name where the value
// came from.
func Layer(names []string, changed func(flag string) bool, set func(flag, value string) error, env map[string]string, cfg *Config) error {
	var fromCfg map[string][]string
	if cfg != nil {
		fromCfg = cfg.Values()
	}
	for _, name := range names {
		if changed(name) {
			continue
		}
		var vals []string
		var origin string
		if v, ok := env[name]; ok {
			vals, origin = []string{v}, envName(name)
			if slices.Contains(ListFlags, name) {
				vals = splitList(v)
			}
		} else if vs, ok := fromCfg[name]; ok {
			vals, origin = vs, cfg.File
		}
		for _, v := range vals {
			if err := set(name, v); err != nil {
				return fmt.Errorf("%s: %s %q: %v", origin, name, v, err)
			}
		}
	}
	return nil
}

func envName(flag string) string {
	for _, e := range envFlags {
		if e.flag == flag {
			return e.env
		}
	}
	return flag
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// line finds the line of key's value (or of its i-th item when i >= 0) in
// the top mapping; 0 when unknown.
func line(top *yaml.Node, key string, i int) int {
	if top == nil || top.Kind != yaml.MappingNode {
		return 0
	}
	for j := 0; j+1 < len(top.Content); j += 2 {
		if top.Content[j].Value != key {
			continue
		}
		v := top.Content[j+1]
		if i >= 0 && v.Kind == yaml.SequenceNode && i < len(v.Content) {
			return v.Content[i].Line
		}
		return top.Content[j].Line
	}
	return 0
}

func valueNode(top *yaml.Node, key string) *yaml.Node {
	if top == nil || top.Kind != yaml.MappingNode {
		return nil
	}
	for j := 0; j+1 < len(top.Content); j += 2 {
		if top.Content[j].Value == key {
			return top.Content[j+1]
		}
	}
	return nil
}

func flatten(err error) []error {
	var es yamlstrict.Errors
	if errors.As(err, &es) {
		return es
	}
	return []error{err}
}
