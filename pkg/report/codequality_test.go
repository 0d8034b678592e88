package report_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/vendorcheck/vendorcheck/pkg/report"
)

// codeQualitySchema compiles the report schema written from GitLab's
// documentation (testdata/schema/README.md).
func codeQualitySchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join(pkgDir, "testdata", "schema", "gitlab-codequality.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	const url = "https://vendorcheck.invalid/schema/gitlab-codequality.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// checkCodeQuality validates a report against the schema and the rules
// GitLab states in prose, and returns its issues.
func checkCodeQuality(t *testing.T, out []byte) []report.CodeQualityIssue {
	t.Helper()
	if bytes.HasPrefix(out, []byte("\xef\xbb\xbf")) {
		t.Fatal("report starts with a byte order mark, which GitLab refuses")
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if err := codeQualitySchema(t).Validate(doc); err != nil {
		t.Fatalf("report does not validate against GitLab's documented format: %v\n%s", err, out)
	}
	var issues []report.CodeQualityIssue
	if err := json.Unmarshal(out, &issues); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, is := range issues {
		if seen[is.Fingerprint] {
			t.Errorf("fingerprint %s twice: GitLab would show one issue", is.Fingerprint)
		}
		seen[is.Fingerprint] = true
	}
	return issues
}

// TestCodeQualitySchemaRejects: the schema is not a test that cannot fail.
func TestCodeQualitySchemaRejects(t *testing.T) {
	s := codeQualitySchema(t)
	for name, doc := range map[string]string{
		"no severity":   `[{"description":"d","check_name":"c","fingerprint":"f","location":{"path":"a","lines":{"begin":1}}}]`,
		"bad severity":  `[{"description":"d","check_name":"c","fingerprint":"f","severity":"high","location":{"path":"a","lines":{"begin":1}}}]`,
		"absolute path": `[{"description":"d","check_name":"c","fingerprint":"f","severity":"info","location":{"path":"/a","lines":{"begin":1}}}]`,
		"no line":       `[{"description":"d","check_name":"c","fingerprint":"f","severity":"info","location":{"path":"a"}}]`,
		"not an array":  `{"description":"d"}`,
	} {
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(doc))
		if err != nil {
			t.Fatal(err)
		}
		if s.Validate(v) == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestCodeQuality renders the example SBOM's result (waived and baseline
// findings, a dump with line numbers) and an input error, with absolute
// file names under a source root: every issue is valid, its path is
// relative to the root, severities follow the actions, and the waived
// finding says so.
func TestCodeQuality(t *testing.T) {
	res := richResult(t)
	root := repoRoot(t)
	for i := range res.Findings {
		res.Findings[i].Own()
		res.Findings[i].Component.File = filepath.Join(root, res.Findings[i].Component.File)
	}
	res.Errors = append(res.Errors, report.Error{File: filepath.Join(root, "testdata", "broken.json"), Line: 3, Message: "unexpected end of JSON"})
	var buf bytes.Buffer
	if err := (report.CodeQuality{}).Render(&buf, res, report.Options{SourceRoot: root, WorkDir: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	issues := checkCodeQuality(t, buf.Bytes())
	if len(issues) != len(res.Findings)+1 {
		t.Fatalf("%d issues for %d findings and 1 error", len(issues), len(res.Findings))
	}
	sev := map[string]string{"deny": "critical", "warn": "major", "info": "info"}
	waived := 0
	for i, f := range res.Findings {
		is := issues[i]
		want, err := filepath.Rel(root, f.Component.File)
		if err != nil {
			t.Fatal(err)
		}
		if is.Location.Path != filepath.ToSlash(want) {
			t.Errorf("issue %d path %q, want %q", i, is.Location.Path, want)
		}
		if f.Component.Line > 0 && is.Location.Lines.Begin != f.Component.Line {
			t.Errorf("issue %d line %d, want %d", i, is.Location.Lines.Begin, f.Component.Line)
		}
		if is.CheckName != report.RuleID(f) {
			t.Errorf("issue %d check %q, want %q", i, is.CheckName, report.RuleID(f))
		}
		if f.Waived {
			waived++
			if is.Severity != "info" || !strings.Contains(is.Description, "waived: ") {
				t.Errorf("waived finding: severity %s, description %q", is.Severity, is.Description)
			}
		} else if is.Severity != sev[string(f.Action)] {
			t.Errorf("issue %d (%s) severity %s, want %s", i, f.Action, is.Severity, sev[string(f.Action)])
		}
		if !strings.Contains(is.Description, f.Entity) {
			t.Errorf("issue %d description %q does not name %s", i, is.Description, f.Entity)
		}
	}
	if waived == 0 {
		t.Error("the example has no waived finding")
	}
	last := issues[len(issues)-1]
	if last.CheckName != report.CodeQualityInputError || last.Severity != "blocker" ||
		last.Location.Path != "testdata/broken.json" || last.Location.Lines.Begin != 3 {
		t.Errorf("input error issue %+v", last)
	}

	// An empty run is an empty array, not null.
	buf.Reset()
	if err := (report.CodeQuality{}).Render(&buf, emptyResult(), report.Options{}); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(buf.String()); got != "[]" {
		t.Errorf("empty report %q, want []", got)
	}
	checkCodeQuality(t, buf.Bytes())
}

func TestRepoPath(t *testing.T) {
	root := filepath.FromSlash("/work/repo")
	opt := report.Options{SourceRoot: root, WorkDir: filepath.Join(root, "sub")}
	for file, want := range map[string]string{
		"sbom.json":                             "sub/sbom.json",
		"../other/x.json":                       "other/x.json",
		filepath.Join(root, "a", "b.json"):      "a/b.json",
		filepath.FromSlash("/elsewhere/c.json"): "",
		"../../outside.json":                    "",
		"-":                                     "",
		filepath.Join(root, "..", "repo2", "x.json"): "",
	} {
		got, ok := opt.RepoPath(file)
		if got != want || ok != (want != "") {
			t.Errorf("RepoPath(%q) = %q, %v; want %q", file, got, ok, want)
		}
	}
	if _, ok := (report.Options{}).RepoPath("a.json"); ok {
		t.Error("no source root: a path was made relative")
	}
}
