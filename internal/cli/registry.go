package cli

import (
	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/hwsheet"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/hwsheet/xlsxbook"
	"github.com/vendorcheck/vendorcheck/pkg/report"
	"github.com/vendorcheck/vendorcheck/pkg/report/html"
	"github.com/vendorcheck/vendorcheck/pkg/report/sarif"
	"github.com/vendorcheck/vendorcheck/pkg/report/xlsx"
	"github.com/vendorcheck/vendorcheck/pkg/scan"
)

// Formats is the output-format registry of scan and audit (-o): the
// formats of package report with the heavy ones, which live in their own
// packages so that a library user links them only when asked, in the
// order the help lists them.
func Formats() *report.Registry {
	return report.NewRegistry(report.Table{}, report.JSON{}, sarif.Format{}, report.JUnit{}, report.CodeQuality{},
		report.Markdown{}, report.CSV{}, html.Format{}, xlsx.Format{}, report.GroupTable{})
}

// decoders is the input-format registry the commands use; columns is the
// --columns override for procurement sheets ("" for none).
func decodersWith(columns string) (*ingest.Registry, error) {
	opt := scan.DecoderOptions{Workbooks: xlsxbook.Open}
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
func decoders() *ingest.Registry { return scan.Decoders(scan.DecoderOptions{Workbooks: xlsxbook.Open}) }
