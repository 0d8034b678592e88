package hwtext

import (
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/internal/lazyre"
)

// corporate suffixes and words that end a vendor name in pci.ids / usb.ids
// style names, compared after removing "." and "," and lower-casing.
var vendorEnd = map[string]bool{
	"corporation": true, "corp": true, "inc": true, "incorporated": true,
	"ltd": true, "limited": true, "co": true, "coltd": true, "llc": true,
	"gmbh": true, "ag": true, "bv": true, "nv": true, "plc": true,
	"company": true, "technologies": true, "technology": true,
	"foundation": true, "spa": true, "srl": true, "kk": true, "pty": true,
}

// words that may follow a suffix and still belong to the vendor name.
var vendorTail = map[string]bool{"group": true, "holdings": true, "international": true}

// reAbbrev is a bracketed abbreviation after a vendor name: "[AMD]",
// "[AMD/ATI]", "[SiS]".
var reAbbrev = lazyre.New(`^\[[A-Za-z][A-Za-z/&.\-]*\]$`)

func normWord(w string) string {
	return strings.ToLower(strings.NewReplacer(".", "", ",", "").Replace(w))
}

// maxVendorWords bounds where the first corporate suffix may be.
const maxVendorWords = 7

// SplitVendor splits a "vendor name + product name" text, as lspci and
// lsusb print them ("Intel Corporation 82801 PCI Bridge", "Huawei
// Technologies Co., Ltd. E353/E3131"), at the end of the vendor's corporate
// name. It reports ok=false when no such end is found: the tools join the
// two names with a space, so without a corporate suffix the boundary is not
// knowable from the text alone.
func SplitVendor(s string) (vendor, product string, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", "", false
	}
	// "Dell Device" / "Dell Device 0233": the device is unknown to the ids
	// database, the vendor is what comes before.
	if v, rest, found := strings.Cut(" "+s+" ", " Device "); found && strings.TrimSpace(v) != "" &&
		(strings.TrimSpace(rest) == "" || isHexWord(strings.TrimSpace(rest))) {
		return strings.TrimSpace(v), "", true
	}
	words := strings.Fields(s)
	end := -1
	for i := 1; i < len(words) && i < maxVendorWords; i++ {
		if vendorEnd[normWord(words[i])] || reAbbrev.MatchString(words[i]) {
			end = i
			break
		}
	}
	if end < 0 {
		return "", "", false
	}
	for end+1 < len(words) {
		w := normWord(words[end+1])
		switch {
		case vendorEnd[w], vendorTail[w], reAbbrev.MatchString(words[end+1]):
			end++
			continue
		case w == "and" && end+2 < len(words) && normWord(words[end+2]) == "subsidiaries":
			end += 2
			continue
		}
		break
	}
	vendor = strings.TrimSuffix(strings.Join(words[:end+1], " "), ",")
	product = strings.Join(words[end+1:], " ")
	return vendor, product, true
}

func isHexWord(s string) bool {
	if len(s) == 0 || len(s) > 4 {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return false
		}
	}
	return true
}
