package match

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/package-url/packageurl-go"

	"github.com/vendorcheck/vendorcheck/pkg/catalog"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// entry is one catalog fact the indexes point to.
type entry struct {
	entity   *catalog.Entity
	related  *catalog.Related // nil: the entity itself
	value    string           // the catalog value as written
	verified bool
	specific bool // part patterns only
}

func (e entry) via() string {
	if e.related == nil {
		return ""
	}
	return e.related.Name
}

type tokenSeq struct {
	toks []string
	e    entry
}

type partPattern struct {
	re *regexp.Regexp
	e  entry
}

// Matcher attributes components to entities. Build one with New and share
// it: Match is safe for concurrent use.
type Matcher struct {
	cat       *catalog.Catalog
	names     map[string][]entry    // NameKey -> entries (legal names, aliases, related names)
	tokens    map[string][]tokenSeq // first token -> token sequences
	cjkTokens []tokenSeq            // CJK tokens, matched at the start of a CJK run
	purls     []entry               // lower-case purl prefixes
	mavenNS   map[string]entry      // reversed domains: "com.huawei"
	cpe       map[string]entry
	pci       map[string]entry
	usb       map[string]entry
	pen       map[string]entry
	jedec     map[JEDECCode]entry
	parts     []partPattern
	excludes  map[*catalog.Entity][][]string // token sequences that veto name-token hits
}

// New indexes the catalog.
func New(c *catalog.Catalog) (*Matcher, error) {
	m := &Matcher{
		cat:      c,
		names:    map[string][]entry{},
		tokens:   map[string][]tokenSeq{},
		mavenNS:  map[string]entry{},
		cpe:      map[string]entry{},
		pci:      map[string]entry{},
		usb:      map[string]entry{},
		pen:      map[string]entry{},
		jedec:    map[JEDECCode]entry{},
		excludes: map[*catalog.Entity][][]string{},
	}
	for _, ent := range c.Entities() {
		for _, f := range ent.Names {
			m.addName(f.Value, entry{entity: ent, value: f.Value, verified: f.IsVerified()})
		}
		for _, f := range ent.Excludes {
			if toks := Tokens(f.Value); len(toks) > 0 {
				m.excludes[ent] = append(m.excludes[ent], toks)
			}
		}
		for _, f := range ent.Tokens {
			m.addToken(f.Value, entry{entity: ent, value: f.Value, verified: f.IsVerified()})
		}
		if err := m.addIdentifiers(ent, nil, ent.Identifiers); err != nil {
			return nil, err
		}
		rel := append(append([]catalog.Related{}, ent.Brands...), ent.Subsidiaries...)
		for i := range rel {
			r := &rel[i]
			e := entry{entity: ent, related: r, value: r.Name, verified: r.IsVerified()}
			m.addName(r.Name, e)
			m.addToken(r.Name, e)
			for _, a := range r.Aliases {
				ea := e
				ea.value = a
				m.addName(a, ea)
				m.addToken(a, ea)
			}
			if err := m.addIdentifiers(ent, r, r.Identifiers); err != nil {
				return nil, err
			}
		}
	}
	return m, nil
}

func (m *Matcher) addName(v string, e entry) {
	k := NameKey(v)
	if k == "" {
		return
	}
	m.names[k] = append(m.names[k], e)
}

func (m *Matcher) addToken(v string, e entry) {
	toks := stripSuffixes(Tokens(v))
	if len(toks) == 0 {
		return
	}
	if len(toks) == 1 && isCJKString(toks[0]) {
		m.cjkTokens = append(m.cjkTokens, tokenSeq{toks: toks, e: e})
		return
	}
	m.tokens[toks[0]] = append(m.tokens[toks[0]], tokenSeq{toks: toks, e: e})
}

func isCJKString(s string) bool {
	for _, r := range s {
		if !isCJK(r) {
			return false
		}
	}
	return s != ""
}

func (m *Matcher) addIdentifiers(ent *catalog.Entity, r *catalog.Related, ids catalog.Identifiers) error {
	mk := func(v string, verified *bool) entry {
		e := entry{entity: ent, related: r, value: v, verified: verified == nil || *verified}
		if r != nil && !r.IsVerified() {
			e.verified = false
		}
		return e
	}
	for _, f := range ids.CPEVendors {
		m.cpe[strings.ToLower(f.Value)] = mk(f.Value, f.Verified)
	}
	for _, f := range ids.PURLPrefixes {
		e := mk(f.Value, f.Verified)
		e.value = strings.ToLower(f.Value)
		m.purls = append(m.purls, e)
	}
	for _, f := range ids.Domains {
		parts := strings.Split(strings.ToLower(f.Value), ".")
		for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
			parts[i], parts[j] = parts[j], parts[i]
		}
		m.mavenNS[strings.Join(parts, ".")] = mk(f.Value, f.Verified)
	}
	for _, f := range ids.PCIVendors {
		m.pci[strings.ToLower(f.Value)] = mk(f.Value, f.Verified)
	}
	for _, f := range ids.USBVendors {
		m.usb[strings.ToLower(f.Value)] = mk(f.Value, f.Verified)
	}
	for _, f := range ids.IANAPENs {
		m.pen[f.Value] = mk(f.Value, f.Verified)
	}
	for _, j := range ids.JEDEC {
		code, err := j.CodeByte()
		if err != nil {
			return fmt.Errorf("%s: %w", ent.File, err)
		}
		m.jedec[JEDECCode{Bank: j.Bank, Code: code}] = mk(fmt.Sprintf("bank %d 0x%02X", j.Bank, code), j.Verified)
	}
	for _, p := range ids.PartPatterns {
		re, err := regexp.Compile(p.Pattern)
		if err != nil {
			return fmt.Errorf("%s: part pattern %q: %w", ent.File, p.Pattern, err)
		}
		e := mk(p.Pattern, p.Verified)
		e.specific = p.Specific
		m.parts = append(m.parts, partPattern{re: re, e: e})
	}
	return nil
}

// fillerTokens may stand beside a vendor's token in a party name without
// making it another company's name: "Huawei Cloud Computing Technologies",
// "Hikvision Europe", but not "Shanghai Dahua Scale Factory" or "Dahua Lin".
var fillerTokens = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`technology technologies tech digital communications communication
		telecom telecommunications telecommunication device devices security electronics electronic
		semiconductor semiconductors memory memories international cloud computing software systems system
		network networks services service storage robotics robot lab labs micro products industries
		america americas usa us uk europe european asia pacific japan india germany deutschland france
		italia canada australia middle east africa latin mexico brasil brazil korea singapore taiwan hong
		kong hk global worldwide investment trading sales hangzhou zhejiang shenzhen shanghai beijing
		wuhan hefei guangdong jiangsu chengdu xian tianjin china chinese the and of de`) {
		m[w] = true
	}
	for _, s := range corporateSuffixes {
		m[s] = true
	}
	return m
}()

// reference date for dated ownership: the component's own date if it has
// one, else the as-of date.
func refDate(c *inventory.Component, ctx Context) (time.Time, bool) {
	switch {
	case !c.PurchaseDate.IsZero():
		return c.PurchaseDate, true
	case !c.InstallDate.IsZero():
		return c.InstallDate, true
	}
	return ctx.AsOf, false
}

type collector struct {
	m   *Matcher
	c   *inventory.Component
	ctx Context
	ev  map[string][]Evidence
}

// add records evidence for e's entity, applying dated ownership and the
// verified flag.
func (col *collector) add(e entry, ev Evidence) {
	ev.Matched = e.value
	if e.related != nil {
		ev.Via = e.related.Name
		if e.related.Dated() {
			t, known := refDate(col.c, col.ctx)
			if !e.related.OwnedAt(t) {
				span := ownership(e.related)
				if known {
					// The component's own date is outside the ownership:
					// not the entity's product.
					return
				}
				ev.Confidence = Low
				ev.Note = fmt.Sprintf("%s belonged to %s %s; the component has no purchase or install date to show it is from then", e.related.Name, e.entity.Name, span)
			} else if known {
				ev.Note = fmt.Sprintf("%s belonged to %s %s, which covers the component's date %s", e.related.Name, e.entity.Name, ownership(e.related), t.Format(catalog.DateLayout))
			}
		}
	}
	if !e.verified {
		ev.Unverified = true
		if ev.Confidence > Low {
			ev.Confidence--
		}
		if ev.Note == "" {
			ev.Note = "catalog fact marked unverified: confidence lowered one level"
		}
	}
	for i, have := range col.ev[e.entity.ID] {
		if have.Field == ev.Field && have.Value == ev.Value && have.Rule == ev.Rule && have.Via == ev.Via {
			// One field's value says the same thing once: keep the
			// strongest reading.
			if ev.Confidence > have.Confidence {
				col.ev[e.entity.ID][i] = ev
			}
			return
		}
	}
	col.ev[e.entity.ID] = append(col.ev[e.entity.ID], ev)
}

func ownership(r *catalog.Related) string {
	switch {
	case !r.From.IsZero() && !r.Until.IsZero():
		return "from " + r.From.String() + " until " + r.Until.String()
	case !r.Until.IsZero():
		return "until " + r.Until.String()
	default:
		return "from " + r.From.String()
	}
}

// Match attributes c to entities. The result is sorted by confidence (high
// first), then entity id; it is empty when nothing matched.
func (m *Matcher) Match(c *inventory.Component, ctx Context) []Attribution {
	col := &collector{m: m, c: c, ctx: ctx, ev: map[string][]Evidence{}}
	// A bus device's vendor name is looked up from its PCI or USB vendor id
	// (lspci, lsusb, lshw): the id decides, and the name, which may be a
	// registry's odd spelling (pci.ids lists the legacy 1042 as "Micron"),
	// is not matched again.
	busID := false
	for _, id := range c.Identifiers {
		if id.Kind == inventory.IDPCIVendor || id.Kind == inventory.IDUSBVendor {
			busID = true
		}
	}
	for _, p := range c.Parties {
		if p.Person || (busID && p.Role == inventory.RoleVendor) {
			continue
		}
		m.matchParty(col, p)
	}
	if c.PURL != "" {
		m.matchPURL(col, c.PURL, "purl")
	} else if c.Group != "" && c.Kind.IsSoftware() {
		m.matchNamespace(col, c.Group, "group")
	}
	for _, cpe := range c.CPEs {
		m.matchCPE(col, cpe)
	}
	for _, id := range c.Identifiers {
		m.matchIdentifier(col, id)
	}
	if c.Kind.IsSoftware() {
		m.matchText(col, c.Name, "name", RuleSoftwareMentions, Low)
		if c.Description != "" {
			m.matchText(col, c.Description, "description", RuleSoftwareMentions, Low)
		}
	} else {
		if c.Model != "" {
			m.matchText(col, c.Model, "model", RuleDeviceNameToken, Medium)
		}
		if c.Name != "" && c.Name != c.Model {
			m.matchText(col, c.Name, "name", RuleDeviceNameToken, Medium)
		}
	}
	return col.attributions()
}

func (m *Matcher) matchParty(col *collector, p inventory.Party) {
	field := p.Field
	if field == "" {
		field = string(p.Role)
	}
	key := NameKey(p.Name)
	if key == "" {
		return
	}
	if es, ok := m.names[key]; ok {
		for _, e := range es {
			conf, rule := High, RulePartyName
			if e.related != nil {
				conf, rule = Medium, RulePartyRelated
			}
			col.add(e, Evidence{Field: field, Value: p.Name, Normalized: Normalize(p.Name), Rule: rule, Confidence: conf})
		}
		return
	}
	// A vendor's token inside a longer name. Authors are usually people:
	// a token in an author field is only a mention.
	toks := stripSuffixes(Tokens(p.Name))
	m.scanTokens(col, toks, func(e entry, start, end int) {
		conf, rule := Medium, RulePartyToken
		if e.related != nil {
			rule = RulePartyRelated
		}
		whole := start == 0 && end == len(toks)
		if whole && e.related == nil {
			conf = High
		}
		if !whole && !allFiller(toks, start, end) {
			conf = Low
		}
		if p.Role == inventory.RoleAuthor && !whole {
			conf = Low
		}
		col.add(e, Evidence{Field: field, Value: p.Name, Normalized: strings.Join(toks, " "), Rule: rule, Confidence: conf})
	})
}

func allFiller(toks []string, start, end int) bool {
	for i, t := range toks {
		if i >= start && i < end {
			continue
		}
		if !fillerTokens[t] {
			return false
		}
	}
	return true
}

// scanTokens calls hit for every catalog token sequence found as whole
// tokens in toks, once per entity fact.
func (m *Matcher) scanTokens(col *collector, toks []string, hit func(e entry, start, end int)) {
	seen := map[*catalog.Entity]bool{}
	for i, t := range toks {
		for _, seq := range m.tokens[t] {
			if seen[seq.e.entity] || i+len(seq.toks) > len(toks) {
				continue
			}
			ok := true
			for j, st := range seq.toks {
				if toks[i+j] != st {
					ok = false
					break
				}
			}
			if ok && !m.excluded(seq.e.entity, toks) {
				seen[seq.e.entity] = true
				hit(seq.e, i, i+len(seq.toks))
			}
		}
		if isCJKString(t) {
			for _, seq := range m.cjkTokens {
				if !seen[seq.e.entity] && cjkHas(t, seq.toks[0]) && !m.excluded(seq.e.entity, toks) {
					seen[seq.e.entity] = true
					hit(seq.e, i, i+1)
				}
			}
		}
	}
}

// excluded reports whether toks contain one of the entity's exclusion
// phrases.
func (m *Matcher) excluded(ent *catalog.Entity, toks []string) bool {
	for _, ex := range m.excludes[ent] {
		for i := 0; i+len(ex) <= len(toks); i++ {
			match := true
			for j := range ex {
				if toks[i+j] != ex[j] {
					match = false
					break
				}
			}
			if match {
				return true
			}
		}
	}
	return false
}

// cjkPlaces may precede a company's short name in a Chinese legal name
// (浙江大华技术股份有限公司, 杭州海康威视...).
var cjkPlaces = []string{"中国", "浙江", "杭州", "深圳", "上海", "北京", "武汉", "合肥", "广东", "江苏", "长江", "市"}

// cjkHas reports whether the CJK run starts with tok, directly or after a
// place name. Chinese has no word boundaries; a short name elsewhere in a
// run is too often part of another word.
func cjkHas(run, tok string) bool {
	if strings.HasPrefix(run, tok) {
		return true
	}
	for _, p := range cjkPlaces {
		if r, ok := strings.CutPrefix(run, p); ok {
			if strings.HasPrefix(r, tok) {
				return true
			}
			// 深圳市大疆...
			if r2, ok := strings.CutPrefix(r, "市"); ok && strings.HasPrefix(r2, tok) {
				return true
			}
		}
	}
	return false
}

func (m *Matcher) matchText(col *collector, text, field, rule string, conf Confidence) {
	toks := Tokens(text)
	m.scanTokens(col, toks, func(e entry, start, end int) {
		c := conf
		if rule == RuleDeviceNameToken && !modelContext(toks, start, end) {
			c = Low
		}
		col.add(e, Evidence{Field: field, Value: text, Normalized: strings.Join(toks, " "), Rule: rule, Confidence: c})
	})
}

// modelContext reports whether the words around a vendor token in a device
// name read as a model name ("Micron_5200_MTFD", "HUAWEI ES3000 V5") rather
// than another company's name or a sentence ("HANA Micron", "Shanghai Dahua
// Scale Factory"): before the token only filler words, after it only filler,
// model codes (with a digit) or short codes.
func modelContext(toks []string, start, end int) bool {
	for i, t := range toks {
		switch {
		case i >= start && i < end:
		case fillerTokens[t]:
		case i < start:
			return false
		case strings.ContainsAny(t, "0123456789") || len(t) <= 4:
		default:
			return false
		}
	}
	return true
}

func (m *Matcher) matchPURL(col *collector, purl, field string) {
	low := strings.ToLower(purl)
	for _, e := range m.purls {
		if strings.HasPrefix(low, e.value) {
			col.add(e, Evidence{Field: field, Value: purl, Normalized: low, Rule: RulePURLNamespace, Confidence: High})
			return
		}
	}
	p, err := packageurl.FromString(purl)
	if err != nil {
		return
	}
	if p.Type == packageurl.TypeMaven || p.Type == "gradle" {
		m.matchNamespace(col, p.Namespace, field)
	}
}

// matchNamespace matches a Java-style reversed-domain namespace
// (com.huawei.hms) against the entities' domains.
func (m *Matcher) matchNamespace(col *collector, ns, field string) {
	ns = strings.ToLower(ns)
	for cand := ns; cand != ""; {
		if e, ok := m.mavenNS[cand]; ok {
			col.add(e, Evidence{Field: field, Value: ns, Normalized: cand, Rule: RulePURLNamespace, Confidence: High,
				Note: "namespace is the reversed domain " + e.value})
			return
		}
		i := strings.LastIndexByte(cand, '.')
		if i < 0 {
			break
		}
		cand = cand[:i]
	}
}

// cpeVendor returns the vendor field of a CPE 2.3 formatted string or a CPE
// 2.2 URI, unescaped and lower-cased.
func cpeVendor(cpe string) string {
	var parts []string
	switch {
	case strings.HasPrefix(cpe, "cpe:2.3:"):
		parts = splitCPE23(cpe)
		if len(parts) > 3 {
			return strings.ToLower(strings.ReplaceAll(parts[3], `\`, ""))
		}
	case strings.HasPrefix(cpe, "cpe:/"):
		parts = strings.Split(cpe, ":")
		if len(parts) > 2 {
			return strings.ToLower(parts[2])
		}
	}
	return ""
}

func splitCPE23(s string) []string {
	var parts []string
	var cur strings.Builder
	esc := false
	for _, r := range s {
		switch {
		case esc:
			cur.WriteRune(r)
			esc = false
		case r == '\\':
			esc = true
		case r == ':':
			parts = append(parts, cur.String())
			cur.Reset()
		default:
			cur.WriteRune(r)
		}
	}
	return append(parts, cur.String())
}

func (m *Matcher) matchCPE(col *collector, cpe string) {
	v := cpeVendor(cpe)
	if e, ok := m.cpe[v]; ok && v != "" {
		col.add(e, Evidence{Field: "cpe", Value: cpe, Normalized: v, Rule: RuleCPEVendor, Confidence: High})
	}
}

func normHex4(v string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	v = strings.TrimPrefix(v, "0x")
	if len(v) != 4 {
		return ""
	}
	if _, err := strconv.ParseUint(v, 16, 16); err != nil {
		return ""
	}
	return v
}

func (m *Matcher) matchIdentifier(col *collector, id inventory.Identifier) {
	switch id.Kind {
	case inventory.IDPCIVendor:
		if e, ok := m.pci[normHex4(id.Value)]; ok {
			rule, conf := RulePCIVendor, High
			if strings.Contains(id.Field, "subsystem") {
				rule, conf = RulePCISubsystem, Medium
			}
			col.add(e, Evidence{Field: id.Field, Value: id.Value, Normalized: normHex4(id.Value), Rule: rule, Confidence: conf})
		}
	case inventory.IDUSBVendor:
		if e, ok := m.usb[normHex4(id.Value)]; ok {
			col.add(e, Evidence{Field: id.Field, Value: id.Value, Normalized: normHex4(id.Value), Rule: RuleUSBVendor, Confidence: High})
		}
	case inventory.IDIANAPEN:
		if e, ok := m.pen[strings.TrimSpace(id.Value)]; ok {
			col.add(e, Evidence{Field: id.Field, Value: id.Value, Rule: RuleIANAPEN, Confidence: High})
		}
	case inventory.IDJEDEC:
		if code, ok := ParseJEDEC(id.Value); ok {
			if e, ok := m.jedec[code]; ok {
				col.add(e, Evidence{Field: id.Field, Value: id.Value, Normalized: fmt.Sprintf("bank %d 0x%02X", code.Bank, code.Code), Rule: RuleJEDEC, Confidence: High})
			}
		}
	case inventory.IDMAC:
		if o, prefix, ok := catalog.LookupMAC(id.Value); ok {
			if ent, ok := m.cat.Get(o.Entity); ok {
				e := entry{entity: ent, value: prefix + " " + o.Registrant, verified: true}
				if o.Via != "" {
					e.related = findRelated(ent, o.Via)
					if e.related != nil && !e.related.IsVerified() {
						e.verified = false
					}
				}
				col.add(e, Evidence{Field: id.Field, Value: id.Value, Normalized: prefix, Rule: RuleOUI, Confidence: High})
			}
		}
	case inventory.IDPartNumber:
		v := strings.TrimSpace(id.Value)
		for _, p := range m.parts {
			if p.re.MatchString(v) {
				conf := Low
				if p.e.specific {
					conf = Medium
				}
				col.add(p.e, Evidence{Field: id.Field, Value: id.Value, Rule: RulePartPattern, Confidence: conf})
			}
		}
	}
}

func findRelated(ent *catalog.Entity, name string) *catalog.Related {
	key := NameKey(name)
	for _, list := range [][]catalog.Related{ent.Brands, ent.Subsidiaries} {
		for i := range list {
			if NameKey(list[i].Name) == key {
				return &list[i]
			}
			for _, a := range list[i].Aliases {
				if NameKey(a) == key {
					return &list[i]
				}
			}
		}
	}
	return nil
}

func (col *collector) attributions() []Attribution {
	if len(col.ev) == 0 {
		return nil
	}
	out := make([]Attribution, 0, len(col.ev))
	for id, evs := range col.ev {
		ent, _ := col.m.cat.Get(id)
		a := Attribution{Entity: id, EntityName: ent.Name, Relation: Mentions, Evidence: evs}
		strong := 0
		for _, ev := range evs {
			if ev.Confidence > a.Confidence {
				a.Confidence = ev.Confidence
			}
			if ev.Rule != RuleSoftwareMentions {
				a.Relation = MadeBy
			}
			if ev.Rule != RulePartPattern && ev.Confidence >= Low {
				strong++
			}
		}
		// A part-number pattern backed by another signal for the same
		// entity raises the attribution one level.
		for _, ev := range evs {
			if ev.Rule == RulePartPattern && strong > 0 && a.Confidence < High && a.Relation == MadeBy && a.Confidence < ev.Confidence+1 {
				a.Confidence = ev.Confidence + 1
			}
		}
		sort.SliceStable(a.Evidence, func(i, j int) bool { return a.Evidence[i].Confidence > a.Evidence[j].Confidence })
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Confidence != out[j].Confidence {
			return out[i].Confidence > out[j].Confidence
		}
		return out[i].Entity < out[j].Entity
	})
	return out
}
