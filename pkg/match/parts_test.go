package match

import (
	"strings"
	"sync"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/catalog"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// Part-number patterns are compiled on first use, but a pattern that
// cannot compile is still New's error, naming the pattern.
func TestPartPatternErrorAtNew(t *testing.T) {
	for _, bad := range []string{`MT(40A`, `x{2,1}`, `\8`, `a**`} {
		cat, err := catalog.New([]*catalog.Entity{{
			ID: "acme", Name: "Acme", File: "acme.yaml",
			Names:       []catalog.Fact{{Value: "Acme Corp"}},
			Identifiers: catalog.Identifiers{PartPatterns: []catalog.PartPattern{{Pattern: bad}}},
		}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = New(cat)
		if err == nil || !strings.Contains(err.Error(), "part pattern") || !strings.Contains(err.Error(), "acme.yaml") {
			t.Errorf("pattern %q: New error %v, want one naming the part pattern and file", bad, err)
		}
	}
}

// The first matches that need the patterns may come from several
// goroutines at once (the scan's workers); all see them compiled.
func TestPartPatternsFirstUseConcurrent(t *testing.T) {
	m := newMatcher(t)
	c := inventory.Component{Kind: inventory.KindDisk, Name: "disk", Model: "CT500MX500SSD1"}
	var wg sync.WaitGroup
	got := make([][]string, 8)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i] = top(m.Match(&c, Context{AsOf: asOf}), None)
		}()
	}
	wg.Wait()
	for i, g := range got {
		if !strings.Contains(strings.Join(g, " "), "micron") {
			t.Errorf("goroutine %d: %v, want a micron attribution from the part pattern", i, g)
		}
	}
}
