package cli

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/vendorcheck/vendorcheck/pkg/catalog"
	"github.com/vendorcheck/vendorcheck/pkg/policy"
	"github.com/vendorcheck/vendorcheck/pkg/scan"
	"github.com/vendorcheck/vendorcheck/policies"
)

// version is set at build time with -ldflags "-X .../internal/cli.version=v1.2.3".
var version = ""

// Version returns the program's version: the linker-set one, else the
// module version, else "devel".
func Version() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

func newVersionCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version and the date of the policy data",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			lists, err := policy.LoadFS(policies.FS)
			if err != nil {
				return err
			}
			w := env.Stdout
			fmt.Fprintf(w, "vendorcheck %s\n", Version())
			fmt.Fprintf(w, "policy data reviewed %s (%d lists)\n", scan.DataReviewed(lists), len(lists))
			fmt.Fprintf(w, "OUI table: %s\n", catalog.OUIRegistryVersion)
			return nil
		},
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
