package collect

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/vendorcheck/vendorcheck/pkg/ingest/nvmecli"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/smartctl"
	"github.com/vendorcheck/vendorcheck/pkg/internal/lazyre"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// maxDisks bounds the disks smartctl is run on.
const maxDisks = 256

// smartctlBudget bounds the time spent running smartctl on all the disks
// (each run is also bounded by commandTimeout).
var smartctlBudget = 5 * time.Minute

// Where a disk component came from, least to most informed.
const (
	fromSysfs    = "sysfs"
	fromNVMe     = "nvme"
	fromSmartctl = "smartctl"
)

var (
	reDevice     = lazyre.New(`^/dev/[A-Za-z0-9/_.:-]+$`)
	reDeviceType = lazyre.New(`^[a-z0-9][a-z0-9,+_-]*$`)
)

// scanned is what `smartctl --scan --json` lists, and the messages
// smartctl gives when it cannot do what was asked.
type scanned struct {
	Devices []struct {
		Name string `json:"name"`
		Type string `json:"type"`
	} `json:"devices"`
	Smartctl struct {
		Messages []struct {
			String string `json:"string"`
		} `json:"messages"`
	} `json:"smartctl"`
}

// message returns smartctl's first message in a JSON output, if any.
func message(out []byte) string {
	var s scanned
	if json.Unmarshal(out, &s) != nil || len(s.Smartctl.Messages) == 0 {
		return ""
	}
	return strings.TrimSpace(s.Smartctl.Messages[0].String)
}

// smartctl reads each disk's identity with `smartctl --json -a`: the
// model, firmware and, for NVMe drives, the PCI vendor id that sysfs does
// not show. The disks are those smartctl lists itself (`--scan`, which
// knows the device types behind RAID controllers), else those of
// /sys/block.
func (c *collector) smartctl(ctx context.Context) {
	out, err := c.opt.Run(ctx, "smartctl", "--scan", "--json")
	if errors.Is(err, exec.ErrNotFound) {
		if len(c.disks) > 0 {
			c.note("smartctl is not installed: disks were read from sysfs only (no NVMe PCI vendor ids); install smartmontools")
		}
		return
	}
	var list scanned
	if jerr := json.Unmarshal(out, &list); jerr != nil || (err != nil && len(list.Devices) == 0) {
		reason := message(out)
		if reason == "" && err != nil {
			reason = err.Error()
		} else if reason == "" {
			reason = "its output is not JSON"
		}
		c.note("could not read smartctl --scan: %s; disks were read from sysfs only", reason)
		return
	}
	type device struct{ name, typ string }
	var devs []device
	for _, d := range list.Devices {
		if reDevice.MatchString(d.Name) && (d.Type == "" || reDeviceType.MatchString(d.Type)) {
			devs = append(devs, device{d.Name, d.Type})
		}
	}
	if len(devs) == 0 {
		for _, name := range c.diskNames() {
			devs = append(devs, device{"/dev/" + name, ""})
		}
	}
	if len(devs) > maxDisks {
		c.note("%d disks listed: smartctl was run on the first %d only", len(devs), maxDisks)
		devs = devs[:maxDisks]
	}
	budget, cancel := context.WithTimeout(ctx, smartctlBudget)
	defer cancel()
	for i, d := range devs {
		if budget.Err() != nil {
			reason := fmt.Sprintf("the %s allowed for smartctl ran out", smartctlBudget)
			if ctx.Err() != nil {
				reason = ctx.Err().Error()
			}
			c.note("smartctl was not run on %d of %d disks: %s", len(devs)-i, len(devs), reason)
			return
		}
		args := []string{"--json", "-a"}
		if d.typ != "" {
			args = append(args, "-d", d.typ)
		}
		// smartctl's exit status is a bit mask that also reports the
		// disk's health: a report is read whatever the status says.
		out, runErr := c.opt.Run(budget, "smartctl", append(args, d.name)...)
		inv, derr := smartctl.NewJSON().Decode(ctx, bytes.NewReader(out), "smartctl "+d.name)
		if derr != nil || len(inv.Components) == 0 {
			reason := message(out)
			switch {
			case reason != "":
			case runErr != nil:
				reason = runErr.Error()
			case derr != nil:
				reason = derr.Error()
			default:
				reason = "no device in the report"
			}
			c.note("could not read smartctl -a %s: %s; its SMART identity was not read (run as root)", d.name, reason)
			continue
		}
		c.putDisk(c.blockName(d.name), fromSmartctl, inv.Components[0])
	}
}

// nvme reads `nvme list -o json`: the model of each NVMe namespace and
// the PCI vendor id in its subsystem's NQN.
func (c *collector) nvme(ctx context.Context) {
	hasNVMe := false
	for _, name := range c.diskNames() {
		hasNVMe = hasNVMe || strings.HasPrefix(name, "nvme")
	}
	out, err := c.opt.Run(ctx, "nvme", "list", "-o", "json")
	switch {
	case errors.Is(err, exec.ErrNotFound):
		if hasNVMe {
			c.note("nvme is not installed: NVMe drives were read without nvme-cli; install nvme-cli")
		}
		return
	case err != nil:
		c.note("could not read nvme list: %v; run as root", err)
		return
	}
	if len(bytes.TrimSpace(out)) == 0 {
		return // no NVMe device: nvme-cli prints nothing
	}
	inv, err := nvmecli.New().Decode(ctx, bytes.NewReader(out), "nvme list")
	if err != nil {
		c.note("could not read nvme list: %v", err)
		return
	}
	for _, ic := range inv.Components {
		c.putDisk(c.blockName(ic.Location.Ref), fromNVMe, ic)
	}
}

// diskNames returns the kernel names of the disks /sys/block listed.
func (c *collector) diskNames() []string {
	names := make([]string, 0, len(c.disks))
	for n := range c.disks {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// blockName maps a device path to the kernel name of a disk /sys/block
// listed: /dev/sda is sda; smartctl's /dev/nvme0 (the controller) is its
// first namespace, nvme0n1.
func (c *collector) blockName(dev string) string {
	base := path.Base(dev)
	if _, ok := c.disks[base]; ok {
		return base
	}
	for _, n := range c.diskNames() {
		if strings.HasPrefix(n, base+"n") {
			return n
		}
	}
	return base
}

// putDisk records what a tool read of a disk: it replaces what sysfs said
// (the tool knows more), and adds to what another tool read only the
// identifiers that one lacks.
func (c *collector) putDisk(name, src string, ic inventory.Component) {
	if c.disks == nil {
		c.disks = map[string]int{}
		c.diskSrc = map[string]string{}
	}
	comp := fromInventory(ic, "disk:"+name)
	i, ok := c.disks[name]
	if !ok {
		c.comps = append(c.comps, comp)
		c.disks[name] = len(c.comps) - 1
		c.diskSrc[name] = src
		return
	}
	if c.diskSrc[name] == fromSysfs {
		comp.BOMRef = c.comps[i].BOMRef
		if comp.Manufacturer == nil {
			comp.Manufacturer = c.comps[i].Manufacturer
		}
		c.comps[i] = comp
		c.diskSrc[name] = src
		return
	}
	if comp.Properties == nil {
		return
	}
	have := map[string]bool{}
	var props []Property
	if c.comps[i].Properties != nil {
		props = append(props, c.comps[i].Properties...)
	}
	for _, p := range props {
		have[p.Name+"="+p.Value] = true
	}
	for _, p := range comp.Properties {
		if !have[p.Name+"="+p.Value] {
			props = append(props, p)
		}
	}
	c.comps[i].Properties = props
}
