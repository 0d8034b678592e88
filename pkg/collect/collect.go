// Package collect inventories the machine it runs on and writes the result
// as a CycloneDX hardware BOM, so that `vendorcheck collect | vendorcheck
// scan -` checks a machine without a separate inventory tool.
//
// It is a producer beside the pipeline, not a stage of it: it reads the
// Linux sysfs tree (/sys/class/dmi/id, /sys/bus/pci, /sys/bus/usb,
// /sys/class/net, /sys/block) and, where installed and permitted, runs
// dmidecode, `smartctl --json -a` on each disk and `nvme list -o json`,
// whose outputs the dmidecode, smartctl and nvme-cli decoders read (each
// command bounded in time and output). Identifiers are
// written as properties named "vendorcheck:id:KIND" (KIND one of
// inventory's identifier kinds), which the CycloneDX decoder reads back as
// identifiers in their own field. What could not be read (dmidecode and
// smartctl need root, no DMI tables in a virtual machine) is reported as
// notes ("could not read smartctl -a /dev/sda: ..."), never silently left
// out.
package collect

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/vendorcheck/vendorcheck/pkg/ingest/cyclonedx"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/dmidecode"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// PropertyPrefix starts the name of the property that carries an
// identifier: "vendorcheck:id:pci-vendor" = "19e5".
const PropertyPrefix = cyclonedx.IDPropertyPrefix

// The properties that carry a part's own statement of what it is, named as
// the lspci and lsusb readers name them so that the category model reads
// them the same whichever tool described the part: a PCI class code
// ("0200", class and subclass) and a USB device class ("09").
const (
	PCIClassProperty = "class-code"
	USBClassProperty = "usb-class"
)

// maxSysfsValue bounds what is read of one sysfs attribute.
const maxSysfsValue = 4 << 10

// maxCommandOutput bounds what is read of a command's output.
const maxCommandOutput = 16 << 20

// commandTimeout bounds one command run.
const commandTimeout = 30 * time.Second

// Options say where to look and what may be run.
type Options struct {
	// Sys is the sysfs tree (default os.DirFS("/sys")).
	Sys fs.FS
	// Commands allows running dmidecode, smartctl and nvme where they are
	// installed.
	Commands bool
	// Run runs a command and returns its standard output (default: exec
	// with a timeout); tests replace it.
	Run func(ctx context.Context, name string, args ...string) ([]byte, error)
	// Now stamps the BOM (default time.Now).
	Now func() time.Time
	// Version is the producing tool's version, written in the metadata.
	Version string
}

// Result is a collected inventory.
type Result struct {
	BOM *BOM
	// Notes say what could not be read and why.
	Notes []string
	// Components counts the BOM's components.
	Components int
}

// Collect inventories this machine.
func Collect(ctx context.Context, opt Options) (*Result, error) {
	if runtime.GOOS != "linux" && opt.Sys == nil {
		return nil, fmt.Errorf("collect reads the Linux sysfs tree; this is %s: export an inventory with the platform's own tool (system_profiler, Get-CimInstance, osquery) and scan that", runtime.GOOS)
	}
	if opt.Sys == nil {
		opt.Sys = os.DirFS("/sys")
	}
	if opt.Run == nil {
		opt.Run = runCommand
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	c := &collector{opt: opt}
	host := c.host()
	c.pci()
	c.usb()
	c.net()
	c.block()
	if opt.Commands {
		c.dmidecode(ctx)
		c.smartctl(ctx)
		c.nvme(ctx)
	}
	sort.SliceStable(c.comps, func(i, j int) bool { return c.comps[i].BOMRef < c.comps[j].BOMRef })

	bom := &BOM{
		JSONSchema: Schema, BOMFormat: "CycloneDX", SpecVersion: SpecVersion, Version: 1,
		Metadata: &Metadata{
			Timestamp: opt.Now().UTC().Format(time.RFC3339),
			Tools: &Tools{Components: []Component{{
				Type: ComponentTypeApplication, Name: "vendorcheck collect", Version: opt.Version,
			}}},
			Component: host,
		},
		Components: c.comps,
	}
	return &Result{BOM: bom, Notes: c.notes, Components: len(c.comps) + 1}, nil
}

type collector struct {
	opt   Options
	comps []Component
	notes []string
	// disks maps a disk's kernel name ("sda", "nvme0n1") to its component
	// and diskSrc to what read it (sysfs, nvme, smartctl).
	disks   map[string]int
	diskSrc map[string]string
}

func (c *collector) note(format string, args ...any) {
	c.notes = append(c.notes, fmt.Sprintf(format, args...))
}

// read returns a sysfs attribute, trimmed; "" when absent or unreadable.
func (c *collector) read(name string) string {
	f, err := c.opt.Sys.Open(name)
	if err != nil {
		return ""
	}
	defer f.Close()
	b, _ := io.ReadAll(io.LimitReader(f, maxSysfsValue))
	return clean(string(b))
}

// clean trims a sysfs or firmware string and drops the placeholders that
// firmware writes for "unknown".
func clean(s string) string {
	s = strings.TrimSpace(strings.TrimRight(s, "\x00"))
	switch strings.ToLower(s) {
	case "", "to be filled by o.e.m.", "default string", "not specified", "none", "n/a", "0x0000", "system product name", "system manufacturer":
		return ""
	}
	return s
}

// host is the machine itself, from the DMI ids the kernel exposes.
func (c *collector) host() *Component {
	const dmi = "class/dmi/id/"
	h := &Component{Type: ComponentTypeDevice, BOMRef: "host"}
	vendor, product := c.read(dmi+"sys_vendor"), c.read(dmi+"product_name")
	if vendor == "" && product == "" {
		c.note("no DMI identification in /sys/class/dmi/id (a virtual machine or a container?): the machine itself is named by its host name only")
	}
	h.Name = product
	if h.Name == "" {
		h.Name, _ = os.Hostname()
		if h.Name == "" {
			h.Name = "this machine"
		}
	}
	h.Version = c.read(dmi + "product_version")
	h.Manufacturer = org(vendor)
	if b, bv := c.read(dmi+"board_name"), c.read(dmi+"board_vendor"); b != "" || bv != "" {
		c.comps = append(c.comps, Component{Type: ComponentTypeDevice, BOMRef: "dmi:board",
			Name: orDefault(b, "baseboard"), Version: c.read(dmi + "board_version"), Manufacturer: org(bv)})
	}
	if v, bv := c.read(dmi+"bios_version"), c.read(dmi+"bios_vendor"); v != "" || bv != "" {
		c.comps = append(c.comps, Component{Type: ComponentTypeFirmware, BOMRef: "dmi:bios",
			Name: "BIOS", Version: v, Manufacturer: org(bv)})
	}
	return h
}

// pci lists the PCI functions with their vendor, device and class ids.
func (c *collector) pci() {
	entries, err := fs.ReadDir(c.opt.Sys, "bus/pci/devices")
	if err != nil {
		c.note("PCI devices not read: %v", pathless(err))
		return
	}
	for _, e := range entries {
		dir := "bus/pci/devices/" + e.Name()
		vendor, device, class := hexID(c.read(dir+"/vendor")), hexID(c.read(dir+"/device")), c.read(dir+"/class")
		if vendor == "" {
			continue
		}
		comp := Component{Type: ComponentTypeDevice, BOMRef: "pci:" + e.Name(),
			Name: fmt.Sprintf("PCI device %s:%s at %s", vendor, device, e.Name())}
		props := []Property{{Name: PropertyPrefix + string(inventory.IDPCIVendor), Value: vendor}}
		if sv := hexID(c.read(dir + "/subsystem_vendor")); sv != "" && sv != vendor && sv != "0000" {
			props = append(props, Property{Name: PropertyPrefix + string(inventory.IDPCIVendor), Value: sv})
		}
		if cc := pciClassCode(class); cc != "" {
			props = append(props, Property{Name: PCIClassProperty, Value: cc})
		}
		comp.Properties = props
		c.comps = append(c.comps, comp)
	}
}

// usb lists USB devices (not interfaces) with their vendor ids and the
// strings the devices report.
func (c *collector) usb() {
	entries, err := fs.ReadDir(c.opt.Sys, "bus/usb/devices")
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return // no USB bus
		}
		c.note("USB devices not read: %v", pathless(err))
		return
	}
	for _, e := range entries {
		dir := "bus/usb/devices/" + e.Name()
		vendor := hexID(c.read(dir + "/idVendor"))
		if vendor == "" || strings.Contains(e.Name(), ":") {
			continue // an interface, not a device
		}
		product := hexID(c.read(dir + "/idProduct"))
		comp := Component{Type: ComponentTypeDevice, BOMRef: "usb:" + e.Name(),
			Name:         orDefault(c.read(dir+"/product"), fmt.Sprintf("USB device %s:%s", vendor, product)),
			Manufacturer: org(c.read(dir + "/manufacturer"))}
		props := []Property{{Name: PropertyPrefix + string(inventory.IDUSBVendor), Value: vendor}}
		if class := c.read(dir + "/bDeviceClass"); class != "" {
			props = append(props, Property{Name: USBClassProperty, Value: class})
		}
		comp.Properties = props
		c.comps = append(c.comps, comp)
	}
}

// net lists physical network interfaces with their MAC addresses; virtual
// ones (lo, bridges, tunnels) have no device and are left out.
func (c *collector) net() {
	entries, err := fs.ReadDir(c.opt.Sys, "class/net")
	if err != nil {
		c.note("network interfaces not read: %v", pathless(err))
		return
	}
	for _, e := range entries {
		dir := "class/net/" + e.Name()
		if _, err := fs.Stat(c.opt.Sys, dir+"/device"); err != nil {
			continue
		}
		mac := c.read(dir + "/address")
		if mac == "" || mac == "00:00:00:00:00:00" {
			continue
		}
		props := []Property{{Name: PropertyPrefix + string(inventory.IDMAC), Value: mac}}
		c.comps = append(c.comps, Component{Type: ComponentTypeDevice, BOMRef: "net:" + e.Name(),
			Name: "network interface " + e.Name(), Properties: props})
	}
}

// block lists disks with the model and vendor the kernel reports.
func (c *collector) block() {
	entries, err := fs.ReadDir(c.opt.Sys, "block")
	if err != nil {
		c.note("block devices not read: %v", pathless(err))
		return
	}
	for _, e := range entries {
		dir := "block/" + e.Name() + "/device"
		model := c.read(dir + "/model")
		vendor := c.read(dir + "/vendor")
		if model == "" {
			continue // loop, zram, virtio without a model
		}
		if v := strings.ToUpper(vendor); v == "ATA" || strings.HasPrefix(v, "0X") {
			vendor = "" // the transport or a raw id, not the maker
		}
		c.comps = append(c.comps, Component{Type: ComponentTypeDevice, BOMRef: "block:" + e.Name(),
			Name: model, Version: c.read(dir + "/firmware_rev"), Manufacturer: org(vendor)})
		if c.disks == nil {
			c.disks = map[string]int{}
			c.diskSrc = map[string]string{}
		}
		c.disks[e.Name()] = len(c.comps) - 1
		c.diskSrc[e.Name()] = fromSysfs
	}
}

// dmidecode adds what only the DMI tables tell: memory modules with their
// JEDEC manufacturer ids and part numbers, processors, the chassis.
func (c *collector) dmidecode(ctx context.Context) {
	out, err := c.opt.Run(ctx, "dmidecode")
	switch {
	case errors.Is(err, exec.ErrNotFound):
		c.note("dmidecode is not installed: memory modules (DIMMs) were not read; install dmidecode and run as root")
		return
	case err != nil:
		c.note("dmidecode could not run (%v): memory modules (DIMMs) were not read; run as root", err)
		return
	}
	inv, err := dmidecode.New().Decode(ctx, bytes.NewReader(out), "dmidecode")
	if err != nil {
		c.note("dmidecode output not read: %v", err)
		return
	}
	n := 0
	for i, ic := range inv.Components {
		if ic.Kind == inventory.KindDevice && ic.Model == "" && len(ic.Identifiers) == 0 && len(ic.Parties) == 0 {
			continue
		}
		c.comps = append(c.comps, fromInventory(ic, fmt.Sprintf("dmi:%03d", i)))
		n++
	}
	if n == 0 {
		c.note("dmidecode ran but listed no structure with a maker (no DMI tables in a virtual machine?)")
	}
}

// fromInventory writes a decoded component as a CycloneDX one.
func fromInventory(ic inventory.Component, ref string) Component {
	comp := Component{Type: ComponentTypeDevice, BOMRef: ref, Name: ic.Name, Version: ic.Version}
	if ic.Model != "" && ic.Model != ic.Name {
		comp.Name = strings.TrimSpace(ic.Name + " " + ic.Model)
	}
	if ic.Kind == inventory.KindFirmware {
		comp.Type = ComponentTypeFirmware
	}
	for _, p := range ic.Parties {
		switch p.Role {
		case inventory.RoleManufacturer:
			if comp.Manufacturer == nil {
				comp.Manufacturer = org(p.Name)
			}
		case inventory.RoleSupplier:
			if comp.Supplier == nil {
				comp.Supplier = org(p.Name)
			}
		}
	}
	// A SCSI disk's vendor (smartctl) is its maker; "ATA" is the transport.
	for _, p := range ic.Parties {
		if p.Role == inventory.RoleVendor && comp.Manufacturer == nil && !strings.EqualFold(strings.TrimSpace(p.Name), "ATA") {
			comp.Manufacturer = org(p.Name)
		}
	}
	var props []Property
	for _, id := range ic.Identifiers {
		props = append(props, Property{Name: PropertyPrefix + string(id.Kind), Value: id.Value})
	}
	if len(props) > 0 {
		comp.Properties = props
	}
	return comp
}

func org(name string) *OrganizationalEntity {
	if name = clean(name); name == "" {
		return nil
	}
	return &OrganizationalEntity{Name: name}
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// pciClassCode turns sysfs's "0x060400" (class, subclass, programming
// interface) into lspci's "0604".
func pciClassCode(s string) string {
	s = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), "0x"))
	if len(s) != 6 {
		return ""
	}
	return s[:4]
}

// hexID normalises a sysfs id ("0x19e5\n") to four lower-case hex digits.
func hexID(s string) string {
	s = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), "0x"))
	if len(s) == 0 || len(s) > 4 {
		return ""
	}
	for _, r := range s {
		if !strings.ContainsRune("0123456789abcdef", r) {
			return ""
		}
	}
	return strings.Repeat("0", 4-len(s)) + s
}

// pathless drops the path from a file-system error: the notes name what
// was not read.
func pathless(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", path.Clean("/sys/"+pe.Path), pe.Err)
	}
	return err
}

// runCommand runs name with a timeout, through a bound on its output. The
// output is returned with the error of a failed run too: smartctl's exit
// status reports the disk's health, and its JSON says why it failed.
func runCommand(ctx context.Context, name string, args ...string) ([]byte, error) {
	bin, err := exec.LookPath(name)
	if err != nil {
		return nil, exec.ErrNotFound
	}
	ctx, cancel := context.WithTimeout(ctx, commandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	var out, errb bytes.Buffer
	cmd.Stdout = &limitedBuffer{buf: &out, left: maxCommandOutput}
	cmd.Stderr = &limitedBuffer{buf: &errb, left: 4 << 10}
	if err := cmd.Run(); err != nil {
		if msg := strings.TrimSpace(errb.String()); msg != "" {
			first, _, _ := strings.Cut(msg, "\n")
			return out.Bytes(), fmt.Errorf("%s: %s", name, first)
		}
		return out.Bytes(), fmt.Errorf("%s: %w", name, err)
	}
	return out.Bytes(), nil
}

// limitedBuffer keeps at most left bytes and drops the rest.
type limitedBuffer struct {
	buf  *bytes.Buffer
	left int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	n := len(p)
	if l.left > 0 {
		k := min(n, l.left)
		l.buf.Write(p[:k])
		l.left -= k
	}
	return n, nil
}
