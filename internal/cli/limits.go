package cli

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/hwsheet"
	"github.com/vendorcheck/vendorcheck/pkg/report"
	"github.com/vendorcheck/vendorcheck/pkg/scan"
)

// limitOptions are the resource-limit flags shared by the checking commands.
// Sizes are kept as text so that the flag's default reads "2GiB".
type limitOptions struct {
	maxInputSize    string
	maxDecompressed string
	fileTimeout     time.Duration
	maxUnassessed   int
}

// DefaultFileTimeout is the default --file-timeout: a hostile input that
// makes a decoder crawl fails after it, and the other inputs are still
// reported. A legitimate 500,000-component SBOM is checked in 3 to 25
// seconds (docs/performance.md), far inside it.
const DefaultFileTimeout = 10 * time.Minute

// addLimitFlags defines --max-input-size, --max-decompressed-size,
// --file-timeout and --max-unassessed.
func addLimitFlags(f *pflag.FlagSet, o *limitOptions) {
	f.StringVar(&o.maxInputSize, "max-input-size", formatFlagSize(ingest.MaxInputSize),
		"refuse an input larger than `SIZE` (after decompression; units B, KiB, MiB, GiB, or KB, MB, GB)")
	f.StringVar(&o.maxDecompressed, "max-decompressed-size", formatFlagSize(scan.MaxDecompressedSize),
		"refuse a gzip input that expands to more than `SIZE`")
	f.DurationVar(&o.fileTimeout, "file-timeout", DefaultFileTimeout,
		"give up on an input after `DURATION` (0: no limit); the others are still checked")
	f.IntVar(&o.maxUnassessed, "max-unassessed", scan.DefaultMaxUnassessed,
		"list at most `N` unassessed components in the reports; the rest are counted by input and host (0: list all)")
}

// limitSettings lists the resource limits with the effective settings
// (vendorcheck config, -v, the JSON result): the flags, from the command
// line or their defaults, and the fixed bounds (docs/robustness.md).
func limitSettings(fs *pflag.FlagSet) []report.Setting {
	var out []report.Setting
	for _, n := range []string{"max-input-size", "max-decompressed-size", "file-timeout", "max-unassessed"} {
		if f := fs.Lookup(n); f != nil {
			src := "default"
			if f.Changed {
				src = "--" + n
			}
			out = append(out, report.Setting{Name: n, Value: f.Value.String(), Source: src})
		}
	}
	const fixed = "fixed"
	return append(out,
		report.Setting{Name: "max-value-size", Value: formatFlagSize(ingest.MaxValueSize), Source: fixed},
		report.Setting{Name: "max-nesting-depth", Value: strconv.Itoa(ingest.MaxNestingDepth), Source: fixed},
		report.Setting{Name: "max-xlsx-shared-strings", Value: formatFlagSize(hwsheet.MaxXLSXSharedStrings) + ", " +
			strconv.Itoa(hwsheet.MaxXLSXSharedStringCount) + " entries", Source: fixed},
	)
}

// apply puts the limits into a scan configuration.
func (o *limitOptions) apply(lim *scan.Limits) error {
	var err error
	if lim.MaxInputSize, err = parseSizeFlag("--max-input-size", o.maxInputSize); err != nil {
		return err
	}
	if lim.MaxDecompressed, err = parseSizeFlag("--max-decompressed-size", o.maxDecompressed); err != nil {
		return err
	}
	if o.fileTimeout < 0 {
		return usagef("--file-timeout %s: want a positive duration, or 0 for no limit", o.fileTimeout)
	}
	lim.PerFileTimeout = o.fileTimeout
	switch {
	case o.maxUnassessed < 0:
		return usagef("--max-unassessed %d: want a number of components, or 0 to list all", o.maxUnassessed)
	case o.maxUnassessed == 0:
		lim.MaxUnassessed = -1
	default:
		lim.MaxUnassessed = o.maxUnassessed
	}
	return nil
}

// sizeUnits are the suffixes parseSize accepts, longest first.
var sizeUnits = []struct {
	suffix string
	mult   int64
}{
	{"KIB", 1 << 10}, {"MIB", 1 << 20}, {"GIB", 1 << 30}, {"TIB", 1 << 40},
	{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12},
	{"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"T", 1 << 40},
	{"B", 1},
}

// parseSize reads "1500", "64MiB", "2 GiB", "1.5GB". Single letters (K, M,
// G) are binary units, as in most command-line tools.
func parseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range sizeUnits {
		if n, ok := strings.CutSuffix(t, u.suffix); ok {
			t, mult = strings.TrimSpace(n), u.mult
			break
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v <= 0 || v*float64(mult) > 1<<62 {
		return 0, fmt.Errorf("%q is not a size: want a positive number with an optional unit (B, KiB, MiB, GiB, KB, MB, GB)", s)
	}
	n := int64(v * float64(mult))
	if n < 1 {
		return 0, fmt.Errorf("%q is less than one byte", s)
	}
	return n, nil
}

func parseSizeFlag(flag, s string) (int64, error) {
	n, err := parseSize(s)
	if err != nil {
		return 0, usagef("%s: %v", flag, err)
	}
	return n, nil
}

// formatFlagSize writes a size the way parseSize reads it back.
func formatFlagSize(n int64) string {
	s := ingest.FormatSize(n)
	if v, ok := strings.CutSuffix(s, " bytes"); ok {
		return v
	}
	return strings.ReplaceAll(s, " ", "")
}
