package catalog_test

import (
	"fmt"
	"time"

	"github.com/vendorcheck/vendorcheck/pkg/catalog"
	"github.com/vendorcheck/vendorcheck/policies"
)

// Load the shipped catalog and ask whether Honor was a Huawei brand on two
// days: ownership is dated.
func ExampleLoadFS() {
	cat, err := catalog.LoadFS(policies.FS, "vendors")
	if err != nil {
		fmt.Println(err)
		return
	}
	huawei, _ := cat.Get("huawei")
	fmt.Println(len(cat.Entities()), huawei.Names[0].Value)
	for _, b := range huawei.Brands {
		if b.Name != "Honor" {
			continue
		}
		for _, d := range []string{"2019-06-01", "2021-06-01"} {
			t, _ := time.Parse(catalog.DateLayout, d)
			fmt.Printf("Honor is Huawei's on %s: %v\n", d, b.OwnedAt(t))
		}
	}
	// Output:
	// 17 Huawei Technologies Co., Ltd.
	// Honor is Huawei's on 2019-06-01: true
	// Honor is Huawei's on 2021-06-01: false
}

// Parse reports problems with the file name and line.
func ExampleParse() {
	_, err := catalog.Parse("acme.yaml", []byte("id: acme\nname: Acme\nnmaes: []\n"))
	fmt.Println(err)
	// Output:
	// acme.yaml:3: unknown key "nmaes"
}
