// Package streamcheck holds the test that a decoder's Stream (an
// ingest.Streamer) hands out the components its Decode returns: the same
// inventory once sorted by ord, or the same error. It is imported only by
// tests.
package streamcheck

import (
	"bytes"
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

type emitted struct {
	ord int64
	c   inventory.Component
}

// Streamed runs d's Stream over data and returns the inventory with the
// components it handed out, sorted by ord.
func Streamed(t *testing.T, d ingest.Decoder, name string, data []byte) (*inventory.Inventory, error) {
	t.Helper()
	st, ok := d.(ingest.Streamer)
	if !ok {
		t.Fatalf("%s is not an ingest.Streamer", d.ID())
	}
	return collect(t, name, func(emit ingest.EmitFunc) (*inventory.Inventory, error) {
		return st.Stream(context.Background(), bytes.NewReader(data), name, emit)
	})
}

// Registered is Streamed through an ingest.Registry of d alone, as a scan
// reads an input: the head read for detection first, then the rest.
func Registered(t *testing.T, d ingest.Decoder, name string, data []byte) (*inventory.Inventory, error) {
	t.Helper()
	reg := ingest.NewRegistry(d)
	return collect(t, name, func(emit ingest.EmitFunc) (*inventory.Inventory, error) {
		return reg.StreamWithLimit(context.Background(), bytes.NewReader(data), name, 0, emit)
	})
}

func collect(t *testing.T, name string, stream func(ingest.EmitFunc) (*inventory.Inventory, error)) (*inventory.Inventory, error) {
	t.Helper()
	var got []emitted
	seen := map[int64]bool{}
	inv, err := stream(func(ord int64, c *inventory.Component) error {
		if seen[ord] {
			t.Errorf("%s: ord %d handed out twice", name, ord)
		}
		seen[ord] = true
		got = append(got, emitted{ord, cloneComponent(*c)})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if inv.Components != nil {
		t.Errorf("%s: Stream returned %d components in the inventory", name, len(inv.Components))
	}
	slices.SortStableFunc(got, func(a, b emitted) int {
		switch {
		case a.ord < b.ord:
			return -1
		case a.ord > b.ord:
			return 1
		}
		return 0
	})
	for _, e := range got {
		inv.Components = append(inv.Components, e.c)
	}
	return inv, nil
}

// cloneComponent copies c out of the decoder's memory, which it may reuse
// once emit returns.
func cloneComponent(c inventory.Component) inventory.Component {
	cl := strings.Clone
	c.Name, c.Version, c.Kind, c.Group = cl(c.Name), cl(c.Version), inventory.Kind(cl(string(c.Kind))), cl(c.Group)
	c.Description, c.PURL, c.Model, c.Serial, c.Host, c.Site = cl(c.Description), cl(c.PURL), cl(c.Model), cl(c.Serial), cl(c.Host), cl(c.Site)
	c.CPEs = cloneSlice(c.CPEs, cl)
	c.Parties = cloneSlice(c.Parties, func(p inventory.Party) inventory.Party {
		p.Role, p.Name, p.Field, p.Email, p.URL = inventory.Role(cl(string(p.Role))), cl(p.Name), cl(p.Field), cl(p.Email), cl(p.URL)
		return p
	})
	c.Identifiers = cloneSlice(c.Identifiers, func(id inventory.Identifier) inventory.Identifier {
		id.Kind, id.Value, id.Field = inventory.IDKind(cl(string(id.Kind))), cl(id.Value), cl(id.Field)
		return id
	})
	c.Properties = cloneSlice(c.Properties, func(p inventory.Property) inventory.Property {
		p.Name, p.Value = cl(p.Name), cl(p.Value)
		return p
	})
	c.Location.File, c.Location.Ref = cl(c.Location.File), cl(c.Location.Ref)
	c.Location.Path = cloneSlice(c.Location.Path, cl)
	return c
}

func cloneSlice[T any](xs []T, f func(T) T) []T {
	if xs == nil {
		return nil
	}
	out := make([]T, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

// Same fails unless Decode and Stream (its components sorted by
// ord) give the same inventory, or the same error.
func Same(t *testing.T, d ingest.Decoder, name string, data []byte) bool {
	t.Helper()
	want, werr := d.Decode(context.Background(), bytes.NewReader(data), name)
	got, gerr := Streamed(t, d, name, data)
	switch {
	case (werr == nil) != (gerr == nil):
		t.Errorf("%s: Decode error %v, Stream error %v", name, werr, gerr)
		return false
	case werr != nil:
		if werr.Error() != gerr.Error() {
			t.Errorf("%s: Decode error %v, Stream error %v", name, werr, gerr)
		}
		return false
	}
	if len(want.Components) == 0 {
		want.Components, got.Components = nil, nil
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: inventories differ:\nStream %+v\nDecode %+v", name, got, want)
		return false
	}
	return true
}
