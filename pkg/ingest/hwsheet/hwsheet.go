// Package hwsheet is the ingest stage for procurement and asset sheets: CSV
// (comma, semicolon or tab separated; UTF-8, UTF-16 with a byte-order mark,
// or Windows-1252) and XLSX workbooks. Columns are recognised by their
// header, tolerant of case, spacing, punctuation and language
// ("Manufacturer", "Hersteller", "制造商" ...), or named explicitly with
// Columns. NetBox's device CSV export is recognised by its header (its
// "Type" column is the device type, that is the model).
//
// The package reads sheets only; it must not evaluate formulas, follow
// external links or guess an ambiguous date.
package hwsheet

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
)

// Format ids.
const (
	CSVID  = "csv"
	XLSXID = "xlsx"
)

// Bounds on untrusted input.
const (
	// MaxCSVSize bounds how much of a CSV file is read.
	MaxCSVSize = 128 << 20
	// MaxXLSXSize bounds the size of an XLSX file (compressed).
	MaxXLSXSize = 64 << 20
	// MaxXLSXUncompressed bounds the total uncompressed size of an XLSX
	// file's parts, as the zip directory declares it (archive/zip refuses
	// entries that inflate past their declared size), against zip bombs.
	MaxXLSXUncompressed = 512 << 20
	// MaxXLSXEntries bounds the number of parts in an XLSX file.
	MaxXLSXEntries = 10000
	// MaxXLSXSharedStrings bounds the uncompressed size of a workbook's
	// shared-strings table, and MaxXLSXSharedStringCount its entries:
	// a workbook reader holds the whole table in memory, whichever
	// strings the sheets use. A sheet of MaxRows rows with two distinct
	// texts a row stays within both.
	MaxXLSXSharedStrings     = 64 << 20
	MaxXLSXSharedStringCount = 2_000_000
	// MaxRows bounds the rows read from one file, all sheets together.
	MaxRows = 1_000_000
	// MaxCells bounds the non-trailing cells read from one workbook (a row
	// may reach column XFD).
	MaxCells = 8_000_000
	// MaxCellSize bounds one cell's text.
	MaxCellSize = 32 << 10
	// HeaderScanRows is how many leading rows may hold titles before the
	// header row.
	HeaderScanRows = 20
)

// Field names for Columns.
const (
	FieldName         = "name"
	FieldManufacturer = "manufacturer"
	FieldVendor       = "vendor"
	FieldSupplier     = "supplier"
	FieldModel        = "model"
	FieldPartNumber   = "part_number"
	FieldSerial       = "serial"
	FieldPurchaseDate = "purchase_date"
	FieldInstallDate  = "install_date"
	FieldSite         = "site"
	FieldAssetTag     = "asset_tag"
	FieldHost         = "host"
	FieldMAC          = "mac"
	FieldCategory     = "category"
)

// Fields lists the field names a Columns map may use.
func Fields() []string {
	return []string{FieldName, FieldManufacturer, FieldVendor, FieldSupplier, FieldModel, FieldPartNumber,
		FieldSerial, FieldPurchaseDate, FieldInstallDate, FieldSite, FieldAssetTag, FieldHost, FieldMAC, FieldCategory}
}

// signalFields are the columns that let a matcher attribute a row: without
// one of them a sheet cannot be checked.
var signalFields = []string{FieldManufacturer, FieldVendor, FieldSupplier, FieldModel, FieldPartNumber, FieldMAC}

// Columns names the header of each field explicitly (field -> header as it
// appears in the sheet, compared ignoring case, spaces and punctuation).
// Fields not named are still mapped from their headers automatically.
type Columns map[string]string

// Validate reports unknown field names and empty headers.
func (c Columns) Validate() error {
	var bad []string
	for _, f := range sortedKeys(c) {
		if !slices.Contains(Fields(), f) {
			bad = append(bad, fmt.Sprintf("unknown field %q", f))
		} else if normHeader(c[f]) == "" {
			bad = append(bad, fmt.Sprintf("field %q: empty header", f))
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("columns: %s (fields: %s)", strings.Join(bad, "; "), strings.Join(Fields(), ", "))
	}
	return nil
}

// ParseColumns parses a column override such as
// "manufacturer=Hersteller,purchase_date=Kaufdatum".
func ParseColumns(spec string) (Columns, error) {
	cols := Columns{}
	for _, part := range strings.Split(spec, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		field, header, ok := strings.Cut(part, "=")
		field, header = strings.ToLower(strings.TrimSpace(field)), strings.TrimSpace(header)
		if !ok {
			return nil, fmt.Errorf("columns: %q is not field=header", part)
		}
		if _, dup := cols[field]; dup {
			return nil, fmt.Errorf("columns: field %q named twice", field)
		}
		cols[field] = header
	}
	if len(cols) == 0 {
		return nil, fmt.Errorf("columns: empty specification; expected field=header[,field=header...]")
	}
	if err := cols.Validate(); err != nil {
		return nil, err
	}
	return cols, nil
}

// Options configure the sheet decoders.
type Options struct {
	// Columns overrides the automatic header mapping.
	Columns Columns
	// Workbooks opens XLSX workbooks for NewXLSX. The reader lives in its
	// own package (hwsheet/xlsxbook) so that a program pays for it only
	// when it reads workbooks; without it the XLSX decoder still
	// recognises a workbook and says what is missing.
	Workbooks OpenWorkbook
}

// Workbook is an opened XLSX workbook as the XLSX decoder reads it.
type Workbook interface {
	// Sheets are the sheet names in order.
	Sheets() []string
	// Date1904 reports the workbook's 1904 date system.
	Date1904() bool
	// Rows calls fn with each row of the sheet in order: its 1-based
	// number and its raw cell values (a date cell is its serial number, no
	// number format applied). An error from fn stops the reading and is
	// returned.
	Rows(sheet string, fn func(row int, cells []string) error) error
	Close() error
}

// OpenWorkbook opens a workbook from its bytes; unzipLimit bounds what its
// parts may inflate to.
type OpenWorkbook func(data []byte, unzipLimit int64) (Workbook, error)

// ErrNoWorkbookReader: an XLSX input, with no workbook reader given
// (Options.Workbooks).
var ErrNoWorkbookReader = errors.New("no XLSX workbook reader: give Options.Workbooks (package hwsheet/xlsxbook)")

type decoder struct {
	id   string
	opts Options
}

var _ ingest.Decoder = (*decoder)(nil)

// NewCSV returns the CSV sheet decoder.
func NewCSV(opts Options) ingest.Decoder { return &decoder{id: CSVID, opts: opts} }

// NewXLSX returns the XLSX workbook decoder.
func NewXLSX(opts Options) ingest.Decoder { return &decoder{id: XLSXID, opts: opts} }

func (d *decoder) ID() string { return d.id }

func (d *decoder) Identify(head []byte) bool {
	if d.id == XLSXID {
		return identifyXLSX(head)
	}
	return identifyCSV(head, d.opts.Columns)
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
