package sysprofiler

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/hwtext"
	"github.com/vendorcheck/vendorcheck/pkg/internal/lazyre"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

type textDecoder struct{}

var _ ingest.Decoder = (*textDecoder)(nil)

// NewText returns the decoder of system_profiler's text reports.
func NewText() ingest.Decoder { return &textDecoder{} }

func (*textDecoder) ID() string { return IDText }

// textSections maps the section titles of the text form to data types.
var textSections = map[string]string{
	"Applications":      "SPApplicationsDataType",
	"Hardware":          "SPHardwareDataType",
	"Memory":            "SPMemoryDataType",
	"NVMExpress":        "SPNVMeDataType",
	"SATA":              "SPSerialATADataType",
	"SATA/SATA Express": "SPSerialATADataType",
	"Serial-ATA":        "SPSerialATADataType", // Mac OS X 10.4-10.6
	"USB":               "SPUSBDataType",
	"PCI":               "SPPCIDataType",
	"PCI Cards":         "SPPCIDataType", // Mac OS X 10.4-10.6
	"Ethernet Cards":    "SPEthernetDataType",
	"Ethernet":          "SPEthernetDataType",
}

// textFields maps, per data type, the labels of the text form to the keys
// of the JSON form.
var textFields = map[string]map[string]string{
	"SPApplicationsDataType": {"Version": "version", "Signed by": "signed_by", "Location": "path", "Obtained from": "obtained_from", "Kind": "arch_kind"},
	"SPHardwareDataType": {"Model Name": "machine_name", "Model Identifier": "machine_model", "Serial Number (system)": "serial_number",
		"Chip": "chip_type", "Processor Name": "cpu_type", "Memory": "physical_memory", "Model Number": "model_number",
		// Mac OS X 10.4 and 10.5 name them so.
		"Machine Name": "machine_name", "Machine Model": "machine_model", "Serial Number": "serial_number", "CPU Type": "cpu_type"},
	"SPMemoryDataType": {"Manufacturer": "dimm_manufacturer", "Part Number": "dimm_part_number", "Serial Number": "dimm_serial_number",
		"Type": "dimm_type", "Size": "dimm_size", "Memory": "dimm_size", "Speed": "dimm_speed", "Status": "dimm_status"},
	"SPNVMeDataType":      {"Model": "device_model", "Serial Number": "device_serial", "Revision": "device_revision", "Link Width": "spnvme_linkwidth"},
	"SPSerialATADataType": {"Model": "device_model", "Serial Number": "device_serial", "Revision": "device_revision", "Medium Type": "spsata_medium_type"},
	"SPUSBDataType":       {"Vendor ID": "vendor_id", "Product ID": "product_id", "Manufacturer": "manufacturer", "Serial Number": "serial_num"},
	"SPPCIDataType":       {"Vendor ID": "sppci_vendor-id", "Device ID": "sppci_device-id", "Type": "sppci_device_type", "Slot": "sppci_slot_name"},
	"SPEthernetDataType":  {"Vendor ID": "spethernet_vendor-id", "Device ID": "spethernet_device-id", "BSD name": "spethernet_BSD_Name", "Type": "spethernet_type"},
}

var (
	reTextSection = lazyre.New(`(?m)^(Applications|Hardware|Memory|NVMExpress|SATA|SATA/SATA Express|Serial-ATA|USB|PCI|PCI Cards|Ethernet Cards|Ethernet):[ \t]*\r?$`)
	reTextField   = lazyre.New(`(?m)^ {4,}[A-Z][^:\n]{0,60}: \S`)
)

// Identify accepts text whose first line is a known section title at the
// start of a line ("Hardware:") and which has indented "Label: value" lines.
func (*textDecoder) Identify(head []byte) bool {
	head = ingest.StripBOM(head)
	t := bytes.TrimLeft(head, " \t\r\n")
	if len(t) == 0 || t[0] == '{' || t[0] == '<' || t[0] == '[' {
		return false
	}
	// The section title is the first line that is not blank, and it ends
	// in a colon: other text is decided without the expressions, which are
	// compiled only when they run.
	if first, ok := hwtext.FirstLine(head); !ok || !strings.HasSuffix(strings.TrimRight(first, " \t"), ":") {
		return false
	}
	loc := reTextSection.FindIndex(head)
	if loc == nil || len(bytes.TrimSpace(head[:loc[0]])) != 0 {
		return false
	}
	return reTextField.Match(head)
}

func indentOf(s string) int { return len(s) - len(strings.TrimLeft(s, " \t")) }

func (*textDecoder) Decode(ctx context.Context, r io.Reader, name string) (*inventory.Inventory, error) {
	data, err := readAll(r, name, IDText)
	if err != nil {
		return nil, err
	}
	type open struct {
		n      *node
		indent int
	}
	roots := map[string][]*node{}
	var order []string
	var stack []open
	section := ""
	count := 0
	for i, raw := range strings.Split(string(data), "\n") {
		line := strings.TrimRight(raw, "\r \t")
		if strings.TrimSpace(line) == "" {
			continue
		}
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, &ingest.DecodeError{File: name, Format: IDText, Err: err}
			}
		}
		ind := indentOf(line)
		body := strings.TrimSpace(line)
		if ind == 0 {
			title, ok := strings.CutSuffix(body, ":")
			if !ok {
				continue
			}
			section = textSections[title]
			if section == "" {
				section = "?" + title
			}
			root := &node{name: title, line: i + 1, fields: map[string]string{}, lists: map[string][]string{}}
			if _, seen := roots[section]; !seen {
				order = append(order, section)
			}
			roots[section] = append(roots[section], root)
			stack = []open{{root, 0}}
			continue
		}
		if len(stack) == 0 {
			return nil, &ingest.DecodeError{File: name, Line: i + 1, Format: IDText, Err: fmt.Errorf("%w: an indented line before any section title", ingest.ErrMalformed)}
		}
		for len(stack) > 1 && stack[len(stack)-1].indent >= ind {
			stack = stack[:len(stack)-1]
		}
		parent := stack[len(stack)-1].n
		if title, ok := strings.CutSuffix(body, ":"); ok {
			count++
			if count > MaxNodes {
				return nil, &ingest.DecodeError{File: name, Line: i + 1, Format: IDText, Err: fmt.Errorf("%w: more than %d items", ingest.ErrTooLarge, MaxNodes)}
			}
			n := &node{name: title, line: i + 1, fields: map[string]string{}, lists: map[string][]string{}}
			if section == "SPPCIDataType" {
				n.fields["sppci_name"] = title
			}
			parent.children = append(parent.children, n)
			if len(stack) < 64 {
				stack = append(stack, open{n, ind})
			}
			continue
		}
		label, value, ok := strings.Cut(body, ": ")
		if !ok {
			continue
		}
		key, known := textFields[section][label]
		if !known {
			key = label
		}
		if key == "signed_by" {
			for _, s := range strings.Split(value, ", ") {
				parent.lists[key] = append(parent.lists[key], strings.TrimSpace(s))
			}
			continue
		}
		parent.fields[key] = strings.TrimSpace(value)
	}
	// A section's own fields (Apple silicon memory) make it an item too.
	items := map[string][]*node{}
	for s, rs := range roots {
		for _, r := range rs {
			if len(r.fields) > 0 {
				items[s] = append(items[s], r) // its children are walked under it
			} else {
				items[s] = append(items[s], r.children...)
			}
		}
	}
	return finish(ctx, name, IDText, order, items)
}
