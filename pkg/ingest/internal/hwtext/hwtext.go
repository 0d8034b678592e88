// Package hwtext holds what the hardware-dump decoders (dmidecode, lshw,
// lspci, lsusb) share: the list of placeholder values firmware and tools
// write where a real value is missing, a bounded line reader, the
// "vendor name + product name" splitter for lspci/lsusb lines, and error
// construction.
//
// It is part of the ingest stage: it makes no judgement about vendors and
// imports only package ingest.
package hwtext

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/internal/lazyre"
)

// Placeholders are values firmware, BIOS templates and tools write where
// the real value is missing. They are compared case-insensitively after
// trimming, and never become parties, models, serials or identifiers.
var Placeholders = []string{
	"", "Unknown", "Not Specified", "Not Available", "NOT AVAILABLE", "UNKNOWN",
	"To Be Filled By O.E.M.", "Default string", "System manufacturer", "OEM",
	"N/A", "NA", "None", "Undefined", "0000", "00000000", "--", "Not Provided",
	"NO DIMM", "NULL", "Empty", "<BAD INDEX>", "<OUT OF SPEC>", "Not Installed",
	"System Product Name", "System Serial Number", "Base Board Serial Number",
	"Chassis Manufacturer", "Chassis Version", "Chassis Serial Number",
	"Type1ProductConfigId", "Type2 - Board Vendor Name1", "123456789",
	"0123456789", "Default", "Unknow", "OEM Define", "[REMOVED]", "-", "(error)",
}

var placeholderSet = func() map[string]bool {
	m := make(map[string]bool, len(Placeholders))
	for _, p := range Placeholders {
		m[strings.ToLower(p)] = true
	}
	return m
}()

// Template placeholders from BIOS vendor sample data ("Manufacturer01",
// "ModulePartNumber03", "SerNum01", "OEM Define 2", "Manufacturer10").
var reTemplate = lazyre.New(`(?i)^(manufacturer|modulepartnumber|partnum|sernum|serialnum|assettagnum|oem define)\s*\d{1,2}$`)

// IsPlaceholder reports whether s (trimmed) is a placeholder rather than a
// real value: one of Placeholders, a BIOS template value, or a string of
// only zeros or only Fs (with an optional 0x prefix).
func IsPlaceholder(s string) bool {
	s = strings.TrimSpace(s)
	if placeholderSet[strings.ToLower(s)] {
		return true
	}
	if reTemplate.MatchString(s) {
		return true
	}
	h := strings.TrimPrefix(strings.TrimPrefix(s, "0x"), "0X")
	if h != "" && (strings.Trim(h, "0") == "" || strings.Trim(h, "fF") == "") {
		return true
	}
	return false
}

// Value trims s and returns "" when it is a placeholder.
func Value(s string) string {
	s = strings.TrimSpace(s)
	if IsPlaceholder(s) {
		return ""
	}
	return s
}

var reHexCode = lazyre.New(`^(?:0[xX])?[0-9A-Fa-f]{4,32}$`)

// IsHexCode reports whether s is a raw hexadecimal code such as a JEDEC
// manufacturer id written by a BIOS in place of a name ("802C8632802C",
// "0x2C00000000000000"): only hex digits (optionally after 0x), at least
// four, at least one a decimal digit, not all zeros or all Fs.
func IsHexCode(s string) bool {
	s = strings.TrimSpace(s)
	if !reHexCode.MatchString(s) || IsPlaceholder(s) {
		return false
	}
	return strings.ContainsAny(strings.TrimPrefix(strings.TrimPrefix(s, "0x"), "0X"), "0123456789")
}

// reBracketHex finds a hex code in brackets or parentheses, as some BIOSes
// write unknown JEDEC ids: "Unknown - [0x9B85]", "Samsung (0xCE00)".
var reBracketHex = lazyre.New(`[\[(]0[xX][0-9A-Fa-f]{2,16}[\])]`)

// EmbeddedHexCode returns the name part of a value like "Unknown - [0x9B85]"
// (trimmed of separators, "" when a placeholder) and whether the value
// carries such a bracketed hex code at all.
func EmbeddedHexCode(s string) (name string, ok bool) {
	loc := reBracketHex.FindStringIndex(s)
	if loc == nil {
		return "", false
	}
	name = strings.TrimSpace(s[:loc[0]] + " " + s[loc[1]:])
	name = strings.TrimSpace(strings.Trim(name, "-:, "))
	return Value(name), true
}

// MaxLineSize bounds one line of a text dump.
const MaxLineSize = 1 << 20

// Lines reads r line by line through ingest.MaxInputSize, calling fn with
// each line (trailing "\r" removed) and its 1-based number. It stops at the
// first error fn returns.
func Lines(r io.Reader, fn func(n int, line string) error) error {
	lr := &ingest.LimitedReader{R: r, N: ingest.MaxInputSize}
	sc := bufio.NewScanner(lr)
	sc.Buffer(make([]byte, 0, 64<<10), MaxLineSize)
	n := 0
	for sc.Scan() {
		n++
		if err := fn(n, strings.TrimSuffix(sc.Text(), "\r")); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return fmt.Errorf("line %d: %w: line longer than %d bytes", n+1, ingest.ErrMalformed, MaxLineSize)
		}
		return err
	}
	if lr.Exceeded {
		return fmt.Errorf("%w: more than %d bytes", ingest.ErrTooLarge, ingest.MaxInputSize)
	}
	return nil
}

// Malformed builds the error for malformed input at file:line (line 0 when
// unknown); it wraps ingest.ErrMalformed.
func Malformed(file string, line int, format, msg string, args ...any) error {
	return &ingest.DecodeError{File: file, Line: line, Format: format,
		Err: fmt.Errorf("%w: %s", ingest.ErrMalformed, fmt.Sprintf(msg, args...))}
}

// Wrap turns an error of Lines (or any reading error) into a DecodeError
// for file, keeping an existing DecodeError as it is.
func Wrap(file, format string, err error) error {
	var de *ingest.DecodeError
	if errors.As(err, &de) {
		return err
	}
	return &ingest.DecodeError{File: file, Format: format, Err: err}
}

// FirstLine returns the first non-blank line of head, trimmed of a trailing
// "\r", and reports whether there was one.
func FirstLine(head []byte) (string, bool) {
	// Read in place: only the line is copied, never the head (detection
	// calls this on up to 8 MiB of every input, once per text reader).
	for len(head) > 0 {
		var line []byte
		line, head, _ = bytes.Cut(head, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(bytes.TrimSpace(line)) != 0 {
			return string(line), true
		}
	}
	return "", false
}

// USBClassDecimal reads a USB class code written in decimal ("9", "224":
// osquery's usb_devices.class, from the kernel's TYPE=%d/%d/%d uevent on
// Linux and the IOKit number on macOS; the GLPI agent's usbdevices.class,
// from lsusb -v) as the two hex digits lsusb shows ("09", "e0").
func USBClassDecimal(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 3 {
		return "", false
	}
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return "", false
		}
		n = n*10 + int(r-'0')
	}
	if n > 255 {
		return "", false
	}
	return fmt.Sprintf("%02x", n), true
}
