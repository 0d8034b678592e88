package policy_test

import (
	"fmt"

	"github.com/vendorcheck/vendorcheck/pkg/policy"
	"github.com/vendorcheck/vendorcheck/policies"
)

func ExampleLoadFS() {
	lists, err := policy.LoadFS(policies.FS)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range lists {
		if l.Jurisdiction == "CN" {
			r := l.Rules[0]
			fmt.Println(l.ID, l.File, r.Entity, r.Restricts, r.From, r.Uses, r.Action)
		}
	}
	// Output:
	// cn-cac-micron-2023 cn/cac-micron.yaml micron purchase 2023-05-21 [critical-infrastructure] deny
}

func ExampleParse() {
	_, err := policy.Parse("ours.yaml", []byte(`id: ours
title: Our own list
jurisdiction: UK
authority: Security team
instrument: Internal standard
citation: SEC-7
url: https://intranet.example/sec-7
reviewed: 2026-11-27
categories: [video-surveillance]
rules:
  - id: no-cameras
    entity: hikvision
    categories: [video-surveillance]
    action: forbid
`))
	fmt.Println(err)
	// Output:
	// ours.yaml:3: jurisdiction "UK" is not an ISO 3166 code: use "GB"
	// ours.yaml:14: rule "no-cameras": action "forbid" must be deny, warn or info
}
