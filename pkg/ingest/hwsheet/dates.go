package hwsheet

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/vendorcheck/vendorcheck/pkg/internal/lazyre"
)

// Dates. Accepted without ambiguity: YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD,
// DD.MM.YYYY (the dotted form is day-first wherever it is used), ISO
// date-times (the date as written, in its own offset), "2023年6月1日",
// month names ("1 Jun 2023", "Jun 1, 2023", "01-Jun-2023"), Excel serial
// numbers (a number in a date column; an XLSX date cell is one) and
// XLSX ISO date cells.
//
// NN/NN/YYYY and NN-NN-YYYY are day-first in most of the world and
// month-first in the US. A column decides for itself: a first number above
// 12 makes it day-first, a second number above 12 month-first. If nothing in
// the column decides, or it decides both ways, an ambiguous date is an error
// that names its cell: we never guess.

type dateOrder int

const (
	orderUnknown dateOrder = iota
	orderDMY
	orderMDY
)

func (o dateOrder) opposite() dateOrder {
	switch o {
	case orderDMY:
		return orderMDY
	case orderMDY:
		return orderDMY
	}
	return orderUnknown
}

func (o dateOrder) String() string {
	switch o {
	case orderDMY:
		return "day-first"
	case orderMDY:
		return "month-first"
	}
	return "unknown"
}

var (
	reYMD       = lazyre.New(`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$`)
	reDMYDot    = lazyre.New(`^(\d{1,2})\.(\d{1,2})\.(\d{4})$`)
	reAmbiguous = lazyre.New(`^(\d{1,2})([/-])(\d{1,2})[/-](\d{4})$`)
	reCJK       = lazyre.New(`^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$`)
	reTwoDigitY = lazyre.New(`^\d{1,2}[-/.]\d{1,2}[-/.]\d{2}$`)
	reSerial    = lazyre.New(`^\d+(\.\d+)?$`)
	reDateTime  = lazyre.New(`^(\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2})[T ]\d{1,2}:\d{2}`)
)

// Excel serial dates in this range are accepted (1927-05-18 to 9999-12-31);
// a smaller number in a date column is more likely a year or a typo.
const (
	minExcelSerial = 10000
	maxExcelSerial = 2958465
)

var monthLayouts = []string{"2 Jan 2006", "2 January 2006", "Jan 2, 2006", "January 2, 2006", "Jan 2 2006",
	"January 2 2006", "02-Jan-2006", "2-Jan-2006", "2006-Jan-02", "Mon, 2 Jan 2006", "Monday, January 2, 2006"}

// emptyDate reports values that mean "no date".
func emptyDate(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "-", "--", "n/a", "na", "none", "unknown", "tbd", "?", "null":
		return true
	}
	return false
}

// columnOrder decides the order of NN/NN/YYYY dates in a column. It returns
// the index of the first value that contradicts the decision (or -1).
func columnOrder(values []string) (dateOrder, int, int) {
	order, decidedAt := orderUnknown, -1
	for i, v := range values {
		m := reAmbiguous.FindStringSubmatch(strings.TrimSpace(v))
		if m == nil {
			continue
		}
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[3])
		var o dateOrder
		switch {
		case a > 12 && b <= 12:
			o = orderDMY
		case b > 12 && a <= 12:
			o = orderMDY
		default:
			continue
		}
		if order == orderUnknown {
			order, decidedAt = o, i
		} else if o != order {
			return order, decidedAt, i
		}
	}
	return order, decidedAt, -1
}

// parseDate parses one cell of a date column. date1904 selects the Mac
// Excel epoch for serial numbers.
func parseDate(s string, order dateOrder, date1904 bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if emptyDate(s) {
		return time.Time{}, nil
	}
	if m := reYMD.FindStringSubmatch(s); m != nil {
		return ymd(m[1], m[2], m[3], s)
	}
	if m := reCJK.FindStringSubmatch(s); m != nil {
		return ymd(m[1], m[2], m[3], s)
	}
	if m := reDMYDot.FindStringSubmatch(s); m != nil {
		return ymd(m[3], m[2], m[1], s)
	}
	if m := reAmbiguous.FindStringSubmatch(s); m != nil {
		a, b := m[1], m[3]
		ai, _ := strconv.Atoi(a)
		bi, _ := strconv.Atoi(b)
		switch {
		case order == orderDMY || (order == orderUnknown && ai > 12):
			return ymd(m[4], b, a, s)
		case order == orderMDY || (order == orderUnknown && bi > 12) || ai == bi:
			return ymd(m[4], a, b, s)
		}
		return time.Time{}, fmt.Errorf("ambiguous date %q: %d %s or %d %s; nothing in the column decides; write dates as YYYY-MM-DD",
			s, ai, monthName(bi), bi, monthName(ai))
	}
	if reTwoDigitY.MatchString(s) {
		return time.Time{}, fmt.Errorf("date %q has a two-digit year; write dates as YYYY-MM-DD", s)
	}
	if reDateTime.MatchString(s) {
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04",
			"2006-01-02 15:04", "2006-01-02 15:04:05Z07:00", "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999",
			"2006/01/02 15:04:05", "2006/01/02 15:04"} {
			if t, err := time.Parse(layout, s); err == nil {
				return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
			}
		}
		if d, _, ok := strings.Cut(strings.Replace(s, "T", " ", 1), " "); ok {
			if m := reYMD.FindStringSubmatch(d); m != nil {
				return ymd(m[1], m[2], m[3], s)
			}
		}
	}
	if reSerial.MatchString(s) {
		f, err := strconv.ParseFloat(s, 64)
		if err == nil && f >= minExcelSerial && f <= maxExcelSerial {
			return excelDate(f, date1904), nil
		}
		return time.Time{}, fmt.Errorf("%q is not a date (a number in a date column is read as an Excel serial date, %d to %d)", s, minExcelSerial, maxExcelSerial)
	}
	for _, layout := range monthLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date; write dates as YYYY-MM-DD", s)
}

func ymd(y, m, d, orig string) (time.Time, error) {
	yi, _ := strconv.Atoi(y)
	mi, _ := strconv.Atoi(m)
	di, _ := strconv.Atoi(d)
	t := time.Date(yi, time.Month(mi), di, 0, 0, 0, 0, time.UTC)
	if mi < 1 || mi > 12 || di < 1 || t.Day() != di || yi < 1900 {
		return time.Time{}, fmt.Errorf("%q is not a valid date", orig)
	}
	return t, nil
}

// excelDate converts an Excel serial date (days since 1899-12-30, or since
// 1904-01-01 in the 1904 date system) to a date.
func excelDate(serial float64, date1904 bool) time.Time {
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return base.AddDate(0, 0, int(math.Floor(serial)))
}

func monthName(m int) string {
	if m < 1 || m > 12 {
		return "?"
	}
	return time.Month(m).String()
}
