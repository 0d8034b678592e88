package ingest_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
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

// refsDecoder yields components with the references its input lists, one
// a line, as a CycloneDX decoder yields bom-refs.
type refsDecoder struct{ id string }

func (d refsDecoder) ID() string              { return d.id }
func (refsDecoder) Identify(head []byte) bool { return bytes.HasPrefix(head, []byte("refs\n")) }
func (refsDecoder) Decode(_ context.Context, r io.Reader, name string) (*inventory.Inventory, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	inv := &inventory.Inventory{}
	for i, ref := range strings.Split(strings.TrimSpace(string(b)), "\n")[1:] {
		inv.Components = append(inv.Components, inventory.Component{Name: "c", Location: inventory.Location{File: name, Line: i + 2, Ref: ref}})
	}
	return inv, nil
}

func TestDuplicateRefsWarned(t *testing.T) {
	in := "refs\na\nb\na\na\n"
	for i := range 12 {
		in += fmt.Sprintf("d%d\nd%d\n", i, i)
	}
	inv, err := ingest.NewRegistry(refsDecoder{id: "cyclonedx-refs"}).Decode(context.Background(), strings.NewReader(in), "refs.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Components) != 28 {
		t.Errorf("%d components read, want all 28", len(inv.Components))
	}
	if len(inv.Warnings) != 11 {
		t.Fatalf("%d warnings, want 10 and one that counts the rest: %+v", len(inv.Warnings), inv.Warnings)
	}
	want := inventory.Warning{Line: 4, Message: `reference "a" is given to 3 components (first on line 2, again on line 4): each is checked, but the reference does not tell them apart`}
	if inv.Warnings[0] != want {
		t.Errorf("first warning %+v, want %+v", inv.Warnings[0], want)
	}
	if got := inv.Warnings[10].Message; got != "3 more references are each given to more than one component" {
		t.Errorf("last warning %q", got)
	}
	// References a decoder makes up are not the document's: no warning.
	inv, err = ingest.NewRegistry(refsDecoder{id: "sheet-refs"}).Decode(context.Background(), strings.NewReader(in), "refs.txt")
	if err != nil || len(inv.Warnings) != 0 {
		t.Errorf("made-up references: %v, warnings %+v", err, inv.Warnings)
	}
}
