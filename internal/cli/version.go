package cli

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vendorcheck/vendorcheck/pkg/catalog"
	"github.com/vendorcheck/vendorcheck/pkg/databundle"
)

// Stamped at build time by the release build (.goreleaser.yaml) and the
// Makefile:
//
//	-ldflags "-X .../internal/cli.version=v1.2.3 -X .../internal/cli.commit=SHA -X .../internal/cli.date=RFC3339"
//
// Empty when not stamped; then the Go build info is used (buildInfo).
var (
	version = ""
	commit  = ""
	date    = ""
)

// build says which build of vendorcheck is running.
type build struct {
	Version string // v1.2.3, or "devel"
	Commit  string // full VCS revision, "unknown" if not known
	Date    string // commit or build time, RFC 3339, "unknown" if not known
	Dirty   bool   // built from a work tree with uncommitted changes
	Go      string // the Go toolchain that built it
}

// buildInfo returns the running binary's build: the linker stamps where
// set, else what the Go toolchain recorded (the module version of a
// `go install module@version` build, the vcs.revision and vcs.time of a
// build in a checkout).
func buildInfo() build {
	bi, _ := debug.ReadBuildInfo()
	return resolveBuild(version, commit, date, bi)
}

// resolveBuild is buildInfo with its inputs given, for tests.
func resolveBuild(version, commit, date string, bi *debug.BuildInfo) build {
	b := build{Version: version, Commit: commit, Date: date, Go: runtime.Version()}
	if bi != nil {
		if bi.GoVersion != "" {
			b.Go = bi.GoVersion
		}
		if b.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			b.Version = bi.Main.Version
		}
		stamped := commit != ""
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if b.Commit == "" {
					b.Commit = s.Value
				}
			case "vcs.time":
				if b.Date == "" {
					b.Date = s.Value
				}
			case "vcs.modified":
				// A stamped commit says what was released; the work tree
				// state of the build machine is not part of it.
				if !stamped && s.Value == "true" {
					b.Dirty = true
				}
			}
		}
	}
	if b.Version == "" {
		b.Version = "devel"
	}
	if b.Commit == "" {
		b.Commit = "unknown"
	}
	if b.Date == "" {
		b.Date = "unknown"
	}
	return b
}

// String is the multi-line form that `vendorcheck version` and `--version`
// start with.
func (b build) String() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "vendorcheck %s\n", b.Version)
	c := b.Commit
	if b.Dirty {
		c += " (modified)"
	}
	fmt.Fprintf(&sb, "commit: %s\n", c)
	fmt.Fprintf(&sb, "date: %s\n", b.Date)
	fmt.Fprintf(&sb, "go: %s\n", b.Go)
	return sb.String()
}

// Version returns the program's version: the linker-set one, else the
// module version, else "devel".
func Version() string { return buildInfo().Version }

func newVersionCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version, commit, build date and the embedded data bundle",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			// Only the embedded manifest is read: the lists and catalog
			// are not parsed ('vendorcheck data status' counts them).
			b, err := databundle.Embedded()
			if err != nil {
				return err
			}
			w := env.Stdout
			fmt.Fprint(w, buildInfo().String())
			fmt.Fprintf(w, "data: %s %s, reviewed %s (embedded)\n", b.Manifest.Bundle, b.Manifest.Version, b.Manifest.Built)
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
