package catalog

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode"

	"github.com/vendorcheck/vendorcheck/pkg/internal/yamlstrict"
	"github.com/vendorcheck/vendorcheck/policies"
)

// wantIDs are the stable entity ids of DESIGN.md.
var wantIDs = []string{
	"autel", "china-mobile", "china-telecom", "china-unicom", "cxmt", "dahua",
	"dji", "huawei", "hikvision", "hytera", "kaspersky", "micron",
	"pacific-networks", "quectel", "smic", "ymtc", "zte",
}

// productWords is the product vocabulary of policy.Categories (without
// "any"). It is repeated here because package policy imports catalog.
var productWords = []string{
	"telecom-equipment", "telecom-services", "video-surveillance", "computing",
	"semiconductors", "memory-storage", "security-software", "software",
	"drones", "radio",
}

func shipped(t *testing.T) *Catalog {
	t.Helper()
	c, err := LoadFS(policies.FS, "vendors")
	if err != nil {
		t.Fatalf("loading shipped vendors: %v", err)
	}
	return c
}

func mustGet(t *testing.T, c *Catalog, id string) *Entity {
	t.Helper()
	e, ok := c.Get(id)
	if !ok {
		t.Fatalf("entity %q missing", id)
	}
	return e
}

func day(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d.Time
}

// related finds a brand or subsidiary by name or alias.
func related(t *testing.T, e *Entity, name string) Related {
	t.Helper()
	for _, r := range append(append([]Related{}, e.Brands...), e.Subsidiaries...) {
		if r.Name == name || slices.Contains(r.Aliases, name) {
			return r
		}
	}
	t.Fatalf("%s: no brand or subsidiary %q", e.ID, name)
	return Related{}
}

// allRelated returns an entity's brands and subsidiaries.
func allRelated(e *Entity) []Related {
	return append(append([]Related{}, e.Brands...), e.Subsidiaries...)
}

func TestShippedIDsExactly(t *testing.T) {
	c := shipped(t)
	var got []string
	for _, e := range c.Entities() {
		got = append(got, e.ID)
	}
	want := slices.Clone(wantIDs)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Fatalf("entity ids:\n got %v\nwant %v", got, want)
	}
}

func TestShippedEntitiesComplete(t *testing.T) {
	for _, e := range shipped(t).Entities() {
		if len(e.Names) == 0 {
			t.Errorf("%s: no names", e.ID)
		}
		if len(e.Products) == 0 {
			t.Errorf("%s: no products", e.ID)
		}
		for _, p := range e.Products {
			if !slices.Contains(productWords, p) {
				t.Errorf("%s: product %q is not in the vocabulary %v", e.ID, p, productWords)
			}
		}
		if len(e.Tokens) == 0 {
			t.Errorf("%s: no tokens", e.ID)
		}
		if e.Reviewed.IsZero() {
			t.Errorf("%s: no reviewed date", e.ID)
		}
		if want := path.Join("vendors", e.ID+".yaml"); e.File != want {
			t.Errorf("%s: loaded from %s, want %s", e.ID, e.File, want)
		}
		for f := range e.Facts() {
			if strings.TrimSpace(f.Value) == "" {
				t.Errorf("%s: %s: empty value", e.ID, f.Path)
			}
			if f.Source == "" {
				t.Errorf("%s: %s %q has no source", e.ID, f.Path, f.Value)
			}
		}
	}
}

func TestParseUnknownKeyNamesFileAndLine(t *testing.T) {
	data := "id: x\nname: X\nnmaes:\n  - value: X Corp\n"
	_, err := Parse("x.yaml", []byte(data))
	if err == nil {
		t.Fatal("want an error for an unknown key")
	}
	if got, want := err.Error(), `x.yaml:3: unknown key "nmaes"`; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	// Unknown keys are caught at any depth, with the line of the key.
	nested := "id: x\nname: X\nnames:\n  - value: X Corp\nidentifiers:\n  pci_vendors:\n    - value: \"19e5\"\n      verfied: false\n"
	_, err = Parse("y.yaml", []byte(nested))
	if err == nil || err.Error() != `y.yaml:8: unknown key "verfied"` {
		t.Fatalf("nested unknown key: got %v", err)
	}
}

func TestParseRejectsInvalid(t *testing.T) {
	const head = "id: x\nname: X\nnames:\n  - value: X Corp\n"
	cases := []struct {
		name, yaml, want string
	}{
		{"pci not hex", head + "identifiers:\n  pci_vendors:\n    - value: \"19g5\"\n", `pci vendor "19g5" is not 4 hex digits`},
		{"pci too long", head + "identifiers:\n  pci_vendors:\n    - value: \"019e5\"\n", `pci vendor "019e5" is not 4 hex digits`},
		{"usb not hex", head + "identifiers:\n  usb_vendors:\n    - value: \"12d\"\n", `usb vendor "12d" is not 4 hex digits`},
		{"bad regexp", head + "identifiers:\n  part_patterns:\n    - pattern: '^MT[0-9'\n", `part pattern "^MT[0-9"`},
		{"bad regexp in brand", head + "brands:\n  - name: B\n    identifiers:\n      part_patterns:\n        - pattern: '^(CT'\n", `x: B: part pattern "^(CT"`},
		{"from after until", head + "subsidiaries:\n  - name: S\n    from: 2022-11-24\n    until: 2018-01-01\n", "x: S: from 2022-11-24 is not before until 2018-01-01"},
		{"from equals until", head + "brands:\n  - name: B\n    from: 2020-11-17\n    until: 2020-11-17\n", "x: B: from 2020-11-17 is not before until 2020-11-17"},
		{"bad date", head + "brands:\n  - name: B\n    until: 2020-11-31\n", `invalid date "2020-11-31"`},
		{"jedec bank 0", head + "identifiers:\n  jedec:\n    - bank: 0\n      code: \"0x2C\"\n", "jedec bank 0"},
		{"jedec code 0x80", head + "identifiers:\n  jedec:\n    - bank: 1\n      code: \"0x80\"\n", `code "0x80"`},
		{"no names", "id: x\nname: X\n", "entity x lists no names"},
		{"bad id", "id: X Y\nname: X\nnames:\n  - value: X\n", `id "X Y" must be lower-case`},
		{"purl without pkg", head + "identifiers:\n  purl_prefixes:\n    - value: maven/com.x/\n", `purl prefix "maven/com.x/" must start with pkg:`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e, err := Parse("x.yaml", []byte(tc.yaml))
			if err == nil {
				t.Fatalf("want error containing %q, got entity %+v", tc.want, e)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q does not contain %q", err, tc.want)
			}
			if !strings.HasPrefix(err.Error(), "x.yaml:") {
				t.Fatalf("error %q does not name the file", err)
			}
		})
	}
	// The same document with valid values parses: the cases above fail for
	// the reason given, not for their shape.
	ok := head + "identifiers:\n  pci_vendors:\n    - value: \"19e5\"\n  part_patterns:\n    - pattern: '^MT[0-9]'\nsubsidiaries:\n  - name: S\n    from: 2018-01-01\n    until: 2022-11-24\n"
	if _, err := Parse("x.yaml", []byte(ok)); err != nil {
		t.Fatalf("valid document: %v", err)
	}
}

func TestLoadFSReportsEveryBadFile(t *testing.T) {
	fsys := fstest.MapFS{
		"v/a.yaml":    {Data: []byte("id: a\nname: A\nnames:\n  - value: A\n")},
		"v/b.yaml":    {Data: []byte("id: b\nname: B\nnames:\n  - value: B\nbogus: 1\n")},
		"v/c.yaml":    {Data: []byte("id: c\nname: C\nnames:\n  - value: C\nidentifiers:\n  usb_vendors:\n    - value: \"zz\"\n")},
		"v/notes.txt": {Data: []byte("not yaml: ignored")},
	}
	_, err := LoadFS(fsys, "v")
	if err == nil {
		t.Fatal("want error")
	}
	var es yamlstrict.Errors
	if !errors.As(err, &es) || len(es) != 2 {
		t.Fatalf("want 2 errors, got %v", err)
	}
	if !strings.Contains(err.Error(), `v/b.yaml:5: unknown key "bogus"`) || !strings.Contains(err.Error(), "v/c.yaml") {
		t.Fatalf("errors do not name both files: %v", err)
	}
}

func TestOwnedAt(t *testing.T) {
	c := shipped(t)
	cases := []struct {
		entity, related string
		at              string
		want            bool
	}{
		// Honor: Huawei's until the sale on 2020-11-17.
		{"huawei", "Honor", "2019-06-01", true},
		{"huawei", "Honor", "2020-11-16", true},
		{"huawei", "Honor", "2020-11-17", false},
		{"huawei", "Honor Device Co., Ltd.", "2024-01-01", false},
		// Lexar: Micron's 2006 to the 2017 sale to Longsys.
		{"micron", "Lexar", "2005-12-31", false},
		{"micron", "Lexar", "2010-05-05", true},
		{"micron", "Lexar", "2017-08-30", true},
		{"micron", "Lexar", "2017-08-31", false},
		{"micron", "Lexar", "2020-01-01", false},
		// Lorex: Dahua's from the FLIR sale of 2018-02-06 to 2022-11-24.
		{"dahua", "Lorex", "2017-12-31", false},
		{"dahua", "Lorex", "2018-02-05", false},
		{"dahua", "Lorex", "2018-02-06", true},
		{"dahua", "Lorex", "2020-06-15", true},
		{"dahua", "Lorex", "2022-11-23", true},
		{"dahua", "Lorex", "2022-11-24", false},
		// Numonyx: Micron's from the acquisition of 2010-05-07.
		{"micron", "Numonyx", "2010-05-06", false},
		{"micron", "Numonyx", "2010-05-07", true},
		// Dahua Technology USA: Dahua's until the sale at the end of January 2024.
		{"dahua", "Dahua Technology USA", "2020-01-01", true},
		{"dahua", "Dahua Technology USA", "2024-01-30", true},
		{"dahua", "Dahua Technology USA", "2024-01-31", false},
		// Imou (Hangzhou Huacheng): Dahua's until the sale agreed on 2025-03-03.
		{"dahua", "Imou", "2025-03-02", true},
		{"dahua", "Imou", "2025-03-03", false},
		{"dahua", "乐橙", "2026-12-03", false},
		// Elpida: Micron's from 2013-07-31, open-ended.
		{"micron", "Elpida", "2013-07-30", false},
		{"micron", "Elpida", "2013-07-31", true},
		{"micron", "Elpida", "2030-01-01", true},
		// Sepura: Hytera's 2017 to 2022-07-14.
		{"hytera", "Sepura", "2016-12-31", false},
		{"hytera", "Sepura", "2019-01-01", true},
		{"hytera", "Sepura", "2022-07-14", false},
		// Crucial: an undated brand, Micron's on any day.
		{"micron", "Crucial", "1999-01-01", true},
		{"micron", "Crucial", "2027-01-01", true},
	}
	for _, tc := range cases {
		r := related(t, mustGet(t, c, tc.entity), tc.related)
		if got := r.OwnedAt(day(t, tc.at)); got != tc.want {
			t.Errorf("%s %s OwnedAt(%s) = %v, want %v (from %s until %s)", tc.entity, tc.related, tc.at, got, tc.want, r.From, r.Until)
		}
	}
	// The relations whose start day is a placeholder say so and are unverified.
	for _, x := range []struct{ entity, related string }{{"micron", "Lexar"}, {"hytera", "Sepura"}} {
		r := related(t, mustGet(t, c, x.entity), x.related)
		if r.IsVerified() || !strings.Contains(r.Note, "placeholder") {
			t.Errorf("%s %s: a placeholder from-day must be unverified and noted (verified %v, note %q)", x.entity, x.related, r.IsVerified(), r.Note)
		}
	}
}

func TestUnverifiedFactsAreMarked(t *testing.T) {
	n, unverified := 0, 0
	for _, e := range shipped(t).Entities() {
		for f := range e.Facts() {
			n++
			mentions := strings.Contains(strings.ToUpper(f.Note), "UNVERIFIED") || strings.Contains(strings.ToUpper(f.Source), "UNVERIFIED")
			if mentions && f.Verified {
				t.Errorf("%s: %s %q mentions UNVERIFIED but is not marked verified: false", e.ID, f.Path, f.Value)
			}
			if !f.Verified {
				unverified++
			}
		}
	}
	// Guard against a walk that sees nothing: the catalog has hundreds of
	// facts and dozens of unverified ones.
	if n < 200 || unverified < 40 {
		t.Fatalf("walked %d facts, %d unverified: Facts is missing some", n, unverified)
	}
}

func TestFactsWalksEverything(t *testing.T) {
	v := false
	e := &Entity{
		ID:     "x",
		Names:  []Fact{{Value: "N"}},
		Tokens: []Fact{{Value: "T"}},
		Identifiers: Identifiers{
			CPEVendors: []Fact{{Value: "cpe"}}, PURLPrefixes: []Fact{{Value: "pkg:x/"}},
			PCIVendors: []Fact{{Value: "0001"}}, USBVendors: []Fact{{Value: "0002"}},
			IANAPENs: []Fact{{Value: "3"}}, Domains: []Fact{{Value: "x.com"}},
			JEDEC: []JEDEC{{Bank: 1, Code: "0x01"}}, PartPatterns: []PartPattern{{Pattern: "^P"}},
		},
		Brands:       []Related{{Name: "B", Verified: &v, Identifiers: Identifiers{JEDEC: []JEDEC{{Bank: 2, Code: "0x02", Verified: &v}}}}},
		Subsidiaries: []Related{{Name: "S", Identifiers: Identifiers{PCIVendors: []Fact{{Value: "0004"}}}}},
	}
	var got []string
	for f := range e.Facts() {
		got = append(got, f.Path+"="+f.Value+"/"+boolWord(f.Verified)+"/"+boolWord(f.RelatedVerified))
	}
	want := []string{
		"names=N/v/v", "tokens=T/v/v",
		"identifiers.cpe_vendors=cpe/v/v", "identifiers.purl_prefixes=pkg:x//v/v",
		"identifiers.pci_vendors=0001/v/v", "identifiers.usb_vendors=0002/v/v",
		"identifiers.iana_pens=3/v/v", "identifiers.domains=x.com/v/v",
		"identifiers.jedec=bank 1 0x01/v/v", "identifiers.part_patterns=^P/v/v",
		"brands[B]=B/u/v", "brands[B].jedec=bank 2 0x02/u/u",
		"subsidiaries[S]=S/v/v", "subsidiaries[S].pci_vendors=0004/v/v",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("Facts:\n got %q\nwant %q", got, want)
	}
	// Stopping early is honoured.
	count := 0
	for range e.Facts() {
		count++
		if count == 3 {
			break
		}
	}
	if count != 3 {
		t.Fatalf("break after 3 gave %d", count)
	}
}

func boolWord(b bool) string {
	if b {
		return "v"
	}
	return "u"
}

// identifierKey is one registry identifier, as "pci:19e5", "jedec:1:0x2C".
type identifierKey = string

// claims maps each identifier in the catalog to where it is claimed, and
// whether that claim sits in an end-dated relation.
type claim struct {
	where string
	dated bool
}

func catalogIdentifiers(c *Catalog) map[identifierKey][]claim {
	out := map[identifierKey][]claim{}
	add := func(where string, dated bool, ids Identifiers) {
		for _, f := range ids.PCIVendors {
			out["pci:"+f.Value] = append(out["pci:"+f.Value], claim{where, dated})
		}
		for _, f := range ids.USBVendors {
			out["usb:"+f.Value] = append(out["usb:"+f.Value], claim{where, dated})
		}
		for _, f := range ids.IANAPENs {
			out["pen:"+f.Value] = append(out["pen:"+f.Value], claim{where, dated})
		}
		for _, j := range ids.JEDEC {
			b, _ := j.CodeByte()
			k := "jedec:" + strconv.Itoa(j.Bank) + ":" + hex2(b)
			out[k] = append(out[k], claim{where, dated})
		}
	}
	for _, e := range c.Entities() {
		add(e.ID, false, e.Identifiers)
		for _, r := range allRelated(e) {
			add(e.ID+"/"+r.Name, !r.Until.IsZero(), r.Identifiers)
		}
	}
	return out
}

func hex2(b byte) string { return fmt.Sprintf("0x%02X", b) }

func TestIdentifiersClaimedOnce(t *testing.T) {
	for k, cs := range catalogIdentifiers(shipped(t)) {
		if len(cs) > 1 {
			t.Errorf("%s is claimed %d times: %v", k, len(cs), cs)
		}
	}
}

func TestIdentifierFormsAreCanonical(t *testing.T) {
	lowerHex := regexp.MustCompile(`^[0-9a-f]{4}$`)
	code := regexp.MustCompile(`^0x[0-7][0-9A-F]$`)
	for _, e := range shipped(t).Entities() {
		check := func(where string, ids Identifiers) {
			for _, f := range append(slices.Clone(ids.PCIVendors), ids.USBVendors...) {
				if !lowerHex.MatchString(f.Value) {
					t.Errorf("%s: id %q is not 4 lower-case hex digits", where, f.Value)
				}
			}
			for _, j := range ids.JEDEC {
				if !code.MatchString(j.Code) {
					t.Errorf("%s: jedec code %q is not 0xHH without parity, upper-case", where, j.Code)
				}
				if j.Name == "" {
					t.Errorf("%s: jedec bank %d %s has no name", where, j.Bank, j.Code)
				}
			}
			for _, p := range ids.PartPatterns {
				if !strings.HasPrefix(p.Pattern, "^") {
					t.Errorf("%s: part pattern %q is not anchored with ^", where, p.Pattern)
				}
				if p.Specific && (p.Verified != nil && !*p.Verified) {
					t.Errorf("%s: part pattern %q is specific but unverified", where, p.Pattern)
				}
			}
			for _, f := range ids.PURLPrefixes {
				if strings.Contains(f.Value, "@") {
					t.Errorf("%s: purl prefix %q: write @ as %%40", where, f.Value)
				}
			}
		}
		check(e.ID, e.Identifiers)
		for _, r := range allRelated(e) {
			check(e.ID+"/"+r.Name, r.Identifiers)
		}
	}
}

// TestPartPatterns checks the patterns against part numbers quoted in the
// reference: each is claimed by the right entity, and competitors' parts by
// none.
func TestPartPatterns(t *testing.T) {
	type hit struct {
		owner    string
		specific bool
	}
	c := shipped(t)
	match := func(part string) []hit {
		var out []hit
		for _, e := range c.Entities() {
			try := func(owner string, ids Identifiers) {
				for _, p := range ids.PartPatterns {
					if regexp.MustCompile(p.Pattern).MatchString(part) {
						out = append(out, hit{owner, p.Specific})
					}
				}
			}
			try(e.ID, e.Identifiers)
			for _, r := range allRelated(e) {
				try(e.ID+"/"+r.Name, r.Identifiers)
			}
		}
		return out
	}
	cases := []struct {
		part string
		want []hit
	}{
		{"MTA18ASF2G72PZ-2G3", []hit{{"micron", true}}},
		{"18ASF2G72PZ-2G6D1", []hit{{"micron", false}}},
		{"36ASF2G72PZ-2G6E1", []hit{{"micron", false}}},
		{"16ATF2G64HZ-2G6J1", []hit{{"micron", false}}},
		{"CT16G4DFD832A.C16FP", []hit{{"micron/Crucial", false}, {"micron/Crucial", true}}},
		{"CT51264BF160BJ.C8F", []hit{{"micron/Crucial", false}, {"micron/Crucial", true}}},
		{"CT1000P3SSD8", []hit{{"micron/Crucial", false}, {"micron/Crucial", true}}}, // the SSD model form
		{"CT500MX500SSD1", []hit{{"micron/Crucial", false}, {"micron/Crucial", true}}},
		{"CT16G4", []hit{{"micron/Crucial", false}}}, // no dotted suffix, no SSD form: the weak prefix only
		{"MTFDDAK480TDS", []hit{{"micron", false}, {"micron", true}}},
		{"TaiShan 2280 V2", []hit{{"huawei", true}}},
		{"ZXA10 C600", []hit{{"zte", true}}},
		{"DS-7608NI-K2", []hit{{"hikvision", false}, {"hikvision", false}}},
		{"BL16G36C16U4B.M8FB1", []hit{{"micron/Ballistix", false}}},
		{"CXDBDCCCM-MA-M", []hit{{"cxmt", false}}},
		{"DS-2CD2143G2-I", []hit{{"hikvision", false}, {"hikvision", true}}},
		{"IPC-HDW5831R-ZE", []hit{{"dahua", false}, {"dahua", true}}},
		{"IPC-D1234", []hit{{"dahua", false}}}, // the bare prefix stays weak
		{"MF823", []hit{{"zte", false}}},
		// Samsung, SK hynix and Nanya parts (reference §2 Micron, "for contrast").
		{"M393A2K40BB1-CRC", nil},
		{"M378A1K43CB2-CTD", nil},
		{"HMA82GR7AFR8N-VK", nil},
		{"HMT41GR7AFR4C-PB", nil},
	}
	for _, tc := range cases {
		if got := match(tc.part); !slices.Equal(got, tc.want) {
			t.Errorf("%s: matched %v, want %v", tc.part, got, tc.want)
		}
	}
}

func TestForbiddenTokensAndIdentifiers(t *testing.T) {
	c := shipped(t)
	bare := map[string]bool{"unicom": true, "autel": true, "yangtze": true, "mobile": true, "telecom": true, "micro": true, "honor": true, "comnet": true, "大华": true}
	for _, e := range c.Entities() {
		for _, f := range e.Tokens {
			if bare[strings.ToLower(f.Value)] {
				t.Errorf("%s: token %q is too generic", e.ID, f.Value)
			}
		}
	}
	ids := catalogIdentifiers(c)
	for _, k := range []string{"usb:1472", "pci:193d", "pci:1042", "usb:0496", "pci:1d97", "jedec:11:0x76", "pen:1004849"} {
		if cs, ok := ids[k]; ok {
			t.Errorf("%s must not be in the catalog (near-miss or not an assignment), claimed by %v", k, cs)
		}
	}
	for _, e := range c.Entities() {
		for _, f := range e.Identifiers.PURLPrefixes {
			for _, bad := range []string{"pkg:pypi/dahua", "pkg:pypi/pyezviz", "pkg:pypi/networking-zte", "pkg:pypi/hikvision"} {
				if f.Value == bad {
					t.Errorf("%s: third-party client %q listed as a purl prefix", e.ID, bad)
				}
			}
		}
	}
}

// nearMiss is one row of testdata/near-misses.tsv.
type nearMiss struct {
	names []string // names from column 1 and quoted strings from column 4
	ids   []identifierKey
}

var (
	busIDRe = regexp.MustCompile(`\b[0-9a-f]{4}\b`)
	jedecRe = regexp.MustCompile(`bank\s?(\d+)\s+0x([0-9A-Fa-f]{2})`)
	penRe   = regexp.MustCompile(`PEN (\d+)`)
	quoteRe = regexp.MustCompile(`'([^']+)'`)
)

func loadNearMisses(t *testing.T) []nearMiss {
	t.Helper()
	data, err := os.ReadFile("../../testdata/reference/near-misses.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var out []nearMiss
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if i == 0 {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 6 {
			t.Fatalf("near-misses.tsv:%d: %d columns", i+1, len(cols))
		}
		var nm nearMiss
		for _, n := range regexp.MustCompile(` / |; `).Split(cols[0], -1) {
			nm.names = append(nm.names, n)
		}
		for _, q := range quoteRe.FindAllStringSubmatch(cols[3], -1) {
			nm.names = append(nm.names, q[1])
		}
		for _, seg := range strings.Split(cols[3], ";") {
			seg = strings.TrimSpace(seg)
			switch {
			case strings.HasPrefix(seg, "PCI "), strings.HasPrefix(seg, "USB "):
				kind := strings.ToLower(seg[:3])
				for _, id := range busIDRe.FindAllString(stripQuoted(seg), -1) {
					nm.ids = append(nm.ids, kind+":"+id)
				}
			}
			for _, m := range jedecRe.FindAllStringSubmatch(seg, -1) {
				b := byte(mustHex(t, m[2]))
				nm.ids = append(nm.ids, "jedec:"+m[1]+":"+hex2(b&0x7f))
			}
			for _, m := range penRe.FindAllStringSubmatch(seg, -1) {
				nm.ids = append(nm.ids, "pen:"+m[1])
			}
		}
		out = append(out, nm)
	}
	if len(out) != 46 {
		t.Fatalf("near-misses.tsv: %d rows, want 46", len(out))
	}
	return out
}

func stripQuoted(s string) string { return quoteRe.ReplaceAllString(s, "") }

func mustHex(t *testing.T, s string) int {
	t.Helper()
	v, err := strconv.ParseUint(s, 16, 8)
	if err != nil {
		t.Fatal(err)
	}
	return int(v)
}

// TestNearMissIdentifiersAbsent: no identifier of a near-miss is claimed by
// the catalog, except inside an end-dated relation (Lexar's USB 05dc was
// Micron's until 2017 and is a near-miss only after).
func TestNearMissIdentifiersAbsent(t *testing.T) {
	ids := catalogIdentifiers(shipped(t))
	seen := 0
	for _, nm := range loadNearMisses(t) {
		for _, k := range nm.ids {
			seen++
			for _, c := range ids[k] {
				if !c.dated {
					t.Errorf("near-miss identifier %s (%s) is claimed by %s", k, nm.names[0], c.where)
				}
			}
		}
	}
	// The parser must have found the identifiers it is meant to check.
	if seen < 30 {
		t.Fatalf("parsed only %d near-miss identifiers", seen)
	}
}

// words splits a name into lower-case whole tokens.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

func containsRun(hay, needle []string) bool {
	if len(needle) == 0 {
		return false
	}
	for i := 0; i+len(needle) <= len(hay); i++ {
		if slices.Equal(hay[i:i+len(needle)], needle) {
			return true
		}
	}
	return false
}

// acceptedTokenCollisions are near-miss names that contain an entity token
// as whole words. Each was reviewed: the token is kept because the entity
// is mostly named by it, and the file's token note tells the matcher what
// to exclude. A new collision fails this test until it is reviewed.
var acceptedTokenCollisions = map[string]string{
	"micron: HANA Micron":              "other memory packager; noted on the Micron token",
	"micron: Micron Electronics":       "former PC maker (USB 0496); judged by id, noted",
	"micron: HT Micron":                "other memory packager; noted",
	"micron: Bright Micron Technology": "other memory packager; noted",
	"micron: Hosokawa Micron":          "unrelated; noted",
	"micron: COMPUTADORAS MICRON":      "unrelated; noted",
	"micron: Micron":                   "pci.ids 1042 vendor text; judged by id, noted",
	"micron: HANA Micron Inc.":         "OUI registrant of HANA Micron; noted",
	"micron: Webkul micron (npm/pypi 'webkul-micron', 'micron' words)": "package names: low confidence by design",
	"micron: micron": "package-name words: low confidence by design",
	"zte: Ithor IT Co.,Ltd. ('ZTE Park' in address)":          "address text, not a party field",
	"huawei: Huawei-3Com":                                     "H3C; noted on the Huawei token and in huawei.yaml notes",
	"dahua: Shanghai Dahua Scale Factory":                     "the bare Dahua token is documented as unsafe",
	"dahua: other 'Dahua' companies":                          "description row; bare Dahua token documented as unsafe",
	"dahua: Third-party Dahua/Hikvision client libraries":     "package names: low confidence by design",
	"hikvision: Third-party Dahua/Hikvision client libraries": "package names: low confidence by design",
	"dji: Third-party 'dji-*' packages":                       "package names: low confidence by design",
	"smic: BMC/SMIC device":                                   "PCI device name (IPMI SMIC); noted on the SMIC token",
	"smic: NetServer SMIC Controller":                         "PCI device name (IPMI SMIC); noted on the SMIC token",
	"smic: Remote Access Card 4 ... SMIC interface":           "PCI device name (IPMI SMIC); noted on the SMIC token",
	"zte: Building I, ZTE Park, Xi":                           "address text, not a party field",
	"smic: SMIC = 'Server Management Interface Chip'":         "PCI device names; noted on the SMIC token",
}

func TestNearMissTokenCollisions(t *testing.T) {
	c := shipped(t)
	got := map[string]bool{}
	for _, nm := range loadNearMisses(t) {
		for _, name := range nm.names {
			hay := words(name)
			for _, e := range c.Entities() {
				for _, tok := range e.Tokens {
					if containsRun(hay, words(tok.Value)) {
						got[e.ID+": "+name] = true
					}
				}
			}
		}
	}
	for k := range got {
		if _, ok := acceptedTokenCollisions[k]; !ok {
			t.Errorf("token collision not reviewed: %s", k)
		}
	}
	for k := range acceptedTokenCollisions {
		if !got[k] {
			t.Errorf("accepted collision %q no longer happens: remove it from the list", k)
		}
	}
}

// TestNearMissNamesNotEntityNames: no near-miss is, as a whole, a name or
// alias of an entity, except the one documented clash (pci.ids 1042 "Micron"
// versus the IEEE registrant "Micron", and the Honor brand, an English word).
func TestNearMissNamesNotEntityNames(t *testing.T) {
	norm := func(s string) string { return strings.Join(words(s), " ") }
	own := map[string]string{}
	for _, e := range shipped(t).Entities() {
		for _, f := range e.Names {
			own[norm(f.Value)] = e.ID
		}
		for _, r := range allRelated(e) {
			own[norm(r.Name)] = e.ID + "/" + r.Name
			for _, a := range r.Aliases {
				own[norm(a)] = e.ID + "/" + r.Name
			}
		}
	}
	for _, nm := range loadNearMisses(t) {
		for _, name := range nm.names {
			if who, ok := own[norm(name)]; ok {
				if norm(name) == "micron" && who == "micron" {
					continue
				}
				if strings.HasPrefix(norm(name), "lexar") && who == "micron/Lexar Media, Inc." {
					continue // end-dated: a near-miss only after 2017
				}
				if norm(name) == "honor" && who == "huawei/Honor" {
					continue // the brand is an English word; brands count only in party fields and only until 2020-11-17
				}
				t.Errorf("near-miss %q is a name of %s", name, who)
			}
		}
	}
}

func TestDateJSON(t *testing.T) {
	type doc struct {
		D Date  `json:"d"`
		Z Date  `json:"z"`
		O *Date `json:"o,omitempty"`
	}
	d, _ := ParseDate("2026-12-03")
	out, err := json.Marshal(doc{D: d})
	if err != nil || string(out) != `{"d":"2026-12-03","z":""}` {
		t.Fatalf("%s %v", out, err)
	}
	var back doc
	if err := json.Unmarshal(out, &back); err != nil || !back.D.Equal(d.Time) || !back.Z.IsZero() {
		t.Fatalf("%+v %v", back, err)
	}
	if err := json.Unmarshal([]byte(`{"d":"2026-13-01"}`), &back); err == nil {
		t.Fatal("a bad date was accepted")
	}
}
