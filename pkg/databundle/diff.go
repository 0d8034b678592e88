package databundle

import (
	"reflect"
	"sort"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/catalog"
	"github.com/vendorcheck/vendorcheck/pkg/policy"
)

// Diff is what changed from one bundle to another.
type Diff struct {
	Lists    []policy.Difference `json:"lists"`
	Entities []EntityDifference  `json:"entities"`
}

// EntityDifference is a catalog entity added, removed or changed (with
// the YAML keys that changed).
type EntityDifference struct {
	Entity string   `json:"entity"`
	Change string   `json:"change"`
	Fields []string `json:"fields,omitempty"`
}

// Compare loads both bundles and lists what changed from older to newer.
func Compare(older, newer *Bundle) (Diff, error) {
	ol, err := older.Lists()
	if err != nil {
		return Diff{}, err
	}
	nl, err := newer.Lists()
	if err != nil {
		return Diff{}, err
	}
	oc, err := older.Catalog()
	if err != nil {
		return Diff{}, err
	}
	nc, err := newer.Catalog()
	if err != nil {
		return Diff{}, err
	}
	return Diff{Lists: policy.Diff(ol, nl), Entities: diffEntities(oc, nc)}, nil
}

func diffEntities(older, newer *catalog.Catalog) []EntityDifference {
	var out []EntityDifference
	for _, e := range newer.Entities() {
		o, ok := older.Get(e.ID)
		if !ok {
			out = append(out, EntityDifference{Entity: e.ID, Change: "added"})
			continue
		}
		if fs := entityFields(o, e); len(fs) > 0 {
			out = append(out, EntityDifference{Entity: e.ID, Change: "changed", Fields: fs})
		}
	}
	for _, e := range older.Entities() {
		if _, ok := newer.Get(e.ID); !ok {
			out = append(out, EntityDifference{Entity: e.ID, Change: "removed"})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Entity < out[j].Entity })
	return out
}

// entityFields names the YAML keys of an entity whose values differ
// (identifiers by their own keys).
func entityFields(a, b *catalog.Entity) []string {
	out := fieldsOf(reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem(), "")
	return out
}

func fieldsOf(va, vb reflect.Value, prefix string) []string {
	t := va.Type()
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if tag == "" || tag == "-" || !f.IsExported() {
			continue
		}
		x, y := va.Field(i), vb.Field(i)
		if f.Type.Kind() == reflect.Struct && f.Type != reflect.TypeOf(catalog.Date{}) {
			out = append(out, fieldsOf(x, y, prefix+tag+".")...)
			continue
		}
		if !reflect.DeepEqual(x.Interface(), y.Interface()) {
			out = append(out, prefix+tag)
		}
	}
	return out
}
