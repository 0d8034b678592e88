package wincim

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/hwtext"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/jsontree"
	"github.com/vendorcheck/vendorcheck/pkg/internal/lazyre"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// Decoder ids.
const (
	IDJSON = "powershell-cim-json"
	IDCSV  = "powershell-cim-csv"
)

// MaxDocumentSize bounds an export held in memory.
const MaxDocumentSize = 256 << 20

// MaxRecords bounds the instances of one export.
const MaxRecords = 1_000_000

var reMarker = lazyre.New(`"(CimSystemProperties|CimClass|PSComputerName|PNPDeviceID|SMBIOSBIOSVersion|UninstallString|__CLASS)"\s*:`)

type jsonDecoder struct{}

var _ ingest.Decoder = (*jsonDecoder)(nil)

// NewJSON returns the decoder of ConvertTo-Json exports.
func NewJSON() ingest.Decoder { return &jsonDecoder{} }

func (*jsonDecoder) ID() string { return IDJSON }

// Identify accepts a JSON object or array with a CIM or PowerShell
// property ("CimSystemProperties", "PSComputerName", "PNPDeviceID",
// "SMBIOSBIOSVersion", "UninstallString") and no OData annotation.
func (d *jsonDecoder) Identify(head []byte) bool {
	return d.IdentifyHead(ingest.NewHead(head))
}

// IdentifyHead is Identify, with what h found shared with the other
// decoders.
func (*jsonDecoder) IdentifyHead(h *ingest.Head) bool {
	head := h.Bytes()
	t := bytes.TrimLeft(head, " \t\r\n")
	if len(t) == 0 || (t[0] != '{' && t[0] != '[') || h.ContainsQuoted(`"@odata.`) {
		return false
	}
	// The names reMarker needs are looked for first: the expression's
	// pass over every other JSON document's head was its cost.
	return h.ContainsQuoted(`"CimSystemProperties"`, `"CimClass"`, `"PSComputerName"`, `"PNPDeviceID"`,
		`"SMBIOSBIOSVersion"`, `"UninstallString"`, `"__CLASS"`) && reMarker.Match(head)
}

func readAll(r io.Reader, name, id string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxDocumentSize+1))
	if err != nil {
		return nil, hwtext.Wrap(name, id, err)
	}
	if len(data) > MaxDocumentSize {
		return nil, &ingest.DecodeError{File: name, Format: id, Err: fmt.Errorf("%w: more than %s", ingest.ErrTooLarge, ingest.FormatSize(MaxDocumentSize))}
	}
	return ingest.StripBOM(data), nil
}

func (*jsonDecoder) Decode(ctx context.Context, r io.Reader, name string) (*inventory.Inventory, error) {
	data, err := readAll(r, name, IDJSON)
	if err != nil {
		return nil, err
	}
	root, err := hwtext.ParseJSON(data, name, IDJSON)
	if err != nil {
		return nil, err
	}
	objs := []*jsontree.Node{root}
	if root.Kind == '[' {
		objs = root.Vals
	}
	if len(objs) > MaxRecords {
		return nil, &ingest.DecodeError{File: name, Format: IDJSON, Err: fmt.Errorf("%w: more than %d instances", ingest.ErrTooLarge, MaxRecords)}
	}
	var recs []record
	for _, o := range objs {
		if o.Kind != '{' {
			return nil, hwtext.Malformed(name, o.Line, IDJSON, "an instance must be a JSON object")
		}
		rec := record{line: o.Line, props: map[string]string{}}
		for i, k := range o.Keys {
			v := o.Vals[i]
			switch {
			case k == "CimSystemProperties":
				rec.class = v.Get("ClassName").Text()
			case k == "__CLASS" && v.Kind == 's':
				// Get-WmiObject's instances name their class in the WMI
				// system property.
				rec.class = v.Str
			case v.Kind == 's' || v.Kind == 'n' || v.Kind == 'b':
				rec.props[k] = v.Text()
			case v.Kind == '[' && k == "HardwareID":
				for _, e := range v.Vals {
					if e.Kind == 's' && rec.props["HardwareID"] == "" {
						rec.props["HardwareID"] = e.Str
					}
				}
			}
		}
		recs = append(recs, rec)
	}
	return build(ctx, name, IDJSON, recs)
}

func build(ctx context.Context, name, id string, recs []record) (*inventory.Inventory, error) {
	inv := &inventory.Inventory{Source: name, Format: id, Components: []inventory.Component{}}
	classes := map[string]bool{}
	hosts := map[string]bool{}
	for i, rec := range recs {
		if i%4096 == 4095 {
			if err := ctx.Err(); err != nil {
				return nil, hwtext.Wrap(name, id, err)
			}
		}
		c, ok := component(rec, i+1, name)
		if !ok {
			classes[classOf(rec)] = true
			continue
		}
		if c.Host != "" {
			hosts[c.Host] = true
		}
		inv.Components = append(inv.Components, c)
	}
	if len(inv.Components) == 0 && len(recs) > 0 {
		var cs []string
		for c := range classes {
			if c == "" {
				c = "(unknown class)"
			}
			cs = append(cs, c)
		}
		sort.Strings(cs) // the same message on every run
		return nil, &ingest.DecodeError{File: name, Format: id, Err: fmt.Errorf("%w: no instance of a class this version reads (Win32_ComputerSystem, Win32_BIOS, Win32_PhysicalMemory, Win32_DiskDrive, Win32_NetworkAdapter, Win32_PnPEntity, uninstall registry entries); found %s", ingest.ErrUnsupportedVersion, strings.Join(cs, ", "))}
	}
	if len(hosts) == 1 {
		for h := range hosts {
			inv.Host = h
		}
	}
	return inv, nil
}

type csvDecoder struct{}

var _ ingest.Decoder = (*csvDecoder)(nil)

// NewCSV returns the decoder of Export-Csv exports.
func NewCSV() ingest.Decoder { return &csvDecoder{} }

func (*csvDecoder) ID() string { return IDCSV }

var (
	reCSVMark = lazyre.New(`(?m)^[^\r\n]*"(PSComputerName|PNPDeviceID|SMBIOSBIOSVersion|UninstallString|CimClass)"`)
)

// Identify accepts Export-Csv output: a #TYPE line naming a CIM or WMI
// class or object ("...CimInstance#root/cimv2/Win32_BIOS", and
// "Selected.Microsoft.Management.Infrastructure.CimInstance" or
// "Selected.System.Management.ManagementObject" after Select-Object, which
// names no class, when the header has a CIM column: hwtext.IsCIMExport),
// or a quoted header row with a CIM or PowerShell column.
func (*csvDecoder) Identify(head []byte) bool {
	head = ingest.StripBOM(head)
	first, ok := hwtext.FirstLine(head)
	if !ok {
		return false
	}
	if hwtext.IsCIMExport(head) {
		return true
	}
	return strings.HasPrefix(first, `"`) && reCSVMark.MatchString(first)
}

func (*csvDecoder) Decode(ctx context.Context, r io.Reader, name string) (*inventory.Inventory, error) {
	data, err := readAll(r, name, IDCSV)
	if err != nil {
		return nil, err
	}
	class := ""
	offsetLines := 0
	if bytes.HasPrefix(data, []byte("#TYPE ")) {
		line, rest, _ := bytes.Cut(data, []byte("\n"))
		class = strings.TrimSpace(strings.TrimPrefix(string(line), "#TYPE "))
		data = rest
		offsetLines = 1
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, hwtext.Malformed(name, offsetLines+1, IDCSV, "no header row: %v", err)
	}
	var recs []record
	for {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, hwtext.Malformed(name, pe.Line+offsetLines, IDCSV, "%v", pe.Err)
			}
			return nil, hwtext.Wrap(name, IDCSV, err)
		}
		line := 0
		if len(row) > 0 {
			line, _ = cr.FieldPos(0)
		}
		if len(recs) >= MaxRecords {
			return nil, &ingest.DecodeError{File: name, Format: IDCSV, Err: fmt.Errorf("%w: more than %d rows", ingest.ErrTooLarge, MaxRecords)}
		}
		if len(row) != len(header) {
			return nil, hwtext.Malformed(name, line+offsetLines, IDCSV, "%d fields, the header has %d", len(row), len(header))
		}
		rec := record{class: class, line: line + offsetLines, props: map[string]string{}}
		for i, h := range header {
			rec.props[h] = row[i]
		}
		recs = append(recs, rec)
	}
	return build(ctx, name, IDCSV, recs)
}
