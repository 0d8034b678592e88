package collect_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/collect"
)

// TestWriteEveryFieldMatchesCycloneDXGo writes a BOM with every field of
// every type collect writes set, and compares it with cyclonedx-go's
// writing of the same document. A field added to the types must be set
// here (allSet fails otherwise), so it is compared too.
func TestWriteEveryFieldMatchesCycloneDXGo(t *testing.T) {
	org := func(n string) *collect.OrganizationalEntity { return &collect.OrganizationalEntity{Name: n} }
	comp := func(ref string, typ collect.ComponentType) collect.Component {
		return collect.Component{BOMRef: ref, Type: typ, Supplier: org("Supplier <&> Co"), Manufacturer: org("Maker"),
			Name: "Part \"X\"", Version: "1.0", Properties: []collect.Property{{Name: "vendorcheck:id:pci-vendor", Value: "19e5"}, {Name: "p2", Value: "v2"}}}
	}
	host := comp("host", collect.ComponentTypeDevice)
	bom := &collect.BOM{JSONSchema: collect.Schema, BOMFormat: "CycloneDX", SpecVersion: collect.SpecVersion, Version: 1,
		Metadata: &collect.Metadata{Timestamp: "2026-12-03T00:00:00Z",
			Tools:     &collect.Tools{Components: []collect.Component{comp("tool", collect.ComponentTypeApplication)}},
			Component: &host},
		Components: []collect.Component{comp("a", collect.ComponentTypeDevice), comp("b", collect.ComponentTypeFirmware)},
	}
	allSet(t, reflect.ValueOf(bom), "BOM")
	var buf bytes.Buffer
	if err := (&collect.Result{BOM: bom}).Write(&buf); err != nil {
		t.Fatal(err)
	}
	matchesCycloneDXGo(t, buf.Bytes())
}

// allSet fails for each field under v that holds its zero value.
func allSet(t *testing.T, v reflect.Value, path string) {
	t.Helper()
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			t.Errorf("%s is not set", path)
			return
		}
		allSet(t, v.Elem(), path)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			allSet(t, v.Field(i), path+"."+v.Type().Field(i).Name)
		}
	case reflect.Slice:
		if v.Len() == 0 {
			t.Errorf("%s is empty", path)
		}
		for i := 0; i < v.Len(); i++ {
			allSet(t, v.Index(i), path)
		}
	default:
		if v.IsZero() {
			t.Errorf("%s is not set", path)
		}
	}
}
