// Package cli is vendorcheck's command line: commands, flags, and the one
// place where errors become exit codes.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vendorcheck/vendorcheck/pkg/report"
)

// Exit codes (docs/exit-codes.md).
const (
	ExitOK       = 0 // checked; nothing at or above --fail-on
	ExitFindings = 1 // checked; findings at or above --fail-on
	ExitError    = 2 // could not check: usage, unreadable or undecodable input, invalid policy, empty inventory
)

const exitCodeHelp = `Exit codes:
  0  checked; nothing at or above --fail-on
  1  checked; findings at or above --fail-on
  2  could not check: usage error, unreadable or undecodable input,
     invalid policy, empty inventory (fail closed: never 0 on input that
     could not be checked)`

// Sentinel errors that decide the exit code.
var (
	// errFindings: the run completed and found something at or above
	// --fail-on. Not printed as an error.
	errFindings = errors.New("findings at or above --fail-on")
	// errIncomplete: some input could not be checked; the problems were
	// already printed.
	errIncomplete = errors.New("some inputs could not be checked")
)

// usageError is a problem with the command line.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

// hintError carries a hint line for the user.
type hintError struct {
	err  error
	hint string
}

func (e *hintError) Error() string { return e.err.Error() }
func (e *hintError) Unwrap() error { return e.err }

// exitCode is the one map from errors to exit codes.
func exitCode(err error) int {
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, errFindings):
		return ExitFindings
	default:
		return ExitError
	}
}

// Env is the process environment the CLI runs in; tests supply their own.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Getenv reads environment variables (VENDORCHECK_*).
	Getenv func(string) string
	// IsTerminal reports whether a writer is a terminal.
	IsTerminal func(w io.Writer) bool

	// data is the data bundle of the run (--data and friends).
	data *dataState
}

// Run runs vendorcheck with args (without the program name) and returns the
// exit code. It never calls os.Exit.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return RunEnv(ctx, args, Env{Stdin: stdin, Stdout: stdout, Stderr: stderr, Getenv: os.Getenv, IsTerminal: isTerminal})
}

// RunEnv is Run with an explicit environment.
func RunEnv(ctx context.Context, args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	if env.IsTerminal == nil {
		env.IsTerminal = func(io.Writer) bool { return false }
	}
	root := newRoot(&env)
	root.SetArgs(args)
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	err := root.ExecuteContext(ctx)
	if err != nil && !errors.Is(err, errFindings) && !errors.Is(err, errIncomplete) {
		msg := err.Error()
		printError(env.Stderr, strings.TrimSpace(msg))
		var he *hintError
		var ue *usageError
		switch {
		case errors.As(err, &he):
			fmt.Fprintf(env.Stderr, "vendorcheck: hint: %s\n", report.Text(he.hint))
		case errors.As(err, &ue) || isCobraUsage(msg):
			fmt.Fprintf(env.Stderr, "vendorcheck: hint: run '%s --help' for usage\n", strings.TrimSpace("vendorcheck "+commandName(root, args)))
		}
	}
	return exitCode(err)
}

// printError writes an error message, which may quote an input (a file
// name, a value): each of its lines gets the "vendorcheck: error: " prefix
// and is shown through report.Text, so that nothing from an input reaches
// the terminal raw or starts a line.
func printError(w io.Writer, msg string) {
	for _, line := range strings.Split(msg, "\n") {
		fmt.Fprintf(w, "vendorcheck: error: %s\n", report.Text(line))
	}
}

func isCobraUsage(msg string) bool {
	for _, p := range []string{"unknown flag", "unknown shorthand", "unknown command", "accepts ", "requires at least", "invalid argument", "flag needs an argument"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

func commandName(root *cobra.Command, args []string) string {
	c, _, err := root.Find(args)
	if err != nil || c == root {
		return ""
	}
	return strings.TrimPrefix(c.CommandPath(), root.Name()+" ")
}

func newRoot(env *Env) *cobra.Command {
	root := &cobra.Command{
		Use:   "vendorcheck",
		Short: "Flag components from restricted vendors in SBOMs and hardware inventories",
		Long: `vendorcheck reads SBOMs (CycloneDX, SPDX) and hardware inventories, works
out which components were made, supplied or published by restricted vendors
(Huawei, ZTE, Micron, Hikvision, Dahua, Hytera, Kaspersky, SMIC, YMTC, CXMT,
DJI, ...), and judges them against the restriction lists of the
jurisdictions you choose, with the evidence and legal citation of every
finding. It runs offline.

` + exitCodeHelp,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.CompletionOptions.HiddenDefaultCmd = true
	// --version prints what `vendorcheck version` starts with.
	root.Version = buildInfo().Version
	root.SetVersionTemplate(strings.ReplaceAll(buildInfo().String(), "{", "{{`{`}}"))
	if env.data == nil {
		env.data = &dataState{}
	}
	addDataFlags(root.PersistentFlags(), env.data)
	root.AddCommand(newScanCmd(env), newAuditCmd(env), newExplainCmd(env), newPoliciesCmd(env), newVendorsCmd(env), newDataCmd(env), newVersionCmd(env), newCollectCmd(env), newConfigCmd(env))
	return root
}
