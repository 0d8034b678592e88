package report_test

import (
	"fmt"

	"github.com/vendorcheck/vendorcheck/pkg/report"
	"github.com/vendorcheck/vendorcheck/pkg/report/sarif"
)

// Package report holds the light formats; a heavy one (sarif, html,
// xlsx) is registered by the program that wants it, and linked only then.
func ExampleNewRegistry() {
	light := report.Default()
	fmt.Println(light.IDs())
	withSARIF := report.NewRegistry(append(light.Reporters(), sarif.Format{})...)
	if _, ok := withSARIF.Lookup("sarif"); ok {
		fmt.Println("sarif registered")
	}
	// Output:
	// [table json junit codequality markdown csv groups]
	// sarif registered
}
