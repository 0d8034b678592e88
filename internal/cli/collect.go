package cli

import (
	"bytes"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/vendorcheck/vendorcheck/pkg/collect"
)

func newCollectCmd(env *Env) *cobra.Command {
	var (
		out        string
		noCommands bool
		quiet      bool
	)
	cmd := &cobra.Command{
		Use:   "collect",
		Short: "Inventory this machine and write a CycloneDX 1.6 hardware BOM",
		Long: `collect inventories the machine it runs on and writes a CycloneDX 1.6
hardware BOM (JSON) to standard output or to the file given with -o, so that

    vendorcheck collect | vendorcheck scan -

checks this machine. On Linux it reads /sys/class/dmi/id (the machine, board
and BIOS), /sys/bus/pci (PCI functions with their vendor and class ids),
/sys/bus/usb, /sys/class/net (MAC addresses of physical interfaces) and
/sys/block (disk models), and runs, where installed and permitted (they
need root), dmidecode (memory modules with their JEDEC ids and part
numbers), smartctl --json -a on each disk smartctl --scan lists (models,
NVMe PCI vendor ids) and nvme list -o json. Each command is bounded in time
and output. What could not be read is said on standard error as a note
("could not read smartctl -a /dev/sda: ..."); nothing is left out
silently. Serial numbers are not collected.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			res, err := collect.Collect(cmd.Context(), collect.Options{Commands: !noCommands, Version: Version()})
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			if err := res.Write(&buf); err != nil {
				return err
			}
			if out == "" || out == "-" {
				if _, err := env.Stdout.Write(buf.Bytes()); err != nil {
					return err
				}
			} else if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
				return fmt.Errorf("-o %s: %w", out, err)
			}
			if !quiet {
				for _, n := range res.Notes {
					fmt.Fprintf(env.Stderr, "vendorcheck: note: %s\n", n)
				}
				fmt.Fprintf(env.Stderr, "vendorcheck: collected %d component(s)\n", res.Components)
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "write the BOM to `FILE` instead of standard output")
	cmd.Flags().BoolVar(&noCommands, "no-commands", false, "read sysfs only; do not run dmidecode, smartctl or nvme")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "print no notes")
	return cmd
}
