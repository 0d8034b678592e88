package cli

import (
	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/hwsheet"
	"github.com/vendorcheck/vendorcheck/pkg/scan"
)

// decoders is the input-format registry the commands use; columns is the
// --columns override for procurement sheets ("" for none).
func decodersWith(columns string) (*ingest.Registry, error) {
	var opt scan.DecoderOptions
	if columns != "" {
		cols, err := hwsheet.ParseColumns(columns)
		if err != nil {
			return nil, usagef("--columns: %v", err)
		}
		opt.Columns = cols
	}
	return scan.Decoders(opt), nil
}

// decoders is the registry without options.
func decoders() *ingest.Registry { return scan.Decoders(scan.DecoderOptions{}) }
