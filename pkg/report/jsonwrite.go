package report

import (
	"github.com/vendorcheck/vendorcheck/pkg/internal/jsonout"
	"github.com/vendorcheck/vendorcheck/pkg/match"
	"github.com/vendorcheck/vendorcheck/pkg/policy"
)

// The JSON report is written field by field by the functions below, not by
// encoding/json: in a short run the encoder's first look at each type (its
// fields found by reflection) and its compact copy, indented afterwards,
// were most of the report's time. The bytes are the encoder's for the
// same value (SetIndent("", "  "), SetEscapeHTML(false)), with the format
// characters escaped as safetext.JSON does; TestJSONWriterMatchesEncoder
// fills every field of every type here by reflection and compares, so a
// field added to one of these types and not written here fails it.
//
// Each function writes its fields in the order of the struct, the fields
// of an embedded struct where it is embedded (none when its pointer is
// nil), with the tag's name; omitempty as encoding/json reads it.

func writeResult(s *jsonout.Stream, r *Result) {
	s.Open('{')
	s.Str("schema_version", r.SchemaVersion)
	s.Key("tool")
	writeTool(s, &r.Tool)
	s.Key("parameters")
	writeParameters(s, &r.Parameters)
	s.Key("summary")
	writeSummary(s, &r.Summary)
	s.Key("inputs")
	writeList(s, r.Inputs, writeInput)
	s.Key("verdicts")
	writeList(s, r.Verdicts, writeVerdict)
	if len(r.Findings) > 0 {
		s.Key("findings")
		writeList(s, r.Findings, writeFinding)
	}
	s.Key("attributed")
	writeList(s, r.Attributed, writeAttributed)
	s.Key("unassessed")
	writeList(s, r.Unassessed, writeComponent)
	if len(r.UnlistedUnassessed) > 0 {
		s.Key("unlisted_unassessed")
		writeList(s, r.UnlistedUnassessed, writeUnlistedCount)
	}
	s.Key("errors")
	writeList(s, r.Errors, writeError)
	if len(r.Warnings) > 0 {
		s.Key("warnings")
		writeList(s, r.Warnings, writeWarning)
	}
	if len(r.Skipped) > 0 {
		s.Key("skipped")
		writeList(s, r.Skipped, writeSkipped)
	}
	if len(r.Waivers) > 0 {
		s.Key("waivers")
		writeList(s, r.Waivers, writeWaiverStatus)
	}
	if len(r.Groups) > 0 {
		s.Key("groups")
		writeList(s, r.Groups, writeGroup)
	}
	if len(r.Deadlines) > 0 {
		s.Key("deadlines")
		writeList(s, r.Deadlines, writeDeadline)
	}
	s.Close('}')
}

// writeList writes a list element by element: null when it is nil.
func writeList[T any](s *jsonout.Stream, xs []T, write func(*jsonout.Stream, *T)) {
	if xs == nil {
		s.Null()
		return
	}
	s.Open('[')
	for i := range xs {
		s.Elem()
		write(s, &xs[i])
	}
	s.Close(']')
}

func writeTool(s *jsonout.Stream, t *Tool) {
	s.Open('{')
	s.Str("name", t.Name)
	s.Str("version", t.Version)
	s.StrOmit("data_reviewed", t.DataReviewed)
	if d := t.Data; d != nil {
		s.Key("data")
		s.Open('{')
		s.Str("bundle", d.Bundle)
		s.Str("version", d.Version)
		s.Str("built", d.Built)
		s.Str("source", d.Source)
		s.Str("signature", d.Signature)
		s.StrOmit("key_id", d.KeyID)
		s.IntField("age_days", d.AgeDays)
		s.Close('}')
	}
	s.Close('}')
}

func writeParameters(s *jsonout.Stream, p *Parameters) {
	s.Open('{')
	s.Str("as_of", p.AsOf)
	s.Str("fail_on", p.FailOn)
	s.Str("min_confidence", p.MinConfidence)
	if len(p.Uses) > 0 {
		s.Key("uses")
		s.Strings(p.Uses)
	}
	if len(p.Jurisdictions) > 0 {
		s.Key("jurisdictions")
		s.Strings(p.Jurisdictions)
	}
	s.Key("lists")
	writeList(s, p.Lists, writeListInfo)
	if len(p.Settings) > 0 {
		s.Key("settings")
		writeList(s, p.Settings, writeSetting)
	}
	s.Close('}')
}

func writeListInfo(s *jsonout.Stream, l *ListInfo) {
	s.Open('{')
	s.Str("id", l.ID)
	s.Str("title", l.Title)
	s.Str("jurisdiction", l.Jurisdiction)
	s.Str("reviewed", l.Reviewed)
	s.StrOmit("status", l.Status)
	s.StrOmit("file", l.File)
	s.BoolOmit("organisation", l.Organisation)
	s.Close('}')
}

func writeSetting(s *jsonout.Stream, x *Setting) {
	s.Open('{')
	s.Str("name", x.Name)
	s.Str("value", x.Value)
	s.Str("source", x.Source)
	s.Close('}')
}

func writeSummary(s *jsonout.Stream, x *Summary) {
	s.Open('{')
	s.IntField("files", x.Files)
	s.IntField("files_failed", x.FilesFailed)
	s.IntField("files_skipped", x.FilesSkipped)
	s.IntField("components", x.Components)
	s.IntField("attributed", x.Attributed)
	s.IntField("unassessed", x.Unassessed)
	s.IntOmit("unassessed_unlisted", x.UnassessedUnlisted)
	s.IntField("flagged", x.Flagged)
	s.Key("verdicts")
	s.Counts(x.Verdicts)
	s.Key("findings")
	s.Counts(x.Findings)
	s.Key("by_format")
	s.Counts(x.ByFormat)
	s.IntField("failing", x.Failing)
	s.Str("fail_on", x.FailOnAction)
	s.Close('}')
}

func writeInput(s *jsonout.Stream, in *Input) {
	s.Open('{')
	s.Str("file", in.File)
	s.StrOmit("format", in.Format)
	s.StrOmit("spec_version", in.SpecVersion)
	s.IntField("components", in.Components)
	s.StrOmit("error", in.Error)
	if len(in.Hosts) > 0 {
		s.Key("hosts")
		writeList(s, in.Hosts, writeHostCount)
	}
	s.Close('}')
}

func writeHostCount(s *jsonout.Stream, h *HostCount) {
	s.Open('{')
	s.Str("key", h.Key)
	s.Str("kind", h.Kind)
	s.StrOmit("site", h.Site)
	s.IntField("components", h.Components)
	s.Close('}')
}

func writeComponent(s *jsonout.Stream, c *Component) {
	s.Open('{')
	s.Str("file", c.File)
	s.Str("ref", c.Ref)
	s.IntOmit("line", c.Line)
	if len(c.Path) > 0 {
		s.Key("path")
		s.Strings(c.Path)
	}
	s.Str("name", c.Name)
	s.StrOmit("version", c.Version)
	s.Str("kind", c.Kind)
	s.StrOmit("purl", c.PURL)
	s.StrOmit("host", c.Host)
	s.StrOmit("site", c.Site)
	s.StrOmit("category", c.Category)
	s.StrOmit("category_signal", c.CategorySignal)
	s.Close('}')
}

func writeVerdict(s *jsonout.Stream, v *Verdict) {
	s.Open('{')
	s.Str("fingerprint", v.Fingerprint)
	if v.Subject != nil {
		writeSubjectFields(s, v.Subject)
	}
	s.StrOmit("category", v.Category)
	s.StrOmit("category_signal", v.CategorySignal)
	s.Str("action", string(v.Action))
	s.Str("status", v.Status)
	s.Str("why", v.Why)
	s.Str("list", v.List)
	s.Str("list_title", v.ListTitle)
	s.Str("jurisdiction", v.Jurisdiction)
	s.Str("rule", v.Rule)
	s.BoolOmit("organisation", v.Organisation)
	s.IntField("also", v.Also)
	s.BoolField("failing", v.Failing)
	s.BoolOmit("waived", v.Waived)
	writeWaiverField(s, v.Waiver)
	s.BoolOmit("baseline", v.Baseline)
	s.Key("hits")
	writeList(s, v.Hits, writeHit)
	s.Close('}')
}

// writeSubjectFields writes a Subject's fields into the object that embeds
// it.
func writeSubjectFields(s *jsonout.Stream, x *Subject) {
	s.Key("component")
	writeComponent(s, &x.Component)
	s.Str("entity", x.Entity)
	s.Str("entity_name", x.EntityName)
	s.Str("confidence", x.Confidence.String())
	s.Str("relation", string(x.Relation))
	s.Key("evidence")
	writeList(s, x.Evidence, writeEvidence)
}

func writeEvidence(s *jsonout.Stream, e *match.Evidence) {
	s.Open('{')
	s.Str("field", e.Field)
	s.Str("value", e.Value)
	s.StrOmit("normalized", e.Normalized)
	s.Str("rule", e.Rule)
	s.Str("matched", e.Matched)
	s.Str("confidence", e.Confidence.String())
	s.StrOmit("via", e.Via)
	s.BoolOmit("unverified", e.Unverified)
	s.StrOmit("note", e.Note)
	s.Close('}')
}

func writeHit(s *jsonout.Stream, h *Hit) {
	s.Open('{')
	s.Str("fingerprint", h.Fingerprint)
	if h.Finding != nil {
		writeRuleFields(s, h.Finding)
	}
	s.BoolOmit("baseline", h.Baseline)
	s.BoolOmit("waived", h.Waived)
	writeWaiverField(s, h.Waiver)
	s.Close('}')
}

// writeRuleFields writes a policy.Finding's fields into the object that
// embeds it.
func writeRuleFields(s *jsonout.Stream, f *policy.Finding) {
	s.Str("list", f.List)
	s.Str("list_title", f.ListTitle)
	s.Str("jurisdiction", f.Jurisdiction)
	s.Str("rule", f.Rule)
	s.Str("action", string(f.Action))
	s.Str("status", f.Status)
	s.Str("message", f.Message)
	s.Str("citation", f.Citation)
	s.Str("url", f.URL)
	s.StrOmit("scope", f.Scope)
	if len(f.Uses) > 0 {
		s.Key("uses")
		s.Strings(f.Uses)
	}
	s.StrOmit("effective", f.Effective)
	s.StrOmit("deadline", f.Deadline)
	if f.DaysRemaining != nil {
		s.IntField("days_remaining", *f.DaysRemaining)
	}
	s.Str("judged_at", f.JudgedAt)
	s.BoolOmit("unverified", f.Unverified)
	s.BoolOmit("use_undeclared", f.UseUndeclared)
	s.BoolOmit("organisation", f.Organisation)
}

func writeFinding(s *jsonout.Stream, f *Finding) {
	s.Open('{')
	s.Str("fingerprint", f.Fingerprint)
	if f.Subject != nil {
		writeSubjectFields(s, f.Subject)
	}
	if f.Finding != nil {
		writeRuleFields(s, f.Finding)
	}
	s.BoolOmit("baseline", f.Baseline)
	s.BoolOmit("waived", f.Waived)
	writeWaiverField(s, f.Waiver)
	s.Close('}')
}

// writeWaiverField writes "waiver" unless w is nil (omitempty).
func writeWaiverField(s *jsonout.Stream, w *WaiverRef) {
	if w == nil {
		return
	}
	s.Key("waiver")
	s.Open('{')
	writeWaiverRefFields(s, w)
	s.Close('}')
}

func writeWaiverRefFields(s *jsonout.Stream, w *WaiverRef) {
	s.StrOmit("id", w.ID)
	s.Str("reason", w.Reason)
	s.Str("expires", w.Expires)
	s.Str("approved_by", w.ApprovedBy)
	s.StrOmit("source", w.Source)
}

func writeWaiverStatus(s *jsonout.Stream, w *WaiverStatus) {
	s.Open('{')
	writeWaiverRefFields(s, &w.WaiverRef)
	s.Str("status", w.Status)
	s.IntField("matched", w.Matched)
	s.Close('}')
}

func writeAttributed(s *jsonout.Stream, a *Attributed) {
	s.Open('{')
	s.Key("component")
	writeComponent(s, &a.Component)
	s.Key("attributions")
	writeList(s, a.Attributions, writeAttribution)
	s.Close('}')
}

func writeAttribution(s *jsonout.Stream, a *match.Attribution) {
	s.Open('{')
	s.Str("entity", a.Entity)
	s.Str("entity_name", a.EntityName)
	s.Str("confidence", a.Confidence.String())
	s.Str("relation", string(a.Relation))
	s.Key("evidence")
	writeList(s, a.Evidence, writeEvidence)
	s.Close('}')
}

func writeUnlistedCount(s *jsonout.Stream, u *UnlistedCount) {
	s.Open('{')
	s.Str("file", u.File)
	s.StrOmit("host", u.Host)
	s.StrOmit("site", u.Site)
	s.IntField("components", u.Components)
	s.Close('}')
}

func writeError(s *jsonout.Stream, e *Error) { writeMessage(s, e.File, e.Line, e.Message) }

func writeWarning(s *jsonout.Stream, w *Warning) { writeMessage(s, w.File, w.Line, w.Message) }

// writeMessage writes an error or a warning: the two have the same fields.
func writeMessage(s *jsonout.Stream, file string, line int, message string) {
	s.Open('{')
	s.Str("file", file)
	s.IntOmit("line", line)
	s.Str("message", message)
	s.Close('}')
}

func writeSkipped(s *jsonout.Stream, x *Skipped) {
	s.Open('{')
	s.Str("file", x.File)
	s.Str("reason", x.Reason)
	s.Close('}')
}

func writeGroup(s *jsonout.Stream, g *Group) {
	s.Open('{')
	s.Str("key", g.Key)
	s.Str("kind", g.Kind)
	s.StrOmit("site", g.Site)
	s.Key("inputs")
	s.Strings(g.Inputs)
	s.IntField("components", g.Components)
	s.IntField("attributed", g.Attributed)
	s.IntField("unassessed", g.Unassessed)
	s.Key("findings")
	s.Counts(g.Findings)
	if len(g.Entities) > 0 {
		s.Key("entities")
		s.Strings(g.Entities)
	}
	s.Close('}')
}

func writeDeadline(s *jsonout.Stream, d *DeadlineInfo) {
	s.Open('{')
	s.Str("date", d.Date)
	s.Str("kind", d.Kind)
	s.Str("list", d.List)
	s.StrOmit("jurisdiction", d.Jurisdiction)
	s.Str("rule", d.Rule)
	s.Str("entity", d.Entity)
	s.Str("requirement", d.Requirement)
	s.IntField("days_remaining", d.DaysRemaining)
	s.IntField("affected", d.Affected)
	s.Close('}')
}
