package ingest_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// keepAll is a decoder that keeps whatever its input holds as one
// component's field, as a decoder that reads its whole input does.
type keepAll struct {
	set func(c *inventory.Component, v string)
}

func (keepAll) ID() string                { return "keep-all" }
func (keepAll) Identify(head []byte) bool { return bytes.HasPrefix(head, []byte("keep:")) }
func (k keepAll) Decode(_ context.Context, r io.Reader, name string) (*inventory.Inventory, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	c := inventory.Component{Name: "x", Location: inventory.Location{File: name, Line: 7}}
	k.set(&c, string(b))
	return &inventory.Inventory{Components: []inventory.Component{c}}, nil
}

func TestValueLimitEveryDecoder(t *testing.T) {
	for _, tc := range []struct {
		field string
		set   func(c *inventory.Component, v string)
	}{
		{"name", func(c *inventory.Component, v string) { c.Name = v }},
		{"supplier", func(c *inventory.Component, v string) {
			c.Parties = []inventory.Party{{Role: inventory.RoleSupplier, Name: v}}
		}},
		{"property", func(c *inventory.Component, v string) { c.Properties = []inventory.Property{{Name: "p", Value: v}} }},
		{"CPE", func(c *inventory.Component, v string) { c.CPEs = []string{v} }},
	} {
		reg := ingest.NewRegistry(keepAll{set: tc.set})
		long := "keep:" + strings.Repeat("a", ingest.MaxValueSize-len("keep:")+1)
		_, err := reg.Decode(context.Background(), strings.NewReader(long), "big.txt")
		var de *ingest.DecodeError
		if !errors.As(err, &de) || !errors.Is(err, ingest.ErrTooLarge) || de.File != "big.txt" || de.Line != 7 {
			t.Fatalf("%s: got %v, want a DecodeError at big.txt:7 wrapping ErrTooLarge", tc.field, err)
		}
		if want := "big.txt:7: keep-all: input too large: a component's " + tc.field + " is longer than 1 MiB"; !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s: error %q, want it to start %q", tc.field, err, want)
		}
		// At the limit, the value is kept.
		inv, err := reg.Decode(context.Background(), strings.NewReader(long[:len(long)-1]), "big.txt")
		if err != nil || len(inv.Components) != 1 {
			t.Errorf("%s: a value of exactly %d bytes: %v", tc.field, ingest.MaxValueSize, err)
		}
	}
}
