package catalog

import (
	"strings"
	"sync"
)

//go:generate go run ../../internal/gen/oui -in ../../../shared/reference/oui-restricted-vendors.tsv -out oui_table.go
//go:generate go run ../../internal/gen/ids -in ../../../shared/reference/vendors-identifiers.tsv -out id_tables.go

// OUIOwner is the entity that owns an IEEE MAC address block, and the brand
// or subsidiary it owns it through ("" for the entity itself).
type OUIOwner struct {
	Entity     string
	Via        string
	Registrant string
}

// ouiTable is the OUI table, built on the first MAC address looked up rather
// than when the program starts.
var ouiTable = sync.OnceValue(ouiEntries)

// LookupMAC finds the owner of a MAC address's block, trying the 36-bit
// (MA-S), 28-bit (MA-M) and 24-bit (MA-L) prefixes in that order, so a
// small block inside a large one is attributed to its own registrant. It
// returns the matched prefix as upper-case hex.
func LookupMAC(mac string) (OUIOwner, string, bool) {
	h := macHex(mac)
	if len(h) != 12 {
		return OUIOwner{}, "", false
	}
	for _, n := range []int{9, 7, 6} {
		if o, ok := ouiTable()[h[:n]]; ok {
			return o, h[:n], true
		}
	}
	return OUIOwner{}, "", false
}

// macHex strips separators from a MAC address and upper-cases it; it returns
// "" if what is left is not 12 hex digits.
func macHex(mac string) string {
	var b strings.Builder
	for _, r := range mac {
		switch {
		case r >= '0' && r <= '9', r >= 'A' && r <= 'F':
			b.WriteRune(r)
		case r >= 'a' && r <= 'f':
			b.WriteRune(r - 'a' + 'A')
		case r == ':' || r == '-' || r == '.':
		default:
			return ""
		}
	}
	if b.Len() != 12 {
		return ""
	}
	return b.String()
}
