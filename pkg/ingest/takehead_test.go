package ingest_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// headTaker is a decoder that takes the head of its input
// (ingest.TakeHead) when it can, and records what it got.
type headTaker struct {
	readFirst int // bytes to read before asking
	size      int
	limit     int64
	taken     bool
	head      []byte
	n, cap    int
	all       []byte // head and rest, as the decoder saw the input
}

func (*headTaker) ID() string           { return "taker" }
func (*headTaker) Identify([]byte) bool { return true }

func (h *headTaker) Decode(_ context.Context, r io.Reader, _ string) (*inventory.Inventory, error) {
	first := make([]byte, h.readFirst)
	if _, err := io.ReadFull(r, first); err != nil {
		return nil, err
	}
	buf, n, rest, ok := ingest.TakeHead(r, h.size, h.limit)
	h.taken = ok
	if !ok {
		rest = r
	}
	h.head, h.n, h.cap = buf[:n:n], n, len(buf)
	tail, err := io.ReadAll(rest)
	if err != nil {
		return nil, err
	}
	h.all = append(append(first, h.head...), tail...)
	return &inventory.Inventory{}, nil
}

// TestTakeHead: a decoder that has read nothing gets the head's buffer,
// without a byte-order mark, and the rest of the input after it; one that
// has read, or whose buffer size differs from the head's, reads on as
// before.
func TestTakeHead(t *testing.T) {
	long := strings.Repeat("x", ingest.HeadSize+1000)
	for _, tc := range []struct {
		name, in    string
		readFirst   int
		size        int
		taken       bool
		headLen     int
		decoderSees string
	}{
		{"whole head", long, 0, ingest.HeadSize, true, ingest.HeadSize, long},
		{"short input", "{}", 0, ingest.HeadSize, true, 2, "{}"},
		{"byte-order mark", "\xef\xbb\xbf" + long, 0, ingest.HeadSize, true, ingest.HeadSize - 3, long},
		{"read first", long, 10, ingest.HeadSize, false, 0, long},
		{"another size", long, 0, 4096, false, 0, long},
		{"head over the limit", "{}", 0, ingest.HeadSize, false, 0, "{}"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := &headTaker{readFirst: tc.readFirst, size: tc.size, limit: 1 << 20}
			if strings.HasSuffix(tc.name, "over the limit") {
				d.limit = 1
			}
			if _, err := ingest.NewRegistry(d).Decode(context.Background(), strings.NewReader(tc.in), "in"); err != nil {
				t.Fatal(err)
			}
			if d.taken != tc.taken {
				t.Fatalf("taken %v, want %v", d.taken, tc.taken)
			}
			if tc.taken {
				if d.n != tc.headLen || d.cap != tc.size {
					t.Errorf("head %d bytes in a buffer of %d, want %d in %d", d.n, d.cap, tc.headLen, tc.size)
				}
				if !bytes.Equal(d.head, []byte(tc.decoderSees[:d.n])) {
					t.Errorf("head is not the input's start")
				}
			}
			if string(d.all) != tc.decoderSees {
				t.Errorf("the decoder read %d bytes, not the %d of the input", len(d.all), len(tc.decoderSees))
			}
		})
	}
}
