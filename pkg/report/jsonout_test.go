package report_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/vendorcheck/vendorcheck/internal/testgen/reportfixture"
	"github.com/vendorcheck/vendorcheck/pkg/internal/safetext"
	"github.com/vendorcheck/vendorcheck/pkg/report"
)

// The json and codequality formats write their documents a piece at a
// time; the bytes must be those json.Encoder writes for the whole value.
func TestJSONPiecewiseMatchesEncoder(t *testing.T) {
	hostile := reportfixture.HostileResult()
	for name, res := range map[string]*report.Result{"empty": emptyResult(), "rich": richResult(t), "hostile": hostile} {
		t.Run(name, func(t *testing.T) {
			got := render(t, mustFormat(t, "json"), res)
			c := *res
			if c.Verdicts == nil {
				c.Verdicts = []report.Verdict{}
			}
			c.Findings = nil
			if want := encodeWhole(t, &c); !bytes.Equal(got, want) {
				t.Errorf("json differs from json.Encoder's: %s", reportfixture.FirstDiff(string(want), string(got)))
			}

			got = render(t, mustFormat(t, "codequality"), res)
			var issues []report.CodeQualityIssue
			if err := json.Unmarshal(got, &issues); err != nil {
				t.Fatal(err)
			}
			if len(issues) != len(res.Findings)+len(res.Errors) {
				t.Errorf("%d issues, want %d", len(issues), len(res.Findings)+len(res.Errors))
			}
			if issues == nil {
				issues = []report.CodeQualityIssue{}
			}
			if want := encodeWhole(t, issues); !bytes.Equal(got, want) {
				t.Errorf("codequality differs from json.Encoder's: %s", reportfixture.FirstDiff(string(want), string(got)))
			}
		})
	}
}

// encodeWhole is what the formats wrote before: the whole value through one
// indenting encoder (and the format characters escaped, as the formats do).
func encodeWhole(t *testing.T, v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return safetext.JSON(b.Bytes())
}
