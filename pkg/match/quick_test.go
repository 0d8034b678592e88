package match

import (
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/package-url/packageurl-go"

	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// quickValues are the values the quick paths are checked on: every value
// of the accuracy cases, every catalog name and token, and those written
// the ways large SBOMs and evaders write them.
func quickValues(t *testing.T, m *Matcher) []string {
	t.Helper()
	vals := slices.Clone(fuzzNames)
	data, err := os.ReadFile(casesFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(data), "\n")[1:] {
		if cols := strings.Split(l, "\t"); len(cols) > 2 && !strings.HasPrefix(l, "#") {
			vals = append(vals, cols[1])
		}
	}
	var base []string
	for _, es := range m.names {
		for _, e := range es {
			base = append(base, e.value)
		}
	}
	for ns := range m.mavenNS {
		base = append(base, ns, strings.ToUpper(ns)+".Sub", "x"+ns)
	}
	for _, e := range m.purls {
		// The prefixes, as written and cut short (matched once the type
		// is taken off again by quickPURLs' "pkg:" forms).
		rest := strings.TrimPrefix(e.value, "pkg:")
		vals = append(vals, e.value, strings.ToUpper(e.value), e.value+"x/y@1", e.value[:len(e.value)-1], rest,
			strings.ReplaceAll(e.value, "@", "%40"), strings.ReplaceAll(strings.ToUpper(e.value), "@", "%40"))
	}
	for _, seqs := range m.tokens {
		for _, seq := range seqs {
			base = append(base, strings.Join(seq.toks, " "), seq.e.value)
		}
	}
	slices.Sort(base)
	base = slices.Compact(base)
	leetR := strings.NewReplacer("o", "0", "i", "1", "e", "3", "a", "4", "s", "5", "t", "7")
	for _, b := range base {
		vals = append(vals, b,
			strings.ToUpper(b), b+" Co., Ltd.", b+" B.V.", "The "+b+" package", b+"-sdk-java", "Person: "+b,
			b+"corp", b+"co", "x"+b, b+"x", leetR.Replace(strings.ToLower(b)),
			strings.Join(strings.Split(b, ""), " "), strings.ReplaceAll(b, " ", ""))
	}
	return vals
}

// quickAgrees checks the quick paths against the full ones on s.
func quickAgrees(t *testing.T, m *Matcher, s string) (textMiss, partyMiss bool) {
	var at asciiToks
	if at.split(s) {
		var toks []string
		for i := range at.n {
			toks = append(toks, string(at.tok(i)))
		}
		if want := Tokens(s); !slices.Equal(toks, want) {
			t.Fatalf("split(%q) = %q, Tokens = %q", s, toks, want)
		}
		if n, want := at.stripped(), len(stripSuffixes(Tokens(s))); n != want {
			t.Fatalf("stripped(%q) = %d, want %d", s, n, want)
		}
		var key [quickMaxLen]byte
		if k, want := string(at.nameKey(&key)), NameKey(s); k != want {
			t.Fatalf("nameKey(%q) = %q, NameKey = %q", s, k, want)
		}
		if got, want := at.corporateSuffix(), corporateSuffixTokens(Tokens(s)); got != want {
			t.Fatalf("corporateSuffix(%q) = %v, want %v", s, got, want)
		}
	}
	c := &inventory.Component{Name: s}
	if textMiss = m.textMiss(s); textMiss {
		for _, rule := range []struct {
			rule string
			conf Confidence
		}{{RuleSoftwareMentions, Low}, {RuleDeviceNameToken, Medium}} {
			col := &collector{m: m, c: c, ctx: Context{AsOf: asOf}}
			m.folded(col, "name", s, func(v string) { m.matchTextValue(col, v, "name", rule.rule, rule.conf) })
			if len(col.ev) > 0 || col.vetoes > 0 {
				t.Fatalf("textMiss(%q), but the full path (%s) records %v, %d vetoes", s, rule.rule, col.ev, col.vetoes)
			}
		}
	}
	if partyMiss = m.partyNameMiss(s); partyMiss {
		for _, person := range []bool{false, true} {
			for _, role := range []inventory.Role{inventory.RoleSupplier, inventory.RoleAuthor} {
				col := &collector{m: m, c: c, ctx: Context{AsOf: asOf}}
				p := inventory.Party{Role: role, Name: s, Person: person}
				m.matchPartyFolded(col, p, "supplier", s, person)
				if len(col.ev) > 0 || col.vetoes > 0 {
					t.Fatalf("partyNameMiss(%q), but the full path (person %v, %s) records %v, %d vetoes", s, person, role, col.ev, col.vetoes)
				}
			}
		}
	}
	for _, purl := range []string{s, "pkg:maven/" + s, "pkg:maven/" + s + "@1?q=a/b#c/d", "pkg:maven/" + s + "/x@1.0", "pkg:gradle/" + s + ".sub/x", "pkg:maven/" + strings.ReplaceAll(s, " ", ".") + "/x"} {
		if !m.mavenMiss(purl) {
			continue
		}
		col := &collector{m: m, c: c, ctx: Context{AsOf: asOf}}
		if p, err := packageurl.FromString(purl); err == nil {
			m.matchNamespace(col, p.Namespace, "purl")
		}
		if len(col.ev) > 0 {
			t.Fatalf("mavenMiss(%q), but its namespace matches %v", purl, col.ev)
		}
	}
	for _, purl := range quickPURLs(s) {
		if !m.purlMiss(purl) {
			continue
		}
		col := &collector{m: m, c: c, ctx: Context{AsOf: asOf}}
		col.begin("purl", purl, false)
		m.matchPURLFull(col, purl, "purl")
		if len(col.ev) > 0 || col.vetoes > 0 {
			t.Fatalf("purlMiss(%q), but the full path records %v, %d vetoes", purl, col.ev, col.vetoes)
		}
	}
	return textMiss, partyMiss
}

// quickPURLs are purls purlMiss is checked on, made of s: s itself, s
// as the name, the namespace and the type of purls, in either case, and
// with an npm scope's "@" written either way.
func quickPURLs(s string) []string {
	var out []string
	for _, v := range []string{s, strings.ToUpper(s), strings.ReplaceAll(s, "@", "%40"), strings.ReplaceAll(s, " ", "")} {
		out = append(out, v, "pkg:"+v, "pkg:npm/"+v+"@1.0", "pkg:npm/%40"+v+"/x@1", "pkg:npm/@"+v+"/x@1",
			"pkg:pypi/"+v, "pkg:"+v+"/x@1", "pkg:maven/"+v+"/x@1", "pkg:golang/github.com/"+v+"/x",
			"pkg:github/"+v+"/x", "PKG:GITLAB/"+v+"/x", "pkg:gradle/"+v+"/x", "pkg:deb/"+v+"/x?distro="+v)
	}
	return out
}

// TestQuickMissAgrees: a value the quick paths call a miss is one the
// full paths record nothing for, and the in-place tokens and name key are
// Tokens and NameKey.
func TestQuickMissAgrees(t *testing.T) {
	m := newMatcher(t)
	vals := quickValues(t, m)
	var text, party int
	for _, s := range vals {
		tm, pm := quickAgrees(t, m, s)
		if tm {
			text++
		}
		if pm {
			party++
		}
	}
	t.Logf("%d values: %d text misses, %d party misses", len(vals), text, party)
	if !m.mavenMiss("pkg:maven/org.apache.commons/commons-io@2.0") || m.mavenMiss("pkg:maven/com.huawei.hms/base@6") || !m.mavenMiss("pkg:maven/db-json-1@2.28.22") {
		t.Fatal("mavenMiss: org.apache is no catalog namespace, com.huawei is")
	}
	if !m.purlMiss("pkg:npm/db-json-1@2.28.22") || m.purlMiss(strings.ToUpper(m.purls[0].value)+"x@1") || m.purlMiss("pkg:maven/org.apache/x@1") {
		t.Fatal("purlMiss: an npm purl of no vendor is a miss, one under a catalog prefix or of Maven is not")
	}
	// Neither quick path may be vacuous, nor take everything.
	if text == 0 || party == 0 || text == len(vals) || party == len(vals) {
		t.Fatalf("%d values: %d text misses, %d party misses", len(vals), text, party)
	}
}

// TestPurlMissPrefixes: with prefixes of every shape a catalog may give
// (under a type, shorter than a type, not a purl at all, longer than a
// quick buffer's worth), purlMiss calls a purl a miss only when the full
// path records nothing for it, and never one under a prefix.
func TestPurlMissPrefixes(t *testing.T) {
	m := newMatcher(t)
	ent := m.purls[0]
	long := "pkg:npm/" + strings.Repeat("x", 40) + "/"
	prefixes := []string{"pkg:npm/@scope/", "pkg:n", "pkg:", "pk", "xyz", "pkg:pypi/name", "pkg:deb/debian/", long}
	m.purls, m.purlTyped, m.purlOther = nil, [256][]int32{}, nil
	for _, v := range prefixes {
		e := ent
		e.value = v
		m.purls = append(m.purls, e)
		m.addPurlPrefix(len(m.purls) - 1)
	}
	var purls []string
	for _, v := range append(prefixes, "pkg:npm/x", "pkg:rpm/x@1", "pkg:golang/x/y", "PKG:DEB/Debian/x", "pkg:npm/%40scope/x", "pkg:npm/%40Scope/x", "pkg:npm/%4", "p", "") {
		for _, p := range []string{v, v + "rest@1", strings.ToUpper(v) + "Rest", strings.ReplaceAll(v, "@", "%40") + "r", v[:len(v)/2]} {
			purls = append(purls, p, "pkg:"+p, "pkg:npm/"+p)
		}
	}
	misses := 0
	for _, purl := range purls {
		if !m.purlMiss(purl) {
			continue
		}
		misses++
		for _, v := range prefixes {
			if strings.HasPrefix(purlKey(purl), v) {
				t.Fatalf("purlMiss(%q), but it is under %q", purl, v)
			}
		}
		col := &collector{m: m, c: &inventory.Component{}, ctx: Context{AsOf: asOf}}
		col.begin("purl", purl, false)
		m.matchPURLFull(col, purl, "purl")
		if len(col.ev) > 0 || col.vetoes > 0 {
			t.Fatalf("purlMiss(%q), but the full path records %v", purl, col.ev)
		}
	}
	if misses == 0 || misses == len(purls) {
		t.Fatalf("%d misses of %d purls", misses, len(purls))
	}
}

func FuzzQuickMiss(f *testing.F) {
	for _, s := range fuzzNames {
		f.Add(s)
	}
	for _, s := range []string{"pkg:maven/com.huawei.hms/x@1", "pkg:maven/Com.Huawei/x", "pkg:maven/co%6D.huawei/x", "Hu4wei", "H U A W E I", "NOASSERTION", "Jane Doe", "db-json-1", "Micron Technology Co., Ltd.", "ZTE Corp B.V.", "hik vision co", "pkg:npm/%40huaweicloud/x@1", "pkg:PyPI/ChinaUnicom@1", "pkg:golang/github.com/huaweicloud/x", "pkg:npm/db-json-1@2.28.22"} {
		f.Add(s)
	}
	m := newMatcher(f)
	f.Fuzz(func(t *testing.T, s string) {
		quickAgrees(t, m, s)
	})
}

// TestPartyMissCacheAgrees: matching a component again, once the names
// that matched nothing are cached, gives what a fresh Matcher gives.
func TestPartyMissCacheAgrees(t *testing.T) {
	warm, vals := newMatcher(t), []string(nil)
	vals = quickValues(t, warm)
	ctx := Context{AsOf: asOf}
	comp := func(s string, person bool) *inventory.Component {
		return &inventory.Component{Name: "x", Kind: inventory.KindLibrary,
			Parties: []inventory.Party{{Role: inventory.RoleSupplier, Name: s, Person: person}, {Role: inventory.RoleAuthor, Name: s}}}
	}
	for _, s := range vals {
		for _, person := range []bool{false, true} {
			warm.Match(comp(s, person), ctx)
		}
	}
	if warm.partyMisses.n.Load() == 0 {
		t.Fatal("no name cached")
	}
	cold := newMatcher(t)
	for _, s := range vals {
		for _, person := range []bool{false, true} {
			got, want := warm.Match(comp(s, person), ctx), cold.Match(comp(s, person), ctx)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%q (person %v): with the cache %+v, without %+v", s, person, got, want)
			}
			cold.partyMisses = missCache{} // keep it cold
		}
	}
}

// purlOwner names the code-host owner of a purl (lower-cased, as
// matchPURLFull passes it), whichever type spells it.
func TestPURLOwner(t *testing.T) {
	for purl, want := range map[string]string{
		"pkg:golang/github.com/huaweicloud/huaweicloud-sdk-go-v3@v0.1.0": "github.com/huaweicloud",
		"pkg:golang/gitee.com/openeuler/go-gitee@v1":                     "gitee.com/openeuler",
		"pkg:golang/gitlab.com/acme/x":                                   "gitlab.com/acme",
		"pkg:github/huaweicloud/huaweicloud-sdk-go-v3@v0.1.0":            "github.com/huaweicloud",
		"pkg:gitlab/acme/x":                                              "gitlab.com/acme",
		"pkg:golang/golang.org/x/text@v0.3.0":                            "",
		"pkg:golang/github.com/huaweicloud":                              "",
		"pkg:golang/github.com//x":                                       "",
		"pkg:npm/huaweicloud/x":                                          "",
	} {
		if got := purlOwner(purl); got != want {
			t.Errorf("purlOwner(%q) = %q, want %q", purl, got, want)
		}
	}
}
