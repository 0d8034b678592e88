package distcheck

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/vendorcheck/vendorcheck/internal/cli"
)

var root = filepath.Join("..", "..")

func read(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// cliFlags reads the flag names of `vendorcheck scan` from the source of
// internal/cli (scan.go, run.go where scan and audit define their shared
// flags, limits.go): long names with a leading "--", shorthands with "-".
func cliFlags(t *testing.T) map[string]bool {
	t.Helper()
	src := read(t, "internal/cli/scan.go") + read(t, "internal/cli/run.go") + read(t, "internal/cli/limits.go") + read(t, "internal/cli/databundle.go")
	re := regexp.MustCompile(`f\.\w+Var(P?)\(&[od]\.\w+,\s*"([a-z0-9-]+)"(?:,\s*"([a-z])")?`)
	flags := map[string]bool{}
	for _, m := range re.FindAllStringSubmatch(src, -1) {
		flags["--"+m[2]] = true
		if m[1] == "P" && m[3] != "" {
			flags["-"+m[3]] = true
		}
	}
	// The reading must find the flags the distribution files rely on, or
	// the checks below would pass on nothing.
	for _, f := range []string{"--output", "-o", "--jurisdiction", "--policy", "--fail-on", "--as-of", "--use"} {
		if !flags[f] {
			t.Fatalf("no flag %s found in internal/cli (found %v): the source changed shape or the flag was removed", f, flags)
		}
	}
	return flags
}

// checkArgs checks command-line words: every option is a real flag, and
// every -o names a registered format.
func checkArgs(t *testing.T, where string, words []string, flags map[string]bool) {
	t.Helper()
	for i, w := range words {
		if w == "--" {
			return
		}
		if !strings.HasPrefix(w, "-") || w == "-" {
			continue
		}
		name, _, _ := strings.Cut(w, "=")
		if !flags[name] {
			t.Errorf("%s: flag %s is not a flag of vendorcheck scan", where, name)
		}
		// A value from a variable ("$out") is the user's to choose.
		if (name == "-o" || name == "--output") && i+1 < len(words) && !strings.HasPrefix(words[i+1], "$") {
			format, _, _ := strings.Cut(words[i+1], "=")
			if _, ok := cli.Formats().Lookup(format); !ok {
				t.Errorf("%s: -o %s: no format %q (formats: %v)", where, words[i+1], format, cli.Formats().IDs())
			}
		}
	}
}

// shellWords splits a shell or Groovy command line into words, dropping
// quotes (no expansion: "$x" stays "$x").
func shellWords(s string) []string {
	var words []string
	var cur strings.Builder
	var quote rune
	in := false
	for _, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '"' || r == '\'':
			quote, in = r, true
		case r == ' ' || r == '\t':
			if in {
				words = append(words, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if in {
		words = append(words, cur.String())
	}
	return words
}

type action struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	Inputs      map[string]struct {
		Description string `yaml:"description"`
		Required    bool   `yaml:"required"`
		Default     string `yaml:"default"`
	} `yaml:"inputs"`
	Outputs map[string]any `yaml:"outputs"`
	Runs    struct {
		Using string `yaml:"using"`
		Steps []struct {
			Name             string            `yaml:"name"`
			ID               string            `yaml:"id"`
			Uses             string            `yaml:"uses"`
			Shell            string            `yaml:"shell"`
			Run              string            `yaml:"run"`
			WorkingDirectory string            `yaml:"working-directory"`
			With             map[string]string `yaml:"with"`
			Env              map[string]string `yaml:"env"`
		} `yaml:"steps"`
	} `yaml:"runs"`
	Author   string            `yaml:"author"`
	Branding map[string]string `yaml:"branding"`
}

func readAction(t *testing.T) action {
	t.Helper()
	dec := yaml.NewDecoder(strings.NewReader(read(t, "action.yml")))
	dec.KnownFields(true)
	var a action
	if err := dec.Decode(&a); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	return a
}

func TestAction(t *testing.T) {
	flags := cliFlags(t)
	a := readAction(t)
	if a.Runs.Using != "composite" {
		t.Errorf("runs.using %q, want composite", a.Runs.Using)
	}
	for _, in := range []string{"path", "jurisdiction", "policy", "fail-on", "output", "sarif-file", "as-of", "use"} {
		if _, ok := a.Inputs[in]; !ok {
			t.Errorf("input %s missing", in)
		}
	}
	for name, in := range a.Inputs {
		if in.Description == "" {
			t.Errorf("input %s has no description", name)
		}
	}

	inputRef := regexp.MustCompile(`\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}`)
	argsRe := regexp.MustCompile(`args\+=\(([^)]*)\)`)
	used := map[string]bool{}
	install, scanned, summary := false, false, false
	for _, st := range a.Runs.Steps {
		// The job's Go toolchain is the job's: no step may replace it.
		if strings.HasPrefix(st.Uses, "actions/setup-go@") {
			t.Errorf("step %q sets up Go, which changes the job's toolchain for the steps after it", st.Name)
		}
		// Inputs may reach a script only through env: a template inside
		// run: would let an input inject shell code.
		if m := inputRef.FindString(st.Run); m != "" {
			t.Errorf("step %q expands %s inside its script; pass it through env", st.Name, m)
		}
		for _, v := range st.Env {
			for _, m := range inputRef.FindAllStringSubmatch(v, -1) {
				used[m[1]] = true
				if _, ok := a.Inputs[m[1]]; !ok {
					t.Errorf("step %q uses undeclared input %s", st.Name, m[1])
				}
			}
		}
		if strings.Contains(st.Run, "scripts/action-install.sh") {
			install = true
		}
		if strings.Contains(st.Run, "$GITHUB_STEP_SUMMARY") {
			summary = true
		}
		for _, m := range argsRe.FindAllStringSubmatch(st.Run, -1) {
			scanned = true
			checkArgs(t, "action.yml step "+st.Name, shellWords(m[1]), flags)
		}
	}
	for name := range a.Inputs {
		if !used[name] {
			t.Errorf("input %s is declared but never used", name)
		}
	}
	if !install || !scanned || !summary {
		t.Errorf("action steps: scripts/action-install.sh %v, scan arguments %v, step summary %v",
			install, scanned, summary)
	}
	// The install script checks the download against the release's
	// checksums and keeps building from source for forks (its behaviour is
	// tested against a snapshot release by scripts/release-check.sh).
	sh := read(t, "scripts/action-install.sh")
	for _, want := range []string{"checksums.txt", "sha256", "VC_BUILD_FROM_SOURCE", "go install", "./cmd/vendorcheck", "GOTOOLCHAIN=auto"} {
		if !strings.Contains(sh, want) {
			t.Errorf("scripts/action-install.sh lacks %q", want)
		}
	}
}

// codeBlocks returns the fenced code blocks of a Markdown file by language.
func codeBlocks(md string) map[string][]string {
	blocks := map[string][]string{}
	var lang string
	var cur strings.Builder
	in := false
	sc := bufio.NewScanner(strings.NewReader(md))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "```") {
			if in {
				blocks[lang] = append(blocks[lang], cur.String())
				cur.Reset()
				in = false
			} else {
				lang, in = strings.TrimPrefix(line, "```"), true
			}
			continue
		}
		if in {
			cur.WriteString(line + "\n")
		}
	}
	return blocks
}

func TestCIDocs(t *testing.T) {
	flags := cliFlags(t)
	a := readAction(t)
	blocks := codeBlocks(read(t, "docs/ci.md"))

	// The GitHub workflow uses only the action's inputs, and uploads the
	// SARIF file the action writes.
	actionSteps := 0
	for _, y := range blocks["yaml"] {
		var wf struct {
			Jobs map[string]struct {
				Steps []struct {
					Uses string         `yaml:"uses"`
					With map[string]any `yaml:"with"`
				} `yaml:"steps"`
			} `yaml:"jobs"`
		}
		if err := yaml.Unmarshal([]byte(y), &wf); err != nil {
			t.Errorf("docs/ci.md: yaml block does not parse: %v\n%s", err, y)
			continue
		}
		for _, job := range wf.Jobs {
			sarif := ""
			for _, st := range job.Steps {
				if strings.HasPrefix(st.Uses, "vendorcheck/vendorcheck@") {
					actionSteps++
					for k := range st.With {
						if _, ok := a.Inputs[k]; !ok {
							t.Errorf("docs/ci.md: the workflow passes %q, which is not an input of action.yml", k)
						}
					}
					if s, ok := st.With["sarif-file"].(string); ok {
						sarif = s
					} else {
						sarif = a.Inputs["sarif-file"].Default
					}
				}
				if strings.HasPrefix(st.Uses, "github/codeql-action/upload-sarif@") {
					if got, _ := st.With["sarif_file"].(string); got != sarif {
						t.Errorf("docs/ci.md: upload-sarif uploads %q, the action writes %q", got, sarif)
					}
				}
			}
		}
	}
	if actionSteps == 0 {
		t.Error("docs/ci.md: no GitHub workflow step uses the action")
	}

	// Every vendorcheck command line in the recipes uses real flags and
	// formats.
	cmd := regexp.MustCompile(`vendorcheck(?::\w+)?"? scan (.*)`)
	commands := 0
	for _, lang := range []string{"yaml", "groovy", "sh"} {
		for _, b := range blocks[lang] {
			for _, line := range strings.Split(b, "\n") {
				m := cmd.FindStringSubmatch(line)
				if m == nil {
					continue
				}
				commands++
				rest := strings.TrimSuffix(strings.TrimSpace(m[1]), "'")
				checkArgs(t, "docs/ci.md: "+strings.TrimSpace(line), shellWords(rest), flags)
			}
		}
	}
	if commands < 3 {
		t.Errorf("docs/ci.md: found %d vendorcheck command lines, want the GitLab, Jenkins and Docker ones", commands)
	}
	for _, want := range []string{"reports:\n      junit: vendorcheck-junit.xml", "junit testResults: 'vendorcheck-junit.xml'"} {
		if !strings.Contains(read(t, "docs/ci.md"), want) {
			t.Errorf("docs/ci.md lacks %q", want)
		}
	}
}

// dockerInstructions reads a Dockerfile into instructions (keyword, rest),
// joining continuation lines and dropping comments.
func dockerInstructions(src string) [][2]string {
	var out [][2]string
	var cur strings.Builder
	for _, line := range strings.Split(src, "\n") {
		trimmed := strings.TrimSpace(line)
		if cur.Len() == 0 && (trimmed == "" || strings.HasPrefix(trimmed, "#")) {
			continue
		}
		if strings.HasSuffix(trimmed, "\\") {
			cur.WriteString(strings.TrimSuffix(trimmed, "\\") + " ")
			continue
		}
		cur.WriteString(trimmed)
		kw, rest, _ := strings.Cut(cur.String(), " ")
		out = append(out, [2]string{strings.ToUpper(kw), strings.TrimSpace(rest)})
		cur.Reset()
	}
	return out
}

func TestDockerfile(t *testing.T) {
	ins := dockerInstructions(read(t, "Dockerfile"))
	type stage struct {
		from, name string
		ins        [][2]string
	}
	var stages []*stage
	for _, in := range ins {
		if in[0] == "FROM" {
			f := strings.Fields(in[1])
			s := &stage{from: f[0]}
			if len(f) == 3 && strings.EqualFold(f[1], "AS") {
				s.name = f[2]
			}
			stages = append(stages, s)
			continue
		}
		if len(stages) == 0 {
			if in[0] != "ARG" {
				t.Fatalf("%s before the first FROM", in[0])
			}
			continue
		}
		stages[len(stages)-1].ins = append(stages[len(stages)-1].ins, in)
	}
	if len(stages) < 2 {
		t.Fatalf("%d stages, want a builder and a runtime stage", len(stages))
	}
	builder := stages[0]
	if builder.name != "builder" || !strings.HasPrefix(builder.from, "golang:1.26") {
		t.Errorf("first stage FROM %s AS %s, want golang:1.26 AS builder", builder.from, builder.name)
	}
	builds := false
	for _, in := range builder.ins {
		if in[0] == "RUN" && strings.Contains(in[1], "go build") && strings.Contains(in[1], "./cmd/vendorcheck") &&
			strings.Contains(in[1], "CGO_ENABLED=0") {
			builds = true
		}
	}
	if !builds {
		t.Error("the builder stage does not RUN CGO_ENABLED=0 go build ... ./cmd/vendorcheck")
	}
	final := stages[len(stages)-1]
	if final.from != "scratch" && !strings.HasPrefix(final.from, "gcr.io/distroless/static") {
		t.Errorf("runtime stage FROM %s, want distroless/static or scratch", final.from)
	}
	var user string
	copied, entry := false, false
	for _, in := range final.ins {
		switch in[0] {
		case "USER":
			user = in[1]
		case "COPY":
			if strings.Contains(in[1], "--from=builder") && strings.Contains(in[1], "vendorcheck") {
				copied = true
			}
		case "ENTRYPOINT":
			entry = strings.Contains(in[1], "vendorcheck")
		}
	}
	uid, _, _ := strings.Cut(user, ":")
	if user == "" || slices.Contains([]string{"root", "0"}, uid) {
		t.Errorf("runtime stage USER %q, want a non-root user", user)
	}
	if !copied || !entry {
		t.Errorf("runtime stage: COPY --from=builder %v, ENTRYPOINT vendorcheck %v", copied, entry)
	}
}
