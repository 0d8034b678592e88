package match

import (
	"fmt"
	"regexp/syntax"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

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
	// ready is closed once a NewInBackground index is built (nil: New
	// built it before returning).
	ready    chan struct{}
	parts    []partPattern
	excludes map[*catalog.Entity][][]string // token sequences that veto name-token hits
	domains  map[string]entry               // the entities' own domains: "huawei.com"
	owners   map[string]entry               // code-host owners: "github.com/huaweicloud"
	// joinPrefix holds the proper prefixes of one-word Latin tokens, so
	// that a name written in pieces ("HUA WEI", "Hik Vision") is joined
	// only when the pieces can still spell a token.
	joinPrefix map[string]bool
	// leetTargets are the one-word Latin tokens long enough to be read
	// through digits standing for letters ("Hu4wei").
	leetTargets map[string]bool
	// tokenStarts are the value tokens that may begin a token hit: the
	// keys of tokens and of joinPrefix (quick.go).
	tokenStarts map[string]bool
	startBits   tokenBits // filters lookups in tokenStarts
	// mavenFirst are the first labels of the mavenNS keys ("com").
	mavenFirst map[string]bool
	// For purlMiss: the purl prefixes "pkg:T..." by T's first byte, and
	// the rest, as indices in purls; how many of a purl's first bytes
	// decide.
	purlTyped [256][]int32
	purlOther []int32
	purlNeed  int
	// partyMisses are party names that matched nothing (quick.go).
	partyMisses missCache
}

// New indexes the catalog.
func New(c *catalog.Catalog) (*Matcher, error) {
	if err := checkCatalog(c); err != nil {
		return nil, err
	}
	m := emptyMatcher(c)
	m.build()
	return m, nil
}

// NewInBackground is New, but indexes the catalog on another goroutine:
// it returns once the catalog is checked, and Match and Explain wait for
// the index. A caller with other work before its first match (reading
// and detecting an input) has it done meanwhile.
func NewInBackground(c *catalog.Catalog) (*Matcher, error) {
	if err := checkCatalog(c); err != nil {
		return nil, err
	}
	m := emptyMatcher(c)
	m.ready = make(chan struct{})
	go func() {
		defer close(m.ready)
		m.build()
	}()
	return m, nil
}

// wait returns once the index is built.
func (m *Matcher) wait() {
	if m.ready != nil {
		<-m.ready
	}
}

// checkCatalog finds what in the catalog New cannot index: a JEDEC code that is
// not one, a part-number pattern that does not parse.
func checkCatalog(c *catalog.Catalog) error {
	ids := func(ent *catalog.Entity, ids catalog.Identifiers) error {
		for _, j := range ids.JEDEC {
			if _, err := j.CodeByte(); err != nil {
				return fmt.Errorf("%s: %w", ent.File, err)
			}
		}
		for _, p := range ids.PartPatterns {
			if partGateFor(p.Pattern) != nil {
				continue // it compiled when the table was generated
			}
			// Parsing finds every error that compiling would.
			if _, err := syntax.Parse(p.Pattern, syntax.Perl); err != nil {
				return fmt.Errorf("%s: part pattern %q: %w", ent.File, p.Pattern, err)
			}
		}
		return nil
	}
	for _, ent := range c.Entities() {
		if err := ids(ent, ent.Identifiers); err != nil {
			return err
		}
		for _, rel := range [][]catalog.Related{ent.Brands, ent.Subsidiaries} {
			for i := range rel {
				if err := ids(ent, rel[i].Identifiers); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func emptyMatcher(c *catalog.Catalog) *Matcher {
	return &Matcher{
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
		domains:  map[string]entry{},
		owners:   map[string]entry{},

		joinPrefix:  map[string]bool{},
		leetTargets: map[string]bool{},
		tokenStarts: map[string]bool{},
		mavenFirst:  map[string]bool{},
		purlNeed:    len("pkg:golang/"),
	}
}

// build indexes the catalog, which check found sound.
func (m *Matcher) build() {
	for _, ent := range m.cat.Entities() {
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
		m.addIdentifiers(ent, nil, ent.Identifiers)
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
			m.addIdentifiers(ent, r, r.Identifiers)
		}
	}
	// The longest CJK token first: 中兴通讯 (verified) before 中兴.
	sort.SliceStable(m.cjkTokens, func(i, j int) bool { return len(m.cjkTokens[i].toks[0]) > len(m.cjkTokens[j].toks[0]) })
	for k, seqs := range m.tokens {
		for _, seq := range seqs {
			if len(seq.toks) != 1 || !isASCIIAlnum(k) {
				continue
			}
			if len(k) >= 3 {
				for i := 1; i < len(k); i++ {
					m.joinPrefix[k[:i]] = true
				}
			}
			if len(k) >= 5 {
				m.leetTargets[k] = true
			}
		}
	}
	for k := range m.tokens {
		m.tokenStarts[k] = true
	}
	for k := range m.joinPrefix {
		m.tokenStarts[k] = true
	}
	for k := range m.tokenStarts {
		m.startBits.add(k)
	}
	for k := range m.mavenNS {
		first, _, _ := strings.Cut(k, ".")
		m.mavenFirst[first] = true
	}
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
	if generic(toks) {
		// Common words alone ("Pacific Networks") are no token: keep the
		// corporate form that the catalog token carries.
		toks = Tokens(v)
	}
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

func (m *Matcher) addIdentifiers(ent *catalog.Entity, r *catalog.Related, ids catalog.Identifiers) {
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
		m.addPurlPrefix(len(m.purls) - 1)
		if o := purlOwner(e.value); o != "" {
			m.owners[o] = e
		}
	}
	for _, f := range ids.Domains {
		m.domains[strings.ToLower(f.Value)] = mk(f.Value, f.Verified)
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
		code, _ := j.CodeByte() // check found it sound
		m.jedec[JEDECCode{Bank: j.Bank, Code: code}] = mk(fmt.Sprintf("bank %d 0x%02X", j.Bank, code), j.Verified)
	}
	for _, p := range ids.PartPatterns {
		e := mk(p.Pattern, p.Verified)
		e.specific = p.Specific
		m.parts = append(m.parts, partPattern{expr: p.Pattern, gate: partGateFor(p.Pattern), e: e})
	}
}

// fillerTokens may stand beside a vendor's token in a party name without
// making it another company's name: "Huawei Cloud Computing Technologies",
// "Hikvision Europe", but not "Shanghai Dahua Scale Factory" or "Dahua Lin".
// Like the other word tables here, it is built on first use, so that a
// command that matches nothing does not build it at start-up.
var fillerTokens = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`technology technologies tech digital communications communication
		telecom telecommunications telecommunication device devices security electronics electronic
		semiconductor semiconductors memory memories international cloud computing software systems system
		network networks services service storage robotics robot lab labs micro products industries
		america americas usa us uk europe european asia pacific japan india germany deutschland france
		italia canada australia middle east africa latin mexico brasil brazil korea singapore taiwan hong
		kong hk global worldwide investment trading sales hangzhou zhejiang shenzhen shanghai beijing
		wuhan hefei guangdong jiangsu chengdu xian tianjin china chinese the and of de
		jishu keji tongxun tongxin chuangxin shuzi dianzi
		기술 유한 공사 코리아 테크놀로지 테크놀로지스 ジャパン テクノロジーズ`) {
		m[w] = true
	}
	for _, s := range corporateSuffixes {
		m[s] = true
	}
	return m
})

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
	// note is added to the evidence recorded while it is set (a value
	// that needed folding: look-alike or invisible characters, a spaced
	// name); limit, when not None, caps its confidence.
	note  string
	limit Confidence
	// hits counts the evidence recorded and vetoes the exclusions that
	// stopped a token, so that a folded reading is tried only when the
	// plain one found nothing at all ("Huawei-3Com" read through its
	// digits must not escape its exclusion).
	hits, vetoes int
	// adds counts the calls of add, whatever they recorded.
	adds int
}

// with runs f with note added to (and limit capping) the evidence f
// records.
func (col *collector) with(note string, limit Confidence, f func()) {
	oldNote, oldLimit := col.note, col.limit
	col.note = joinNote(col.note, note)
	if limit != None && (col.limit == None || limit < col.limit) {
		col.limit = limit
	}
	f()
	col.note, col.limit = oldNote, oldLimit
}

func joinNote(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "" || strings.Contains(a, b):
		return a
	}
	return a + "; " + b
}

// add records evidence for e's entity, applying dated ownership and the
// verified flag. It returns the confidence recorded (None: dropped).
func (col *collector) add(e entry, ev Evidence) Confidence {
	col.adds++
	ev.Matched = e.value
	if col.limit != None && ev.Confidence > col.limit {
		if col.tracing() {
			d := fmt.Sprintf("%s capped at %s", ev.Confidence, col.limit)
			if col.note != "" {
				d = col.note + ": " + d
			}
			col.step(Step{Rule: CheckFolded, Hit: true, Entity: e.entity.ID, Matched: e.value, Confidence: col.limit, Detail: d})
		}
		ev.Confidence = col.limit
	}
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
	ev.Note = joinNote(ev.Note, col.note)
	if ev.Confidence > None {
		col.hits++
	}
	if col.tracing() {
		col.step(Step{Rule: CheckEvidence, Hit: true, Entity: e.entity.ID, Matched: e.value, Confidence: ev.Confidence,
			Detail: "evidence recorded by rule " + ev.Rule})
	}
	if col.ev == nil {
		col.ev = map[string][]Evidence{}
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
	m.wait()
	return m.match(c, ctx, nil)
}

// match is the one matching path; tr, when not nil, records how it went
// (Explain).
func (m *Matcher) match(c *inventory.Component, ctx Context, tr *Explanation) []Attribution {
	col := &collector{m: m, c: c, ctx: ctx, tr: tr} // ev is made on the first evidence
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
		if busID && p.Role == inventory.RoleVendor {
			col.begin(partyField(p), p.Name, false)
			if col.tracing() {
				col.step(Step{Rule: CheckSkipped, Detail: "vendor name looked up from the PCI/USB vendor id: the id decides"})
			}
			continue
		}
		m.matchParty(col, p)
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
		// A part-number field, when there is one, decides the part
		// patterns; else the model and the name are read as part numbers.
		hasPart := slices.ContainsFunc(c.Identifiers, func(id inventory.Identifier) bool { return id.Kind == inventory.IDPartNumber })
		if c.Model != "" && !hasPart {
			m.matchModelParts(col, c.Model, "model")
		}
		if c.Name != "" && c.Name != c.Model && !hasPart {
			m.matchModelParts(col, c.Name, "name")
		}
	}
	m.applyContext(col, c)
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
	person := p.Person
	// SPDX writes "Organization: NAME" and "Person: NAME"; a decoder that
	// left the prefix in still says which one it is.
	if rest, ok := cutFold(name, "Person:"); ok {
		name, person = strings.TrimSpace(rest), true
	} else if rest, ok := cutFold(name, "Organization:"); ok {
		name = strings.TrimSpace(rest)
	}
	// "AO Kaspersky Lab <info@kaspersky.com>", "X (https://x.com)": the
	// contact is matched as a contact, the rest as the name.
	name, contacts := splitContact(name)
	if len(contacts) > 0 && col.tracing() {
		col.begin(field, p.Name, false)
		col.step(Step{Rule: CheckContact, Hit: true,
			Detail: fmt.Sprintf("name %q and contact(s) %q read apart", name, contacts)})
	}
	// The party's own e-mail and URL come after those: kept apart, on
	// the stack (a quarter of a large SBOM's suppliers have one).
	var own [2]string
	nown := 0
	for _, ct := range [...]string{p.Email, p.URL} {
		if ct = strings.TrimSpace(ct); ct != "" {
			own[nown] = ct
			nown++
		}
	}
	if person && hasCorporateSuffix(name) {
		// syft writes dpkg and apk maintainers as persons; a corporate
		// suffix says this one is a company.
		person = false
		if col.tracing() {
			col.begin(field, p.Name, false)
			col.step(Step{Rule: CheckPerson, Hit: true,
				Detail: "the source marks the party a person, but the name ends in a corporate suffix: read as a company"})
		}
	}
	if name != "" && (col.tracing() || !m.partyMiss(name)) {
		adds, vetoes := col.adds, col.vetoes
		m.matchPartyFolded(col, p, field, name, person)
		if col.adds == adds && col.vetoes == vetoes && !col.tracing() {
			// Nothing at all came of the name, whoever's it is: the
			// same name (a supplier every package repeats) is passed
			// over from now on.
			m.partyMisses.add(name)
		}
	}
	for _, ct := range contacts {
		m.matchContact(col, field, ct, person)
	}
	for _, ct := range own[:nown] {
		m.matchContact(col, field, ct, person)
	}
}

// matchPartyFolded matches a party name as written; when that finds
// nothing and the name has look-alike characters or digits standing for
// letters, it matches the folded name and says so in the evidence.
func (m *Matcher) matchPartyFolded(col *collector, p inventory.Party, field, name string, person bool) {
	m.folded(col, field, name, func(v string) { m.matchPartyName(col, p, field, v, person) })
}

// folded runs match on value as written (noting invisible characters),
// then, if nothing was found, on its look-alike folding and on its
// digit-for-letter readings.
func (m *Matcher) folded(col *collector, field, value string, match func(v string)) {
	before, vetoes := col.hits, col.vetoes
	if hasIgnorable(value) {
		col.with(NoteInvisible, None, func() { match(value) })
	} else {
		match(value)
	}
	if col.hits > before || col.vetoes > vetoes {
		return
	}
	if alt, ok := lookalike(value); ok {
		if col.tracing() {
			col.begin(field, value, false)
			col.step(Step{Rule: CheckLookalike, Hit: true,
				Detail: fmt.Sprintf("look-alike characters folded with the Unicode confusables skeleton (UTS #39): %q", alt)})
		}
		col.with(NoteLookalike, None, func() { match(alt) })
		if col.hits > before || col.vetoes > vetoes {
			return
		}
		value = alt
	}
	if !m.leetSpells(value) {
		return
	}
	if vs, ok := leet(value); ok {
		for _, v := range vs {
			if col.tracing() {
				col.begin(field, value, false)
				col.step(Step{Rule: CheckLookalike, Hit: true,
					Detail: fmt.Sprintf("digits and signs standing for letters folded: %q", v)})
			}
			col.with(NoteLookalike, None, func() { match(v) })
			if col.hits > before || col.vetoes > vetoes {
				return
			}
		}
	}
}

// leetSubs are the digits and signs that leetSpells reads as letters; a
// table, since it is asked about every byte of every value that matched
// nothing.
var leetSubs = [256]bool{'0': true, '1': true, '3': true, '4': true, '5': true, '7': true,
	'@': true, '$': true, '|': true, '!': true}

// leetSpells reports whether some word of s, read with digits and signs
// as letters, spells a catalog token ("Hu4wei"), so that ordinary model
// codes and package names are not matched twice. It allocates nothing.
func (m *Matcher) leetSpells(s string) bool {
	var buf [24]byte
	for i := 0; i < len(s); {
		// One word: letters, digits and the signs that stand for letters.
		j := i
		letters, subs := 0, 0
		for j < len(s) {
			c := s[j]
			isLetter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
			isSub := leetSubs[c]
			if !isLetter && !isSub && !(c >= '0' && c <= '9') {
				break
			}
			if isLetter {
				letters++
			} else if isSub {
				subs++
			}
			j++
		}
		if w := s[i:j]; letters >= 2 && subs > 0 && len(w) <= len(buf) {
			for _, one := range [...]byte{'i', 'l'} {
				n := 0
				for k := 0; k < len(w); k++ {
					c := w[k]
					switch c {
					case '0':
						c = 'o'
					case '1', '|', '!':
						c = one
					case '3':
						c = 'e'
					case '4', '@':
						c = 'a'
					case '5', '$':
						c = 's'
					case '7':
						c = 't'
					}
					if c >= 'A' && c <= 'Z' {
						c += 'a' - 'A'
					}
					buf[n] = c
					n++
				}
				if m.leetTargets[string(buf[:n])] {
					return true
				}
			}
		}
		if j == i {
			j++
		}
		i = j
	}
	return false
}

// hasCorporateSuffix reports whether a name ends in a corporate suffix
// ("Co., Ltd", "Inc.", "GmbH", "有限公司").
func hasCorporateSuffix(name string) bool {
	var t asciiToks
	if t.split(name) {
		return t.corporateSuffix()
	}
	return corporateSuffixTokens(Tokens(name))
}

func corporateSuffixTokens(toks []string) bool {
	if len(toks) < 2 {
		return false
	}
	if suffixSet[toks[len(toks)-1]] || dottedSuffix(toks) > 0 {
		return true
	}
	last := toks[len(toks)-1]
	return isCJKString(last) && strings.HasSuffix(last, "公司")
}

// matchPartyName matches a party's name. A person's name (the source says
// "Person") counts only as a whole registered company name, one level
// lower; a vendor word inside it is only a mention ("Dahua Lin").
func (m *Matcher) matchPartyName(col *collector, p inventory.Party, field, name string, person bool) {
	col.begin(field, name, true)
	if person && col.tracing() {
		col.step(Step{Rule: CheckPerson, Detail: "the source marks the party a person: only a whole registered company name counts (one level lower); a vendor word inside a person's name is a mention"})
	}
	key := NameKey(name)
	if key == "" {
		return
	}
	hitConf := map[*catalog.Entity]Confidence{}
	// outside holds the entities whose whole-name hit is a dated
	// subsidiary or brand that did not belong to them at the component's
	// date: the entity's token inside that name ("Dahua Technology USA
	// Inc.") must not bring back what the dates took away.
	var outside map[*catalog.Entity]string
	if es, ok := m.names[key]; ok {
		// Several catalog names may share a key ("Huawei Technologies
		// Co., Ltd." and "HUAWEI TECHNOLOGIES CO.,LTD"): the one written
		// most like the value is the evidence.
		es = slices.Clone(es)
		norm := Normalize(name)
		sort.SliceStable(es, func(i, j int) bool {
			return closeness(es[i].value, name, norm) > closeness(es[j].value, name, norm)
		})
		valueToks := Tokens(name)
		for _, e := range es {
			if ex := m.excluded(e.entity, valueToks); ex != "" && m.excluded(e.entity, Tokens(e.value)) == "" {
				// "Da Hua Technology" folds to Dahua's key, but the value
				// holds a phrase the catalog excludes for this entity.
				col.vetoes++
				if col.tracing() {
					col.step(Step{Rule: CheckExclusion, Hit: true, Entity: e.entity.ID, Matched: ex,
						Detail: fmt.Sprintf("name key %q is the key of %q, but the value contains the exclusion %q: vetoed", key, e.value, ex)})
				}
				continue
			}
			conf, rule := High, RulePartyName
			if e.related != nil {
				conf, rule = Medium, RulePartyRelated
			}
			if person {
				conf--
			}
			why := ""
			if e.related == nil && m.genericName(e.value) && !sameSuffixes(name, e.value) {
				// "Pacific Networks Corp." is made of common words: only
				// the name with its own corporate form names the company
				// ("Pacific Networks Group" need not be it).
				conf = Low
				why = "the catalog name is made of common words and the value's corporate form differs: low"
			}
			if col.tracing() {
				col.step(Step{Rule: CheckNameIndex, Hit: true, Entity: e.entity.ID, Matched: e.value, Confidence: conf,
					Detail: fmt.Sprintf("name key %q is the key of catalog name %q (%s)", key, e.value, rule)})
			}
			if _, seen := hitConf[e.entity]; seen {
				continue
			}
			ev := Evidence{Field: field, Value: p.Name, Normalized: norm, Rule: rule, Confidence: conf, Note: why}
			if person {
				ev.Note = joinNote("the source marks the party a person; the whole name is the company's registered name", why)
			}
			hitConf[e.entity] = col.add(e, ev)
			if e.related != nil && e.related.Dated() {
				if t, _ := refDate(col.c, col.ctx); !e.related.OwnedAt(t) {
					if outside == nil {
						outside = map[*catalog.Entity]string{}
					}
					outside[e.entity] = e.related.Name
				}
			}
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
		if sub, ok := outside[e.entity]; ok {
			if col.tracing() {
				col.step(Step{Rule: CheckDated, Entity: e.entity.ID, Matched: e.value,
					Detail: fmt.Sprintf("the whole name is %s, whose dated ownership governs: the token inside it adds nothing", sub)})
			}
			return
		}
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
		if person {
			conf, rule = Low, RulePersonMention
			why = "a vendor word in a person's name is only a mention"
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
		if !fillerTokens()[t] && !cjkFiller(t) {
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
			if ex := col.vetoed(m.excluded(seq.e.entity, toks)); ex != "" {
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
		if core, ok := hangulCore(t); ok {
			// Korean writes a company with its country glued on:
			// 한국화웨이 (Huawei Korea), 화웨이코리아.
			for _, seq := range m.tokens[core] {
				if len(seq.toks) != 1 || seen[seq.e.entity] {
					continue
				}
				seen[seq.e.entity] = true
				found = true
				if col.tracing() {
					col.step(Step{Rule: CheckTokenScan, Hit: true, Entity: seq.e.entity.ID, Matched: seq.e.value,
						Detail: fmt.Sprintf("Korean word %q is the token %q with a place name or filler glued on: at most medium", t, core)})
				}
				col.with("", Medium, func() { hit(seq.e, i, i+1, "") })
			}
		}
		if m.joinPrefix[t] {
			if seq, end, ok := m.joined(toks, i); ok && !seen[seq.e.entity] {
				seen[seq.e.entity] = true
				found = true
				if ex := col.vetoed(m.excluded(seq.e.entity, toks)); ex != "" {
					if col.tracing() {
						col.step(Step{Rule: CheckExclusion, Hit: true, Entity: seq.e.entity.ID, Matched: ex,
							Detail: fmt.Sprintf("token %q found, but the value contains the exclusion %q: vetoed", seq.toks[0], ex)})
					}
				} else {
					if col.tracing() {
						col.step(Step{Rule: CheckSpaced, Hit: true, Entity: seq.e.entity.ID, Matched: seq.e.value, Confidence: Medium,
							Detail: fmt.Sprintf("pieces %q join into the token %q; at most medium", toks[i:end], seq.toks[0])})
					}
					col.with(NoteSpaced, Medium, func() { hit(seq.e, i, end, "") })
				}
			}
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
				if ex := col.vetoed(m.excluded(seq.e.entity, toks)); ex != "" {
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

// vetoed is excluded, counted.
func (col *collector) vetoed(ex string) string {
	if ex != "" {
		col.vetoes++
	}
	return ex
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
var cjkPlaces = []string{"中国", "浙江", "杭州", "深圳", "上海", "北京", "武汉", "合肥", "广东", "江苏", "长江", "市",
	"中國", "武漢", "廣東", "江蘇", "長江"}

// cjkFillers may follow a company's Chinese short name inside the same run
// without making it another company's name: 华为技术, 美光科技, 中兴通讯.
// Anything else (中兴商业, 美光灯饰, 中兴路...) reads as another name.
var cjkFillers = []string{"数字技术", "技术", "科技", "通讯", "通信", "数字", "创新", "设备", "终端", "电子", "存储",
	"网络", "国际", "半导体", "集成电路", "制造", "股份", "集团", "控股", "软件", "云计算", "计算", "云", "智能",
	"信息", "服务", "销售", "贸易", "投资", "美国", "欧洲", "中国", "香港", "有限", "责任", "机器人", "移动", "系统",
	// The same in traditional script, and Japanese.
	"數字技術", "技術", "數字", "設備", "終端", "電子", "存儲", "網絡", "網路", "國際", "半導體", "積體電路", "集成電路",
	"製造", "集團", "軟件", "軟體", "雲計算", "計算", "雲", "資訊", "服務", "銷售", "貿易", "投資", "美國", "歐洲",
	"中國", "責任", "機器人", "移動", "系統", "實驗室", "实验室", "日本", "株式会社"}

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
	if !col.tracing() && m.textMiss(text) {
		return
	}
	m.folded(col, field, text, func(v string) { m.matchTextValue(col, v, field, rule, conf) })
}

func (m *Matcher) matchTextValue(col *collector, text, field, rule string, conf Confidence) {
	col.begin(field, text, true)
	toks := Tokens(text)
	m.scanTokens(col, toks, func(e entry, start, end int, rest string) {
		c := conf
		if rule == RuleSoftwareMentions && e.related != nil && !strings.Contains(text, e.value) {
			// Brands are often common words ("Ascend", "Phantom"); in a
			// package's name or description only the brand as written,
			// capitalised, names it ("... to ascend parent directories",
			// "arquillian-phantom-driver" do not).
			if col.tracing() {
				col.step(Step{Rule: CheckModelContext, Entity: e.entity.ID, Matched: e.value,
					Detail: fmt.Sprintf("brand %q is not written as such in the running text: a common word", e.value)})
			}
			return
		}
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
// ("Scale Factory", "Phantom Gaming") are not among them. Built on first
// use.
var deviceWords = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`camera cameras dome bullet turret thermal stick dongle modem router gateway
		radio drone aircraft remote controller phone smartphone tablet laptop notebook server switch ssd nvme hdd
		disk drive dimm module card adapter nic ethernet wifi wireless mobile lte usb sata pcie ddr3 ddr4 ddr5
		dvr nvr terminal handheld portable series edition enterprise datacenter`) {
		m[w] = true
	}
	return m
})

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
		case fillerTokens()[t]:
		case i < start:
			return t, false
		case strings.ContainsAny(t, "0123456789") || len(t) <= 4 || deviceWords()[t] || m.ownToken(ent, t):
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
	if !col.tracing() && m.purlMiss(purl) {
		return
	}
	m.matchPURLFull(col, purl, field)
}

// matchPURLFull is matchPURL without the quick miss.
func (m *Matcher) matchPURLFull(col *collector, purl, field string) {
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
	// The same repository written as another purl type: pkg:github/OWNER/
	// and pkg:golang/github.com/OWNER/ name the same code-host owner.
	if o := purlOwner(low); o != "" {
		if e, ok := m.owners[o]; ok {
			if col.tracing() {
				col.step(Step{Rule: RuleCodeHost, Hit: true, Entity: e.entity.ID, Matched: o, Confidence: High,
					Detail: "the purl names the repository owner " + o + ", the vendor's (catalog purl prefix " + e.value + ")"})
			}
			col.add(e, Evidence{Field: field, Value: purl, Normalized: o, Rule: RuleCodeHost, Confidence: High})
			return
		}
	}
	if !hasPrefixFold(purl, "pkg:maven/") && !hasPrefixFold(purl, "pkg:gradle/") {
		if col.tracing() {
			typ, _, _ := strings.Cut(strings.TrimPrefix(low, "pkg:"), "/")
			col.step(Step{Rule: CheckMavenNS, Detail: fmt.Sprintf("purl type %q has no reversed-domain namespace", typ)})
		}
		return
	}
	if !col.tracing() && m.mavenMiss(purl) {
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
		if col.tracing() {
			tried = append(tried, cand)
		}
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
		if !m.matchPart(col, strings.TrimSpace(id.Value), id.Field, id.Value) && col.tracing() {
			col.step(Step{Rule: RulePartPattern, Detail: "no catalog part-number pattern matches"})
		}
	case inventory.IDURL:
		m.matchURL(col, id)
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
			if ev.Rule != RuleSoftwareMentions && ev.Rule != RulePersonMention {
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

// purlOwner returns "github.com/owner" for a catalog purl prefix naming a
// code-host owner (pkg:golang/github.com/huaweicloud/, pkg:github/x/), or
// "".
func purlOwner(prefix string) string {
	for _, typ := range []string{"pkg:golang/", "pkg:github/", "pkg:gitlab/"} {
		rest, ok := strings.CutPrefix(prefix, typ)
		if !ok {
			continue
		}
		host := strings.TrimSuffix(strings.TrimPrefix(typ, "pkg:"), "/") + ".com"
		if typ == "pkg:golang/" {
			h, r, ok := strings.Cut(rest, "/")
			if !ok {
				return ""
			}
			host, rest = h, r
		}
		owner, _, ok := strings.Cut(rest, "/")
		if !ok || owner == "" {
			return ""
		}
		switch host {
		case "github.com", "gitlab.com", "gitee.com":
			if typ == "pkg:golang/" {
				// "github.com/OWNER" as the purl spells it: no copy.
				return prefix[len(typ) : len(typ)+len(host)+1+len(owner)]
			}
			return host + "/" + owner
		}
	}
	return ""
}

// lookupDomain finds the catalog domain host is or is under
// ("mail.zte.com.cn" is under "zte.com.cn"; "fakehuawei.com" is not under
// "huawei.com").
func (m *Matcher) lookupDomain(host string) (entry, string, bool) {
	for h := host; strings.Contains(h, "."); {
		if e, ok := m.domains[h]; ok {
			return e, h, true
		}
		_, h, _ = strings.Cut(h, ".")
	}
	return entry{}, "", false
}

// contactField names the field a party's contact came from:
// "supplier.name" -> "supplier.url" or "supplier.contact.email".
func contactField(partyField, contact string) string {
	base := strings.TrimSuffix(partyField, ".name")
	if strings.Contains(contact, "@") && !strings.Contains(contact, "://") {
		if base == partyField {
			return base + ".email"
		}
		return base + ".contact.email"
	}
	return base + ".url"
}

// matchContact matches a party's e-mail address or URL: its domain
// against the entities' own domains, a code-host URL against the owners
// the catalog knows. An organisation's contact at the vendor's domain is
// high; a person's (a maintainer's address) is medium.
func (m *Matcher) matchContact(col *collector, partyField, contact string, person bool) {
	if !col.tracing() && !m.contactKnown(contact) {
		// Most contacts are no vendor's: skip building the field name.
		return
	}
	field := contactField(partyField, contact)
	col.begin(field, contact, false)
	conf := High
	if person {
		conf = Medium
	}
	if m.matchOwner(col, field, contact, conf) {
		return
	}
	m.matchHost(col, field, contact, conf, "the party's contact is at the vendor's own domain")
}

// matchOwner matches a code-host URL (https://github.com/huaweicloud/...)
// against the owners of the catalog's purl prefixes. It reports whether u
// is a code-host URL at all.
func (m *Matcher) matchOwner(col *collector, field, u string, conf Confidence) bool {
	host, owner := codeHostOwner(u)
	if host == "" {
		return false
	}
	// The lookup key is built on the stack: most URLs are no vendor's.
	var buf [96]byte
	n := copy(buf[:], host)
	if n+1+len(owner) > len(buf) {
		return true
	}
	buf[n] = '/'
	n++
	for i := 0; i < len(owner); i++ {
		c := owner[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[n] = c
		n++
	}
	e, ok := m.owners[string(buf[:n])]
	if !ok {
		if col.tracing() {
			col.step(Step{Rule: RuleCodeHost, Detail: fmt.Sprintf("code-host owner %q is no catalog owner", string(buf[:n]))})
		}
		return true
	}
	o := string(buf[:n])
	if col.tracing() {
		col.step(Step{Rule: RuleCodeHost, Hit: true, Entity: e.entity.ID, Matched: o, Confidence: conf,
			Detail: "the repository owner " + o + " is the vendor's (catalog purl prefix " + e.value + ")"})
	}
	col.add(e, Evidence{Field: field, Value: u, Normalized: o, Rule: RuleCodeHost, Confidence: conf})
	return true
}

func (m *Matcher) matchHost(col *collector, field, v string, conf Confidence, why string) {
	host := contactHost(v)
	if host == "" {
		if col.tracing() {
			col.step(Step{Rule: RuleDomain, Detail: "neither an e-mail address nor a URL"})
		}
		return
	}
	e, d, ok := m.lookupDomain(host)
	if !ok {
		if col.tracing() {
			col.step(Step{Rule: RuleDomain, Detail: fmt.Sprintf("host %q is no catalog domain and under none", host)})
		}
		return
	}
	if col.tracing() {
		col.step(Step{Rule: RuleDomain, Hit: true, Entity: e.entity.ID, Matched: d, Confidence: conf,
			Detail: fmt.Sprintf("host %q is under %s: %s", host, d, why)})
	}
	col.add(e, Evidence{Field: field, Value: v, Normalized: host, Rule: RuleDomain, Confidence: conf})
}

// matchURL matches a URL recorded for the component itself (a website or
// vcs external reference, a homepage): a repository under an owner the
// vendor has is high; a page on the vendor's domain is medium (a client
// may point at the vendor's documentation).
func (m *Matcher) matchURL(col *collector, id inventory.Identifier) {
	col.begin(id.Field, id.Value, false)
	if m.matchOwner(col, id.Field, id.Value, High) {
		return
	}
	m.matchHost(col, id.Field, id.Value, Medium, "the component's own page is on the vendor's domain")
}

// placeholderKeys are name keys of party values that name nobody:
// dmidecode and BIOS fillers, SPDX NOASSERTION. Built on first use.
var placeholderKeys = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, s := range []string{"To Be Filled By O.E.M.", "Default string", "System manufacturer", "Not Specified",
		"Unknown", "N/A", "NA", "None", "NOASSERTION", "OEM", "Generic", "Not Applicable", "Empty", "Undefined",
		"Manufacturer", "Vendor", "System Product Name", "Chassis Manufacture", "Base Board Manufacturer", "x"} {
		m[NameKey(s)] = true
	}
	return m
})

// applyContext drops weak product-name evidence that another party
// contradicts: when the component's supplier, manufacturer or vendor names
// a company that gave no evidence for an entity, that entity's low
// device-name or software-name hits and its part-number patterns are
// dropped ("Z490 Phantom Gaming" on an ASRock board is not DJI's Phantom).
func (m *Matcher) applyContext(col *collector, c *inventory.Component) {
	if len(col.ev) == 0 {
		return
	}
	var others []inventory.Party
	for _, p := range c.Parties {
		switch p.Role {
		case inventory.RoleSupplier, inventory.RoleManufacturer, inventory.RoleVendor:
		default:
			continue
		}
		if p.Person {
			continue
		}
		name, _ := splitContact(p.Name)
		if rest, ok := cutFold(name, "Organization:"); ok {
			name = strings.TrimSpace(rest)
		}
		if k := NameKey(name); k == "" || placeholderKeys()[k] || !strings.ContainsFunc(k, unicode.IsLetter) {
			continue
		}
		others = append(others, p)
	}
	if len(others) == 0 {
		return
	}
	for id, evs := range col.ev {
		var naming *inventory.Party
		for i, p := range others {
			field := partyField(p)
			said := false
			for _, ev := range evs {
				if ev.Field == field || strings.HasPrefix(ev.Field, strings.TrimSuffix(field, ".name")+".") {
					said = true
				}
			}
			if !said {
				naming = &others[i]
				break
			}
		}
		if naming == nil {
			continue
		}
		kept := evs[:0]
		for _, ev := range evs {
			weak := ev.Rule == RulePartPattern ||
				(ev.Confidence <= Low && (ev.Rule == RuleDeviceNameToken || ev.Rule == RuleSoftwareMentions))
			if !weak {
				kept = append(kept, ev)
				continue
			}
			if col.tracing() {
				col.tr.Values = append(col.tr.Values, ValueTrace{Field: ev.Field, Value: ev.Value, Steps: []Step{{
					Rule: CheckContext, Entity: id, Matched: ev.Matched,
					Detail: fmt.Sprintf("%s names %q, another company: the %s hit is dropped", partyField(*naming), naming.Name, ev.Rule)}}})
			}
		}
		if len(kept) == 0 {
			delete(col.ev, id)
		} else {
			col.ev[id] = kept
		}
	}
}

// matchPart tests v against the catalog's part-number patterns and records
// each hit as evidence on field with value as written. A pattern alone is
// low unless marked specific (medium).
func (m *Matcher) matchPart(col *collector, v, field, value string) bool {
	n := 0
	for i := range m.parts {
		p := &m.parts[i]
		if !p.match(v) {
			continue
		}
		n++
		conf, why := Low, "pattern not shown specific: weak alone"
		if p.e.specific {
			conf, why = Medium, "pattern marked specific"
		}
		if col.tracing() {
			col.step(Step{Rule: RulePartPattern, Hit: true, Entity: p.e.entity.ID, Matched: p.e.value, Confidence: conf, Detail: why})
		}
		col.add(p.e, Evidence{Field: field, Value: value, Normalized: v, Rule: RulePartPattern, Confidence: conf})
	}
	return n > 0
}

// matchModelParts tests a hardware model or device name against the
// part-number patterns: the whole value, and each word of it
// ("Hikvision DS-2CD2143G2-I", "CT500MX500SSD1").
func (m *Matcher) matchModelParts(col *collector, text, field string) {
	if len(m.parts) == 0 {
		return
	}
	col.begin(field+" (as part number)", text, false)
	v := strings.TrimSpace(text)
	if m.matchPart(col, v, field, text) {
		return
	}
	words := strings.Fields(v)
	if len(words) > 1 {
		for _, w := range words {
			w = strings.Trim(w, ",;()[]")
			if _, name := m.tokens[strings.ToLower(w)]; name {
				// A vendor's name is no part number ("ChannelA-DIMM0 CXMT").
				continue
			}
			if m.matchPart(col, w, field, text) {
				return
			}
		}
	}
	if col.tracing() {
		col.step(Step{Rule: RulePartPattern, Detail: "no catalog part-number pattern matches the model or any word of it"})
	}
}

// joined reports whether the tokens from i on, joined, spell a one-word
// catalog token: "hua wei", "hik vision", "z t e". The pieces are either
// all single letters, and then the whole run of single letters (so
// "a z t e c" is not ZTE), or all of two letters or more.
func (m *Matcher) joined(toks []string, i int) (tokenSeq, int, bool) {
	single := len(toks[i]) == 1
	if single && i > 0 && len(toks[i-1]) == 1 {
		return tokenSeq{}, 0, false
	}
	cur := toks[i]
	for j := i + 1; j < len(toks) && j-i < 16; j++ {
		if (len(toks[j]) == 1) != single {
			return tokenSeq{}, 0, false
		}
		cur += toks[j]
		for _, seq := range m.tokens[cur] {
			if len(seq.toks) != 1 {
				continue
			}
			if single && j+1 < len(toks) && len(toks[j+1]) == 1 {
				continue
			}
			return seq, j + 1, true
		}
		if !m.joinPrefix[cur] {
			break
		}
	}
	return tokenSeq{}, 0, false
}

// genericName reports whether a catalog name, without its corporate
// suffix, is made only of common words ("Pacific Networks Corp."), so that
// its name key alone does not single out the company.
func (m *Matcher) genericName(name string) bool {
	return generic(stripSuffixes(Tokens(name)))
}

// generic reports whether toks are all filler words.
func generic(toks []string) bool {
	if len(toks) == 0 {
		return false
	}
	for _, t := range toks {
		if !fillerTokens()[t] {
			return false
		}
	}
	return true
}

// suffixCanon folds the spellings of one corporate form together.
var suffixCanon = map[string]string{"corporation": "corp", "incorporated": "inc", "company": "co", "limited": "ltd"}

// sameSuffixes reports whether two names end in the same corporate form
// ("Corp." and "Corporation" are one form; "Group" is another).
func sameSuffixes(a, b string) bool {
	suf := func(s string) string {
		toks := Tokens(s)
		core := stripSuffixes(toks)
		var out []string
		for _, t := range toks[len(core):] {
			if c, ok := suffixCanon[t]; ok {
				t = c
			}
			out = append(out, t)
		}
		return strings.Join(out, " ")
	}
	return suf(a) == suf(b)
}

// contactKnown reports, without allocating, whether a contact's host is
// under a catalog domain or its code-host owner is a catalog owner.
func (m *Matcher) contactKnown(contact string) bool {
	if host, owner := codeHostOwner(contact); host != "" {
		var buf [96]byte
		n := copy(buf[:], host)
		if n+1+len(owner) > len(buf) {
			return false
		}
		buf[n] = '/'
		n++
		for i := 0; i < len(owner); i++ {
			c := owner[i]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf[n] = c
			n++
		}
		_, ok := m.owners[string(buf[:n])]
		return ok
	}
	host := contactHost(contact)
	if host == "" {
		return false
	}
	_, _, ok := m.lookupDomain(host)
	return ok
}

// hangulPlaces and hangulFillers may be glued to a company's name in
// Korean without a space: 한국화웨이, 화웨이코리아, 화웨이기술.
var (
	hangulPlaces  = []string{"한국", "중국", "미국"}
	hangulFillers = []string{"코리아", "테크놀로지스", "테크놀로지", "기술", "차이나"}
)

// hangulCore strips a place name before and fillers after a Hangul word
// and returns what is left, if anything was stripped.
func hangulCore(t string) (string, bool) {
	r, size := utf8.DecodeRuneInString(t)
	if size == 0 || !unicode.Is(unicode.Hangul, r) {
		return "", false
	}
	core := t
	for _, p := range hangulPlaces {
		if c, ok := strings.CutPrefix(core, p); ok && c != "" {
			core = c
			break
		}
	}
	for _, f := range hangulFillers {
		if c, ok := strings.CutSuffix(core, f); ok && c != "" {
			core = c
			break
		}
	}
	return core, core != t
}
