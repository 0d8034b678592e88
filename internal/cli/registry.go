package cli

import (
	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/scan"
)

// decoders is the input-format registry the commands use.
func decoders() *ingest.Registry { return scan.Decoders() }
