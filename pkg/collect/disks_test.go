package collect_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/vendorcheck/vendorcheck/pkg/collect"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// disksSys is the sysfs of a machine with a SATA SSD and an NVMe drive.
func disksSys() fstest.MapFS {
	return fstest.MapFS{
		"class/dmi/id/sys_vendor":           file("Dell Inc."),
		"block/sda/device/model":            file("Micron_5200_MTFDDAK960TDN"),
		"block/sda/device/vendor":           file("ATA"),
		"block/nvme0n1/device/model":        file("Micron_9300_MTFDHAL3T8TDP"),
		"block/nvme0n1/device/firmware_rev": file("11300DN0"),
	}
}

// denied is smartctl's JSON for a disk it may not open (written in the
// form smartctl 7 prints).
func denied(dev string) []byte {
	return []byte(fmt.Sprintf(`{"json_format_version":[1,0],"smartctl":{"version":[7,1],"exit_status":2,"messages":[{"string":"Smartctl open device: %s failed: Permission denied","severity":"error"}]},"device":{"name":%q,"info_name":%q,"type":"sat","protocol":"ATA"}}`, dev, dev, dev))
}

// diskTools runs smartctl on the real outputs of metal-toolbox/ironlib's
// test data (a smartctl --scan listing five disks; the reports of a Micron
// 5200 SATA SSD and a Micron 9300 NVMe drive), denies the other disks, and
// answers nvme list with nvme.
func diskTools(t *testing.T, nvme string) func(context.Context, string, ...string) ([]byte, error) {
	read := func(name string) []byte {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	return func(_ context.Context, name string, args ...string) ([]byte, error) {
		cmd := name + " " + strings.Join(args, " ")
		switch {
		case name == "dmidecode":
			return nil, exec.ErrNotFound
		case cmd == "smartctl --scan --json":
			return read("smartctl-scan-ironlib.json"), nil
		case cmd == "smartctl --json -a -d scsi /dev/sda":
			return read("smartctl-sda-ironlib.json"), nil
		case cmd == "smartctl --json -a -d nvme /dev/nvme0":
			return read("smartctl-nvme0-ironlib.json"), nil
		case name == "smartctl":
			dev := args[len(args)-1]
			return denied(dev), errors.New("smartctl: exit status 2")
		case cmd == "nvme list -o json":
			if nvme == "" {
				return nil, exec.ErrNotFound
			}
			return []byte(nvme), nil
		}
		t.Errorf("ran %q", cmd)
		return nil, exec.ErrNotFound
	}
}

func component(t *testing.T, inv *inventory.Inventory, ref string) inventory.Component {
	t.Helper()
	for _, c := range inv.Components {
		if c.Location.Ref == ref {
			return c
		}
	}
	t.Fatalf("no component %q", ref)
	return inventory.Component{}
}

// smartctl reads each disk it lists itself; what it reads replaces what
// sysfs said of the same disk (keeping its reference), an NVMe drive gains
// its PCI vendor id, and each disk it may not open is a note.
func TestCollectDisksWithSmartctl(t *testing.T) {
	res, err := collect.Collect(context.Background(), collect.Options{Sys: disksSys(), Commands: true, Run: diskTools(t, ""), Now: stamp})
	if err != nil {
		t.Fatal(err)
	}
	inv := roundTrip(t, res)
	sata := component(t, inv, "block:sda")
	if sata.Name != "Micron_5200_MTFDDAK960TDN" || sata.Version != "D1MU020" || len(sata.Parties) != 0 {
		t.Errorf("sda %+v", sata)
	}
	nvme := component(t, inv, "block:nvme0n1")
	if nvme.Name != "Micron_9300_MTFDHAL3T8TDP" || len(nvme.Identifiers) != 1 || nvme.Identifiers[0].Kind != inventory.IDPCIVendor || nvme.Identifiers[0].Value != "1344" {
		t.Errorf("nvme0n1 %+v", nvme)
	}
	var disks int
	for _, c := range inv.Components {
		if strings.HasPrefix(c.Location.Ref, "block:") || strings.HasPrefix(c.Location.Ref, "disk:") {
			disks++
		}
		if strings.Contains(c.Serial+c.Name, "2013273A99BD") || strings.Contains(c.Serial+c.Name, "202728F691F5") {
			t.Errorf("serial number collected: %+v", c)
		}
	}
	if disks != 2 {
		t.Errorf("%d disks, want 2 (each read once)", disks)
	}
	notes := strings.Join(res.Notes, "\n")
	for _, dev := range []string{"/dev/sdb", "/dev/sdc", "/dev/nvme1"} {
		want := fmt.Sprintf("could not read smartctl -a %s: Smartctl open device: %s failed: Permission denied; its SMART identity was not read (run as root)", dev, dev)
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
	if !strings.Contains(notes, "nvme is not installed") {
		t.Errorf("notes lack nvme-cli:\n%s", notes)
	}
}

// Without smartctl, nvme list names the NVMe drive's model and its
// subsystem NQN's PCI vendor id.
func TestCollectDisksWithNVMeCLI(t *testing.T) {
	list := `{"Devices":[{"HostNQN":"nqn.2014-08.org.nvmexpress:uuid:00000000-0000-0000-0000-000000000000","Subsystems":[{"Subsystem":"nvme-subsys0","SubsystemNQN":"nqn.2014.08.org.nvmexpress:13441344xxxxxxxxxxxx    Micron_9300_MTFDHAL3T8TDP","Controllers":[{"Controller":"nvme0","ModelNumber":"Micron_9300_MTFDHAL3T8TDP","Firmware":"11300DN0","Transport":"pcie","Namespaces":[{"NameSpace":"nvme0n1"}]}]}]}]}`
	run := diskTools(t, list)
	noSmartctl := func(ctx context.Context, name string, args ...string) ([]byte, error) {
		if name == "smartctl" {
			return nil, exec.ErrNotFound
		}
		return run(ctx, name, args...)
	}
	res, err := collect.Collect(context.Background(), collect.Options{Sys: disksSys(), Commands: true, Run: noSmartctl, Now: stamp})
	if err != nil {
		t.Fatal(err)
	}
	inv := roundTrip(t, res)
	nvme := component(t, inv, "block:nvme0n1")
	if nvme.Name != "Micron_9300_MTFDHAL3T8TDP" || len(nvme.Identifiers) != 1 || nvme.Identifiers[0].Value != "1344" {
		t.Errorf("nvme0n1 %+v", nvme)
	}
	if !strings.Contains(strings.Join(res.Notes, "\n"), "smartctl is not installed") {
		t.Errorf("notes %q", res.Notes)
	}
}

// A smartctl that cannot list the disks (not JSON, or a failure) is a note
// and sysfs's disks stay.
func TestCollectSmartctlScanFails(t *testing.T) {
	run := func(_ context.Context, name string, args ...string) ([]byte, error) {
		if name == "smartctl" {
			return []byte("smartctl 6.2: unknown option --json\n"), errors.New("smartctl: exit status 1")
		}
		return nil, exec.ErrNotFound
	}
	res, err := collect.Collect(context.Background(), collect.Options{Sys: disksSys(), Commands: true, Run: run, Now: stamp})
	if err != nil {
		t.Fatal(err)
	}
	inv := roundTrip(t, res)
	if c := component(t, inv, "block:sda"); c.Name != "Micron_5200_MTFDDAK960TDN" {
		t.Errorf("sda %+v", c)
	}
	if !strings.Contains(strings.Join(res.Notes, "\n"), "could not read smartctl --scan: smartctl: exit status 1; disks were read from sysfs only") {
		t.Errorf("notes %q", res.Notes)
	}
}

// smartctl runs within a time budget for all the disks: the disks left
// when it runs out are said in a note, and what was read is kept.
func TestCollectSmartctlBudget(t *testing.T) {
	defer collect.SetSmartctlBudget(50 * time.Millisecond)()
	run := diskTools(t, "")
	slow := func(ctx context.Context, name string, args ...string) ([]byte, error) {
		if name == "smartctl" && len(args) > 0 && args[0] == "--json" {
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(30 * time.Millisecond):
			}
		}
		return run(ctx, name, args...)
	}
	res, err := collect.Collect(context.Background(), collect.Options{Sys: disksSys(), Commands: true, Run: slow, Now: stamp})
	if err != nil {
		t.Fatal(err)
	}
	notes := strings.Join(res.Notes, "\n")
	if !strings.Contains(notes, "disks: the 50ms allowed for smartctl ran out") {
		t.Errorf("notes:\n%s", notes)
	}
	roundTrip(t, res)
}
