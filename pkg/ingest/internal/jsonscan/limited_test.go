package jsonscan

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// limitedSkipper is a decoder that skips its input's one value through
// NewLimited with a limit, and records whether the limit was exceeded and
// whether the scanner started in the head's buffer.
type limitedSkipper struct {
	limit          int64
	exceeded, took bool
	err            error
}

func (*limitedSkipper) ID() string           { return "skipper" }
func (*limitedSkipper) Identify([]byte) bool { return true }

func (d *limitedSkipper) Decode(_ context.Context, r io.Reader, _ string) (*inventory.Inventory, error) {
	s, lr := NewLimited(r, d.limit, 100)
	d.took = len(s.Buf) == scanBufSize && lr.R != r
	s.SkipBOM()
	d.err = s.Skip()
	if d.err == nil {
		d.err = s.AtEnd()
	}
	d.exceeded = lr.Exceeded
	return &inventory.Inventory{}, nil
}

// TestNewLimitedCountsTheHead: the head a scanner takes from the Registry
// counts against its limit as if it had been read through it, so an input
// of exactly the limit is read and one byte more is not, whether or not
// the head was taken.
func TestNewLimitedCountsTheHead(t *testing.T) {
	for _, size := range []int{10, ingest.HeadSize - 1, ingest.HeadSize + 500, 3 * ingest.HeadSize} {
		in := `"` + strings.Repeat("a", size-2) + `"`
		for _, bom := range []string{"", "\xef\xbb\xbf"} {
			for _, limit := range []int64{int64(size), int64(size) - 1} {
				d := &limitedSkipper{limit: limit}
				if _, err := ingest.NewRegistry(d).Decode(context.Background(), strings.NewReader(bom+in), "in"); err != nil {
					t.Fatal(err)
				}
				// A head over the limit is not taken (the input is).
				if wantTook := limit >= int64(min(size, ingest.HeadSize-len(bom))); d.took != wantTook {
					t.Errorf("size %d, limit %d: the head taken %v, want %v", size, limit, d.took, wantTook)
				}
				want := limit < int64(size)
				if d.exceeded != want || (d.err == nil) == want {
					t.Errorf("size %d, bom %d, limit %d: exceeded %v (%v), want %v", size, len(bom), limit, d.exceeded, d.err, want)
				}
				// The same reader, not the Registry's: nothing is taken.
				p := &limitedSkipper{limit: limit}
				p.Decode(context.Background(), strings.NewReader(in), "in")
				if p.took || p.exceeded != d.exceeded || (p.err == nil) != (d.err == nil) {
					t.Errorf("size %d, limit %d: through a plain reader took %v, exceeded %v (%v)", size, limit, p.took, p.exceeded, p.err)
				}
			}
		}
	}
}
