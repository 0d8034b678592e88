// Package fleet writes a small, deterministic fleet of inventories for
// audit tests, the audit report's screenshot and benchmarks: per host a
// dmidecode dump (servers) or a CycloneDX hardware/software BOM (network
// and camera appliances), and per site a purchase sheet (CSV) naming
// several hosts. The same (n, seed) always gives the same files.
//
// Some hosts hold restricted vendors' parts (a Huawei or ZTE switch, Micron
// or CXMT memory, a Hikvision or Dahua camera, Kaspersky software); most
// do not; a few carry near misses that must not match (Micronas,
// JMicron, Aztec).
//
// It is a test helper: nothing in the scanner imports it.
package fleet

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// Sites are the sites hosts are spread over, in order.
var Sites = []string{"ams1", "fra2", "lon3", "nyc4", "sgp1"}

// File is one generated inventory.
type File struct {
	// Path is relative to the output directory, with forward slashes.
	Path string
	Data []byte
}

// Generate returns n host inventories and one purchase sheet per site
// that has hosts, in a fixed order.
func Generate(n int, seed uint64) []File {
	rnd := rand.New(rand.NewPCG(seed, 0x5eed5eed))
	var files []File
	sheets := map[string]*bytes.Buffer{}
	for i := 0; i < n; i++ {
		site := Sites[i%len(Sites)]
		var f File
		var host string
		switch i % 3 {
		case 0, 1:
			host, f = server(rnd, i, site)
		default:
			host, f = appliance(rnd, i, site)
		}
		files = append(files, f)
		sh := sheets[site]
		if sh == nil {
			sh = &bytes.Buffer{}
			sh.WriteString("Hostname,Site,Manufacturer,Model,Part Number,Serial Number,Purchase Date,Category\n")
			sheets[site] = sh
		}
		purchase(rnd, sh, host, site, i)
	}
	for _, site := range Sites {
		if sh := sheets[site]; sh != nil {
			files = append(files, File{Path: site + "/" + site + "-purchases.csv", Data: sh.Bytes()})
		}
	}
	return files
}

// Write generates the fleet into dir and returns the files' paths.
func Write(dir string, n int, seed uint64) ([]string, error) {
	var paths []string
	for _, f := range Generate(n, seed) {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}

type pick struct {
	vendor, model, part string
}

func choose[T any](rnd *rand.Rand, xs []T) T { return xs[rnd.IntN(len(xs))] }

var (
	systems = []pick{
		{"Dell Inc.", "PowerEdge R650", ""},
		{"HPE", "ProLiant DL380 Gen10", ""},
		{"Lenovo", "ThinkSystem SR650", ""},
		{"Supermicro", "SYS-1029P-WTR", ""},
		{"Huawei", "2288H V5", ""},
		{"Dell Inc.", "PowerEdge R750", ""},
	}
	dimms = []pick{
		{"Samsung", "", "M393A4K40DB3-CWE"},
		{"SK Hynix", "", "HMA84GR7CJR4N-XN"},
		{"Micron Technology", "", "36ASF4G72PZ-3G2R1"},
		{"Kingston", "", "KSM32RD8/16HDR"},
		{"ChangXin Memory Technologies", "", "CXDB4ANAM-MK"},
		{"Samsung", "", "M393A2K43DB3-CWE"},
		{"SK Hynix", "", "HMA82GR7DJR8N-XN"},
	}
	cpus = []pick{
		{"Intel(R) Corporation", "Intel(R) Xeon(R) Silver 4314 CPU @ 2.40GHz", ""},
		{"Advanced Micro Devices, Inc.", "AMD EPYC 7313 16-Core Processor", ""},
		{"HiSilicon", "Kunpeng 920-4826", ""},
		{"Intel(R) Corporation", "Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz", ""},
	}
	switches = []pick{
		{"Cisco Systems", "Catalyst 9300-48P", ""},
		{"Juniper Networks", "EX4300-48T", ""},
		{"ZTE Corporation", "ZXR10 5960-56QU", ""},
		{"Huawei Technologies Co., Ltd.", "CloudEngine S5735-L48T4X", ""},
		{"Arista Networks", "7050SX3-48YC8", ""},
		{"Aztec Networks", "AZ-2400", ""}, // near miss: not ZTE
	}
	cameras = []pick{
		{"Axis Communications", "P3245-LVE", ""},
		{"Hangzhou Hikvision Digital Technology Co., Ltd.", "DS-2CD2143G2-I", ""},
		{"Zhejiang Dahua Technology Co., Ltd.", "IPC-HDW2431T-AS-S2", ""},
		{"Bosch Security Systems", "FLEXIDOME IP 5100i", ""},
		{"Hanwha Vision", "XNV-6081Z", ""},
	}
	software = []pick{
		{"OpenSSL Software Foundation", "openssl", "3.0.13"},
		{"AO Kaspersky Lab", "Kaspersky Endpoint Security for Linux", "12.0.0"},
		{"Micronas GmbH", "hdmi-tuner-firmware", "2.1"}, // near miss: not Micron
		{"The Apache Software Foundation", "httpd", "2.4.58"},
		{"ESET, spol. s r.o.", "ESET Server Security", "10.1"},
	}
	sheetParts = []pick{
		{"Dell", "PowerEdge R650", "210-AYJZ"},
		{"Hikvision", "DS-2CD2143G2-I", "DS-2CD2143G2-I"},
		{"Cisco", "C9300-48P-E", "C9300-48P-E"},
		{"Crucial", "32GB DDR4-3200 RDIMM", "MTA36ASF4G72PZ-3G2R1"},
		{"APC", "Smart-UPS 1500", "SMT1500RMI2U"},
		{"DJI", "Matrice 300 RTK", "CP.EN.00000228.01"},
		{"Netgear", "GS308", "GS308-300PES"},
		{"JMicron", "JMS583 USB bridge", "JMS583"}, // near miss: not Micron
	}
)

func server(rnd *rand.Rand, i int, site string) (string, File) {
	sys := choose(rnd, systems)
	serial := fmt.Sprintf("FLT%s%04d", strings.ToUpper(site[:3]), i)
	host := serial
	var b strings.Builder
	fmt.Fprintf(&b, "# dmidecode 3.4\n# Generated by internal/testgen/fleetgen (vendorcheck tests): not a real capture.\nGetting SMBIOS data from sysfs.\nSMBIOS 3.3.0 present.\n\n")
	h := 0
	handle := func(typ int, title string) {
		fmt.Fprintf(&b, "Handle 0x%04X, DMI type %d, 27 bytes\n%s\n", h, typ, title)
		h++
	}
	handle(1, "System Information")
	fmt.Fprintf(&b, "\tManufacturer: %s\n\tProduct Name: %s\n\tVersion: Not Specified\n\tSerial Number: %s\n\tUUID: %08x-0000-4000-8000-%012x\n\tFamily: Server\n\n", sys.vendor, sys.model, serial, i, i)
	handle(2, "Base Board Information")
	fmt.Fprintf(&b, "\tManufacturer: %s\n\tProduct Name: %s board\n\tSerial Number: BB%s\n\n", sys.vendor, sys.model, serial)
	cpu := choose(rnd, cpus)
	if sys.vendor == "Huawei" {
		cpu = cpus[2]
	}
	for s := 0; s < 2; s++ {
		handle(4, "Processor Information")
		fmt.Fprintf(&b, "\tSocket Designation: CPU%d\n\tType: Central Processor\n\tManufacturer: %s\n\tVersion: %s\n\tStatus: Populated, Enabled\n\n", s+1, cpu.vendor, cpu.model)
	}
	dimm := choose(rnd, dimms)
	slots := 4 + 2*rnd.IntN(3)
	for s := 0; s < slots; s++ {
		handle(17, "Memory Device")
		if s >= slots-1 && rnd.IntN(2) == 0 {
			fmt.Fprintf(&b, "\tSize: No Module Installed\n\tLocator: DIMM_%c%d\n\tManufacturer: Not Specified\n\tPart Number: Not Specified\n\n", 'A'+s/2, s%2)
			continue
		}
		fmt.Fprintf(&b, "\tSize: 32 GB\n\tForm Factor: DIMM\n\tLocator: DIMM_%c%d\n\tType: DDR4\n\tSpeed: 3200 MT/s\n\tManufacturer: %s\n\tSerial Number: %08X\n\tPart Number: %s\n\n",
			'A'+s/2, s%2, dimm.vendor, uint32(i*64+s), dimm.part)
	}
	handle(127, "End Of Table")
	b.WriteString("\n")
	return host, File{Path: fmt.Sprintf("%s/%s.dmidecode.txt", site, strings.ToLower(serial)), Data: []byte(b.String())}
}

type cdxParty struct {
	Name string `json:"name"`
}

type cdxComponent struct {
	Type         string         `json:"type"`
	BOMRef       string         `json:"bom-ref,omitempty"`
	Supplier     *cdxParty      `json:"supplier,omitempty"`
	Manufacturer *cdxParty      `json:"manufacturer,omitempty"`
	Publisher    string         `json:"publisher,omitempty"`
	Name         string         `json:"name"`
	Version      string         `json:"version,omitempty"`
	Components   []cdxComponent `json:"components,omitempty"`
}

func appliance(rnd *rand.Rand, i int, site string) (string, File) {
	kind := "edge"
	if rnd.IntN(2) == 0 {
		kind = "cctv"
	}
	host := fmt.Sprintf("%s-%s-%02d", kind, site, i)
	var comps []cdxComponent
	ref := 0
	next := func() string { ref++; return fmt.Sprintf("%s-c%d", host, ref) }
	if kind == "edge" {
		sw := choose(rnd, switches)
		comps = append(comps, cdxComponent{Type: "device", BOMRef: next(), Manufacturer: &cdxParty{sw.vendor}, Name: sw.model,
			Components: []cdxComponent{{Type: "firmware", BOMRef: next(), Supplier: &cdxParty{sw.vendor}, Name: sw.model + " firmware", Version: fmt.Sprintf("V%dR%03d", 1+rnd.IntN(3), rnd.IntN(30))}}})
	} else {
		for c := 0; c < 2+rnd.IntN(3); c++ {
			cam := choose(rnd, cameras)
			comps = append(comps, cdxComponent{Type: "device", BOMRef: next(), Manufacturer: &cdxParty{cam.vendor}, Name: cam.model})
		}
	}
	for s := 0; s < 1+rnd.IntN(2); s++ {
		sw := choose(rnd, software)
		comps = append(comps, cdxComponent{Type: "application", BOMRef: next(), Publisher: sw.vendor, Name: sw.model, Version: sw.part})
	}
	// A component with no vendor signal at all: unassessed.
	comps = append(comps, cdxComponent{Type: "library", BOMRef: next(), Name: fmt.Sprintf("libvendor%d", rnd.IntN(9)), Version: "1.0"})
	doc := map[string]any{
		"bomFormat":    "CycloneDX",
		"specVersion":  "1.6",
		"serialNumber": fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%012d", i),
		"version":      1,
		"metadata": map[string]any{
			"component": map[string]any{"type": "device", "bom-ref": host, "name": host},
		},
		"components": comps,
	}
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic(err) // plain values only
	}
	return host, File{Path: fmt.Sprintf("%s/%s.cdx.json", site, host), Data: append(data, '\n')}
}

func purchase(rnd *rand.Rand, sh *bytes.Buffer, host, site string, i int) {
	for r := 0; r < 1+rnd.IntN(2); r++ {
		p := choose(rnd, sheetParts)
		date := fmt.Sprintf("20%02d-%02d-%02d", 18+rnd.IntN(8), 1+rnd.IntN(12), 1+rnd.IntN(28))
		fmt.Fprintf(sh, "%s,%s,%s,%s,%s,PO%05d-%d,%s,\n", host, site, p.vendor, p.model, p.part, i, r, date)
	}
}
