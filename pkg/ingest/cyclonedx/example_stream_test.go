package cyclonedx_test

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/cyclonedx"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// A streaming decoder hands out each component as soon as it is read; a
// component comes after its nested ones, and ord puts them back in the
// order Decode returns them. What is kept beyond the call is copied.
func Example_stream() {
	doc := `{"bomFormat":"CycloneDX","specVersion":"1.6","components":[
	  {"type":"device","name":"server","supplier":{"name":"Huawei"},
	   "components":[{"type":"device","name":"DIMM","manufacturer":{"name":"Micron"}}]}]}`
	type seen struct {
		ord  int64
		name string
	}
	var got []seen
	st := cyclonedx.NewJSON().(ingest.Streamer)
	_, err := st.Stream(context.Background(), strings.NewReader(doc), "hbom.json", func(ord int64, c *inventory.Component) error {
		fmt.Println("read", c.Name, c.Location.Path)
		got = append(got, seen{ord, strings.Clone(c.Name)})
		return nil
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	sort.Slice(got, func(i, j int) bool { return got[i].ord < got[j].ord })
	for _, s := range got {
		fmt.Println("in order", s.name)
	}
	// Output:
	// read DIMM [server]
	// read server []
	// in order server
	// in order DIMM
}
