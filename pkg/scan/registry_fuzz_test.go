package scan

import (
	"bytes"
	"context"
	"reflect"
	"testing"

	"github.com/vendorcheck/vendorcheck/internal/testgen/fuzzcheck"
	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/hwsheet/xlsxbook"
)

var fuzzSeedDirs = []string{
	"../ingest/cyclonedx/testdata/fixtures", "../ingest/spdx/testdata/fixtures", "../ingest/dmidecode/testdata/fixtures",
	"../ingest/lshw/testdata/corpus", "../ingest/lspci/testdata/fixtures", "../ingest/lsusb/testdata/fixtures",
	"../ingest/redfish/testdata/fixtures", "../ingest/nmap/testdata/fixtures", "../ingest/netbox/testdata/fixtures",
	"../ingest/hwsheet/testdata/fixtures", "../../testdata/bad",
}

// FuzzDetect: every decoder's Identify is total, Detect is deterministic,
// and no head is claimed by a decoder whose Identify says no.
func FuzzDetect(f *testing.F) {
	fuzzcheck.Seed(f, fuzzSeedDirs)
	reg := Decoders(DecoderOptions{Workbooks: xlsxbook.Open})
	f.Fuzz(func(t *testing.T, data []byte) {
		head := data
		if len(head) > ingest.HeadSize {
			head = head[:ingest.HeadSize]
		}
		var first ingest.Decoder
		for _, d := range reg.Decoders() {
			if d.Identify(ingest.StripBOM(head)) && first == nil {
				first = d
			}
		}
		got := reg.Detect(head)
		if got != reg.Detect(head) {
			t.Fatal("Detect not deterministic")
		}
		if got != first {
			t.Fatalf("Detect gave %v, the first decoder that identifies the head is %v", got, first)
		}
	})
}

// FuzzRegistryDecode: detection and decoding through the registry, with a
// small size limit so that the limit's path is fuzzed too.
func FuzzRegistryDecode(f *testing.F) {
	fuzzcheck.Seed(f, fuzzSeedDirs)
	reg := Decoders(DecoderOptions{Workbooks: xlsxbook.Open})
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, limit := range []int64{ingest.MaxInputSize, 4096} {
			inv1, err1 := reg.DecodeWithLimit(context.Background(), bytes.NewReader(data), fuzzcheck.Name, limit)
			inv2, err2 := reg.DecodeWithLimit(context.Background(), bytes.NewReader(data), fuzzcheck.Name, limit)
			if err1 != nil {
				fuzzcheck.CheckError(t, err1)
				if err2 == nil || err1.Error() != err2.Error() {
					t.Fatalf("not deterministic: %v, then %v", err1, err2)
				}
				continue
			}
			if err2 != nil || !reflect.DeepEqual(inv1, inv2) {
				t.Fatalf("not deterministic (second error %v)", err2)
			}
			if int64(len(data)) > limit+3 { // +3: a byte-order mark
				t.Fatalf("%d bytes decoded under a limit of %d", len(data), limit)
			}
		}
	})
}
