// Command ids generates pkg/catalog/id_tables.go, the PCI vendor ids, USB
// vendor ids, JEDEC JEP106 manufacturer codes and IANA Private Enterprise
// Numbers of the restricted entities, from a registry extract in the shape
// of shared/reference/vendors-identifiers.tsv (columns vendor, kind, value,
// note, source; kinds pci, usb, jedec as "bank1:0x2C", iana_pen).
//
// The registry version of each table is read from the rows' source column
// ("pci.ids Version 2026.08.22 (...)"); rows of one kind that cite different
// versions are an error, so a table never mixes two registry snapshots.
//
// Run through `go generate ./pkg/catalog` (see docs/identifiers.md).
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"io"
	"log"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/vendorcheck/vendorcheck/internal/gen/owners"
)

// kinds are the extract kinds this generator turns into tables, in output
// order, with the constant that records each table's registry version.
var kinds = []struct {
	kind, constant, registry string
	version                  *regexp.Regexp // first group: version; second: where from
}{
	{"pci", "PCIRegistryVersion", "pci.ids", regexp.MustCompile(`pci\.ids Version (\S+) \(([^)]+)\)`)},
	{"usb", "USBRegistryVersion", "usb.ids", regexp.MustCompile(`usb\.ids Version (\S+) \(([^)]+)\)`)},
	{"jedec", "JEDECRegistryVersion", "JEDEC", regexp.MustCompile(`(JEP106\w+ \([^)]+\)) as transcribed in ([^;]+)`)},
	{"iana_pen", "IANAPENRegistryVersion", "IANA enterprise-numbers", regexp.MustCompile(`enterprise-numbers\.txt \(last updated (\S+)\), copy at (\S+)`)},
}

// rowKey names one identifier: kind and value as the extract writes them.
type rowKey struct{ kind, value string }

func (k rowKey) String() string { return k.kind + " " + k.value }

// skip: rows the extract lists under a vendor that are deliberately not that
// entity's identifiers. Each is left out whichever vendor column carries it;
// the reason is written into the generated file.
var skip = map[rowKey]string{
	{"usb", "1472"}:          "Huawei-3Com: the historic Huawei/3Com JV (H3C); H3C is no longer Huawei (near-misses.tsv)",
	{"pci", "1d97"}:          "Shenzhen Longsys (Lexar NM-series SSDs): Longsys-era Lexar, after Micron sold the brand in 2017; not Micron",
	{"jedec", "bank11:0x76"}: "'Lexar Co Limited': Longsys-era Lexar, not Micron",
	{"iana_pen", "1004849"}:  "Dahua/Intelbras SNMP OID 1.3.6.1.4.1.1004849 is NOT an IANA-assigned PEN (the registry stops at 64096)",
	{"pci", "1042"}:          "legacy vendor 'Micron' (PC Tech RZ1000) = Micron Electronics/MicronPC, not Micron Technology (near-misses.tsv)",
	{"usb", "0496"}:          "'Micron Electronics' = the former PC maker MicronPC, not Micron Technology (near-misses.tsv)",
}

// skipRow: rows that repeat an identifier another row already gives a more
// exact owner for, keyed by vendor column too.
var skipRow = map[[3]string]string{
	{"HiSilicon", "pci", "19e5"}: "HiSilicon has no PCI vendor id of its own; its devices are listed under Huawei's 19e5",
	{"Micron", "pci", "c0a9"}:    "same id as the Crucial row ('Micron/Crucial Technology', Crucial P-series SSDs): owned through the Crucial brand",
}

// registrant: identifiers registered to a subsidiary although the extract
// lists them under the parent's vendor column. Via is the subsidiary's name
// in the entity's policies/vendors file.
var registrant = map[rowKey]owners.Owner{
	{"pci", "20ba"}:          {Entity: "hikvision", Via: "Hangzhou Hikstorage Technology Co., Ltd."},
	{"jedec", "bank12:0x2C"}: {Entity: "hikvision", Via: "Hangzhou Hikstorage Technology Co., Ltd."},
	{"jedec", "bank13:0x7C"}: {Entity: "hikvision", Via: "Hangzhou Hikstorage Technology Co., Ltd."},
	{"jedec", "bank8:0x0C"}:  {Entity: "zte", Via: "ZTE Microelectronics"},
	{"jedec", "bank12:0x77"}: {Entity: "dahua", Via: "Zhejiang Dahua Memory Technology"},
	{"pci", "1f2f"}:          {Entity: "china-mobile", Via: "China Mobile (Hangzhou) Information Technology Co., Ltd."},
}

// unverified: rows whose link to the entity the extract doubts in words
// other than UNVERIFIED (which is detected by itself).
var unverified = map[rowKey]string{
	{"jedec", "bank8:0x0C"}:  "'Microelectronics Institute ZTE': the link to ZTE Corp rests on the JEP106 name only",
	{"jedec", "bank12:0x77"}: "'Zhejiang Dahua Memory Technology': affiliation with Dahua Technology unverified",
}

var (
	hex4Re  = regexp.MustCompile(`^[0-9a-f]{4}$`)
	jedecRe = regexp.MustCompile(`^bank([0-9]{1,2}):0x([0-9A-F]{2})$`)
	penRe   = regexp.MustCompile(`^[1-9][0-9]{0,8}$`)
)

type row struct {
	kind, value, entity, via, note string
	verified                       bool
	line                           int
}

func main() {
	in := flag.String("in", "", "registry extract (TSV: vendor, kind, value, note, source)")
	out := flag.String("out", "id_tables.go", "output Go file")
	flag.Parse()
	f, err := os.Open(*in)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	src, err := generate(f, *in)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatal(err)
	}
}

// generate reads an extract and returns the formatted Go source. name is
// used in errors ("file:line: message") and in the generated header.
func generate(r io.Reader, name string) ([]byte, error) {
	var rows []row
	versions := map[string]string{} // kind -> version text
	versionLine := map[string]int{} // kind -> line it was first read from
	skipped := map[string]int{}     // reason -> rows left out
	seen := map[rowKey]int{}        // identifier -> line
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		if line == 1 {
			if !strings.HasPrefix(sc.Text(), "vendor\tkind\tvalue\tnote\tsource") {
				return nil, fmt.Errorf("%s:1: want header vendor, kind, value, note, source", name)
			}
			continue
		}
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 5 {
			return nil, fmt.Errorf("%s:%d: want 5 columns, have %d", name, line, len(cols))
		}
		vendor, kind, value, note, source := cols[0], cols[1], cols[2], cols[3], cols[4]
		ki := kindIndex(kind)
		if ki < 0 {
			continue // names, aliases, OUIs ...: not a table of this generator
		}
		// The version is checked on every row, skipped ones too: they come
		// from the same registry snapshot.
		m := kinds[ki].version.FindStringSubmatch(source)
		if m == nil {
			return nil, fmt.Errorf("%s:%d: %s %s: source %q does not name the %s version", name, line, kind, value, source, kinds[ki].registry)
		}
		v := versionText(kind, m[1], m[2])
		if old, ok := versions[kind]; ok && old != v {
			return nil, fmt.Errorf("%s:%d: %s %s cites %q but line %d cites %q: one table, one registry version", name, line, kind, value, v, versionLine[kind], old)
		}
		if _, ok := versions[kind]; !ok {
			versions[kind], versionLine[kind] = v, line
		}
		k := rowKey{kind, value}
		if why, ok := skip[k]; ok {
			skipped[k.String()+" ("+vendor+"): "+why]++
			continue
		}
		if why, ok := skipRow[[3]string{vendor, kind, value}]; ok {
			skipped[k.String()+" ("+vendor+"): "+why]++
			continue
		}
		if err := checkValue(kind, value); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", name, line, err)
		}
		o, ok := owners.Lookup(vendor)
		if !ok {
			return nil, fmt.Errorf("%s:%d: vendor %q has no owner mapping (internal/gen/owners)", name, line, vendor)
		}
		if reg, ok := registrant[k]; ok {
			if reg.Entity != o.Entity {
				return nil, fmt.Errorf("%s:%d: %s is listed under %q (%s) but the registrant table gives %s", name, line, k, vendor, o.Entity, reg.Entity)
			}
			o = reg
		}
		if prev, ok := seen[k]; ok {
			return nil, fmt.Errorf("%s:%d: %s is already listed on line %d: give each identifier one owner (skip list in internal/gen/ids)", name, line, k, prev)
		}
		seen[k] = line
		_, doubted := unverified[k]
		verified := !doubted && !strings.Contains(note, "UNVERIFIED") && !strings.Contains(source, "UNVERIFIED")
		rows = append(rows, row{kind, value, o.Entity, o.Via, note, verified, line})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	for _, k := range kinds {
		if versions[k.kind] == "" {
			return nil, fmt.Errorf("%s: no %s rows: the %s table would be empty", name, k.kind, k.registry)
		}
	}
	// A rule that names a row the extract no longer has is stale.
	for k := range registrant {
		if _, ok := seen[k]; !ok {
			return nil, fmt.Errorf("%s: registrant rule for %s matches no row", name, k)
		}
	}
	for k := range unverified {
		if _, ok := seen[k]; !ok {
			return nil, fmt.Errorf("%s: unverified rule for %s matches no row", name, k)
		}
	}
	sort.Slice(rows, func(i, j int) bool {
		if a, b := kindIndex(rows[i].kind), kindIndex(rows[j].kind); a != b {
			return a < b
		}
		return lessValue(rows[i], rows[j])
	})
	return render(rows, versions, skipped, baseName(name))
}

func kindIndex(kind string) int {
	for i, k := range kinds {
		if k.kind == kind {
			return i
		}
	}
	return -1
}

// versionText is the recorded version: registry, version and where the
// snapshot came from.
func versionText(kind, version, where string) string {
	where = strings.TrimSpace(where)
	switch kind {
	case "pci":
		return "pci.ids " + version + " from " + where
	case "usb":
		return "usb.ids " + version + " from " + where
	case "jedec":
		return version + " from " + where
	default:
		return "IANA enterprise-numbers " + version + " from " + where
	}
}

func checkValue(kind, value string) error {
	switch kind {
	case "pci", "usb":
		if !hex4Re.MatchString(value) {
			return fmt.Errorf("%s vendor id %q: want 4 lower-case hex digits", kind, value)
		}
	case "jedec":
		m := jedecRe.FindStringSubmatch(value)
		if m == nil {
			return fmt.Errorf("jedec %q: want bankN:0xHH (code without parity, upper-case)", value)
		}
		bank, _ := strconv.Atoi(m[1])
		code, _ := strconv.ParseUint(m[2], 16, 8)
		if bank < 1 || bank > 16 || code == 0 || code >= 0x7F {
			return fmt.Errorf("jedec %q: want bank 1-16 and code 0x01-0x7E", value)
		}
	case "iana_pen":
		if !penRe.MatchString(value) {
			return fmt.Errorf("iana pen %q: want a decimal number", value)
		}
	}
	return nil
}

// lessValue orders within a kind: hex ids and PENs numerically, JEDEC codes
// by bank then code.
func lessValue(a, b row) bool {
	na, nb := sortNumber(a.kind, a.value), sortNumber(b.kind, b.value)
	if na != nb {
		return na < nb
	}
	return a.value < b.value
}

func sortNumber(kind, value string) uint64 {
	switch kind {
	case "pci", "usb":
		n, _ := strconv.ParseUint(value, 16, 16)
		return n
	case "jedec":
		m := jedecRe.FindStringSubmatch(value)
		bank, _ := strconv.ParseUint(m[1], 10, 8)
		code, _ := strconv.ParseUint(m[2], 16, 8)
		return bank<<8 | code
	default:
		n, _ := strconv.ParseUint(value, 10, 64)
		return n
	}
}

func render(rows []row, versions map[string]string, skipped map[string]int, input string) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by internal/gen/ids from %s; DO NOT EDIT.\n\n", input)
	b.WriteString("package catalog\n\n")
	b.WriteString("// Registry versions the identifier tables were built from (docs/identifiers.md).\n")
	b.WriteString("const (\n")
	for _, k := range kinds {
		fmt.Fprintf(&b, "\t%s = %q\n", k.constant, versions[k.kind])
	}
	b.WriteString(")\n\n")

	b.WriteString("// Left out on purpose (skip lists in internal/gen/ids):\n")
	reasons := make([]string, 0, len(skipped))
	for r := range skipped {
		reasons = append(reasons, r)
	}
	sort.Strings(reasons)
	for _, r := range reasons {
		fmt.Fprintf(&b, "//   - %s\n", r)
	}
	ruleKeys := func(m map[rowKey]string) []rowKey {
		ks := make([]rowKey, 0, len(m))
		for k := range m {
			ks = append(ks, k)
		}
		sort.Slice(ks, func(i, j int) bool { return ks[i].String() < ks[j].String() })
		return ks
	}
	var absent []string
	for _, k := range ruleKeys(skip) {
		found := false
		for r := range skipped {
			if strings.HasPrefix(r, k.String()+" (") {
				found = true
			}
		}
		if !found {
			absent = append(absent, k.String()+": "+skip[k])
		}
	}
	if len(absent) > 0 {
		b.WriteString("//\n// Would be left out, but this extract does not list them:\n")
		for _, a := range absent {
			fmt.Fprintf(&b, "//   - %s\n", a)
		}
	}
	b.WriteString("//\n// Marked unverified although the extract does not say UNVERIFIED:\n")
	for _, k := range ruleKeys(unverified) {
		fmt.Fprintf(&b, "//   - %s: %s\n", k, unverified[k])
	}
	b.WriteString("\n")

	b.WriteString(`// RegistryID is one registry identifier of a restricted entity, as the
// registry extract gives it. Kind is "pci", "usb", "jedec" or "iana_pen";
// Value is the identifier as the extract writes it ("19e5", "bank1:0x2C",
// "2011"); Via is the brand or subsidiary the entity owns it through ("" for
// the entity itself); Verified is false where the extract doubts the
// identifier or its link to the entity.
type RegistryID struct {
	Kind     string
	Value    string
	Entity   string
	Via      string
	Verified bool
	Note     string
}

// RegistryIDs returns the generated PCI, USB, JEDEC and IANA PEN tables,
// sorted by kind and value. The vendor files must agree with them
// (id_tables_test.go).
func RegistryIDs() []RegistryID {
	out := make([]RegistryID, len(registryIDs))
	copy(out, registryIDs)
	return out
}

`)
	b.WriteString("var registryIDs = []RegistryID{\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "\t{%q, %q, %q, %q, %v, %q},\n", r.kind, r.value, r.entity, r.via, r.verified, r.note)
	}
	b.WriteString("}\n")
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("formatting generated source: %v", err)
	}
	return src, nil
}

func baseName(p string) string {
	if i := strings.LastIndex(p, "/"); i >= 0 {
		return p[i+1:]
	}
	return p
}
