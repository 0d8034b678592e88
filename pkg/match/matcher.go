package match

import (
	"fmt"
	"regexp"
	"slices"
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
		e.value = purlKey(f.Value)
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
	tr  *Explanation // nil unless explaining
}

// add records evidence for e's entity, applying dated ownership and the
// verified flag. It returns the confidence recorded (None: dropped).
func (col *collector) add(e entry, ev Evidence) Confidence {
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
					if col.tracing() {
						col.step(Step{Rule: CheckDated, Entity: e.entity.ID, Matched: e.related.Name,
							Detail: fmt.Sprintf("%s belonged to %s %s; the component's date %s is outside it: dropped", e.related.Name, e.entity.Name, span, t.Format(catalog.DateLayout))})
					}
					return None
				}
				ev.Confidence = Low
				ev.Note = fmt.Sprintf("%s belonged to %s %s; the component has no purchase or install date to show it is from then", e.related.Name, e.entity.Name, span)
				if col.tracing() {
					col.step(Step{Rule: CheckDated, Hit: true, Entity: e.entity.ID, Matched: e.related.Name, Confidence: Low,
						Detail: fmt.Sprintf("no component date; as-of %s is outside the ownership (%s): lowered to low", t.Format(catalog.DateLayout), span)})
				}
			} else {
				if known {
					ev.Note = fmt.Sprintf("%s belonged to %s %s, which covers the component's date %s", e.related.Name, e.entity.Name, ownership(e.related), t.Format(catalog.DateLayout))
				}
				if col.tracing() {
					col.step(Step{Rule: CheckDated, Hit: true, Entity: e.entity.ID, Matched: e.related.Name,
						Detail: fmt.Sprintf("%s %s covers %s", ownership(e.related), e.related.Name, t.Format(catalog.DateLayout))})
				}
			}
		}
	}
	if !e.verified {
		ev.Unverified = true
		before := ev.Confidence
		if ev.Confidence > Low {
			ev.Confidence--
		}
		if ev.Note == "" {
			ev.Note = "catalog fact marked unverified: confidence lowered one level"
		}
		if col.tracing() {
			col.step(Step{Rule: CheckUnverified, Hit: true, Entity: e.entity.ID, Matched: e.value, Confidence: ev.Confidence,
				Detail: fmt.Sprintf("catalog fact marked unverified: %s lowered to %s", before, ev.Confidence)})
		}
	}
	if col.tracing() {
		col.step(Step{Rule: CheckEvidence, Hit: true, Entity: e.entity.ID, Matched: e.value, Confidence: ev.Confidence,
			Detail: "evidence recorded by rule " + ev.Rule})
	}
	for i, have := range col.ev[e.entity.ID] {
		if have.Field == ev.Field && have.Value == ev.Value && have.Rule == ev.Rule && have.Via == ev.Via {
			// One field's value says the same thing once: keep the
			// strongest reading.
			if ev.Confidence > have.Confidence {
				col.ev[e.entity.ID][i] = ev
			}
			return ev.Confidence
		}
	}
	col.ev[e.entity.ID] = append(col.ev[e.entity.ID], ev)
	return ev.Confidence
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
	return m.match(c, ctx, nil)
}

// match is the one matching path; tr, when not nil, records how it went
// (Explain).
func (m *Matcher) match(c *inventory.Component, ctx Context, tr *Explanation) []Attribution {
	col := &collector{m: m, c: c, ctx: ctx, ev: map[string][]Evidence{}, tr: tr}
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
		switch {
		case p.Person:
			col.begin(partyField(p), p.Name, false)
			if col.tracing() {
				col.step(Step{Rule: CheckSkipped, Detail: "the source says this party is a person: never matched as a company"})
			}
		case busID && p.Role == inventory.RoleVendor:
			col.begin(partyField(p), p.Name, false)
			if col.tracing() {
				col.step(Step{Rule: CheckSkipped, Detail: "vendor name looked up from the PCI/USB vendor id: the id decides"})
			}
		default:
			m.matchParty(col, p)
		}
	}
	if c.PURL != "" {
		m.matchPURL(col, c.PURL, "purl")
	} else if c.Group != "" && c.Kind.IsSoftware() {
		col.begin("group", c.Group, false)
		m.matchNamespace(col, c.Group, "group")
	}
	for _, cpe := range c.CPEs {
		m.matchCPE(col, cpe)
	}
	for _, id := range c.Identifiers {
		m.matchIdentifier(col, id)
	}
	if c.Kind.IsSoftware() {
		if c.Name != "" {
			m.matchText(col, c.Name, "name", RuleSoftwareMentions, Low)
		}
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

func partyField(p inventory.Party) string {
	if p.Field != "" {
		return p.Field
	}
	return string(p.Role)
}

func (m *Matcher) matchParty(col *collector, p inventory.Party) {
	field := partyField(p)
	name := p.Name
	// SPDX writes "Organization: NAME" and "Person: NAME"; a decoder that
	// left the prefix in still says which one it is.
	if rest, ok := cutFold(name, "Person:"); ok {
		col.begin(field, name, false)
		if col.tracing() {
			col.step(Step{Rule: CheckSkipped, Detail: "SPDX \"Person:\" party: never matched as a company (" + strings.TrimSpace(rest) + ")"})
		}
		return
	}
	if rest, ok := cutFold(name, "Organization:"); ok {
		name = strings.TrimSpace(rest)
	}
	col.begin(field, name, true)
	key := NameKey(name)
	if key == "" {
		return
	}
	hitConf := map[*catalog.Entity]Confidence{}
	if es, ok := m.names[key]; ok {
		// Several catalog names may share a key ("Huawei Technologies
		// Co., Ltd." and "HUAWEI TECHNOLOGIES CO.,LTD"): the one written
		// most like the value is the evidence.
		es = slices.Clone(es)
		norm := Normalize(name)
		sort.SliceStable(es, func(i, j int) bool {
			return closeness(es[i].value, name, norm) > closeness(es[j].value, name, norm)
		})
		for _, e := range es {
			conf, rule := High, RulePartyName
			if e.related != nil {
				conf, rule = Medium, RulePartyRelated
			}
			if col.tracing() {
				col.step(Step{Rule: CheckNameIndex, Hit: true, Entity: e.entity.ID, Matched: e.value, Confidence: conf,
					Detail: fmt.Sprintf("name key %q is the key of catalog name %q (%s)", key, e.value, rule)})
			}
			if _, seen := hitConf[e.entity]; seen {
				continue
			}
			hitConf[e.entity] = col.add(e, Evidence{Field: field, Value: p.Name, Normalized: norm, Rule: rule, Confidence: conf})
		}
	} else {
		if col.tracing() {
			col.step(Step{Rule: CheckNameIndex, Detail: fmt.Sprintf("name key %q is no catalog name, alias, brand or subsidiary", key)})
		}
	}
	// A vendor's token inside a longer name. Authors are usually people:
	// a token in an author field is only a mention. After a whole-name hit
	// the tokens are read only for the same entity (a subsidiary's name
	// may fold to the parent's: "SMIC Holdings Limited").
	toks := stripSuffixes(Tokens(name))
	m.scanTokens(col, toks, func(e entry, start, end int, rest string) {
		have, nameHit := hitConf[e.entity]
		if len(hitConf) > 0 && !nameHit {
			if col.tracing() {
				col.step(Step{Rule: CheckPartyContext, Entity: e.entity.ID, Matched: e.value,
					Detail: "the whole name is another entity's catalog name: tokens are not read for other entities"})
			}
			return
		}
		conf, rule := Medium, RulePartyToken
		if e.related != nil {
			rule = RulePartyRelated
		}
		whole := start == 0 && end == len(toks) && rest == ""
		why := "the token is part of a longer name with only filler words around it"
		if whole && e.related == nil {
			conf = High
			why = "the token is the whole name"
		}
		if !whole && !allFiller(toks, start, end, rest) {
			conf = Low
			why = "other words stand beside the token: another company's name, or a phrase"
		}
		if p.Role == inventory.RoleAuthor && !whole {
			conf = Low
			why = "a token inside an author field is only a mention (authors are usually people)"
		}
		if nameHit && conf <= have {
			if col.tracing() {
				col.step(Step{Rule: CheckPartyContext, Entity: e.entity.ID, Matched: e.value, Confidence: conf,
					Detail: why + "; adds nothing to the whole-name match"})
			}
			return
		}
		if col.tracing() {
			col.step(Step{Rule: CheckPartyContext, Hit: conf >= Medium, Entity: e.entity.ID, Matched: e.value, Confidence: conf, Detail: why})
		}
		col.add(e, Evidence{Field: field, Value: p.Name, Normalized: strings.Join(toks, " "), Rule: rule, Confidence: conf})
	})
}

// closeness ranks how like value a catalog name is written: 2 identical,
// 1 the same after normalisation, 0 the same name key only.
func closeness(catalogName, value, norm string) int {
	switch {
	case catalogName == value:
		return 2
	case Normalize(catalogName) == norm:
		return 1
	}
	return 0
}

// cutFold cuts prefix from s, ignoring case and leading space.
func cutFold(s, prefix string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

func allFiller(toks []string, start, end int, rest string) bool {
	for i, t := range toks {
		if i >= start && i < end {
			continue
		}
		if !fillerTokens[t] && !cjkFiller(t) {
			return false
		}
	}
	return cjkFiller(rest)
}

// scanTokens calls hit for every catalog token sequence found as whole
// tokens in toks, once per entity fact. rest is what follows a CJK token
// inside its run ("" for a whole token).
func (m *Matcher) scanTokens(col *collector, toks []string, hit func(e entry, start, end int, rest string)) {
	seen := map[*catalog.Entity]bool{}
	found := false
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
			if !ok {
				continue
			}
			if ex := m.excluded(seq.e.entity, toks); ex != "" {
				if col.tracing() {
					col.step(Step{Rule: CheckExclusion, Hit: true, Entity: seq.e.entity.ID, Matched: ex,
						Detail: fmt.Sprintf("token %q found, but the value contains the exclusion %q: vetoed", strings.Join(seq.toks, " "), ex)})
				}
				seen[seq.e.entity] = true
				found = true
				continue
			}
			seen[seq.e.entity] = true
			found = true
			if col.tracing() {
				col.step(Step{Rule: CheckTokenScan, Hit: true, Entity: seq.e.entity.ID, Matched: seq.e.value,
					Detail: fmt.Sprintf("whole token(s) %q at position %d", strings.Join(seq.toks, " "), i+1)})
			}
			hit(seq.e, i, i+len(seq.toks), "")
		}
		if isCJKString(t) {
			for _, seq := range m.cjkTokens {
				if seen[seq.e.entity] {
					continue
				}
				rest, ok := cjkHas(t, seq.toks[0])
				if !ok {
					continue
				}
				seen[seq.e.entity] = true
				found = true
				if ex := m.excluded(seq.e.entity, toks); ex != "" {
					if col.tracing() {
						col.step(Step{Rule: CheckExclusion, Hit: true, Entity: seq.e.entity.ID, Matched: ex,
							Detail: fmt.Sprintf("token %q found, but the value contains the exclusion %q: vetoed", seq.toks[0], ex)})
					}
					continue
				}
				d := fmt.Sprintf("CJK run %q starts with %q", t, seq.toks[0])
				if rest != "" {
					d += fmt.Sprintf(", followed by %q", rest)
				}
				if col.tracing() {
					col.step(Step{Rule: CheckTokenScan, Hit: true, Entity: seq.e.entity.ID, Matched: seq.e.value, Detail: d})
				}
				hit(seq.e, i, i+1, rest)
			}
		}
	}
	if !found && col.tracing() {
		if col.tracing() {
			col.step(Step{Rule: CheckTokenScan, Detail: m.tokenMiss(toks)})
		}
	}
}

// tokenMiss says why no catalog token matched: names the catalog tokens
// that occur inside a value token but not as a whole token ("micron" in
// "micronas"). Explain only.
func (m *Matcher) tokenMiss(toks []string) string {
	var near []string
	for _, t := range toks {
		for k, seqs := range m.tokens {
			if len(k) >= 3 && k != t && strings.Contains(t, k) {
				for _, s := range seqs {
					if len(s.toks) == 1 && s.e.related == nil {
						near = append(near, fmt.Sprintf("%q occurs inside %q (%s), but tokens match only whole", k, t, s.e.entity.ID))
						break
					}
				}
			}
		}
	}
	sort.Strings(near)
	if len(near) == 0 {
		return fmt.Sprintf("no catalog token among %q", toks)
	}
	return fmt.Sprintf("no catalog token among %q; %s", toks, strings.Join(near, "; "))
}

// excluded returns the entity's exclusion phrase that toks contain, or "".
func (m *Matcher) excluded(ent *catalog.Entity, toks []string) string {
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
				return strings.Join(ex, " ")
			}
		}
	}
	return ""
}

// cjkPlaces may precede a company's short name in a Chinese legal name
// (浙江大华技术股份有限公司, 杭州海康威视...).
var cjkPlaces = []string{"中国", "浙江", "杭州", "深圳", "上海", "北京", "武汉", "合肥", "广东", "江苏", "长江", "市"}

// cjkFillers may follow a company's Chinese short name inside the same run
// without making it another company's name: 华为技术, 美光科技, 中兴通讯.
// Anything else (中兴商业, 美光灯饰, 中兴路...) reads as another name.
var cjkFillers = []string{"数字技术", "技术", "科技", "通讯", "通信", "数字", "创新", "设备", "终端", "电子", "存储",
	"网络", "国际", "半导体", "集成电路", "制造", "股份", "集团", "控股", "软件", "云计算", "计算", "云", "智能",
	"信息", "服务", "销售", "贸易", "投资", "美国", "欧洲", "中国", "香港", "有限", "责任", "机器人", "移动", "系统"}

// cjkFiller reports whether s is empty or made only of cjkFillers.
func cjkFiller(s string) bool {
	for s != "" {
		ok := false
		for _, f := range cjkFillers {
			if r, cut := strings.CutPrefix(s, f); cut {
				s, ok = r, true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// cjkHas reports whether the CJK run starts with tok, directly or after a
// place name, and returns what follows tok. Chinese has no word
// boundaries; a short name elsewhere in a run is too often part of another
// word.
func cjkHas(run, tok string) (string, bool) {
	if r, ok := strings.CutPrefix(run, tok); ok {
		return r, true
	}
	for _, p := range cjkPlaces {
		if r, ok := strings.CutPrefix(run, p); ok {
			if r2, ok := strings.CutPrefix(r, tok); ok {
				return r2, true
			}
			// 深圳市大疆...
			if r2, ok := strings.CutPrefix(r, "市"); ok {
				if r3, ok := strings.CutPrefix(r2, tok); ok {
					return r3, true
				}
			}
		}
	}
	return "", false
}

func (m *Matcher) matchText(col *collector, text, field, rule string, conf Confidence) {
	col.begin(field, text, true)
	toks := Tokens(text)
	m.scanTokens(col, toks, func(e entry, start, end int, rest string) {
		c := conf
		if rule == RuleDeviceNameToken {
			if word, ok := m.modelContext(e.entity, toks, start, end); !ok || !cjkFiller(rest) {
				c = Low
				if ok {
					word = rest
				}
				if col.tracing() {
					col.step(Step{Rule: CheckModelContext, Entity: e.entity.ID, Confidence: c,
						Detail: fmt.Sprintf("the word %q beside the token does not read as a model name (another company's name or a sentence): low", word)})
				}
			} else {
				if col.tracing() {
					col.step(Step{Rule: CheckModelContext, Hit: true, Entity: e.entity.ID, Confidence: c,
						Detail: "the words around the token read as a model name"})
				}
			}
		} else {
			if col.tracing() {
				col.step(Step{Rule: CheckModelContext, Entity: e.entity.ID, Confidence: c,
					Detail: "a software name or description only mentions the vendor (a client \"about\" it is not \"made by\" it): low"})
			}
		}
		col.add(e, Evidence{Field: field, Value: text, Normalized: strings.Join(toks, " "), Rule: rule, Confidence: c})
	})
}

// deviceWords may follow a vendor token in a device name: generic words
// for what the device is ("Huawei E3372 LTE USB Stick", "Hytera DMR
// Radio"). Words that name a company or a product line of someone else
// ("Scale Factory", "Phantom Gaming") are not among them.
var deviceWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`camera cameras dome bullet turret thermal stick dongle modem router gateway
		radio drone aircraft remote controller phone smartphone tablet laptop notebook server switch ssd nvme hdd
		disk drive dimm module card adapter nic ethernet wifi wireless mobile lte usb sata pcie ddr3 ddr4 ddr5
		dvr nvr terminal handheld portable series edition enterprise datacenter`) {
		m[w] = true
	}
	return m
}()

// modelContext reports whether the words around a vendor token in a device
// name read as a model name ("Micron_5200_MTFD", "HUAWEI ES3000 V5", "DJI
// Mavic 3") rather than another company's name or a sentence ("HANA
// Micron", "Shanghai Dahua Scale Factory"): before the token only filler
// words, after it filler, model codes (with a digit), short codes, generic
// device words or the same entity's own tokens. It returns the first word
// that breaks the rule.
func (m *Matcher) modelContext(ent *catalog.Entity, toks []string, start, end int) (string, bool) {
	for i, t := range toks {
		switch {
		case i >= start && i < end:
		case fillerTokens[t]:
		case i < start:
			return t, false
		case strings.ContainsAny(t, "0123456789") || len(t) <= 4 || deviceWords[t] || m.ownToken(ent, t):
		default:
			return t, false
		}
	}
	return "", true
}

// ownToken reports whether t is a one-word token of ent (a brand after the
// vendor's name: "DJI Mavic").
func (m *Matcher) ownToken(ent *catalog.Entity, t string) bool {
	for _, s := range m.tokens[t] {
		if s.e.entity == ent && len(s.toks) == 1 {
			return true
		}
	}
	return false
}

// purlKey folds a purl for prefix comparison: lower case, and the npm
// scope's "@" written either way ("%40huaweicloud" or "@huaweicloud").
func purlKey(s string) string {
	return strings.ReplaceAll(strings.ToLower(s), "%40", "@")
}

func (m *Matcher) matchPURL(col *collector, purl, field string) {
	col.begin(field, purl, false)
	low := purlKey(purl)
	for _, e := range m.purls {
		if strings.HasPrefix(low, e.value) {
			if col.tracing() {
				col.step(Step{Rule: CheckPURLPrefix, Hit: true, Entity: e.entity.ID, Matched: e.value, Confidence: High,
					Detail: "the purl starts with a namespace the vendor owns"})
			}
			col.add(e, Evidence{Field: field, Value: purl, Normalized: low, Rule: RulePURLNamespace, Confidence: High})
			return
		}
	}
	if col.tracing() {
		col.step(Step{Rule: CheckPURLPrefix, Detail: fmt.Sprintf("%q starts with no catalog purl prefix", low)})
	}
	if !hasPrefixFold(purl, "pkg:maven/") && !hasPrefixFold(purl, "pkg:gradle/") {
		if col.tracing() {
			typ, _, _ := strings.Cut(strings.TrimPrefix(low, "pkg:"), "/")
			col.step(Step{Rule: CheckMavenNS, Detail: fmt.Sprintf("purl type %q has no reversed-domain namespace", typ)})
		}
		return
	}
	p, err := packageurl.FromString(purl)
	if err != nil {
		if col.tracing() {
			col.step(Step{Rule: CheckMavenNS, Detail: "not a valid purl: " + err.Error()})
		}
		return
	}
	if p.Type == packageurl.TypeMaven || p.Type == "gradle" {
		m.matchNamespace(col, p.Namespace, field)
	} else {
		if col.tracing() {
			col.step(Step{Rule: CheckMavenNS, Detail: fmt.Sprintf("purl type %q has no reversed-domain namespace", p.Type)})
		}
	}
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// matchNamespace matches a Java-style reversed-domain namespace
// (com.huawei.hms) against the entities' domains.
func (m *Matcher) matchNamespace(col *collector, ns, field string) {
	ns = strings.ToLower(ns)
	var tried []string
	for cand := ns; cand != ""; {
		if e, ok := m.mavenNS[cand]; ok {
			if col.tracing() {
				col.step(Step{Rule: CheckMavenNS, Hit: true, Entity: e.entity.ID, Matched: cand, Confidence: High,
					Detail: "namespace " + ns + " is under the reversed domain " + e.value})
			}
			col.add(e, Evidence{Field: field, Value: ns, Normalized: cand, Rule: RulePURLNamespace, Confidence: High,
				Note: "namespace is the reversed domain " + e.value})
			return
		}
		tried = append(tried, cand)
		i := strings.LastIndexByte(cand, '.')
		if i < 0 {
			break
		}
		cand = cand[:i]
	}
	if col.tracing() {
		col.step(Step{Rule: CheckMavenNS, Detail: fmt.Sprintf("no catalog domain for %q", tried)})
	}
}

// cpeVendor returns the vendor field of a CPE 2.3 formatted string or a CPE
// 2.2 URI, unescaped and lower-cased.
func cpeVendor(cpe string) string {
	switch {
	case strings.HasPrefix(cpe, "cpe:2.3:"):
		// cpe:2.3:part:vendor:...; a backslash escapes the next character.
		field, start := 0, 0
		esc, escaped := false, false
		for i := 0; i <= len(cpe); i++ {
			if i < len(cpe) {
				c := cpe[i]
				if esc {
					esc = false
					continue
				}
				if c == '\\' {
					esc, escaped = true, escaped || field == 3
					continue
				}
				if c != ':' {
					continue
				}
			}
			if field == 3 {
				v := cpe[start:i]
				if escaped {
					v = strings.ReplaceAll(v, `\`, "")
				}
				return strings.ToLower(v)
			}
			field++
			start = i + 1
		}
	case strings.HasPrefix(cpe, "cpe:/"):
		parts := strings.SplitN(cpe, ":", 4)
		if len(parts) > 2 {
			return strings.ToLower(parts[2])
		}
	}
	return ""
}

func (m *Matcher) matchCPE(col *collector, cpe string) {
	col.begin("cpe", cpe, false)
	v := cpeVendor(cpe)
	if e, ok := m.cpe[v]; ok && v != "" {
		if col.tracing() {
			col.step(Step{Rule: RuleCPEVendor, Hit: true, Entity: e.entity.ID, Matched: v, Confidence: High,
				Detail: "the CPE's vendor field is the vendor's CPE vendor name"})
		}
		col.add(e, Evidence{Field: "cpe", Value: cpe, Normalized: v, Rule: RuleCPEVendor, Confidence: High})
		return
	}
	if col.tracing() {
		col.step(Step{Rule: RuleCPEVendor, Detail: fmt.Sprintf("vendor field %q is no catalog CPE vendor", v)})
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

// idStep records an identifier lookup.
func (col *collector) idStep(rule string, e entry, ok bool, norm string) {
	if !ok {
		if col.tracing() {
			col.step(Step{Rule: rule, Detail: fmt.Sprintf("%q is no catalog identifier of this kind", norm)})
		}
		return
	}
	if col.tracing() {
		col.step(Step{Rule: rule, Hit: true, Entity: e.entity.ID, Matched: e.value, Detail: "identifier registered to " + e.entity.Name + viaText(e)})
	}
}

func viaText(e entry) string {
	if e.related == nil {
		return ""
	}
	return " through " + e.related.Name
}

func (m *Matcher) matchIdentifier(col *collector, id inventory.Identifier) {
	col.begin(id.Field, id.Value, false)
	switch id.Kind {
	case inventory.IDPCIVendor:
		n := normHex4(id.Value)
		rule, conf := RulePCIVendor, High
		if strings.Contains(id.Field, "subsystem") {
			rule, conf = RulePCISubsystem, Medium
		}
		e, ok := m.pci[n]
		col.idStep(rule, e, ok, n)
		if ok {
			col.add(e, Evidence{Field: id.Field, Value: id.Value, Normalized: n, Rule: rule, Confidence: conf})
		}
	case inventory.IDUSBVendor:
		n := normHex4(id.Value)
		e, ok := m.usb[n]
		col.idStep(RuleUSBVendor, e, ok, n)
		if ok {
			col.add(e, Evidence{Field: id.Field, Value: id.Value, Normalized: n, Rule: RuleUSBVendor, Confidence: High})
		}
	case inventory.IDIANAPEN:
		n := strings.TrimSpace(id.Value)
		e, ok := m.pen[n]
		col.idStep(RuleIANAPEN, e, ok, n)
		if ok {
			col.add(e, Evidence{Field: id.Field, Value: id.Value, Rule: RuleIANAPEN, Confidence: High})
		}
	case inventory.IDJEDEC:
		code, ok := ParseJEDEC(id.Value)
		if !ok {
			if col.tracing() {
				col.step(Step{Rule: CheckNotIdentifier, Detail: "not a JEDEC JEP106 id (or ambiguous: the code byte alone never decides)"})
			}
			return
		}
		n := fmt.Sprintf("bank %d 0x%02X", code.Bank, code.Code)
		e, ok := m.jedec[code]
		col.idStep(RuleJEDEC, e, ok, n)
		if ok {
			col.add(e, Evidence{Field: id.Field, Value: id.Value, Normalized: n, Rule: RuleJEDEC, Confidence: High})
		}
	case inventory.IDMAC:
		o, prefix, ok := catalog.LookupMAC(id.Value)
		if !ok {
			if col.tracing() {
				col.step(Step{Rule: RuleOUI, Detail: "the address's OUI is registered to no catalog entity (or it is not a MAC address)"})
			}
			return
		}
		ent, ok := m.cat.Get(o.Entity)
		if !ok {
			if col.tracing() {
				col.step(Step{Rule: RuleOUI, Detail: fmt.Sprintf("OUI %s belongs to %q, which the loaded catalog lacks", prefix, o.Entity)})
			}
			return
		}
		e := entry{entity: ent, value: prefix + " " + o.Registrant, verified: true}
		// The registrant itself may be one of the entity's brands or
		// subsidiaries (Huawei Symantec, DJI Baiwang): then the block is
		// owned through it, with its dates and its verified flag.
		e.related = findRelated(ent, o.Registrant)
		if e.related == nil && o.Via != "" {
			e.related = findRelated(ent, o.Via)
		}
		if e.related != nil && !e.related.IsVerified() {
			e.verified = false
		}
		col.idStep(RuleOUI, e, true, prefix)
		col.add(e, Evidence{Field: id.Field, Value: id.Value, Normalized: prefix, Rule: RuleOUI, Confidence: High})
	case inventory.IDPartNumber:
		v := strings.TrimSpace(id.Value)
		n := 0
		for _, p := range m.parts {
			if p.re.MatchString(v) {
				n++
				conf, why := Low, "pattern not shown specific: weak alone"
				if p.e.specific {
					conf, why = Medium, "pattern marked specific"
				}
				if col.tracing() {
					col.step(Step{Rule: RulePartPattern, Hit: true, Entity: p.e.entity.ID, Matched: p.e.value, Confidence: conf, Detail: why})
				}
				col.add(p.e, Evidence{Field: id.Field, Value: id.Value, Rule: RulePartPattern, Confidence: conf})
			}
		}
		if n == 0 {
			if col.tracing() {
				col.step(Step{Rule: RulePartPattern, Detail: "no catalog part-number pattern matches"})
			}
		}
	default:
		if col.tracing() {
			col.step(Step{Rule: CheckSkipped, Detail: fmt.Sprintf("identifier kind %q is not matched", id.Kind)})
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
				if col.tr != nil {
					col.tr.Values = append(col.tr.Values, ValueTrace{Field: ev.Field, Value: ev.Value, Steps: []Step{{
						Rule: CheckPartCorrobor, Hit: true, Entity: id, Matched: ev.Matched, Confidence: a.Confidence,
						Detail: "a part-number pattern backed by another signal for the same entity raises the attribution one level"}}})
				}
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
