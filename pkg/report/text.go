package report

import (
	"encoding/json"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/match"
)

// The labels and texts that several formats share.

// InformationURI is the project's home, named in SARIF and JUnit output.
const InformationURI = "https://github.com/vendorcheck/vendorcheck"

// RuleID is the identifier of a list rule in SARIF and JUnit: "list/rule".
func RuleID(f Finding) string { return f.List + "/" + f.Rule }

// WaiverText says why a finding is waived, by whom and until when.
func WaiverText(w WaiverRef) string {
	s := w.Reason
	if w.ApprovedBy != "" {
		s += "; approved by " + w.ApprovedBy
	}
	if w.Expires != "" {
		s += "; expires " + w.Expires
	}
	if w.Source != "" {
		s += " (" + w.Source + ")"
	}
	return s
}

// FindingText is the one-line message of a finding: who, what, and why.
func FindingText(f Finding) string {
	var b strings.Builder
	b.WriteString(entityLabel(f.Entity, f.EntityName))
	b.WriteString(": ")
	b.WriteString(componentLabel(f.Component))
	if f.Component.Ref != "" {
		b.WriteString(" [" + f.Component.Ref + "]")
	}
	b.WriteString(" is on " + RuleID(f) + " (" + string(f.Action) + ")")
	if f.Message != "" {
		b.WriteString(". " + f.Message)
	}
	return b.String()
}

func entityLabel(entity, name string) string {
	if name != "" && name != entity {
		return name + " (" + entity + ")"
	}
	return entity
}

func componentLabel(c Component) string {
	s := c.Name
	if c.Version != "" {
		s += "@" + c.Version
	}
	if s == "" {
		s = c.Where()
	}
	return s
}

// EvidenceLines renders each piece of evidence as one line; pieces that
// read the same (one value matching several catalog aliases) are one line.
func EvidenceLines(evidence []match.Evidence) []string {
	out := make([]string, 0, len(evidence))
	seen := map[string]bool{}
	for _, ev := range evidence {
		s := ev.Field + "=" + quote(ev.Value) + " (" + ev.Rule + ", " + ev.Confidence.String()
		if ev.Via != "" {
			s += ", via " + ev.Via
		}
		s += ")"
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// ErrorText is an error's message, led by its file when the message
// does not name it already.
func ErrorText(e Error) string {
	if e.File != "" && !strings.HasPrefix(e.Message, e.File) {
		return e.File + ": " + e.Message
	}
	return e.Message
}
