package cli

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/vendorcheck/vendorcheck/pkg/report"
	"github.com/vendorcheck/vendorcheck/pkg/scan"
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
	if err := checkTargets(env, withDefaultOutput(outs), args); err != nil {
		return err
	}
	prog := newProgressLine(env, o, 0)
	res, lists, err := checkRun(ctx, env, o, args, true, prog.update)
	prog.done()
	if err != nil {
		return err
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

// progressLine shows a run's progress on a terminal: one line on standard
// error, redrawn at most ten times a second once the run is older than
// after, and cleared at the end.
type progressLine struct {
	w       io.Writer // nil: no progress display
	after   time.Duration
	started time.Time
	shown   time.Time
	drawn   bool
}

func newProgressLine(env *Env, o *scanOptions, after time.Duration) *progressLine {
	p := &progressLine{after: after, started: time.Now()}
	if !o.quiet && env.IsTerminal(env.Stderr) {
		p.w = env.Stderr
	}
	return p
}

// update is the run's progress callback; the pipeline calls it from one
// goroutine at a time.
func (p *progressLine) update(pr scan.Progress) {
	if p.w == nil {
		return
	}
	now := time.Now()
	if now.Sub(p.started) >= p.after && now.Sub(p.shown) >= 100*time.Millisecond {
		p.shown = now
		p.drawn = true
		fmt.Fprintf(p.w, "\rvendorcheck: checked %d input(s)…\x1b[K", pr.Done)
	}
}

// done clears the progress line.
func (p *progressLine) done() {
	if p.w != nil && p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
