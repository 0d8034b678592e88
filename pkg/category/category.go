// Package category decides what a component is - telecom equipment, video
// surveillance, computing, memory and storage, radio, drones, software,
// security software ... - from the component's own signals, in one place:
// a sheet's category column or a CycloneDX vendorcheck:category property,
// the software kinds, the PCI class code (lspci), the USB device and
// interface classes (lsusb -v), the lshw class, the Redfish resource type,
// the hardware kind a decoder recorded (dmidecode structure type, NetBox
// role), and last the words of its name and model ("router", "camera").
//
// It is a helper of the evaluation stage: it sees components only through
// the inventory model, so that a part is judged by what it is, not by who
// made it; the maker's product lines count only for a part with no signal
// at all, and only when the maker has one hardware line. A component whose category
// cannot be decided says which fact was missing and what to pass
// (Decision.Missing); policy evaluation never turns that into a denial.
//
// docs/categories.md is the table this package implements.
package category

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// Product categories (the policy vocabulary, without "any").
const (
	TelecomEquipment  = "telecom-equipment"
	TelecomServices   = "telecom-services"
	VideoSurveillance = "video-surveillance"
	Computing         = "computing"
	Semiconductors    = "semiconductors"
	MemoryStorage     = "memory-storage"
	SecuritySoftware  = "security-software"
	Software          = "software"
	Drones            = "drones"
	Radio             = "radio"
)

// Unknown is the name of an undecided category.
const Unknown = "unknown"

// Property names the decoders use for the signals read here.
const (
	PropCategory       = "category"              // a sheet's category column
	PropCycloneDX      = "vendorcheck:category"  // a CycloneDX component property
	PropPCIClassCode   = "class-code"            // lspci: "0604"
	PropUSBClass       = "usb-class"             // lsusb -v: bDeviceClass "09"
	PropUSBIfaceClass  = "usb-interface-classes" // lsusb -v: "03,08"
	PropLSHWClass      = "class"                 // lshw: "network", "bridge"
	PropRedfishType    = "redfish.type"          // Redfish: "Drive", "NetworkAdapter"
	PropLSPCIClassText = "class"                 // lspci: "Ethernet controller" (with class-code)
)

// Decision is the category of a component and the fact it rests on.
type Decision struct {
	// Categories are the product categories, the main one first; empty
	// when undecided.
	Categories []string
	// Signal says which fact decided it: "PCI class 0604 (bridge)".
	Signal string
	// Missing says, when undecided, which fact was missing and what to
	// pass.
	Missing string
}

// Known reports whether a category was decided.
func (d Decision) Known() bool { return len(d.Categories) > 0 }

// Name is the main category, or "unknown".
func (d Decision) Name() string {
	if len(d.Categories) == 0 {
		return Unknown
	}
	return d.Categories[0]
}

// Decide decides component c's categories. entityProducts are the product
// categories of the entity the component is attributed to; they add to
// software (a security vendor's software is security software, a carrier's
// service a telecom service), and decide a hardware part only when it has
// no signal of its own and the entity makes one kind of hardware only.
func Decide(c *inventory.Component, entityProducts []string) Decision {
	d := decide(c)
	// 9. A hardware part with no signal of its own, made by an entity that
	// makes one kind of hardware only (DJI: drones; Dahua: video
	// surveillance), is that kind.
	if !d.Known() && !c.Kind.IsSoftware() {
		var hw []string
		for _, p := range entityProducts {
			switch p {
			case Software, SecuritySoftware, TelecomServices, "any":
			default:
				hw = append(hw, p)
			}
		}
		if len(hw) == 1 {
			return Decision{Categories: hw, Signal: "its maker's only hardware line (" + hw[0] + ")"}
		}
	}
	if c.Kind.IsSoftware() && d.Known() && d.Categories[0] == Software {
		if slices.Contains(entityProducts, SecuritySoftware) {
			d.Categories = append(d.Categories, SecuritySoftware)
		}
		if c.Kind == inventory.KindService && slices.Contains(entityProducts, TelecomServices) {
			d.Categories = append(d.Categories, TelecomServices)
		}
	}
	return d
}

func decide(c *inventory.Component) Decision {
	prop := func(name string) string {
		for _, p := range c.Properties {
			if p.Name == name {
				return strings.TrimSpace(p.Value)
			}
		}
		return ""
	}
	// 1. What the inventory says the part is, in words.
	for _, name := range []string{PropCycloneDX, PropCategory} {
		if v := prop(name); v != "" {
			if cats := words(v); cats != nil {
				return Decision{Categories: cats, Signal: name + " " + quoteClip(v)}
			}
		}
	}
	// 2. Software.
	if c.Kind.IsSoftware() {
		return Decision{Categories: []string{Software}, Signal: "software component (" + string(c.Kind) + ")"}
	}
	// 3. PCI class code.
	if v := prop(PropPCIClassCode); v != "" {
		if cats, what := pciClass(v); cats != nil {
			return Decision{Categories: cats, Signal: fmt.Sprintf("PCI class %s (%s)", v, what)}
		}
	}
	// 4. USB classes: the interfaces say what a composite device does.
	if cats, sig := usbClasses(prop(PropUSBClass), prop(PropUSBIfaceClass)); cats != nil {
		return Decision{Categories: cats, Signal: sig}
	}
	// 5. Redfish resource type.
	if v := prop(PropRedfishType); v != "" {
		if cats := redfishTypes[strings.TrimPrefix(v, "#")]; cats != nil {
			return Decision{Categories: cats, Signal: "Redfish " + v}
		}
	}
	// 6. lshw class (lspci's "class" is text and comes with a class code).
	if v := prop(PropLSHWClass); v != "" && prop(PropPCIClassCode) == "" {
		if cats := lshwClasses[strings.ToLower(v)]; cats != nil {
			return Decision{Categories: cats, Signal: "lshw class " + v}
		}
	}
	// 7. The hardware kind the decoder recorded (dmidecode structure type,
	// NetBox role, CycloneDX device with a kind).
	if cats := kinds[c.Kind]; cats != nil {
		return Decision{Categories: cats, Signal: "kind " + string(c.Kind)}
	}
	// 8. The words of its name, model and description.
	for _, text := range []string{c.Name, c.Model, c.Description} {
		if cats := words(text); cats != nil {
			return Decision{Categories: cats, Signal: "name " + quoteClip(text)}
		}
	}
	return Decision{Missing: missing(c)}
}

// missing says which fact would decide a component of this kind.
func missing(c *inventory.Component) string {
	switch c.Kind {
	case inventory.KindPCI:
		return "no PCI class code (pass lspci -nn, -vmm or -vvnn output)"
	case inventory.KindUSB:
		return "no USB class (pass lsusb -v output)"
	case inventory.KindHost:
		return "only a network address was seen (list the device in a sheet with a category column)"
	case inventory.KindFirmware:
		return "firmware of an unnamed device (add a vendorcheck:category property)"
	}
	return "what the part is was not recorded (add a vendorcheck:category property or a sheet category column)"
}

// pciClass maps a PCI class code ("0604", "02") to categories.
func pciClass(code string) ([]string, string) {
	code = strings.ToLower(code)
	if len(code) < 2 {
		return nil, ""
	}
	base, sub := code[:2], ""
	if len(code) >= 4 {
		sub = code[2:4]
	}
	switch base {
	case "01":
		return []string{MemoryStorage}, "mass storage controller"
	case "02":
		return []string{TelecomEquipment}, "network controller"
	case "03":
		return []string{Computing}, "display controller"
	case "04":
		return []string{Computing}, "multimedia controller"
	case "05":
		return []string{MemoryStorage, Semiconductors}, "memory controller"
	case "06":
		return []string{Computing}, "bridge"
	case "07":
		if sub == "03" {
			return []string{TelecomEquipment}, "modem"
		}
		return []string{Computing}, "communication controller"
	case "08":
		return []string{Computing}, "system peripheral (DMA, timer, IOMMU ...)"
	case "09":
		return []string{Computing}, "input device controller"
	case "0a":
		return []string{Computing}, "docking station"
	case "0b":
		return []string{Semiconductors, Computing}, "processor"
	case "0c":
		if sub == "03" {
			return []string{Computing}, "USB controller"
		}
		return []string{Computing}, "serial bus controller"
	case "0d":
		return []string{Radio, TelecomEquipment}, "wireless controller"
	case "0e":
		return []string{Computing}, "intelligent controller"
	case "0f":
		return []string{Radio, TelecomEquipment}, "satellite communication controller"
	case "10":
		return []string{Computing}, "encryption controller"
	case "11":
		return []string{Computing}, "signal processing controller"
	case "12":
		return []string{Semiconductors, Computing}, "processing accelerator"
	case "13":
		return []string{Computing}, "non-essential instrumentation"
	}
	return nil, ""
}

// usbClass maps one USB class code (two hex digits) to categories.
var usbClass = map[string]struct {
	cats []string
	what string
}{
	"01": {[]string{Computing}, "audio"},
	"02": {[]string{TelecomEquipment}, "communications (CDC: modem, network)"},
	"03": {[]string{Computing}, "human interface device"},
	"05": {[]string{Computing}, "physical interface"},
	"06": {[]string{Computing}, "still image"},
	"07": {[]string{Computing}, "printer"},
	"08": {[]string{MemoryStorage}, "mass storage"},
	"09": {[]string{Computing}, "hub"},
	"0a": {[]string{TelecomEquipment}, "CDC data"},
	"0b": {[]string{Computing}, "smart card"},
	"0d": {[]string{Computing}, "content security"},
	"0e": {[]string{VideoSurveillance}, "video"},
	"0f": {[]string{Computing}, "personal healthcare"},
	"10": {[]string{Computing}, "audio/video"},
	"11": {[]string{Computing}, "billboard"},
	"dc": {[]string{Computing}, "diagnostic"},
	"e0": {[]string{Radio, TelecomEquipment}, "wireless controller"},
}

// usbClasses decides a USB device from its interface classes, else its
// device class. A composite device is the union of its interfaces'
// categories, the most restricted first.
func usbClasses(device, ifaces string) ([]string, string) {
	var cats, whats []string
	for _, code := range strings.Split(ifaces, ",") {
		u, ok := usbClass[strings.ToLower(strings.TrimSpace(code))]
		if !ok {
			continue
		}
		whats = append(whats, code+" "+u.what)
		for _, c := range u.cats {
			if !slices.Contains(cats, c) {
				cats = append(cats, c)
			}
		}
	}
	if len(cats) > 0 {
		slices.SortStableFunc(cats, func(a, b string) int { return rank(a) - rank(b) })
		return cats, "USB interface class " + strings.Join(whats, ", ")
	}
	if u, ok := usbClass[strings.ToLower(device)]; ok {
		return u.cats, "USB device class " + device + " (" + u.what + ")"
	}
	return nil, ""
}

// rank orders categories for a composite part: the one lists restrict most
// comes first.
func rank(c string) int {
	for i, x := range []string{TelecomEquipment, VideoSurveillance, Radio, Drones, MemoryStorage, Semiconductors, Computing} {
		if x == c {
			return i
		}
	}
	return 99
}

var redfishTypes = map[string][]string{
	"ComputerSystem":    {Computing},
	"Chassis":           {Computing},
	"Manager":           {Computing},
	"Processor":         {Semiconductors, Computing},
	"Memory":            {MemoryStorage, Semiconductors},
	"Drive":             {MemoryStorage},
	"Storage":           {MemoryStorage},
	"StorageController": {MemoryStorage},
	"Volume":            {MemoryStorage},
	"NetworkAdapter":    {TelecomEquipment},
	"NetworkInterface":  {TelecomEquipment},
	"EthernetInterface": {TelecomEquipment},
	"Port":              {TelecomEquipment},
	"Switch":            {TelecomEquipment},
	"Power":             {Computing},
	"PowerSupply":       {Computing},
	"Thermal":           {Computing},
	"Fan":               {Computing},
	"Assembly":          {Computing},
	"PCIeFunction":      nil, // decided by its class code, if any
}

var lshwClasses = map[string][]string{
	"system":        {Computing},
	"bus":           {Computing},
	"bridge":        {Computing},
	"memory":        {MemoryStorage, Semiconductors},
	"processor":     {Semiconductors, Computing},
	"storage":       {MemoryStorage},
	"disk":          {MemoryStorage},
	"volume":        {MemoryStorage},
	"tape":          {MemoryStorage},
	"network":       {TelecomEquipment},
	"communication": {TelecomEquipment},
	"display":       {Computing},
	"input":         {Computing},
	"printer":       {Computing},
	"multimedia":    {Computing},
	"power":         {Computing},
	"generic":       nil,
}

var kinds = map[inventory.Kind][]string{
	inventory.KindMemory:    {MemoryStorage, Semiconductors},
	inventory.KindDisk:      {MemoryStorage},
	inventory.KindProcessor: {Semiconductors, Computing},
	inventory.KindSystem:    {Computing},
	inventory.KindBoard:     {Computing},
	inventory.KindChassis:   {Computing},
	inventory.KindBIOS:      {Computing},
	inventory.KindNIC:       {TelecomEquipment},
	inventory.KindSwitch:    {TelecomEquipment},
	inventory.KindCamera:    {VideoSurveillance},
	inventory.KindRadio:     {Radio, TelecomEquipment},
	inventory.KindDrone:     {Drones},
}

// keywords are whole words of a name, model, description or category
// column, and the categories they say; the first match in the text wins.
var keywords = []struct {
	words []string
	cats  []string
}{
	{[]string{"telecom-equipment", "router", "routers", "switch", "switches", "modem", "modems", "gateway", "firewall",
		"olt", "ont", "onu", "basestation", "bts", "enodeb", "gnodeb", "bbu", "rru", "aau", "dslam", "cpe",
		"network", "networking", "telecom", "telecommunications", "nic", "ethernet", "wan", "lan",
		"phone", "phones", "smartphone", "handset", "mifi", "hotspot"}, []string{TelecomEquipment}},
	{[]string{"video-surveillance", "camera", "cameras", "ipc", "nvr", "dvr", "cctv", "surveillance", "dashcam", "webcam"}, []string{VideoSurveillance}},
	{[]string{"drones", "drone", "uav", "uas", "quadcopter"}, []string{Drones}},
	{[]string{"radio", "radios", "transceiver", "walkie", "dmr", "tetra", "pdt", "wireless", "wifi", "wlan", "lte",
		"wcdma", "gsm", "umts", "hspa", "3g", "4g", "5g", "cellular", "dongle"}, []string{Radio, TelecomEquipment}},
	{[]string{"memory-storage", "ssd", "hdd", "nvme", "disk", "disks", "drive", "drives", "storage", "dimm", "rdimm", "lrdimm",
		"udimm", "sodimm", "ram", "memory", "flash", "emmc", "nand", "dram"}, []string{MemoryStorage}},
	{[]string{"semiconductors", "semiconductor", "chip", "soc", "asic", "fpga", "cpu", "processor", "wafer"}, []string{Semiconductors}},
	{[]string{"computing", "server", "servers", "laptop", "notebook", "desktop", "workstation", "pc", "computer",
		"motherboard", "mainboard", "baseboard", "chassis", "bmc", "kvm", "keyboard", "mouse", "monitor", "psu", "ups", "power", "fan",
		"tablet", "printer"}, []string{Computing}},
	{[]string{"security-software", "antivirus"}, []string{SecuritySoftware, Software}},
	{[]string{"software", "library", "application", "app", "sdk"}, []string{Software}},
	{[]string{"telecom-services"}, []string{TelecomServices}},
}

// words finds the first keyword of text, as a whole word.
func words(text string) []string {
	if len(text) > maxWordsText {
		// A category word is near the start of a name or model; a name of
		// up to 1 MiB is not lower-cased and split once per list.
		cut := maxWordsText
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	toks := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-')
	})
	if len(toks) == 0 {
		return nil
	}
	// A whole token first ("telecom-equipment"), then its parts
	// ("router-fw" is a router's firmware).
	for _, t := range toks {
		parts := append([]string{t}, strings.Split(t, "-")...)
		for _, part := range parts {
			for _, k := range keywords {
				if slices.Contains(k.words, part) {
					return k.cats
				}
			}
		}
	}
	return nil
}

// maxWordsText bounds how much of a text words reads.
const maxWordsText = 4 << 10

// maxSignalText bounds the text a Signal quotes: the signal names the field
// and its start, and a component's name may be 1 MiB (it is kept whole in
// the component).
const maxSignalText = 200

// quoteClip quotes s as %q does, its first maxSignalText bytes only.
func quoteClip(s string) string {
	if len(s) <= maxSignalText {
		return strconv.Quote(s)
	}
	cut := maxSignalText
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]) + fmt.Sprintf("... (%d bytes)", len(s))
}
