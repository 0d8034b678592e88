package report

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"path/filepath"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/internal/jsonout"
	"github.com/vendorcheck/vendorcheck/pkg/internal/safetext"
	"github.com/vendorcheck/vendorcheck/pkg/policy"
)

// CodeQuality writes a GitLab Code Quality report: the subset of the Code
// Climate issue format that GitLab reads on every tier (merge request
// widget; pipeline view on Premium, diff annotations on Ultimate). One
// issue per finding and one per input that could not be checked.
//
// GitLab reads description, check_name, fingerprint, severity,
// location.path (relative to the repository root) and location.lines.begin,
// and refuses a byte order mark (docs.gitlab.com, "Code Quality", section
// "Implement a custom tool").
type CodeQuality struct{}

func (CodeQuality) ID() string { return "codequality" }
func (CodeQuality) Description() string {
	return "GitLab Code Quality report (artifacts:reports:codequality; every GitLab tier)"
}

// CodeQualityIssue is one issue of a Code Quality report. The type is
// exported so that tests and users can read the report back.
type CodeQualityIssue struct {
	Type        string              `json:"type"`
	CheckName   string              `json:"check_name"`
	Description string              `json:"description"`
	Categories  []string            `json:"categories"`
	Fingerprint string              `json:"fingerprint"`
	Severity    string              `json:"severity"`
	Location    CodeQualityLocation `json:"location"`
}

// CodeQualityLocation is where an issue is: a path relative to the
// repository root and a line (1 when the input has no line numbers).
type CodeQualityLocation struct {
	Path  string `json:"path"`
	Lines struct {
		Begin int `json:"begin"`
	} `json:"lines"`
}

// Code Quality severities, lowest first (GitLab: info, minor, major,
// critical, blocker).
const (
	cqInfo     = "info"
	cqMajor    = "major"
	cqCritical = "critical"
	cqBlocker  = "blocker"
)

// codeQualitySeverity maps an action: a denial is critical, a warning
// major, information info. A waived finding is info whatever its action:
// it is accepted until the waiver expires. An input that could not be
// checked is a blocker (see Render).
func codeQualitySeverity(f Finding) string {
	if f.Waived {
		return cqInfo
	}
	switch f.Action {
	case policy.ActionDeny:
		return cqCritical
	case policy.ActionWarn:
		return cqMajor
	}
	return cqInfo
}

// CodeQualityInputError is the check_name of an input that could not be
// checked.
const CodeQualityInputError = "vendorcheck/input-error"

func (CodeQuality) Render(w io.Writer, r *Result, opt Options) error {
	r = SafeResult(r) // text from inputs shown escaped (safe.go)
	// One issue at a time: a description may hold a 1 MiB name, and the
	// issues are not kept (internal/jsonout).
	issue := func(i int) any {
		if i < len(r.Findings) {
			f := r.Findings[i]
			desc := FindingText(f)
			if f.Waived && f.Waiver != nil {
				desc += " (waived: " + WaiverText(*f.Waiver) + ")"
			}
			path := cqPath(f.Component.File, opt)
			is := CodeQualityIssue{
				Type:        "issue",
				CheckName:   RuleID(f),
				Description: desc,
				Categories:  []string{"Security"},
				// Per file: the same component in two SBOMs is two issues,
				// which GitLab would otherwise show as one.
				Fingerprint: cqFingerprint(f.Fingerprint, path, f.Component.Ref),
				Severity:    codeQualitySeverity(f),
			}
			is.Location.Path = path
			is.Location.Lines.Begin = max(f.Component.Line, 1)
			return is
		}
		e := r.Errors[i-len(r.Findings)]
		path := cqPath(e.File, opt)
		is := CodeQualityIssue{
			Type:        "issue",
			CheckName:   CodeQualityInputError,
			Description: "could not check " + ErrorText(e),
			Categories:  []string{"Bug Risk"},
			Fingerprint: cqFingerprint(CodeQualityInputError, path, e.Message),
			Severity:    cqBlocker,
		}
		is.Location.Path = path
		is.Location.Lines.Begin = max(e.Line, 1)
		return is
	}
	sw := safetext.NewJSONWriter(w)
	o := jsonout.New(sw)
	o.Array(0, len(r.Findings)+len(r.Errors), issue)
	o.Raw("\n")
	if err := o.Err(); err != nil {
		return err
	}
	return sw.Close()
}

// cqPath is a file name as GitLab wants it: relative to the repository
// root, with forward slashes. A file outside the root keeps its name as
// given (GitLab links only paths inside the checkout).
func cqPath(file string, opt Options) string {
	if rel, ok := opt.RepoPath(file); ok {
		return rel
	}
	return filepath.ToSlash(file)
}

// cqFingerprint hashes the parts that make an issue unique (MD5-sized hex,
// as the GitLab example).
func cqFingerprint(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(h[:16])
}
