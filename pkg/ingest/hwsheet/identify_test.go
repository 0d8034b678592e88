package hwsheet_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/hwsheet"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/netbox"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/nmap"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/redfish"
)

// TestIdentifyExclusive feeds every corpus file and fixture of the four
// hardware-inventory packages, and a few heads of other formats, to all
// their decoders: each input must be claimed by exactly its own decoder.
func TestIdentifyExclusive(t *testing.T) {
	decoders := []ingest.Decoder{redfish.New(), redfish.NewBMCLib(), nmap.New(), netbox.New(),
		hwsheet.NewCSV(hwsheet.Options{}), hwsheet.NewXLSX(hwsheet.Options{})}
	want := map[string]string{} // path -> decoder id ("" = none)
	for dir, id := range map[string]string{"../redfish": redfish.ID, "../nmap": nmap.ID, "../netbox": netbox.ID, ".": hwsheet.CSVID} {
		for _, sub := range []string{"corpus", "fixtures"} {
			files, _ := filepath.Glob(filepath.Join(dir, "testdata", sub, "*"))
			for _, f := range files {
				switch ext := filepath.Ext(f); {
				case ext == ".md":
				case ext == ".xlsx":
					want[f] = hwsheet.XLSXID
				case strings.Contains(f, "bmclib-inventory"):
					want[f] = redfish.BMCLibID
				case strings.HasSuffix(f, "unknown-headers.csv"):
					want[f] = ""
				default:
					want[f] = id
				}
			}
		}
	}
	if len(want) < 35 {
		t.Fatalf("only %d files found", len(want))
	}
	others := map[string]string{
		"cyclonedx.json": `{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"device","name":"x","manufacturer":{"name":"Huawei"},"properties":[{"name":"model","value":"y"}]}]}`,
		"cyclonedx.xml":  `<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.5"><components><component type="device"><name>x</name></component></components></bom>`,
		"spdx.json":      `{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","packages":[{"name":"device_type","supplier":"Organization: Huawei"}]}`,
		"spdx.spdx":      "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nPackageName: Manufacturer, Model\nPackageSupplier: Organization: Huawei\n",
		"spdx.yaml":      "spdxVersion: SPDX-2.3\npackages:\n- name: x\n  supplier: 'Organization: Huawei'\n",
		"lshw.json":      `{"id":"host","class":"system","product":"PowerEdge R640","vendor":"Dell Inc.","serial":"X","children":[{"id":"core","class":"bus","vendor":"Dell Inc."}]}`,
		"lshw.xml":       `<?xml version="1.0" standalone="yes" ?><list><node id="host" class="system"><product>PowerEdge</product><vendor>Dell Inc.</vendor></node></list>`,
		"dmidecode.txt":  "# dmidecode 3.3\nHandle 0x0001, DMI type 1, 27 bytes\nSystem Information\n\tManufacturer: Huawei\n\tProduct Name: 2288H V5\n\tSerial Number: 2102311\n",
		"lspci-vmm.txt":  "Slot:\t00:00.0\nClass:\tHost bridge\nVendor:\tIntel Corporation\nDevice:\tSky Lake-E DMI3 Registers\n",
		"lsusb.txt":      "Bus 001 Device 002: ID 12d1:0003 Huawei Technologies Co., Ltd. Keyboard, Mouse\n",
	}
	check := func(name string, head []byte, wantID string) {
		var got []string
		for _, d := range decoders {
			if d.Identify(ingest.StripBOM(head)) {
				got = append(got, d.ID())
			}
		}
		if strings.Join(got, ",") != wantID {
			t.Errorf("%s identified by [%s], want [%s]", name, strings.Join(got, ","), wantID)
		}
	}
	for path, id := range want {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(data) > ingest.HeadSize {
			data = data[:ingest.HeadSize]
		}
		check(path, data, id)
	}
	for name, head := range others {
		check(name, []byte(head), "")
	}
}
