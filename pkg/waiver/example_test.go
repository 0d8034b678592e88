package waiver_test

import (
	"fmt"
	"time"

	"github.com/vendorcheck/vendorcheck/pkg/policy"
	"github.com/vendorcheck/vendorcheck/pkg/report"
	"github.com/vendorcheck/vendorcheck/pkg/waiver"
)

func ExampleSet_Apply() {
	set, err := waiver.Parse("waivers.yaml", []byte(`waivers:
  - id: hms
    purl: pkg:maven/com.huawei.hms/*
    reason: removed in release 7
    expires: 2027-03-31
    approved_by: ciso@example.com
  - id: old-routers
    entity: zte
    reason: replaced in 2025
    expires: 2027-01-31
    approved_by: network team
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	res := &report.Result{Findings: []report.Finding{{
		Subject: &report.Subject{Component: report.Component{Name: "push", PURL: "pkg:maven/com.huawei.hms/push@6.12.0.300"},
			Entity: "huawei"},
		Finding: &policy.Finding{List: "us-dod-1260h", Rule: "huawei-section-805", Action: policy.ActionDeny},
	}}}
	set.Apply(res, time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC))
	f := res.Findings[0]
	fmt.Println(f.Waived, f.Waiver.ID, report.Failing(f, policy.ActionDeny))
	for _, w := range res.Waivers {
		fmt.Println(w.ID, w.Status, w.Matched, w.Source)
	}
	// Output:
	// true hms false
	// hms active 1 waivers.yaml:2
	// old-routers stale 0 waivers.yaml:7
}
