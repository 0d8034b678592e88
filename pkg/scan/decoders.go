package scan

import (
	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/attestation"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/cyclonedx"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/dmidecode"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/glpi"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/hwsheet"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/lshw"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/lspci"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/lsusb"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/msecli"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/netbox"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/nmap"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/nvmecli"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/osquery"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/redfish"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/smartctl"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/spdx"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/spdx3"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/syftjson"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/sysprofiler"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/wincim"
)

// DecoderOptions configure the decoders that take options.
type DecoderOptions struct {
	// Columns maps sheet fields to column headers for CSV and XLSX
	// procurement sheets, overriding the header auto-mapping (--columns).
	Columns hwsheet.Columns
	// Workbooks reads XLSX procurement sheets: xlsxbook.Open (package
	// pkg/ingest/hwsheet/xlsxbook). Without it an XLSX input is
	// recognised and reported as an error that says so.
	Workbooks hwsheet.OpenWorkbook
}

// Decoders returns the registry of every built-in input format: the one
// list, in detection order. Each decoder's Identify is specific to its
// format (tests check that no corpus file is claimed by two), so the order
// only breaks ties; the generic CSV sheet comes last.
func Decoders(opt DecoderOptions) *ingest.Registry {
	sheet := hwsheet.Options{Columns: opt.Columns, Workbooks: opt.Workbooks}
	return ingest.NewRegistry(
		// Attestations wrap an SBOM; the predicate is read by the SBOM
		// decoders given here.
		attestation.New(cyclonedx.NewJSON(), spdx3.New(), spdx.NewJSON(), syftjson.New()),
		cyclonedx.NewJSON(),
		cyclonedx.NewXML(),
		spdx3.New(),
		syftjson.New(),
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
		smartctl.NewText(),
		smartctl.NewJSON(),
		nvmecli.New(),
		msecli.New(),
		sysprofiler.NewJSON(),
		sysprofiler.NewText(),
		sysprofiler.NewXML(),
		osquery.New(),
		wincim.NewJSON(),
		wincim.NewCSV(),
		glpi.New(),
		redfish.New(),
		redfish.NewBMCLib(),
		nmap.New(),
		netbox.New(),
		hwsheet.NewXLSX(sheet),
		hwsheet.NewCSV(sheet),
	)
}
