package cli

import (
	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/cyclonedx"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/dmidecode"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/lshw"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/lspci"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/lsusb"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/spdx"
)

// decoders is the one list of input formats, in detection order. Each
// decoder's Identify is specific to its format (a test checks that no
// corpus file is claimed by two), so the order only breaks ties.
func decoders() *ingest.Registry {
	return ingest.NewRegistry(
		cyclonedx.NewJSON(),
		cyclonedx.NewXML(),
		spdx.NewSPDX3(),
		spdx.NewJSON(),
		spdx.NewTagValue(),
		spdx.NewYAML(),
		spdx.NewRDF(),
		spdx.NewXML(),
		dmidecode.New(),
		lshw.NewJSON(),
		lshw.NewXML(),
		lspci.New(),
		lsusb.New(),
	)
}
