package cli

import (
	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/cyclonedx"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/spdx"
)

// decoders is the one list of input formats, in detection order: the more
// specific formats first.
func decoders() *ingest.Registry {
	return ingest.NewRegistry(
		cyclonedx.NewJSON(),
		cyclonedx.NewXML(),
		spdx.NewJSON(),
		spdx.NewTagValue(),
		spdx.NewYAML(),
		spdx.NewRDF(),
		spdx.NewXML(),
		spdx.NewSPDX3(),
	)
}
