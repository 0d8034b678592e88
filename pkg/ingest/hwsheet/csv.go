package hwsheet

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/hwtext"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// delimiters are tried in this order when sniffing.
var delimiters = []rune{',', ';', '\t'}

// identifyCSV accepts text whose header row (within the first lines) maps
// at least two known columns, or all override columns.
func identifyCSV(head []byte, override Columns) bool {
	text, ok := toUTF8(head, true)
	if !ok {
		return false
	}
	t := bytes.TrimLeft(text, " \t\r\n")
	if len(t) == 0 || bytes.IndexByte(t, 0) >= 0 || t[0] == '{' || t[0] == '[' || t[0] == '<' {
		return false
	}
	// PowerShell's Export-Csv of CIM/WMI instances is read by its own
	// decoder (powershell-cim-csv), which knows the class from this line.
	if hwtext.IsCIMExport(t) {
		return false
	}
	_, _, ok = sniff(text, override)
	return ok
}

// toUTF8 converts UTF-16 (with a byte-order mark) and Windows-1252 text to
// UTF-8. partial allows a truncated last character (a head).
func toUTF8(b []byte, partial bool) ([]byte, bool) {
	switch {
	case bytes.HasPrefix(b, []byte{0xff, 0xfe}), bytes.HasPrefix(b, []byte{0xfe, 0xff}):
		if partial && len(b)%2 == 1 {
			b = b[:len(b)-1]
		}
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(b)
		return out, err == nil
	}
	b = ingest.StripBOM(b)
	valid := b
	if partial && len(b) > utf8.UTFMax {
		// The head may end inside a character.
		for i := 0; i < utf8.UTFMax && !utf8.Valid(valid); i++ {
			valid = valid[:len(valid)-1]
		}
	}
	if utf8.Valid(valid) {
		return b, true
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(b)
	return out, err == nil
}

// sniff finds the delimiter and header line among the first lines: the
// delimiter under which a line reads as a header with the most mapped
// columns. An Excel "sep=;" first line names the delimiter.
func sniff(text []byte, override Columns) (rune, int, bool) {
	lines := bytes.SplitN(text, []byte("\n"), HeaderScanRows+1)
	if len(lines) > HeaderScanRows {
		lines = lines[:HeaderScanRows]
	}
	cands := delimiters
	start := 0
	if len(lines) > 0 {
		first := strings.TrimSpace(string(lines[0]))
		if strings.HasPrefix(strings.ToLower(first), "sep=") && utf8.RuneCountInString(first) == 5 {
			r, _ := utf8.DecodeLastRuneInString(first)
			cands, start = []rune{r}, 1
		}
	}
	for i := start; i < len(lines); i++ {
		best, bestN := rune(0), 0
		if indented(lines[i]) {
			continue
		}
		for _, d := range cands {
			r := csv.NewReader(bytes.NewReader(lines[i]))
			r.Comma, r.LazyQuotes, r.FieldsPerRecord = d, true, -1
			fields, err := r.Read()
			if err != nil || len(fields) < 2 || !plausibleHeader(fields) {
				continue
			}
			m, ok := isHeader(fields, override)
			if ok && len(m.col) > bestN {
				best, bestN = d, len(m.col)
			}
		}
		if bestN > 0 {
			return best, i, true
		}
	}
	return 0, 0, false
}

func (d *decoder) Decode(ctx context.Context, r io.Reader, name string) (*inventory.Inventory, error) {
	if err := d.opts.Columns.Validate(); err != nil {
		return nil, err
	}
	if d.id == XLSXID {
		return d.decodeXLSX(ctx, r, name)
	}
	return d.decodeCSV(ctx, r, name)
}

func (d *decoder) decodeCSV(ctx context.Context, r io.Reader, name string) (*inventory.Inventory, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxCSVSize+1))
	if err != nil {
		return nil, &ingest.DecodeError{File: name, Format: CSVID, Err: err}
	}
	if len(raw) > MaxCSVSize {
		return nil, &ingest.DecodeError{File: name, Format: CSVID, Err: fmt.Errorf("%w: more than %d bytes of CSV", ingest.ErrTooLarge, MaxCSVSize)}
	}
	text, ok := toUTF8(raw, false)
	if !ok {
		return nil, &ingest.DecodeError{File: name, Format: CSVID, Err: fmt.Errorf("%w: not text in UTF-8, UTF-16 or Windows-1252", ingest.ErrMalformed)}
	}
	delim, _, found := sniff(text, d.opts.Columns)
	if !found {
		return nil, noHeaderError(name, CSVID, firstLine(text), d.opts.Columns)
	}
	cr := csv.NewReader(bytes.NewReader(text))
	cr.Comma, cr.FieldsPerRecord = delim, -1
	t := &table{file: name, format: CSVID}
	for {
		if len(t.rows)%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &ingest.DecodeError{File: name, Line: pe.Line, Format: CSVID, Err: fmt.Errorf("%w: column %d: %v", ingest.ErrMalformed, pe.Column, pe.Err)}
			}
			return nil, &ingest.DecodeError{File: name, Format: CSVID, Err: err}
		}
		if len(t.rows) >= MaxRows {
			return nil, &ingest.DecodeError{File: name, Format: CSVID, Err: fmt.Errorf("%w: more than %d rows", ingest.ErrTooLarge, MaxRows)}
		}
		line, _ := cr.FieldPos(0)
		if len(t.rows) == 0 && len(rec) == 1 && strings.HasPrefix(strings.ToLower(rec[0]), "sep=") {
			continue // Excel's delimiter hint
		}
		t.rows = append(t.rows, rec)
		t.lines = append(t.lines, line)
	}
	h, m := t.findHeader(d.opts.Columns)
	if h < 0 {
		return nil, noHeaderError(name, CSVID, t.firstHeaders(), d.opts.Columns)
	}
	if !m.hasSignal() {
		return nil, noSignalError(name, CSVID, t.lines[h], m.headers)
	}
	comps, err := t.components(h, m, true)
	if err != nil {
		return nil, err
	}
	inv := &inventory.Inventory{Source: name, Format: CSVID, Components: comps}
	if inv.Components == nil {
		inv.Components = []inventory.Component{}
	}
	if m.netbox {
		inv.SpecVersion = "netbox-export"
	}
	return inv, nil
}

func firstLine(text []byte) []string {
	line, _, _ := bytes.Cut(bytes.TrimLeft(text, "\r\n"), []byte("\n"))
	best := []string{strings.TrimSpace(string(line))}
	for _, d := range delimiters {
		r := csv.NewReader(bytes.NewReader(line))
		r.Comma, r.LazyQuotes, r.FieldsPerRecord = d, true, -1
		if f, err := r.Read(); err == nil && len(f) > len(best) {
			best = f
		}
	}
	return best
}

// noHeaderError explains that no header row was recognised.
func noHeaderError(name, format string, headers []string, override Columns) error {
	msg := "no header row with known columns in the first " + fmt.Sprint(HeaderScanRows) + " rows"
	if len(override) > 0 {
		var want []string
		for _, f := range sortedKeys(override) {
			want = append(want, fmt.Sprintf("%s=%q", f, override[f]))
		}
		msg = "no header row has all the columns named by --columns (" + strings.Join(want, ", ") + ")"
	}
	return &ingest.DecodeError{File: name, Format: format, Err: fmt.Errorf("%w: %s; first row: %s; name the columns with --columns, e.g. --columns manufacturer=HEADER,model=HEADER",
		ingest.ErrMalformed, msg, quoteList(headers))}
}

// noSignalError explains that a sheet has no column a vendor can be read
// from.
func noSignalError(name, format string, line int, headers []string) error {
	return &ingest.DecodeError{File: name, Line: line, Format: format, Err: fmt.Errorf("%w: no manufacturer, vendor, supplier, model, part number or MAC column among the headers %s; name one with --columns, e.g. --columns manufacturer=HEADER",
		ingest.ErrMalformed, quoteList(headers))}
}

func quoteList(ss []string) string {
	const max = 30
	var q []string
	for i, s := range ss {
		if i == max {
			q = append(q, fmt.Sprintf("... (%d more)", len(ss)-max))
			break
		}
		q = append(q, fmt.Sprintf("%q", s))
	}
	if len(q) == 0 {
		return "(none)"
	}
	return strings.Join(q, ", ")
}

// indented reports whether a line starts with a tab or two spaces: a line of
// code or of a Markdown paragraph, never a sheet's header row.
func indented(line []byte) bool {
	return bytes.HasPrefix(line, []byte("\t")) || bytes.HasPrefix(line, []byte("  "))
}

// maxHeaderWords bounds the words of one header cell: "Purchase order
// number" is a header, a sentence of prose or a line of code is not.
const maxHeaderWords = 6

// plausibleHeader reports whether every cell of a row reads like a column
// heading: short, few words, none of the punctuation of code or markup. It
// keeps source code, Markdown and other text that happens to name a
// "manufacturer" and a "model" on one line from being taken for a sheet.
func plausibleHeader(fields []string) bool {
	named := 0
	for _, f := range fields {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		named++
		if utf8.RuneCountInString(f) > 64 || len(strings.Fields(f)) > maxHeaderWords {
			return false
		}
		if strings.ContainsAny(f, "\"{}<>=|\\`*$!?;") {
			return false
		}
		for _, p := range []string{"//", "#!", "--", "- ", "> ", "/*"} {
			if strings.HasPrefix(f, p) {
				return false
			}
		}
	}
	return named >= 2
}
