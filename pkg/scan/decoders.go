package scan

import (
	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/cyclonedx"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/dmidecode"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/lshw"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/lspci"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/lsusb"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/spdx"
)

// Decoders returns the registry of every built-in input format: the one
// list, in detection order. Each decoder's Identify is specific to its
// format (tests check that no corpus file is claimed by two), so the order
// only breaks ties.
func Decoders() *ingest.Registry {
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
