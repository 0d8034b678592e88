package sarif_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/internal/testgen/reportfixture"
	"github.com/vendorcheck/vendorcheck/pkg/policy"
	"github.com/vendorcheck/vendorcheck/pkg/report"
	"github.com/vendorcheck/vendorcheck/pkg/report/sarif"
	"github.com/vendorcheck/vendorcheck/pkg/waiver"
)

// githubLog is the part of a SARIF log that GitHub code scanning reads
// (docs.github.com, "SARIF support for code scanning": the supported
// properties, which are required, and the limits of an upload).
type githubLog struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name  string `json:"name"`
				Rules []struct {
					ID               string `json:"id"`
					Name             string `json:"name"`
					ShortDescription struct {
						Text string `json:"text"`
					} `json:"shortDescription"`
					FullDescription struct {
						Text string `json:"text"`
					} `json:"fullDescription"`
					DefaultConfiguration struct {
						Level string `json:"level"`
					} `json:"defaultConfiguration"`
					Help struct {
						Text     string `json:"text"`
						Markdown string `json:"markdown"`
					} `json:"help"`
					Properties struct {
						Tags             []string `json:"tags"`
						SecuritySeverity string   `json:"security-severity"`
					} `json:"properties"`
				} `json:"rules"`
			} `json:"driver"`
			Extensions []json.RawMessage `json:"extensions"`
		} `json:"tool"`
		Invocations []struct {
			Notifications []struct {
				Level   string `json:"level"`
				Message struct {
					Text string `json:"text"`
				} `json:"message"`
			} `json:"toolExecutionNotifications"`
		} `json:"invocations"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex int    `json:"ruleIndex"`
			Level     string `json:"level"`
			Message   struct {
				Text string `json:"text"`
			} `json:"message"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI       string `json:"uri"`
						URIBaseID string `json:"uriBaseId"`
					} `json:"artifactLocation"`
					Region struct {
						StartLine int `json:"startLine"`
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
		} `json:"results"`
		Properties map[string]any `json:"properties"`
	} `json:"runs"`
}

// GitHub's documented limits: an upload over one is rejected.
const (
	ghMaxGzipBytes    = 10 << 20 // per gzip-compressed SARIF file
	ghMaxRuns         = 20
	ghMaxResults      = 25000 // per run (only the top 5,000 are shown)
	ghMaxRules        = 25000 // per run
	ghMaxExtensions   = 100   // tool extensions per run
	ghMaxTags         = 20    // per rule (10 shown)
	ghMaxName         = 255   // rule name, and identifiers
	ghMaxDescription  = 1024  // shortDescription.text, fullDescription.text
	ghShownLocations  = 10
	sarifSchemaLatest = "2.1.0"
)

// checkGitHubIngestion checks a SARIF log against what GitHub documents
// for an upload, and returns it.
func checkGitHubIngestion(t *testing.T, out []byte) githubLog {
	t.Helper()
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(out)
	zw.Close()
	if gz.Len() > ghMaxGzipBytes {
		t.Errorf("gzip-compressed SARIF is %d bytes, over GitHub's %d", gz.Len(), ghMaxGzipBytes)
	}
	var log githubLog
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatal(err)
	}
	if log.Schema == "" || log.Version != sarifSchemaLatest {
		t.Errorf("$schema %q, version %q: both required, version 2.1.0", log.Schema, log.Version)
	}
	if len(log.Runs) == 0 || len(log.Runs) > ghMaxRuns {
		t.Fatalf("%d runs, want 1 to %d", len(log.Runs), ghMaxRuns)
	}
	for _, run := range log.Runs {
		d := run.Tool.Driver
		if d.Name == "" {
			t.Error("tool.driver.name is required")
		}
		if len(run.Tool.Extensions) > ghMaxExtensions {
			t.Errorf("%d tool extensions", len(run.Tool.Extensions))
		}
		if len(d.Rules) > ghMaxRules {
			t.Errorf("%d rules in a run, over %d", len(d.Rules), ghMaxRules)
		}
		if len(run.Results) > ghMaxResults {
			t.Errorf("%d results in a run, over %d", len(run.Results), ghMaxResults)
		}
		for _, r := range d.Rules {
			where := "rule " + r.ID
			if r.ID == "" || len([]rune(r.ID)) > ghMaxName {
				t.Errorf("%s: id empty or over %d characters", where, ghMaxName)
			}
			if len([]rune(r.Name)) > ghMaxName {
				t.Errorf("%s: name over %d characters", where, ghMaxName)
			}
			for name, text := range map[string]string{"shortDescription": r.ShortDescription.Text, "fullDescription": r.FullDescription.Text} {
				if text == "" || len([]rune(text)) > ghMaxDescription {
					t.Errorf("%s: %s.text empty or over %d characters (%d)", where, name, ghMaxDescription, len([]rune(text)))
				}
			}
			if r.Help.Text == "" {
				t.Errorf("%s: help.text is required", where)
			}
			if len(r.Properties.Tags) > ghMaxTags {
				t.Errorf("%s: %d tags, over %d", where, len(r.Properties.Tags), ghMaxTags)
			}
			// security-severity makes the results security alerts, ranked
			// by the score: over 9.0 critical, 7.0-8.9 high, 4.0-6.9
			// medium, 0.1-3.9 low; the rule must be tagged security.
			sev, err := strconv.ParseFloat(r.Properties.SecuritySeverity, 64)
			if err != nil || sev <= 0 || sev > 10 {
				t.Errorf("%s: security-severity %q is not a score in (0, 10]", where, r.Properties.SecuritySeverity)
			}
			if !containsString(r.Properties.Tags, "security") {
				t.Errorf("%s: security-severity without the security tag %v", where, r.Properties.Tags)
			}
			band := map[string][2]float64{"error": {7.0, 8.9}, "warning": {4.0, 6.9}, "note": {0.1, 3.9}}[r.DefaultConfiguration.Level]
			if sev < band[0] || sev > band[1] {
				t.Errorf("%s: level %s with security-severity %v, want %v", where, r.DefaultConfiguration.Level, sev, band)
			}
		}
		for i, res := range run.Results {
			where := fmt.Sprintf("result %d", i)
			if res.Message.Text == "" {
				t.Errorf("%s: message.text is required", where)
			}
			if res.RuleIndex < 0 || res.RuleIndex >= len(d.Rules) || d.Rules[res.RuleIndex].ID != res.RuleID {
				t.Errorf("%s: ruleId %s, ruleIndex %d point at different rules", where, res.RuleID, res.RuleIndex)
			}
			if len(res.Locations) == 0 || len(res.Locations) > ghShownLocations {
				t.Errorf("%s: %d locations, want 1 to %d", where, len(res.Locations), ghShownLocations)
				continue
			}
			pl := res.Locations[0].PhysicalLocation
			if pl.ArtifactLocation.URI == "" || pl.Region.StartLine < 1 {
				t.Errorf("%s: artifactLocation.uri %q and region.startLine %d are required", where, pl.ArtifactLocation.URI, pl.Region.StartLine)
			}
			if len(res.PartialFingerprints) == 0 {
				t.Errorf("%s: no partialFingerprints", where)
			}
		}
	}
	return log
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// TestSARIFGitHubIngestion renders the shipped example's SARIF as the
// GitHub Action does (source root set) and checks it against GitHub's
// documented ingestion rules and limits: every rule has a
// security-severity matching its level, every URI is relative to the
// repository root with %SRCROOT%, and every rule's Markdown help says what
// the list is, what to do and how to waive, with an example waiver that
// the waiver parser accepts.
func TestSARIFGitHubIngestion(t *testing.T) {
	res := reportfixture.Rich(t)
	root := reportfixture.RepoRoot()
	var buf bytes.Buffer
	if err := (sarif.Format{}).Render(&buf, res, report.Options{SourceRoot: root, WorkDir: root}); err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, sarifSchema(t), buf.Bytes())
	log := checkGitHubIngestion(t, buf.Bytes())
	run := log.Runs[0]
	if len(run.Results) == 0 || len(run.Tool.Driver.Rules) == 0 {
		t.Fatal("the example gave no results")
	}
	files := map[string]bool{reportfixture.RichExample: true, reportfixture.RichDump: true}
	for i, r := range run.Results {
		al := r.Locations[0].PhysicalLocation.ArtifactLocation
		if al.URIBaseID != sarif.SourceRootBase {
			t.Errorf("result %d: uriBaseId %q, want %s", i, al.URIBaseID, sarif.SourceRootBase)
		}
		u, err := url.Parse(al.URI)
		if err != nil || u.Scheme != "" || strings.HasPrefix(u.Path, "/") || !files[u.Path] {
			t.Errorf("result %d: uri %q is not one of the inputs relative to the repository root", i, al.URI)
		}
	}
	sev := map[policy.Action]string{policy.ActionDeny: "8.0", policy.ActionWarn: "5.0", policy.ActionInfo: "2.0"}
	for a, want := range sev {
		if got := sarif.SecuritySeverity(a); got != want {
			t.Errorf("SecuritySeverity(%s) = %s, want %s (docs/outputs.md)", a, got, want)
		}
	}
	levels := map[string]bool{}
	fence := regexp.MustCompile("(?s)```yaml\n(.*?)```")
	for _, r := range run.Tool.Driver.Rules {
		levels[r.DefaultConfiguration.Level] = true
		md := r.Help.Markdown
		for _, want := range []string{"### What to do", "### How to waive", "--waivers FILE", "Citation: "} {
			if !strings.Contains(md, want) {
				t.Errorf("rule %s: help.markdown lacks %q", r.ID, want)
			}
		}
		m := fence.FindStringSubmatch(md)
		if m == nil {
			t.Errorf("rule %s: no example waiver in the help", r.ID)
			continue
		}
		ws, err := waiver.Parse("example.yaml", []byte(m[1]))
		if err != nil {
			t.Errorf("rule %s: the example waiver does not parse: %v\n%s", r.ID, err, m[1])
			continue
		}
		list, rule, _ := strings.Cut(r.ID, "/")
		if !strings.Contains(m[1], "list: "+list+"\n") || !strings.Contains(m[1], "rule: "+rule+"\n") || ws == nil {
			t.Errorf("rule %s: the example waiver is not for this rule:\n%s", r.ID, m[1])
		}
	}
	if !levels["error"] || !levels["warning"] {
		t.Errorf("the example has rule levels %v; want denials and warnings both", levels)
	}
}

// TestSARIFResultLimit: a run over GitHub's 25,000 results keeps the
// strongest ones and says how many it left out, instead of being rejected
// whole.
func TestSARIFResultLimit(t *testing.T) {
	const n = sarif.MaxResults + 7
	res := reportfixture.Empty()
	for i := range n {
		action := policy.ActionWarn
		if i%1000 == 0 {
			action = policy.ActionDeny
		}
		c := report.Component{File: "fleet.csv", Line: i + 2, Name: fmt.Sprintf("camera %d", i), Kind: "device"}
		res.Findings = append(res.Findings, report.Finding{
			Fingerprint: report.Fingerprint("hikvision", "us-fcc-covered-list", "hikvision", c),
			Subject:     &report.Subject{Component: c, Entity: "hikvision", EntityName: "Hikvision"},
			Finding: &policy.Finding{List: "us-fcc-covered-list", ListTitle: "FCC Covered List", Jurisdiction: "US", Rule: "hikvision",
				Action: action, Status: "in-force", Message: "covered"},
		})
	}
	res.Verdicts = nil
	var buf bytes.Buffer
	if err := (sarif.Format{}).Render(&buf, res, report.Options{}); err != nil {
		t.Fatal(err)
	}
	log := checkGitHubIngestion(t, buf.Bytes())
	run := log.Runs[0]
	if len(run.Results) != sarif.MaxResults {
		t.Fatalf("%d results, want the limit %d", len(run.Results), sarif.MaxResults)
	}
	deny := 0
	for _, r := range run.Results {
		if r.Level == "error" {
			deny++
		}
	}
	if want := (n + 999) / 1000; deny != want {
		t.Errorf("%d denials kept, want all %d", deny, want)
	}
	if got, _ := run.Properties["omittedResults"].(float64); int(got) != 7 {
		t.Errorf("omittedResults %v, want 7", run.Properties["omittedResults"])
	}
	notes := run.Invocations[0].Notifications
	if len(notes) == 0 || !strings.Contains(notes[len(notes)-1].Message.Text, "7 of 25007 results left out") {
		t.Errorf("no notification of the left-out results: %+v", notes)
	}
}
