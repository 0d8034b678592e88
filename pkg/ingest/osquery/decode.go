// Package osquery is the ingest stage for osquery results in JSON: the
// output of `osqueryi --json "SELECT * FROM table"` (an array of rows), and
// osqueryd's results log (JSON lines of differential "columns" rows or
// "snapshot" arrays). Rows of the tables system_info, pci_devices,
// usb_devices, memory_devices, disk_info, interface_details, programs,
// deb_packages, rpm_packages and apps become components; the table is
// recognised by the row's columns.
//
// Identifiers are read only from their own columns (pci_devices.vendor_id,
// usb_devices.vendor_id, interface_details.mac, a hex
// memory_devices.manufacturer). It must not import anything after ingest
// (match, policy, report).
package osquery

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/hwtext"
	"github.com/vendorcheck/vendorcheck/pkg/internal/lazyre"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// ID is the decoder id.
const ID = "osquery-json"

// MaxDocumentSize bounds the results file held in memory.
const MaxDocumentSize = 512 << 20

// MaxRows bounds the rows of one file.
const MaxRows = 5_000_000

type decoder struct{}

var _ ingest.Decoder = (*decoder)(nil)

// New returns the osquery results decoder.
func New() ingest.Decoder { return &decoder{} }

func (*decoder) ID() string { return ID }

var (
	reArray   = lazyre.New(`^\s*\[\s*\{\s*"`)
	reColumns = lazyre.New(`"(pci_slot|pci_class_id|usb_address|usb_port|device_locator|bank_locator|hardware_vendor|hardware_model|cpu_brand|disk_index|pnp_device_id|identifying_number|uninstall_string|install_location|install_source|maintainer|package_group|bundle_identifier|subsystem_vendor_id|memory_type|physical_memory|computer_name|last_change)"\s*:\s*"`)
	reLog     = lazyre.New(`"hostIdentifier"\s*:`)
	reLogRow  = lazyre.New(`"(columns|snapshot)"\s*:\s*[\[{]`)
	reTLSBody = lazyre.New(`"log_type"\s*:\s*"result"`)
)

// Identify accepts an array of objects whose head has at least two columns
// of the tables read, or osqueryd's results log ("hostIdentifier" with
// "columns" or "snapshot").
func (d *decoder) Identify(head []byte) bool {
	return d.IdentifyHead(ingest.NewHead(head))
}

// IdentifyHead is Identify, with what h found shared with the other
// decoders.
func (*decoder) IdentifyHead(h *ingest.Head) bool {
	head := h.Bytes()
	t := bytes.TrimLeft(head, " \t\r\n")
	if len(t) == 0 {
		return false
	}
	switch t[0] {
	case '[':
		if !reArray.Match(t) {
			return false
		}
		if reLog.Match(head) && reLogRow.Match(head) && bytes.Contains(head, []byte(`"name"`)) {
			return true // results log records in an array
		}
		seen := map[string]bool{}
		for _, m := range reColumns.FindAllSubmatch(t, 64) {
			seen[string(m[1])] = true
		}
		return len(seen) >= 2
	case '{':
		// The names each expression needs are looked for first.
		if h.ContainsQuoted(`"log_type"`) && reTLSBody.Match(head) && reLogRow.Match(head) {
			return true
		}
		return h.ContainsQuoted(`"hostIdentifier"`) && h.ContainsQuoted(`"name"`) &&
			reLog.Match(head) && reLogRow.Match(head)
	}
	return false
}

type row struct {
	line int
	cols map[string]string
	host string
}

func (*decoder) Decode(ctx context.Context, r io.Reader, name string) (*inventory.Inventory, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxDocumentSize+1))
	if err != nil {
		return nil, hwtext.Wrap(name, ID, err)
	}
	if len(data) > MaxDocumentSize {
		return nil, &ingest.DecodeError{File: name, Format: ID, Err: fmt.Errorf("%w: more than %s", ingest.ErrTooLarge, ingest.FormatSize(MaxDocumentSize))}
	}
	data = ingest.StripBOM(data)
	rows, err := readRows(ctx, data, name)
	if err != nil {
		return nil, err
	}
	inv := &inventory.Inventory{Source: name, Format: ID, Components: []inventory.Component{}}
	hosts := map[string]bool{}
	unknown := map[string]bool{}
	for i, rw := range rows {
		if i%4096 == 4095 {
			if err := ctx.Err(); err != nil {
				return nil, hwtext.Wrap(name, ID, err)
			}
		}
		c, host, ok := component(rw, i+1)
		if rw.host != "" {
			hosts[rw.host] = true
		} else if host != "" {
			hosts[host] = true
		}
		if !ok {
			for k := range rw.cols {
				unknown[k] = true
			}
			continue
		}
		if c.Kind == "" {
			continue
		}
		c.Location.File = name
		c.Host = rw.host
		inv.Components = append(inv.Components, c)
	}
	if len(inv.Components) == 0 && len(rows) > 0 {
		cols := make([]string, 0, len(unknown))
		for k := range unknown {
			cols = append(cols, k)
		}
		sort.Strings(cols)
		if len(cols) > 8 {
			cols = append(cols[:8], "...")
		}
		return nil, &ingest.DecodeError{File: name, Format: ID, Err: fmt.Errorf("%w: no row of a table this version reads (system_info, pci_devices, usb_devices, memory_devices, disk_info, interface_details, programs, deb_packages, rpm_packages, apps); columns: %s", ingest.ErrUnsupportedVersion, strings.Join(cols, ", "))}
	}
	if len(hosts) == 1 {
		for h := range hosts {
			inv.Host = h
		}
	}
	return inv, nil
}

// readRows reads an array of rows, or results log lines.
func readRows(ctx context.Context, data []byte, name string) ([]row, error) {
	lines := newLines(data)
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var rows []row
	malformed := func(off int64, format string, args ...any) error {
		return hwtext.Malformed(name, lines.at(off), ID, format, args...)
	}
	for {
		if err := ctx.Err(); err != nil {
			return nil, hwtext.Wrap(name, ID, err)
		}
		start := dec.InputOffset()
		var v any
		err := dec.Decode(&v)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var se *json.SyntaxError
			if errors.As(err, &se) {
				return nil, malformed(se.Offset, "invalid JSON: %v", err)
			}
			if errors.Is(err, io.ErrUnexpectedEOF) {
				return nil, malformed(int64(len(data)), "invalid JSON: unexpected end of input")
			}
			return nil, malformed(dec.InputOffset(), "invalid JSON: %v", err)
		}
		line := lines.at(start)
		add := func(m map[string]any, host string, l int) error {
			if len(rows) >= MaxRows {
				return &ingest.DecodeError{File: name, Line: l, Format: ID, Err: fmt.Errorf("%w: more than %d rows", ingest.ErrTooLarge, MaxRows)}
			}
			cols := map[string]string{}
			for k, val := range m {
				switch x := val.(type) {
				case string:
					cols[k] = x
				case json.Number:
					cols[k] = x.String()
				}
			}
			rows = append(rows, row{line: l, cols: cols, host: host})
			return nil
		}
		// record reads one results log record: its "columns" (unless
		// removed), its "snapshot" rows or its "diffResults.added" rows.
		record := func(x map[string]any) error {
			host, _ := x["hostIdentifier"].(string)
			if cols, ok := x["columns"].(map[string]any); ok {
				if action, _ := x["action"].(string); action == "removed" {
					return nil
				}
				return add(cols, host, line)
			}
			var list []any
			if snap, ok := x["snapshot"].([]any); ok {
				list = snap
			} else if d, ok := x["diffResults"].(map[string]any); ok {
				list, _ = d["added"].([]any)
			} else {
				return malformed(start, `a results log line needs "columns", "snapshot" or "diffResults"`)
			}
			for _, e := range list {
				if m, ok := e.(map[string]any); ok {
					if err := add(m, host, line); err != nil {
						return err
					}
				}
			}
			return nil
		}
		switch x := v.(type) {
		case []any:
			// osqueryi --json: rows of one query; or results log records
			// batched in an array (as a log shipper or Fleet keeps them).
			// Lines of rows are not tracked inside the array; each row gets
			// the array's line plus its index in the reference.
			for _, e := range x {
				m, ok := e.(map[string]any)
				if !ok {
					return nil, malformed(start, "an osquery result row must be an object")
				}
				var err error
				if isRecord(m) {
					err = record(m)
				} else {
					err = add(m, "", line)
				}
				if err != nil {
					return nil, err
				}
			}
		case map[string]any:
			if recs, ok := x["data"].([]any); ok && x["log_type"] == "result" {
				// The body osquery's TLS logger posts: {"log_type":
				// "result", "data": [records]}.
				for _, e := range recs {
					if m, ok := e.(map[string]any); ok && isRecord(m) {
						if err := record(m); err != nil {
							return nil, err
						}
					}
				}
				continue
			}
			if err := record(x); err != nil {
				return nil, err
			}
		default:
			return nil, malformed(start, "expected an array of rows or results log lines")
		}
	}
	return rows, nil
}

// isRecord reports whether an object is a results log record (a query's
// "name" with its "columns", "snapshot" or "diffResults"), not a row.
func isRecord(m map[string]any) bool {
	if _, ok := m["name"].(string); !ok {
		return false
	}
	if _, ok := m["columns"].(map[string]any); ok {
		return true
	}
	if _, ok := m["snapshot"].([]any); ok {
		return true
	}
	_, ok := m["diffResults"].(map[string]any)
	return ok
}

// lines maps byte offsets to 1-based lines, for offsets asked in
// increasing order.
type lineIndex struct {
	data []byte
	off  int64
	line int
}

func newLines(data []byte) *lineIndex { return &lineIndex{data: data} }

func (l *lineIndex) at(off int64) int {
	n := int64(len(l.data))
	for off < n && (l.data[off] == ' ' || l.data[off] == '\t' || l.data[off] == '\r' || l.data[off] == '\n') {
		off++
	}
	if off > n {
		off = n
	}
	if off < l.off {
		return bytes.Count(l.data[:off], []byte{'\n'}) + 1
	}
	l.line += bytes.Count(l.data[l.off:off], []byte{'\n'})
	l.off = off
	return l.line + 1
}
