package scan

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/hwsheet/xlsxbook"
)

// TestIdentifyUnambiguous: no test file of the repository is recognised by
// two decoders. A file that is (an lspci dump followed by a dmidecode dump)
// is refused as holding two formats, so a decoder whose Identify overlaps
// another's on real inputs would turn good files into errors.
func TestIdentifyUnambiguous(t *testing.T) {
	reg := Decoders(DecoderOptions{Workbooks: xlsxbook.Open})
	checked := 0
	err := filepath.WalkDir(filepath.Join("..", ".."), func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") && d.Name() != ".." {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.Contains(filepath.ToSlash(p), "/testdata/") || notInventoryName(p) != "" {
			return nil
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		head := make([]byte, ingest.HeadSize)
		n, _ := io.ReadFull(f, head)
		var ids []string
		for _, d := range reg.DetectAll(head[:n]) {
			ids = append(ids, d.ID())
		}
		if len(ids) > 1 {
			t.Errorf("%s is recognised by %s", p, strings.Join(ids, " and "))
		}
		checked++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 100 {
		t.Fatalf("only %d test files checked; the walk is broken", checked)
	}
}
