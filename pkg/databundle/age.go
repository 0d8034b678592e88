package databundle

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseAge reads an age: a number of days ("90d"), weeks ("12w"), or a Go
// duration ("2160h").
func ParseAge(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	for suffix, unit := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if n, ok := strings.CutSuffix(s, suffix); ok {
			v, err := strconv.Atoi(n)
			if err != nil || v < 0 {
				return 0, fmt.Errorf("%q: want a number of days (90d), weeks (12w) or a duration (2160h)", s)
			}
			return time.Duration(v) * unit, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%q: want a number of days (90d), weeks (12w) or a duration (2160h)", s)
	}
	return d, nil
}

// FormatAge writes an age in days when it is whole days ("90d"), else as
// a duration.
func FormatAge(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return strconv.Itoa(int(d/(24*time.Hour))) + "d"
	}
	return d.String()
}
