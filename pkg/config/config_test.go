package config_test

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"github.com/vendorcheck/vendorcheck/pkg/config"
)

// tree writes files (path -> content; a path ending in "/" is a directory)
// under a new temporary directory and returns it.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for p, content := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		if strings.HasSuffix(p, "/") {
			if err := os.MkdirAll(full, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestDiscover(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		start string
		env   map[string]string // "$ROOT" is replaced by the tree's root
		want  string            // relative to the root; "" for none
	}{
		{"in the working directory", map[string]string{".git/": "", "a/.vendorcheck.yaml": "", ".vendorcheck.yaml": ""},
			"a", nil, "a/.vendorcheck.yaml"},
		{"in a parent up to the repository root", map[string]string{"repo/.git/": "", "repo/.vendorcheck.yaml": "", "repo/a/b/": ""},
			"repo/a/b", nil, "repo/.vendorcheck.yaml"},
		{"not above the repository root", map[string]string{".vendorcheck.yaml": "", "repo/.git/": "", "repo/a/": ""},
			"repo/a", nil, ""},
		{"the .vendorcheck directory", map[string]string{".git/": "", ".vendorcheck/config.yaml": "", "a/": ""},
			"a", nil, ".vendorcheck/config.yaml"},
		{".vendorcheck.yaml anywhere before .vendorcheck/config.yaml", map[string]string{".git/": "", ".vendorcheck.yaml": "", "a/.vendorcheck/config.yaml": ""},
			"a", nil, ".vendorcheck.yaml"},
		{"git file (worktree) marks the root", map[string]string{"repo/.git": "gitdir: elsewhere", "repo/.vendorcheck.yaml": "", "repo/a/": ""},
			"repo/a", nil, "repo/.vendorcheck.yaml"},
		{"outside a repository only the working directory", map[string]string{".vendorcheck.yaml": "", "a/": ""},
			"a", nil, ""},
		{"a directory named .vendorcheck.yaml is passed over", map[string]string{".git/": "", ".vendorcheck.yaml/": "", ".vendorcheck/config.yaml": ""},
			".", nil, ".vendorcheck/config.yaml"},
		{"user config dir (XDG)", map[string]string{"repo/.git/": "", "xdg/vendorcheck/config.yaml": ""},
			"repo", map[string]string{"XDG_CONFIG_HOME": "$ROOT/xdg", "HOME": "$ROOT/home"}, "xdg/vendorcheck/config.yaml"},
		{"user config dir (HOME)", map[string]string{"repo/.git/": "", "home/.config/vendorcheck/config.yaml": ""},
			"repo", map[string]string{"HOME": "$ROOT/home"}, "home/.config/vendorcheck/config.yaml"},
		{"project file before user file", map[string]string{"repo/.git/": "", "repo/.vendorcheck.yaml": "", "home/.config/vendorcheck/config.yaml": ""},
			"repo", map[string]string{"HOME": "$ROOT/home"}, "repo/.vendorcheck.yaml"},
		{"VENDORCHECK_CONFIG wins", map[string]string{".git/": "", ".vendorcheck.yaml": "", "ci/vc.yaml": ""},
			".", map[string]string{"VENDORCHECK_CONFIG": "$ROOT/ci/vc.yaml"}, "ci/vc.yaml"},
		{"none", map[string]string{".git/": "", "a/": ""}, "a", map[string]string{"HOME": "$ROOT/home"}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			root := tree(t, tc.files)
			e := map[string]string{}
			for k, v := range tc.env {
				e[k] = strings.ReplaceAll(v, "$ROOT", root)
			}
			got, err := config.Discover(filepath.Join(root, tc.start), env(e))
			if err != nil {
				t.Fatal(err)
			}
			want := ""
			if tc.want != "" {
				want = filepath.Join(root, filepath.FromSlash(tc.want))
			}
			if got != want {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
}

func TestDiscoverMissingEnvFile(t *testing.T) {
	root := t.TempDir()
	_, err := config.Discover(root, env(map[string]string{"VENDORCHECK_CONFIG": filepath.Join(root, "nope.yaml")}))
	if err == nil || !strings.Contains(err.Error(), "VENDORCHECK_CONFIG=") || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("error %v", err)
	}
}

const full = `# every key
jurisdictions: [US, GB]
policies:
  - us-fcc-covered-list
  - policies/ours.yaml
fail-on: warn
min-confidence: high
use: [critical-infrastructure, 5g-network]
as-of: 2027-01-01
waivers-file: waivers.yaml
output:
  - table
  - sarif=out/vendorcheck.sarif
  - json=reports/result.json
waivers:
  - id: hms
    purl: pkg:maven/com.huawei.hms/*
    reason: removed in release 7
    expires: 2027-03-31
    approved_by: ciso@example.com
`

func TestLoad(t *testing.T) {
	root := tree(t, map[string]string{"repo/.vendorcheck.yaml": full})
	p := filepath.Join(root, "repo", ".vendorcheck.yaml")
	c, err := config.Load(p)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "repo")
	want := map[string][]string{
		"jurisdiction":   {"US", "GB"},
		"policy":         {"us-fcc-covered-list", filepath.Join(dir, "policies", "ours.yaml")},
		"fail-on":        {"warn"},
		"min-confidence": {"high"},
		"use":            {"critical-infrastructure", "5g-network"},
		"as-of":          {"2027-01-01"},
		"waivers":        {filepath.Join(dir, "waivers.yaml")},
		"output":         {"table", "sarif=" + filepath.Join(dir, "out", "vendorcheck.sarif"), "json=" + filepath.Join(dir, "reports", "result.json")},
	}
	got := c.Values()
	for k, v := range want {
		if !slices.Equal(got[k], v) {
			t.Errorf("%s: got %q, want %q", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("values %v", got)
	}
	if c.File != p {
		t.Errorf("file %q", c.File)
	}
	ws := c.WaiverSet.Waivers()
	if len(ws) != 1 || ws[0].ID != "hms" || ws[0].Source != p+":16" {
		t.Errorf("inline waivers: %+v", ws)
	}
}

func TestLoadErrors(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"unknown key", "fail-on: deny\nfail_on: warn\n", `c.yaml:2: unknown key "fail_on"`},
		{"bad fail-on", "jurisdictions: [US]\nfail-on: error\n", `c.yaml:2: fail-on "error": want deny, warn, info or never`},
		{"bad use", "use:\n  - government\n  - gouvernement\n", `c.yaml:3: use "gouvernement": want one of`},
		{"bad as-of", "as-of: 27-01-2027\n", `c.yaml:1: as-of "27-01-2027" is not a date`},
		{"bad confidence", "min-confidence: certain\n", `c.yaml:1: min-confidence "certain"`},
		{"bad jurisdiction", "jurisdictions: [US, United Kingdom]\n", `c.yaml:1: jurisdiction "United Kingdom"`},
		{"bad output", "output: [table, 'json=']\n", `c.yaml:1: output "json=": want FORMAT or FORMAT=FILE`},
		{"wrong type", "use: government\n", `c.yaml:1: cannot unmarshal`},
		{"inline waiver without approver", "fail-on: deny\nwaivers:\n  - entity: zte\n    reason: r\n    expires: 2027-01-01\n",
			`c.yaml:3: waiver #1: missing approved_by`},
		{"inline waiver unknown key", "waivers:\n  - entity: zte\n    approver: x\n", `c.yaml:3: unknown key "approver"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := config.Parse("c.yaml", []byte(tc.src))
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q\nwant it to contain %q", err, tc.want)
			}
		})
	}
}

func TestEnvDefaults(t *testing.T) {
	got := config.EnvDefaults(env(map[string]string{
		"VENDORCHECK_FAIL_ON":        "warn",
		"VENDORCHECK_JURISDICTION":   "US,GB",
		"VENDORCHECK_POLICY":         "ours.yaml",
		"VENDORCHECK_USE":            "government",
		"VENDORCHECK_AS_OF":          "2027-01-01",
		"VENDORCHECK_MIN_CONFIDENCE": "low",
		"VENDORCHECK_CONFIG":         "ci.yaml",
		"VENDORCHECK_OTHER":          "x",
		"FAIL_ON":                    "info",
	}))
	want := map[string]string{"fail-on": "warn", "jurisdiction": "US,GB", "policy": "ours.yaml", "use": "government",
		"as-of": "2027-01-01", "min-confidence": "low", "config": "ci.yaml"}
	if len(got) != len(want) {
		t.Errorf("got %v", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %q, want %q", k, got[k], v)
		}
	}
	if n := len(config.EnvDefaults(env(map[string]string{"VENDORCHECK_USE": "  "}))); n != 0 {
		t.Errorf("a blank variable gave %d defaults", n)
	}
}

// TestLayer checks flags > environment > config file > defaults on a real
// pflag set shaped like the scan command's.
func TestLayer(t *testing.T) {
	cfg, err := config.Parse("/repo/.vendorcheck.yaml", []byte("fail-on: info\nuse: [government]\njurisdictions: [CN]\nas-of: 2027-01-01\noutput: [json=r.json]\n"))
	if err != nil {
		t.Fatal(err)
	}
	fs := pflag.NewFlagSet("scan", pflag.ContinueOnError)
	failOn := fs.String("fail-on", "deny", "")
	minConf := fs.String("min-confidence", "medium", "")
	asOf := fs.String("as-of", "", "")
	uses := fs.StringSlice("use", nil, "")
	jur := fs.StringSlice("jurisdiction", nil, "")
	pols := fs.StringArray("policy", nil, "")
	outs := fs.StringArrayP("output", "o", nil, "")
	if err := fs.Parse([]string{"--as-of", "2030-01-01", "-o", "table"}); err != nil {
		t.Fatal(err)
	}
	envs := config.EnvDefaults(env(map[string]string{"VENDORCHECK_FAIL_ON": "warn", "VENDORCHECK_USE": "5g-network, network-core",
		"VENDORCHECK_POLICY": "a.yaml,b.yaml", "VENDORCHECK_AS_OF": "2029-01-01"}))
	names := []string{"fail-on", "min-confidence", "as-of", "use", "jurisdiction", "policy", "output"}
	if err := config.Layer(names, fs.Changed, fs.Set, envs, cfg); err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		flag string
		got  any
		want any
	}{
		{"fail-on: env over config", *failOn, "warn"},
		{"min-confidence: default", *minConf, "medium"},
		{"as-of: flag over env and config", *asOf, "2030-01-01"},
		{"use: env list", *uses, []string{"5g-network", "network-core"}},
		{"jurisdiction: config", *jur, []string{"CN"}},
		{"policy: env list into an array flag", *pols, []string{"a.yaml", "b.yaml"}},
		{"output: flag", *outs, []string{"table"}},
	}
	for _, c := range checks {
		switch w := c.want.(type) {
		case string:
			if c.got != w {
				t.Errorf("%s: got %v, want %v", c.flag, c.got, w)
			}
		case []string:
			if !slices.Equal(c.got.([]string), w) {
				t.Errorf("%s: got %v, want %v", c.flag, c.got, w)
			}
		}
	}
	// A bad value names where it came from.
	fs2 := pflag.NewFlagSet("scan", pflag.ContinueOnError)
	fs2.Int("workers", 0, "")
	err = config.Layer([]string{"workers"}, fs2.Changed, fs2.Set, map[string]string{"workers": "many"}, nil)
	if err == nil || !strings.Contains(err.Error(), `workers "many"`) {
		t.Errorf("error %v", err)
	}
}

// TestDocExample parses the configuration example of docs/policy-format.md.
func TestDocExample(t *testing.T) {
	data, err := os.ReadFile("../../docs/policy-format.md")
	if err != nil {
		t.Fatal(err)
	}
	var block string
	for _, m := range regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllStringSubmatch(string(data), -1) {
		if strings.Contains(m[1], "fail-on:") {
			block = m[1]
			break
		}
	}
	if block == "" {
		t.Fatal("no configuration example (a yaml block with fail-on:) in docs/policy-format.md")
	}
	c, err := config.Parse(".vendorcheck.yaml", []byte(block))
	if err != nil {
		t.Fatal(err)
	}
	if c.FailOn == "" || c.WaiverSet.Len() == 0 {
		t.Errorf("the example should set fail-on and an inline waiver: %+v", c)
	}
}

// Find takes the file given, else discovers one from the working
// directory as the CLI does.
func TestFind(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, config.FileName), []byte("fail-on: warn\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(filepath.Join(dir, "sub"))
	noEnv := env(map[string]string{"HOME": t.TempDir(), "XDG_CONFIG_HOME": t.TempDir()})
	if got, err := config.Find("given.yaml", noEnv); err != nil || got != "given.yaml" {
		t.Errorf("Find(given.yaml) = %q, %v", got, err)
	}
	got, err := config.Find("", noEnv)
	if err != nil || got != filepath.Join(dir, config.FileName) {
		t.Errorf("Find() = %q, %v; want %s", got, err, filepath.Join(dir, config.FileName))
	}
}

// A discovered configuration may only tighten the check: every setting of
// the full example that would weaken it is named, with its line.
func TestCheckUntrusted(t *testing.T) {
	c, err := config.Parse("repo/.vendorcheck.yaml", []byte(full))
	if err != nil {
		t.Fatal(err)
	}
	err = c.CheckUntrusted()
	if !errors.Is(err, config.ErrUntrusted) {
		t.Fatalf("CheckUntrusted = %v, want ErrUntrusted", err)
	}
	for _, want := range []string{"jurisdictions: ", "policies: ", "as-of: ", "waivers: ", "waivers-file: ", "min-confidence: "} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("no error for %q in:\n%v", want, err)
		}
	}
	if !regexp.MustCompile(`repo/\.vendorcheck\.yaml:[1-9][0-9]*: as-of:`).MatchString(err.Error()) {
		t.Errorf("as-of error without its line:\n%v", err)
	}
	tight, err := config.Parse("t.yaml", []byte("fail-on: warn\nmin-confidence: low\ndeny: [zte]\nuse: [5g-network]\noutput: [json=r.json]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := tight.CheckUntrusted(); err != nil {
		t.Errorf("a tightening configuration refused: %v", err)
	}
	for _, bad := range []string{"output: [json=../x.json]", "output: [json=/tmp/x.json]"} {
		if _, err := config.Parse("t.yaml", []byte(bad)); err == nil || !strings.Contains(err.Error(), "inside the directory") {
			t.Errorf("%s: err %v, want an output outside the directory refused", bad, err)
		}
	}
}

func TestDataSettings(t *testing.T) {
	dir := t.TempDir()
	c, err := config.Parse(dir+"/.vendorcheck.yaml", []byte("data: bundles/acme.tgz\nmax-data-age: 12w\ndata-age-warning: 30d\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Data != dir+"/bundles/acme.tgz" {
		t.Errorf("data %q: want it relative to the file's directory", c.Data)
	}
	v := c.Values()
	if v["max-data-age"][0] != "12w" || v["data-age-warning"][0] != "30d" || v["data"][0] != c.Data {
		t.Errorf("values %v", v)
	}
	// A discovered file may name signed data and ages, but not allow
	// unsigned data.
	if err := c.CheckUntrusted(); err != nil {
		t.Errorf("untrusted: %v", err)
	}
	c, err = config.Parse("x.yaml", []byte("allow-unsigned-data: true\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.CheckUntrusted(); !errors.Is(err, config.ErrUntrusted) || !strings.Contains(err.Error(), "x.yaml:1: allow-unsigned-data") {
		t.Errorf("allow-unsigned-data from a discovered file: %v", err)
	}
	if _, err := config.Parse("x.yaml", []byte("max-data-age: soon\n")); err == nil || !strings.Contains(err.Error(), "x.yaml:1: max-data-age") {
		t.Errorf("bad age: %v", err)
	}
}
