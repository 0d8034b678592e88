package catalog

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// yamlID is one PCI/USB/JEDEC/PEN identifier as a vendor file claims it.
type yamlID struct {
	entity   *Entity
	related  string // "" for the entity's own identifiers; else the brand or subsidiary name
	verified bool
}

// idKinds maps the Facts path suffix of each identifier list to the
// generated table's kind.
var idKinds = map[string]string{
	".pci_vendors": "pci",
	".usb_vendors": "usb",
	".jedec":       "jedec",
	".iana_pens":   "iana_pen",
}

// catalogRegistryIDs walks every entity, brand and subsidiary through
// Facts and returns the registry identifiers keyed "kind value", with the
// value in the generated table's form.
func catalogRegistryIDs(t *testing.T, c *Catalog) map[string][]yamlID {
	t.Helper()
	out := map[string][]yamlID{}
	for _, e := range c.Entities() {
		for f := range e.Facts() {
			var kind, base string
			for suffix, k := range idKinds {
				if b, ok := strings.CutSuffix(f.Path, suffix); ok {
					kind, base = k, b
				}
			}
			if kind == "" {
				continue
			}
			related := ""
			if base != "identifiers" {
				open, close := strings.Index(base, "["), strings.LastIndex(base, "]")
				if open < 0 || close < open {
					t.Fatalf("%s: unexpected fact path %q", e.ID, f.Path)
				}
				related = base[open+1 : close]
			}
			v := f.Value
			if kind == "jedec" {
				v = jedecTableForm(t, e.ID, v)
			}
			k := kind + " " + v
			out[k] = append(out[k], yamlID{e, related, f.Verified})
		}
	}
	return out
}

// jedecTableForm turns Facts' "bank 1 0x2C" into the table's "bank1:0x2C".
func jedecTableForm(t *testing.T, entity, v string) string {
	t.Helper()
	var bank int
	var code string
	if _, err := fmt.Sscanf(v, "bank %d %s", &bank, &code); err != nil {
		t.Fatalf("%s: jedec fact %q: %v", entity, v, err)
	}
	n, err := strconv.ParseUint(strings.TrimPrefix(strings.ToLower(code), "0x"), 16, 8)
	if err != nil {
		t.Fatalf("%s: jedec fact %q: %v", entity, v, err)
	}
	return fmt.Sprintf("bank%d:0x%02X", bank, n&0x7f)
}

// relatedNames returns the name and aliases of an entity's brand or
// subsidiary.
func relatedNames(e *Entity, name string) []string {
	for _, r := range append(append([]Related{}, e.Brands...), e.Subsidiaries...) {
		if r.Name == name {
			return append([]string{r.Name}, r.Aliases...)
		}
	}
	return nil
}

// TestVendorFilesAgreeWithRegistryTables: the PCI, USB, JEDEC and IANA PEN
// identifiers in policies/vendors are exactly the generated registry tables
// (id_tables.go, from the registry extract): same identifiers, same owner,
// same brand or subsidiary, same verified flag. A hand edit of either side
// fails here.
func TestVendorFilesAgreeWithRegistryTables(t *testing.T) {
	got := catalogRegistryIDs(t, shipped(t))
	table := RegistryIDs()

	// Guard against a walk or a table that sees nothing.
	perKind := map[string]int{}
	for k := range got {
		perKind[strings.Fields(k)[0]]++
	}
	for _, kind := range []string{"pci", "usb", "jedec", "iana_pen"} {
		if perKind[kind] < 3 {
			t.Errorf("vendor files give only %d %s identifiers: the walk misses some", perKind[kind], kind)
		}
	}
	if len(table) < 25 {
		t.Fatalf("generated table has only %d rows", len(table))
	}

	inTable := map[string]RegistryID{}
	for _, r := range table {
		k := r.Kind + " " + r.Value
		if _, dup := inTable[k]; dup {
			t.Errorf("generated table lists %s twice", k)
		}
		inTable[k] = r
	}

	// Every identifier in the vendor files is in the table, owned alike.
	for k, claims := range got {
		r, ok := inTable[k]
		if !ok {
			for _, c := range claims {
				t.Errorf("%s: %s (%s) is not in the generated registry table: add it to the registry extract and run go generate ./pkg/catalog, or remove it", c.entity.File, k, where(c))
			}
			continue
		}
		for _, c := range claims {
			if c.entity.ID != r.Entity {
				t.Errorf("%s: %s is claimed by %s but the registry table gives it to %s", c.entity.File, k, c.entity.ID, r.Entity)
				continue
			}
			switch {
			case r.Via == "" && c.related != "":
				t.Errorf("%s: %s sits under %q but the registry table gives it to %s itself", c.entity.File, k, c.related, r.Entity)
			case r.Via != "" && !nameIn(r.Via, relatedNames(c.entity, c.related)):
				t.Errorf("%s: %s sits under %s but the registry table owns it through %q", c.entity.File, k, where(c), r.Via)
			}
			if c.verified != r.Verified {
				t.Errorf("%s: %s has verified %v in the vendor file but %v in the registry table (%s)", c.entity.File, k, c.verified, r.Verified, r.Note)
			}
		}
	}
	// Every table row is in the vendor files.
	for k, r := range inTable {
		if len(got[k]) == 0 {
			t.Errorf("registry table row %s (%s via %q) is in no vendor file", k, r.Entity, r.Via)
		}
	}
}

func where(c yamlID) string {
	if c.related == "" {
		return c.entity.ID + " itself"
	}
	return fmt.Sprintf("%s / %q", c.entity.ID, c.related)
}

func nameIn(name string, names []string) bool {
	for _, n := range names {
		if strings.EqualFold(n, name) {
			return true
		}
	}
	return false
}

// TestRegistryTablesRecordVersionsAndSkips: each table names its registry
// version, and the identifiers the reference calls near-misses or not the
// entity's are absent (left out by the generator's skip list, not by hand).
func TestRegistryTablesRecordVersionsAndSkips(t *testing.T) {
	for name, v := range map[string]string{
		"PCIRegistryVersion":     PCIRegistryVersion,
		"USBRegistryVersion":     USBRegistryVersion,
		"JEDECRegistryVersion":   JEDECRegistryVersion,
		"IANAPENRegistryVersion": IANAPENRegistryVersion,
	} {
		if !strings.Contains(v, " from ") || len(v) < 20 {
			t.Errorf("%s = %q: want registry, version and where from", name, v)
		}
	}
	absent := []string{
		"usb 1472",          // Huawei-3Com (H3C)
		"pci 1d97",          // Longsys-era Lexar
		"jedec bank11:0x76", // Lexar Co Limited (Longsys)
		"iana_pen 1004849",  // Dahua SNMP OID, not an IANA PEN
		"pci 1042",          // Micron Electronics/MicronPC
		"usb 0496",          // Micron Electronics
	}
	rows := map[string]bool{}
	for _, r := range RegistryIDs() {
		rows[r.Kind+" "+r.Value] = true
	}
	for _, k := range absent {
		if rows[k] {
			t.Errorf("%s is in the generated registry table; the reference says it is not the entity's", k)
		}
	}
	// RegistryIDs hands out a copy.
	a := RegistryIDs()
	a[0].Entity = "changed"
	if RegistryIDs()[0].Entity == "changed" {
		t.Error("RegistryIDs returns the table itself, not a copy")
	}
}
