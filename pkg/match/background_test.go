package match

import (
	"reflect"
	"sync"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/catalog"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
	"github.com/vendorcheck/vendorcheck/policies"
)

// A Matcher built in the background matches as one built by New, for
// matches that start the moment it is returned, from several goroutines
// (run with -race: the index is published by closing ready).
func TestNewInBackgroundMatchesAsNew(t *testing.T) {
	cat, err := catalog.LoadFS(policies.FS, "vendors")
	if err != nil {
		t.Fatal(err)
	}
	var comps []inventory.Component
	for _, e := range cat.Entities() {
		for _, n := range e.Names {
			comps = append(comps,
				inventory.Component{Kind: inventory.KindLibrary, Name: n.Value},
				inventory.Component{Kind: inventory.KindDevice, Name: "x", Model: n.Value},
				inventory.Component{Kind: inventory.KindLibrary, Name: "lib", Parties: []inventory.Party{{Role: inventory.RoleSupplier, Name: n.Value, Field: "supplier"}}})
		}
		for _, p := range e.Identifiers.PURLPrefixes {
			comps = append(comps, inventory.Component{Kind: inventory.KindLibrary, Name: "p", PURL: p.Value + "x@1"})
		}
		for _, p := range e.Identifiers.PCIVendors {
			comps = append(comps, inventory.Component{Kind: inventory.KindPCI, Name: "dev",
				Identifiers: []inventory.Identifier{{Kind: inventory.IDPCIVendor, Value: p.Value}}})
		}
	}
	ctx := Context{AsOf: asOf}
	ref, err := New(cat)
	if err != nil {
		t.Fatal(err)
	}
	want := make([][]Attribution, len(comps))
	for i := range comps {
		want[i] = ref.Match(&comps[i], ctx)
	}
	hits := 0
	for _, w := range want {
		if len(w) > 0 {
			hits++
		}
	}
	if hits < len(comps)/3 {
		t.Fatalf("only %d of %d probes matched: the probes do not exercise the index", hits, len(comps))
	}

	bg, err := NewInBackground(cat)
	if err != nil {
		t.Fatal(err)
	}
	const workers = 4
	got := make([][]Attribution, len(comps))
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(comps); i += workers {
				got[i] = bg.Match(&comps[i], ctx)
			}
		}()
	}
	wg.Wait()
	for i := range comps {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("%+v: background %v, New %v", comps[i], got[i], want[i])
		}
	}
	if ex := bg.Explain(&comps[0], ctx); !reflect.DeepEqual(ex.Attributions, nonNil(want[0])) {
		t.Errorf("Explain: %v, want %v", ex.Attributions, want[0])
	}
}

func nonNil(a []Attribution) []Attribution {
	if a == nil {
		return []Attribution{}
	}
	return a
}

// NewInBackground checks the catalog before it returns, as New does.
func TestNewInBackgroundError(t *testing.T) {
	cat, err := catalog.New([]*catalog.Entity{{
		ID: "acme", Name: "Acme", File: "acme.yaml",
		Names:       []catalog.Fact{{Value: "Acme Corp"}},
		Identifiers: catalog.Identifiers{JEDEC: []catalog.JEDEC{{Bank: 1, Code: "zz"}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewInBackground(cat); err == nil {
		t.Error("NewInBackground accepted a JEDEC code that is not one")
	}
	if _, err := New(cat); err == nil {
		t.Error("New accepted a JEDEC code that is not one")
	}
}
