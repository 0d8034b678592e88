package scan_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/vendorcheck/vendorcheck/pkg/policy"
	"github.com/vendorcheck/vendorcheck/pkg/scan"
)

// The one call: check an SBOM against the US lists with a waiver file and
// a baseline (an earlier run's -o json result), and print the verdicts.
func Example() {
	res, err := scan.Run(context.Background(), scan.Options{
		Jurisdictions: []string{"US"},
		AsOf:          time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC),
		WaiversFile:   "testdata/example/waivers.yaml",
		BaselineFile:  "testdata/example/baseline.json",
	}, "testdata/example/sbom.cdx.json")
	if err != nil {
		log.Fatal(err)
	}
	for _, v := range res.Verdicts {
		fmt.Printf("%s %s (%s): %s\n", v.Action, v.Component.Name, v.Entity, v.Why)
	}
	fmt.Println("fails the build:", res.Summary.Failing > 0)
	// Output:
	// deny ME909s LTE module (huawei): in force
	// deny AR6140 enterprise router (huawei): in the baseline
	// warn lobby camera firmware (hikvision): waived until 2027-06-30 by ciso@example.com
	// fails the build: true
}

// Reading a result's verdicts: one per component and entity, with the
// deciding list and rule, whether it fails the run, and the rule hits
// underneath it.
func Example_verdicts() {
	res, err := scan.Run(context.Background(), scan.Options{
		Jurisdictions: []string{"US"},
		AsOf:          time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC),
		WaiversFile:   "testdata/example/waivers.yaml",
		BaselineFile:  "testdata/example/baseline.json",
	}, "testdata/example/sbom.cdx.json")
	if err != nil {
		log.Fatal(err)
	}
	v := res.Verdicts[0]
	fmt.Println(v.Component.Name, "at", v.Component.Where())
	fmt.Println("verdict:", v.Action, "by", v.DecidedBy(), "- failing:", v.Failing)
	for _, h := range v.Hits {
		fmt.Printf("  %s %s/%s (%s)\n", h.Action, h.List, h.Rule, h.Status)
	}
	for _, v := range res.Verdicts {
		switch {
		case v.Waived:
			fmt.Println(v.Component.Name, "waived:", v.Waiver.Reason)
		case v.Baseline:
			fmt.Println(v.Component.Name, "already in the baseline")
		}
	}
	// Output:
	// ME909s LTE module at testdata/example/sbom.cdx.json#lte-modem
	// verdict: deny by us-fcc-covered-list/huawei - failing: true
	//   deny us-fcc-covered-list/huawei (in-force)
	//   warn us-fcc-covered-list/huawei-prior-grants (in-force)
	//   warn us-dod-1260h/huawei-section-805 (use-conditional)
	//   warn us-ndaa-889/huawei-part-a (use-conditional)
	//   warn us-ndaa-889/huawei-part-b (use-conditional)
	//   warn us-dod-1260h/huawei-section-805-indirect (upcoming)
	//   info us-bis-entity-list/huawei (in-force)
	//   info us-dod-1260h/huawei (in-force)
	// AR6140 enterprise router already in the baseline
	// lobby camera firmware waived: camera replaced in the 2027 refit (ticket FAC-88)
}

// A list written in Go: the organisation's own rule, denying Hikvision in
// every category. Given Lists, Run applies those lists only.
func Example_customList() {
	own := &policy.List{
		ID: "acme-facilities", Title: "ACME facilities policy", Organisation: true,
		Status: policy.StatusInForce, Categories: []string{"any"},
		Rules: []policy.Rule{{ID: "no-hikvision", Entity: "hikvision", Categories: []string{"any"},
			Action: policy.ActionDeny, Note: "cameras on site are replaced by 2027 (FAC-88)"}},
	}
	res, err := scan.Run(context.Background(), scan.Options{
		AsOf:  time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC),
		Lists: []*policy.List{own},
	}, "testdata/example/sbom.cdx.json")
	if err != nil {
		log.Fatal(err)
	}
	for _, v := range res.Verdicts {
		fmt.Println(v.Action, v.Component.Name, "-", v.DecidedBy())
	}
	// Output:
	// deny lobby camera firmware - organisation policy (acme-facilities/no-hikvision)
}
