package hwtext_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/dmidecode"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/lshw"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/lspci"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/lsusb"
)

// Every hardware corpus file is identified by its own decoder and by no
// other, and none of them identifies an SBOM or another format.
func TestIdentifyIsExclusive(t *testing.T) {
	decoders := []ingest.Decoder{dmidecode.New(), lshw.NewJSON(), lshw.NewXML(), lspci.New(), lsusb.New()}
	ingest.NewRegistry(decoders...) // ids are unique
	own := func(pkg, file string) string {
		switch pkg {
		case "lshw":
			if filepath.Ext(file) == ".xml" {
				return lshw.IDXML
			}
			return lshw.IDJSON
		}
		return pkg
	}
	check := func(path, want string) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(data) > ingest.HeadSize {
			data = data[:ingest.HeadSize]
		}
		for _, d := range decoders {
			if got := d.Identify(data); got != (d.ID() == want) {
				t.Errorf("%s: %s.Identify = %v", path, d.ID(), got)
			}
		}
	}
	n := 0
	for _, pkg := range []string{"dmidecode", "lshw", "lspci", "lsusb"} {
		for _, sub := range []string{"corpus", "fixtures"} {
			files, _ := filepath.Glob(filepath.Join("..", "..", pkg, "testdata", sub, "*"))
			for _, f := range files {
				if b := filepath.Base(f); b == "SOURCES.md" || b == "README.md" {
					continue
				}
				n++
				check(f, own(pkg, f))
			}
		}
	}
	others, _ := filepath.Glob(filepath.Join("testdata", "others", "*"))
	for _, f := range others {
		if filepath.Base(f) != "SOURCES.md" {
			n++
			check(f, "")
		}
	}
	if n < 35 {
		t.Fatalf("only %d files checked", n)
	}
}
