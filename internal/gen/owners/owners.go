// Package owners maps the vendor column of the reference registry extracts
// (shared/reference/oui-restricted-vendors.tsv and vendors-identifiers.tsv)
// to catalog entity ids, for the table generators under internal/gen. It is
// build tooling: the shipped binary never imports it.
package owners

// Owner is the entity that owns an identifier, and the brand or subsidiary
// it owns it through ("" for the entity itself). Via must be a name or alias
// of a brand or subsidiary in the entity's policies/vendors file.
type Owner struct {
	Entity string
	Via    string
}

// byVendor: one mapping for every generator, so a brand is owned the same way
// in the OUI table and in the PCI/USB/JEDEC/PEN tables.
var byVendor = map[string]Owner{
	"Huawei":                  {"huawei", ""},
	"HiSilicon":               {"huawei", "HiSilicon"},
	"Honor":                   {"huawei", "Honor"},
	"ZTE":                     {"zte", ""},
	"Hikvision":               {"hikvision", ""},
	"EZVIZ":                   {"hikvision", "EZVIZ"},
	"Dahua":                   {"dahua", ""},
	"Lorex":                   {"dahua", "Lorex"},
	"Hytera":                  {"hytera", ""},
	"DJI":                     {"dji", ""},
	"Autel":                   {"autel", "Autel Intelligent Technology"},
	"Kaspersky":               {"kaspersky", ""},
	"Micron":                  {"micron", ""},
	"Crucial":                 {"micron", "Crucial"},
	"Lexar":                   {"micron", "Lexar"},
	"SpecTek":                 {"micron", "SpecTek"},
	"Elpida":                  {"micron", "Elpida"},
	"YMTC":                    {"ymtc", ""},
	"CXMT":                    {"cxmt", ""},
	"SMIC":                    {"smic", ""},
	"China Mobile":            {"china-mobile", ""},
	"China Telecom":           {"china-telecom", ""},
	"China Unicom":            {"china-unicom", ""},
	"Pacific Networks/ComNet": {"pacific-networks", ""},
}

// Lookup returns the owner of an extract's vendor column value.
func Lookup(vendor string) (Owner, bool) {
	o, ok := byVendor[vendor]
	return o, ok
}
