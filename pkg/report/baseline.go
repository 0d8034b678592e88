package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/policy"
)

// MaxResultSize bounds what ReadResult reads: a baseline is a file the user
// names, and a result of this size would hold millions of findings.
const MaxResultSize int64 = 512 << 20

// ApplyBaseline marks the findings of res whose fingerprint is in baseline
// as Baseline, so that only new findings fail the run (osv-scanner's
// baseline mode). Callers recount with scan.Tally afterwards. A nil
// baseline marks nothing.
func ApplyBaseline(res *Result, baseline *Result) {
	if res == nil || baseline == nil {
		return
	}
	known := make(map[string]bool, len(baseline.Findings))
	for _, f := range baseline.Findings {
		if f.Fingerprint != "" {
			known[f.Fingerprint] = true
		}
	}
	for i := range res.Findings {
		if known[res.Findings[i].Fingerprint] {
			res.Findings[i].Baseline = true
		}
	}
}

// ReadResult reads a result written earlier by `-o json`, strictly: unknown
// fields, trailing data and a schema version whose major part is not this
// program's are errors. Errors name the line where one is known.
func ReadResult(r io.Reader) (*Result, error) {
	res, line, err := readResult(r)
	if err != nil && line > 0 {
		return nil, fmt.Errorf("line %d: %w", line, err)
	}
	return res, err
}

// ReadResultFile reads a result file (the CLI's --baseline); errors read
// "file:line: message".
func ReadResultFile(name string) (*Result, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	res, line, err := readResult(f)
	switch {
	case err == nil:
		return res, nil
	case line > 0:
		return nil, fmt.Errorf("%s:%d: %w", name, line, err)
	}
	return nil, fmt.Errorf("%s: %w", name, err)
}

func readResult(r io.Reader) (*Result, int, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxResultSize+1))
	if err != nil {
		return nil, 0, err
	}
	if int64(len(data)) > MaxResultSize {
		return nil, 0, fmt.Errorf("result is larger than %d MiB", MaxResultSize>>20)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, 0, errors.New("empty file, want a vendorcheck JSON result (-o json)")
	}
	// Check the version first, so that a result from another major version
	// gets a version error rather than an unknown-field one.
	var head struct {
		SchemaVersion *string `json:"schema_version"`
	}
	if err := json.NewDecoder(bytes.NewReader(data)).Decode(&head); err != nil {
		return nil, lineOf(data, err), fmt.Errorf("not a vendorcheck JSON result: %v", err)
	}
	if head.SchemaVersion == nil {
		return nil, 0, errors.New(`not a vendorcheck JSON result (-o json): no "schema_version"`)
	}
	wantMajor, _, _ := strings.Cut(SchemaVersion, ".")
	gotMajor, _, _ := strings.Cut(*head.SchemaVersion, ".")
	// Schema 1 results (flat findings) are still read, as baselines.
	if gotMajor != wantMajor && gotMajor != "1" {
		return nil, 0, fmt.Errorf("result schema version %q is not supported (want %s.x or 1.x)", *head.SchemaVersion, wantMajor)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var res Result
	if err := dec.Decode((*resultFields)(&res)); err != nil {
		line := lineOf(data, err)
		if line == 0 {
			line = unknownFieldLine(data, err)
		}
		return nil, line, fmt.Errorf("result: %v", err)
	}
	if dec.More() {
		return nil, 0, errors.New("result: unexpected data after the JSON document")
	}
	res.flattenHits()
	for i, f := range res.Findings {
		if f.Fingerprint == "" {
			return nil, 0, fmt.Errorf("result: finding %d has no fingerprint", i+1)
		}
	}
	return &res, 0, nil
}

// resultFields decodes a Result field by field, without its UnmarshalJSON
// (which would lose the decoder's strictness).
type resultFields Result

// UnmarshalJSON reads a result as -o json wrote it; the rule hits nested in
// the verdicts (schema 2) are also put back in Findings, flat.
func (r *Result) UnmarshalJSON(data []byte) error {
	if err := json.Unmarshal(data, (*resultFields)(r)); err != nil {
		return err
	}
	r.flattenHits()
	return nil
}

// flattenHits fills Findings from the verdicts' hits when the result had
// none of its own (schema 2 nests them).
func (r *Result) flattenHits() {
	for i := range r.Verdicts {
		v := &r.Verdicts[i]
		if v.Subject == nil {
			v.Subject = &Subject{}
		}
		for j := range v.Hits {
			if v.Hits[j].Finding == nil {
				v.Hits[j].Finding = &policy.Finding{}
			}
		}
	}
	for i := range r.Findings {
		r.Findings[i].complete()
	}
	if len(r.Findings) > 0 {
		return
	}
	for _, v := range r.Verdicts {
		for _, h := range v.Hits {
			r.Findings = append(r.Findings, Finding{Fingerprint: h.Fingerprint, Subject: v.Subject,
				Finding: h.Finding, Baseline: h.Baseline, Waived: h.Waived, Waiver: h.Waiver})
		}
	}
	r.Sort()
}

// lineOf gives the line of a JSON error that has an offset, else 0.
func lineOf(data []byte, err error) int {
	var off int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	}
	if off < 0 || off > int64(len(data)) {
		return 0
	}
	return 1 + bytes.Count(data[:off], []byte("\n"))
}

// unknownFieldLine finds the line of the key an unknown-field error names
// (such errors carry no offset): the first place the key is used as one.
func unknownFieldLine(data []byte, err error) int {
	_, name, ok := strings.Cut(err.Error(), "unknown field ")
	if !ok {
		return 0
	}
	key, uerr := strconv.Unquote(name)
	if uerr != nil {
		return 0
	}
	re, rerr := regexp.Compile(regexp.QuoteMeta(quote(key)) + `\s*:`)
	if rerr != nil {
		return 0
	}
	loc := re.FindIndex(data)
	if loc == nil {
		return 0
	}
	return 1 + bytes.Count(data[:loc[0]], []byte("\n"))
}
