package cyclonedx

import (
	"context"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// TestIdentifierProperties: "vendorcheck:id:KIND" properties (as `vendorcheck
// collect` writes) are identifiers in their own field, kept beside a
// component's external references; other vendorcheck: properties are not.
func TestIdentifierProperties(t *testing.T) {
	doc := `{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"device","bom-ref":"nic","name":"NIC",
	  "externalReferences":[{"type":"website","url":"https://www.example.com/nic"}],
	  "properties":[{"name":"vendorcheck:id:pci-vendor","value":"19e5"},{"name":"vendorcheck:id:serial","value":"19e5"},
	    {"name":"vendorcheck:id:mac","value":" "},{"name":"note","value":"19e5"}]}]}`
	inv, err := NewJSON().Decode(context.Background(), strings.NewReader(doc), "nic.cdx.json")
	if err != nil {
		t.Fatal(err)
	}
	var pci, url int
	for _, id := range inv.Components[0].Identifiers {
		switch {
		case id.Kind == inventory.IDPCIVendor && id.Value == "19e5" && id.Field == "properties.vendorcheck:id:pci-vendor":
			pci++
		case id.Kind == inventory.IDPCIVendor || id.Kind == inventory.IDMAC:
			t.Errorf("unexpected identifier %+v", id)
		default:
			url++
		}
	}
	if pci != 1 || url == 0 {
		t.Errorf("identifiers %+v: want the PCI vendor id and the website", inv.Components[0].Identifiers)
	}
}
