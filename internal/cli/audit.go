package cli

import (
	"context"
	"fmt"
	"io"
	"sort"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
	"github.com/vendorcheck/vendorcheck/pkg/report"
)

func newAuditCmd(env *Env) *cobra.Command {
	o := &scanOptions{}
	reg := Formats()
	cmd := &cobra.Command{
		Use:   "audit [PATH|-]...",
		Short: "Audit a fleet of inventories: findings by host and site, with an HTML or XLSX report",
		Long: `Audit a folder (or many) of SBOMs and hardware inventories: the same
checks and exit codes as 'vendorcheck scan', with the components grouped by
host (the system serial of a dmidecode dump, the SBOM's own component, the
inventory's host name), else by site, else by file, and the upcoming dates of
the applied lists with the components they affect.

Standard output gets one row per host, site or file, unless an -o format
is sent there. For a report to hand on, write -o html=FILE (one
self-contained page, offline and printable) or -o xlsx=FILE (a workbook).

Inputs are checked in parallel on every core; on a terminal, standard error
shows the progress.

Output formats (-o FORMAT[=FILE], repeatable):
` + reg.Help() + `
` + exitCodeHelp,
		Example: `  vendorcheck audit inventories/
  vendorcheck audit --as-of 2026-01-01 -o html=audit.html -o xlsx=audit.xlsx inventories/
  vendorcheck audit --jurisdiction GB --use 5g-network -o json=audit.json site-a/ site-b/`,
		Args: cobra.MinimumNArgs(1),
		PreRunE: func(cmd *cobra.Command, _ []string) error {
			return loadConfig(cmd, env, o)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runAudit(cmd.Context(), env, o, reg, args)
		},
	}
	addCheckFlags(cmd.Flags(), o, reg, "default: groups to stdout")
	registerCheckCompletions(cmd, reg)
	return cmd
}

func runAudit(ctx context.Context, env *Env, o *scanOptions, reg *report.Registry, args []string) error {
	outs, err := parseOutputs(o.outputs, reg)
	if err != nil {
		return err
	}
	obs := &inventoryObserver{hosts: map[string][]report.HostCount{}}
	if !o.quiet && env.IsTerminal(env.Stderr) {
		obs.progress = env.Stderr
	}
	res, lists, err := checkRun(ctx, env, o, args, obs.wrap)
	obs.done()
	if err != nil {
		return err
	}
	for i := range res.Inputs {
		res.Inputs[i].Hosts = obs.hostsOf(res.Inputs[i].File)
	}
	report.ComputeGroups(res)
	report.ComputeDeadlines(res, lists)
	reportRun(env, o, res)

	toStdout := false
	for _, out := range outs {
		if out.file == "" {
			toStdout = true
		}
	}
	if !toStdout {
		g, _ := reg.Lookup(report.GroupTable{}.ID())
		outs = append([]outputSpec{{reporter: g}}, outs...)
	}
	if err := writeOutputs(env, o, outs, res); err != nil {
		return err
	}
	return checkVerdict(env, o, res, args)
}

// inventoryObserver wraps the decoders to see each decoded inventory: it
// counts its components by host or site (for grouping components the
// result does not list) and shows the progress on a terminal.
type inventoryObserver struct {
	mu       sync.Mutex
	hosts    map[string][]report.HostCount
	decoded  int
	progress io.Writer     // nil: no progress display
	after    time.Duration // show progress only once the run is this old
	started  time.Time
	shown    time.Time
	drawn    bool
}

func (ob *inventoryObserver) wrap(reg *ingest.Registry) *ingest.Registry {
	var ds []ingest.Decoder
	for _, d := range reg.Decoders() {
		ds = append(ds, observedDecoder{Decoder: d, ob: ob})
	}
	return ingest.NewRegistry(ds...)
}

func (ob *inventoryObserver) hostsOf(name string) []report.HostCount {
	ob.mu.Lock()
	defer ob.mu.Unlock()
	return ob.hosts[name]
}

func (ob *inventoryObserver) saw(name string, inv *inventory.Inventory) {
	counts := map[[2]string]*report.HostCount{}
	var hs []report.HostCount
	var order [][2]string
	for i := range inv.Components {
		c := &inv.Components[i]
		host := c.Host
		if host == "" {
			host = inv.Host
		}
		key, kind := report.GroupKey(report.Component{Host: host, Site: c.Site, File: name})
		if kind == report.GroupFile {
			continue
		}
		k := [2]string{key, kind}
		hc := counts[k]
		if hc == nil {
			hc = &report.HostCount{Key: key, Kind: kind}
			counts[k] = hc
			order = append(order, k)
		}
		hc.Components++
		if hc.Site == "" {
			hc.Site = c.Site
		}
	}
	for _, k := range order {
		hs = append(hs, *counts[k])
	}
	sort.Slice(hs, func(i, j int) bool {
		if hs[i].Kind != hs[j].Kind {
			return hs[i].Kind < hs[j].Kind
		}
		return hs[i].Key < hs[j].Key
	})
	ob.mu.Lock()
	defer ob.mu.Unlock()
	ob.hosts[name] = hs
	ob.tick()
}

func (ob *inventoryObserver) failed() {
	ob.mu.Lock()
	defer ob.mu.Unlock()
	ob.tick()
}

// tick updates the progress line at most ten times a second; the caller
// holds mu.
func (ob *inventoryObserver) tick() {
	ob.decoded++
	if ob.progress == nil {
		return
	}
	now := time.Now()
	if ob.started.IsZero() {
		ob.started = now
	}
	if now.Sub(ob.started) >= ob.after && now.Sub(ob.shown) >= 100*time.Millisecond {
		ob.shown = now
		ob.drawn = true
		fmt.Fprintf(ob.progress, "\rvendorcheck: checked %d input(s)…\x1b[K", ob.decoded)
	}
}

// done clears the progress line.
func (ob *inventoryObserver) done() {
	ob.mu.Lock()
	defer ob.mu.Unlock()
	if ob.progress != nil && ob.drawn {
		fmt.Fprint(ob.progress, "\r\x1b[K")
	}
}

type observedDecoder struct {
	ingest.Decoder
	ob *inventoryObserver
}

func (d observedDecoder) Decode(ctx context.Context, r io.Reader, name string) (*inventory.Inventory, error) {
	inv, err := d.Decoder.Decode(ctx, r, name)
	if err != nil {
		d.ob.failed()
		return nil, err
	}
	d.ob.saw(name, inv)
	return inv, nil
}
