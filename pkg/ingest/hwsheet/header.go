package hwsheet

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// synonyms maps header words to fields. Headers are compared after
// normHeader, so "Serial No.", "serial_no" and "SERIAL NO" are one entry.
// The table is built on first use: folding its words costs every command
// half a millisecond at start-up otherwise.
var synonyms = sync.OnceValue(func() map[string]string {
	return buildSynonyms(map[string][]string{
		FieldManufacturer: {"manufacturer", "manufacturer name", "mfr", "mfg", "mfgr", "make", "brand", "maker", "oem",
			"hersteller", "marke", "fabricant", "marque", "fabricante", "marca", "produttore", "fabrikant",
			"制造商", "厂商", "品牌", "厂家", "生产厂家", "生产商", "制造厂商", "制造厂", "製造商", "廠商", "メーカー", "製造元"},
		FieldVendor:   {"vendor", "vendor name", "anbieter", "厂商名称", "销售商"},
		FieldSupplier: {"supplier", "supplier name", "distributor", "reseller", "lieferant", "fournisseur", "proveedor", "fornitore", "leverancier", "供应商", "供货商", "供貨商", "仕入先"},
		FieldModel: {"model", "model number", "model no", "model name", "model #", "product", "product name", "product model",
			"modell", "modellnummer", "modele", "modelo", "modello", "型号", "规格型号", "型號", "產品型號", "产品型号", "機種", "型番"},
		FieldPartNumber: {"part number", "part no", "part #", "part", "pn", "p n", "sku", "mpn", "manufacturer part number",
			"mfr part number", "mfg part number", "vendor part number", "product number", "part id", "partnum",
			"artikelnummer", "teilenummer", "référence", "reference fabricant", "numero de pieza", "料号", "部件号", "物料编码", "物料号", "零件号", "部品番号", "品番"},
		FieldSerial: {"serial", "serial number", "serial no", "serial #", "s n", "sn", "serialnumber",
			"seriennummer", "numero de serie", "número de serie", "序列号", "序列號", "序号", "シリアル番号", "製造番号"},
		FieldPurchaseDate: {"purchase date", "purchased", "date purchased", "order date", "ordered", "bought", "date of purchase",
			"acquisition date", "acquired", "po date", "kaufdatum", "bestelldatum", "anschaffungsdatum", "date d achat", "fecha de compra",
			"采购日期", "购买日期", "购置日期", "購買日期", "購入日"},
		FieldInstallDate: {"install date", "installed", "installation date", "date installed", "deployment date", "deployed",
			"commissioning date", "commissioned", "in service date", "installationsdatum", "inbetriebnahme", "date d installation",
			"fecha de instalacion", "安装日期", "部署日期", "上线日期", "安裝日期", "設置日"},
		FieldSite: {"site", "site name", "location", "standort", "emplacement", "ubicacion", "sede", "站点", "位置", "地点", "机房", "所在地", "拠点"},
		FieldAssetTag: {"asset tag", "asset", "asset number", "asset no", "asset id", "inventory number", "inventory tag",
			"inventarnummer", "anlagennummer", "资产编号", "资产标签", "资产号", "固定资产编号", "資產編號", "資産番号"},
		FieldName: {"name", "description", "item", "item name", "item description", "device", "device name", "asset name",
			"bezeichnung", "beschreibung", "gerät", "gerätename", "gerätebezeichnung", "artikel", "designation", "nombre", "descripcion", "名称", "设备名称", "描述", "品名", "名稱", "名前"},
		FieldHost: {"hostname", "host", "host name", "fqdn", "dns name", "主机名", "主機名"},
		FieldMAC:  {"mac", "mac address", "macaddress", "mac addr", "hardware address", "mac adresse", "adresse mac", "direccion mac", "物理地址", "mac地址"},
		FieldCategory: {"category", "type", "asset type", "device type", "item type", "class", "kind",
			"kategorie", "typ", "geratetyp", "categorie", "categoria", "tipo", "类别", "类型", "分类", "设备类型", "類別", "種別"},
	})
})

func buildSynonyms(m map[string][]string) map[string]string {
	out := map[string]string{}
	for field, words := range m {
		for _, w := range words {
			k := normHeader(w)
			if prev, dup := out[k]; dup && prev != field {
				panic("hwsheet: header " + w + " maps to " + prev + " and " + field)
			}
			out[k] = field
		}
	}
	return out
}

// normHeader folds a header for comparison: compatibility forms (full-width
// letters), case, diacritics, spaces and punctuation.
func normHeader(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// drop combining marks: "Modèle" -> "modele"
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return norm.NFC.String(b.String())
}

// lookupHeader returns the field a header names, trying the whole header
// and then each part of a bilingual one ("型号 / Model", "Hersteller
// (Manufacturer)").
func lookupHeader(h string) (string, bool) {
	if f, ok := synonyms()[normHeader(h)]; ok {
		return f, true
	}
	parts := strings.FieldsFunc(h, func(r rune) bool {
		return strings.ContainsRune("/|()（）[]【】\n", r)
	})
	if len(parts) > 1 {
		for _, p := range parts {
			if f, ok := synonyms()[normHeader(p)]; ok {
				return f, true
			}
		}
	}
	return "", false
}

// mapping says which column holds each field.
type mapping struct {
	headers []string
	col     map[string]int // field -> column index
	netbox  bool           // NetBox device export: "Type" is the model
}

func (m *mapping) has(field string) bool { _, ok := m.col[field]; return ok }

func (m *mapping) hasSignal() bool {
	for _, f := range signalFields {
		if m.has(f) {
			return true
		}
	}
	return false
}

// fieldOf returns the field mapped to column i.
func (m *mapping) fieldOf(i int) string {
	for f, c := range m.col {
		if c == i {
			return f
		}
	}
	return ""
}

// netboxRoleWords are headers that, with Manufacturer and Type, mark NetBox's
// device export.
var netboxRoleWords = []string{"role", "devicerole", "rack", "tenant", "status"}

// mapHeaders maps a header row. It returns the mapping and the override
// headers that are missing from the row.
func mapHeaders(headers []string, override Columns) (*mapping, []string) {
	m := &mapping{headers: headers, col: map[string]int{}}
	claimed := map[int]bool{}
	var missing []string
	for _, f := range sortedKeys(override) {
		want := normHeader(override[f])
		found := false
		for i, h := range headers {
			if !claimed[i] && normHeader(h) == want {
				m.col[f], claimed[i], found = i, true, true
				break
			}
		}
		if !found {
			missing = append(missing, override[f])
		}
	}
	norms := make([]string, len(headers))
	for i, h := range headers {
		norms[i] = normHeader(h)
	}
	// NetBox's device export: Name, Status, Tenant, Site, Location, Rack,
	// Role, Manufacturer, Type, ... where Type is the device type.
	typeCol := indexOf(norms, "type", "devicetype")
	if typeCol >= 0 && indexOf(norms, "manufacturer") >= 0 && indexOf(norms, netboxRoleWords...) >= 0 && !m.has(FieldModel) {
		hasModel := false
		for i, h := range headers {
			if f, ok := lookupHeader(h); ok && f == FieldModel && i != typeCol {
				hasModel = true
			}
		}
		if !hasModel && !claimed[typeCol] {
			m.netbox = true
			m.col[FieldModel], claimed[typeCol] = typeCol, true
			if r := indexOf(norms, "role", "devicerole"); r >= 0 && !claimed[r] && !m.has(FieldCategory) {
				m.col[FieldCategory], claimed[r] = r, true
			}
		}
	}
	for i, h := range headers {
		if claimed[i] {
			continue
		}
		if f, ok := lookupHeader(h); ok && !m.has(f) {
			m.col[f], claimed[i] = i, true
		}
	}
	return m, missing
}

func indexOf(norms []string, words ...string) int {
	for i, n := range norms {
		for _, w := range words {
			if n == w {
				return i
			}
		}
	}
	return -1
}

// isHeader reports whether a row is the header: every override column is
// present, and at least two fields are recognised.
func isHeader(row []string, override Columns) (*mapping, bool) {
	m, missing := mapHeaders(row, override)
	if len(missing) > 0 {
		return m, false
	}
	if len(override) > 0 {
		return m, true
	}
	return m, len(m.col) >= 2
}
