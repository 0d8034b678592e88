package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// cliPayloads are hostile texts put into component fields and file names;
// TestInjection holds the full list for the formats.
var cliPayloads = []string{
	"\x1b]0;pwned\x07",
	"\x1b[2J\x1b]52;c;ZXZpbA==\x07",
	"\n::add-mask::ZTE",
	"\nDENY  huawei  FORGED ROW",
	"\r::error::forged",
	"\u202eZTE\u202c",
	"nul\x00",
}

// TestInjectionCLI runs the real binary with -vv and every registered
// output format on a directory whose SBOM carries hostile component names
// and whose file names hold escape sequences, newlines and workflow
// commands: standard output, standard error and every report file must
// hold none of them raw, and no line may begin with text from an input.
func TestInjectionCLI(t *testing.T) {
	exe, err := exec.LookPath("vendorcheck")
	if err != nil {
		t.Fatalf("the vendorcheck test command is not on PATH: %v", err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	var comps []map[string]any
	for i, p := range cliPayloads {
		comps = append(comps, map[string]any{
			"type": "device", "bom-ref": "ref" + p, "name": "MF833V" + p, "version": "1" + p,
			"supplier": map[string]any{"name": "ZTE Corporation"},
			"purl":     "pkg:generic/zte/m" + string(rune('a'+i)) + "?q=" + p,
		})
		comps = append(comps, map[string]any{"type": "library", "name": p, "publisher": p})
	}
	doc, err := json.Marshal(map[string]any{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": comps})
	if err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, filepath.Join(in, "evil.cdx.json"), doc)
	// File names: one decodes, one is broken (an error line names it),
	// one is skipped (a -v line names it).
	writeTestFile(t, filepath.Join(in, "x\n::add-mask::ZTE\x1b[2J.cdx.json"), doc)
	writeTestFile(t, filepath.Join(in, "y\n::error::forged\x1b]0;t\x07.cdx.json"), []byte(`{"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"name":"a`))
	writeTestFile(t, filepath.Join(in, "z\r::warning::\u202e.txt"), []byte("not an inventory"))

	for _, id := range Formats().IDs() {
		t.Run(id, func(t *testing.T) {
			out := filepath.Join(dir, "report."+id)
			args := []string{"scan", "-vv", "--as-of", "2026-11-27", "-o", "table", "-o", id + "=" + out, "in"}
			cmd := exec.CommandContext(context.Background(), exe, args...)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "NO_COLOR=1")
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			if code := cmd.ProcessState.ExitCode(); code != ExitError {
				t.Fatalf("exit %d (%v), want 2 (one input is broken)\nstderr: %s", code, err, stderr.String())
			}
			if !strings.Contains(stdout.String(), "ZTE") || !strings.Contains(stderr.String(), `\n::error::forged\x1B]0;t\x07.cdx.json`) {
				t.Errorf("the findings or the broken input's escaped name are missing\nstdout: %s\nstderr: %s", stdout.String(), stderr.String())
			}
			file, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			for name, text := range map[string][]byte{"stdout": stdout.Bytes(), "stderr": stderr.Bytes(), id + " report": file} {
				if id == "xlsx" && name == id+" report" {
					continue // a zip; the report package checks its parts
				}
				checkNoInjection(t, name, string(text))
			}
		})
	}
}

func checkNoInjection(t *testing.T, what, text string) {
	t.Helper()
	for i, line := range strings.Split(text, "\n") {
		if j := strings.IndexFunc(line, func(r rune) bool {
			return r == 0x1b || r == 0 || r == 7 || r == '\r' || r == 0x202e || r == 0x202c
		}); j >= 0 {
			t.Errorf("%s line %d holds a raw control or bidi character: %q", what, i+1, line)
		}
		trimmed := strings.TrimLeftFunc(line, unicode.IsSpace)
		if strings.HasPrefix(trimmed, "::") || strings.HasPrefix(trimmed, "DENY  huawei  FORGED") {
			t.Errorf("%s line %d begins with text from an input: %q", what, i+1, line)
		}
	}
}

// TestInjectionListCommands runs the commands that print list, catalog and
// configuration text on hostile files: a user's own list (policies show,
// validate, diff) and a discovered configuration (config, which also
// prints the file's path). Their output escapes control characters as
// every other output does.
func TestInjectionListCommands(t *testing.T) {
	exe, err := exec.LookPath("vendorcheck")
	if err != nil {
		t.Fatalf("the vendorcheck test command is not on PATH: %v", err)
	}
	dir := t.TempDir()
	list := "id: own-list\n" +
		"title: \"Evil \\e[2J title\\n::add-mask::ZTE\"\n" +
		"jurisdiction: XX\n" +
		"authority: \"\\e]0;pwned\\a me\"\n" +
		"instrument: \"own\\r::warning::forged\"\n" +
		"citation: own\n" +
		"url: https://example.invalid/\n" +
		"reviewed: 2026-01-01\n" +
		"scope: \"line\\n::error::forged\"\n" +
		"categories: [telecom-equipment]\n" +
		"rules:\n" +
		"  - id: r1\n" +
		"    entity: zte\n" +
		"    categories: [telecom-equipment]\n" +
		"    action: deny\n" +
		"    note: \"x\\u202eZTE\\u202c\\n::add-mask::ZTE\"\n" +
		"notes:\n" +
		"  - text: \"\\e[31mred\\n::add-mask::ZTE\"\n" +
		"    verified: false\n"
	writeTestFile(t, filepath.Join(dir, "own.yaml"), []byte(list))
	conf := filepath.Join(dir, "repo\x1b[2J\n::add-mask::ZTE")
	if err := os.MkdirAll(filepath.Join(conf, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, filepath.Join(conf, ".vendorcheck.yaml"), []byte("deny: [\"zte\"]\nfail-on: warn\n"))
	for _, c := range []struct {
		dir  string
		args []string
		want string // in standard output
	}{
		{dir, []string{"policies", "show", "own.yaml"}, `Evil \x1B[2J title\n::add-mask::ZTE`},
		{dir, []string{"policies", "validate", "own.yaml"}, "own.yaml: ok"},
		{dir, []string{"policies", "list"}, "us-fcc-covered-list"},
		{dir, []string{"vendors", "show", "zte"}, "ZTE"},
		{conf, []string{"config"}, `.vendorcheck.yaml`},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			cmd := exec.CommandContext(context.Background(), exe, c.args...)
			cmd.Dir = c.dir
			cmd.Env = append(os.Environ(), "NO_COLOR=1")
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("%v\nstderr: %s", err, stderr.String())
			}
			if !strings.Contains(stdout.String(), c.want) {
				t.Errorf("standard output lacks %q:\n%s", c.want, stdout.String())
			}
			checkNoInjection(t, "stdout", stdout.String())
			checkNoInjection(t, "stderr", stderr.String())
		})
	}
}
