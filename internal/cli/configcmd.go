package cli

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/vendorcheck/vendorcheck/pkg/report"
)

// newConfigCmd is `vendorcheck config`: the effective settings of a scan
// run with the same flags, environment and config file, and where each
// came from.
func newConfigCmd(env *Env) *cobra.Command {
	o := &scanOptions{}
	cmd := &cobra.Command{
		Use:   "config [flags]",
		Short: "Print the effective settings and where each came from",
		Long: `Print the settings a scan would use with the same flags, VENDORCHECK_*
variables and config file, and the source of each: a flag, a variable, a
config file, or the default.

A config file named with --config or VENDORCHECK_CONFIG is trusted with
every setting. A discovered one (.vendorcheck.yaml up to the repository
root, or the user config dir) may only tighten the check: it may set deny,
use, fail-on deny/warn/info, min-confidence low/medium, outputs inside
its directory, max-data-age, data-age-warning, and data only as a bundle
signed by a trusted key and no older than the embedded data;
jurisdictions, policies, as-of, waivers, allow-unsigned-data and fail-on
never are refused (docs/robustness.md).`,
		Args: cobra.NoArgs,
		PreRunE: func(cmd *cobra.Command, _ []string) error {
			return loadConfig(cmd, env, o)
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "SETTING\tVALUE\tSOURCE")
			for _, st := range o.settings {
				v := st.Value
				if v == "" {
					v = "-"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\n", st.Name, report.Text(v), report.Text(st.Source))
			}
			return tw.Flush()
		},
	}
	addCheckFlags(cmd.Flags(), o, Formats(), "as scan")
	return cmd
}
