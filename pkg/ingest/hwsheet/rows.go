package hwsheet

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// table is one sheet (or a CSV file) as rows of cells.
type table struct {
	file     string
	format   string
	sheet    string // "" for CSV
	rows     [][]string
	lines    []int // line (CSV) or row number (XLSX) of each row
	date1904 bool
}

// cellError is a problem in one cell, reported as file:line with the
// column (CSV) or the cell reference (XLSX).
func (t *table) cellError(row, col int, header string, err error) error {
	var where string
	if t.sheet != "" {
		where = sheetRef(t.sheet, col, t.lines[row])
	} else {
		where = "column " + strconv.Itoa(col+1)
	}
	if header != "" {
		where += fmt.Sprintf(" (%q)", header)
	}
	if errors.Is(err, ingest.ErrTooLarge) {
		return &ingest.DecodeError{File: t.file, Line: t.lines[row], Format: t.format, Err: fmt.Errorf("%s: %w", where, err)}
	}
	return &ingest.DecodeError{File: t.file, Line: t.lines[row], Format: t.format, Err: fmt.Errorf("%w: %s: %v", ingest.ErrMalformed, where, err)}
}

// sheetRef is an Excel reference such as Sheet1!C5 or 'My Sheet'!C5.
func sheetRef(sheet string, col, row int) string {
	name := sheet
	if strings.ContainsAny(name, " !'-+()&,;") {
		name = "'" + strings.ReplaceAll(name, "'", "''") + "'"
	}
	return name + "!" + columnName(col) + strconv.Itoa(row)
}

// columnName returns the Excel column letters of a 0-based index.
func columnName(col int) string {
	s := ""
	for col++; col > 0; col = (col - 1) / 26 {
		s = string(rune('A'+(col-1)%26)) + s
	}
	return s
}

// findHeader returns the index and mapping of the header row, or -1.
func (t *table) findHeader(override Columns) (int, *mapping) {
	for i, row := range t.rows {
		if i >= HeaderScanRows {
			break
		}
		if m, ok := isHeader(row, override); ok {
			return i, m
		}
	}
	return -1, nil
}

// firstHeaders returns the first non-empty row, for error messages.
func (t *table) firstHeaders() []string {
	for i, row := range t.rows {
		if i >= HeaderScanRows {
			break
		}
		if !blank(row) {
			return row
		}
	}
	return nil
}

func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// components turns the rows after the header into components.
func (t *table) components(h int, m *mapping, strictWidth bool) ([]inventory.Component, error) {
	data := t.rows[h+1:]
	width := len(m.headers)
	// Decide each date column's order from the whole column first.
	orders := map[string]dateOrder{}
	for _, f := range []string{FieldPurchaseDate, FieldInstallDate} {
		col, ok := m.col[f]
		if !ok {
			continue
		}
		values := make([]string, len(data))
		for i, row := range data {
			if col < len(row) {
				values[i] = row[col]
			}
		}
		order, decided, conflict := columnOrder(values)
		if conflict >= 0 {
			return nil, t.cellError(h+1+conflict, col, m.headers[col], fmt.Errorf("date %q is %s but %q on line %d is %s; write dates as YYYY-MM-DD",
				strings.TrimSpace(values[conflict]), order.opposite(), strings.TrimSpace(values[decided]), t.lines[h+1+decided], order))
		}
		orders[f] = order
	}
	var out []inventory.Component
	for i, row := range data {
		r := h + 1 + i
		if blank(row) {
			continue
		}
		if strictWidth && len(row) != width {
			extra := len(row) > width && blank(row[width:])
			if !extra {
				return nil, &ingest.DecodeError{File: t.file, Line: t.lines[r], Format: t.format,
					Err: fmt.Errorf("%w: row has %d cells, the header (line %d) has %d", ingest.ErrMalformed, len(row), t.lines[h], width)}
			}
		}
		c, ok, err := t.component(r, row, m, orders)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, c)
		}
	}
	return out, nil
}

func (t *table) component(r int, row []string, m *mapping, orders map[string]dateOrder) (inventory.Component, bool, error) {
	cell := func(f string) string {
		col, ok := m.col[f]
		if !ok || col >= len(row) {
			return ""
		}
		return strings.TrimSpace(row[col])
	}
	hasAny := false
	for f := range m.col {
		if cell(f) != "" {
			hasAny = true
			break
		}
	}
	if !hasAny {
		// A row with nothing in a recognised column (a total, a note) is
		// not an item.
		return inventory.Component{}, false, nil
	}
	for col, v := range row {
		if len(v) > MaxCellSize {
			return inventory.Component{}, false, t.cellError(r, col, header(m, col), fmt.Errorf("%w: cell longer than %d bytes", ingest.ErrTooLarge, MaxCellSize))
		}
		if !utf8.ValidString(v) {
			return inventory.Component{}, false, t.cellError(r, col, header(m, col), fmt.Errorf("cell is not valid text"))
		}
	}
	c := inventory.Component{
		Model:    cell(FieldModel),
		Serial:   clean(cell(FieldSerial)),
		Site:     cell(FieldSite),
		Host:     cell(FieldHost),
		Location: inventory.Location{File: t.file, Line: t.lines[r]},
	}
	if t.sheet != "" {
		c.Location.Ref = sheetRef(t.sheet, 0, t.lines[r])
	}
	for _, p := range []struct {
		field string
		role  inventory.Role
	}{{FieldManufacturer, inventory.RoleManufacturer}, {FieldVendor, inventory.RoleVendor}, {FieldSupplier, inventory.RoleSupplier}} {
		if v := clean(cell(p.field)); v != "" {
			c.Parties = append(c.Parties, inventory.Party{Role: p.role, Name: v, Field: m.headers[m.col[p.field]]})
		}
	}
	if v := clean(cell(FieldPartNumber)); v != "" {
		c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDPartNumber, Value: v, Field: m.headers[m.col[FieldPartNumber]]})
	}
	if v := cell(FieldMAC); clean(v) != "" {
		for _, one := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '/' }) {
			mac, ok := normalizeMAC(one)
			if !ok {
				return c, false, t.cellError(r, m.col[FieldMAC], m.headers[m.col[FieldMAC]], fmt.Errorf("%q is not a MAC address", one))
			}
			c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDMAC, Value: mac, Field: m.headers[m.col[FieldMAC]]})
		}
	}
	for _, d := range []struct {
		field string
		dst   *time.Time
	}{{FieldPurchaseDate, &c.PurchaseDate}, {FieldInstallDate, &c.InstallDate}} {
		if _, ok := m.col[d.field]; !ok {
			continue
		}
		v, err := parseDate(cell(d.field), orders[d.field], t.date1904)
		if err != nil {
			return c, false, t.cellError(r, m.col[d.field], m.headers[m.col[d.field]], err)
		}
		*d.dst = v
	}
	c.Kind = inventory.KindDevice
	if v := cell(FieldCategory); v != "" {
		c.Properties = append(c.Properties, inventory.Property{Name: "category", Value: v})
		c.Kind = kindOf(v)
	}
	if v := clean(cell(FieldAssetTag)); v != "" {
		c.Properties = append(c.Properties, inventory.Property{Name: "asset_tag", Value: v})
	}
	for col, v := range row {
		v = strings.TrimSpace(v)
		if v == "" || m.fieldOf(col) != "" {
			continue
		}
		c.Properties = append(c.Properties, inventory.Property{Name: header(m, col), Value: v})
	}
	var part string
	if len(c.Identifiers) > 0 && c.Identifiers[0].Kind == inventory.IDPartNumber {
		part = c.Identifiers[0].Value
	}
	c.Name = firstNonEmpty(cell(FieldName), c.Model, part, c.Host, "row "+strconv.Itoa(t.lines[r]))
	if m.netbox && c.Host == "" {
		c.Host = cell(FieldName) // a NetBox device's name is its host name
	}
	return c, true, nil
}

// header returns column col's header, or its letter when the header is
// blank or the row is longer than the header.
func header(m *mapping, col int) string {
	if col < len(m.headers) {
		if h := strings.TrimSpace(m.headers[col]); h != "" {
			return h
		}
	}
	return "column " + columnName(col)
}

// placeholders are values that mean "not known" in a party, part number or
// serial cell.
var placeholders = map[string]bool{"-": true, "--": true, "n/a": true, "na": true, "none": true, "unknown": true,
	"tbd": true, "?": true, "null": true, "not specified": true, "to be filled by o.e.m.": true, "无": true, "未知": true}

func clean(s string) string {
	s = strings.TrimSpace(s)
	if placeholders[strings.ToLower(s)] {
		return ""
	}
	return s
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// normalizeMAC returns a 48-bit MAC as "00:1F:54:12:34:56".
func normalizeMAC(s string) (string, bool) {
	var hex []byte
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9', r >= 'a' && r <= 'f', r >= 'A' && r <= 'F':
			hex = append(hex, byte(r))
		case r == ':' || r == '-' || r == '.':
		default:
			return "", false
		}
	}
	if len(hex) != 12 {
		return "", false
	}
	h := strings.ToUpper(string(hex))
	var b strings.Builder
	for i := 0; i < 12; i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(h[i : i+2])
	}
	return b.String(), true
}

// kindOf guesses a component kind from a category (or NetBox role) cell.
// Latin words count only whole ("RAM" is not "program"); CJK words count
// anywhere in the cell.
func kindOf(category string) inventory.Kind {
	lower := strings.ToLower(category)
	words := strings.FieldsFunc(lower, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	for _, phrase := range []string{"network adapter", "network card", "network interface card", "网卡"} {
		if strings.Contains(lower, phrase) {
			return inventory.KindNIC
		}
	}
	for _, rule := range kindRules {
		for _, w := range words {
			for _, k := range rule.words {
				if w == k {
					return rule.kind
				}
			}
		}
		for _, k := range rule.cjk {
			if strings.Contains(lower, k) {
				return rule.kind
			}
		}
	}
	return inventory.KindDevice
}

var kindRules = []struct {
	kind  inventory.Kind
	words []string
	cjk   []string
}{
	{inventory.KindMemory, []string{"memory", "ram", "dimm", "dimms", "rdimm", "sodimm", "dram", "ddr3", "ddr4", "ddr5"}, []string{"内存", "記憶體", "メモリ"}},
	{inventory.KindNIC, []string{"nic", "nics"}, nil},
	{inventory.KindDisk, []string{"ssd", "ssds", "hdd", "hdds", "disk", "disks", "drive", "drives", "nvme", "storage"}, []string{"硬盘", "固态", "磁盘", "硬碟"}},
	{inventory.KindCamera, []string{"camera", "cameras", "nvr", "dvr", "cctv", "ipc"}, []string{"摄像", "监控", "攝影", "カメラ"}},
	{inventory.KindSwitch, []string{"switch", "switches", "router", "routers", "firewall", "firewalls", "gateway", "ap", "wlan", "olt", "ont"}, []string{"交换机", "路由器", "防火墙", "交換機"}},
	{inventory.KindSystem, []string{"server", "servers"}, []string{"服务器", "伺服器", "サーバ"}},
	{inventory.KindRadio, []string{"radio", "radios", "walkie", "pmr", "dmr", "tetra"}, []string{"对讲", "電台", "电台", "無線機"}},
	{inventory.KindDrone, []string{"drone", "drones", "uav", "uas"}, []string{"无人机", "無人機", "ドローン"}},
}
