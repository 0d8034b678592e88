// Command vendorcheck flags components from restricted vendors in SBOMs and
// hardware inventories. See `vendorcheck --help`.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/vendorcheck/vendorcheck/internal/cli"
)

func main() {
	startGC()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
