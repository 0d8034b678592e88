package cli

import (
	"path/filepath"
	"runtime"
	"testing"

	"github.com/vendorcheck/vendorcheck/internal/testgen/fleetgen/fleet"
)

// BenchmarkAudit1000 audits a generated fleet of 1,000 hosts (1,005
// inventories: dmidecode dumps, CycloneDX BOMs and five purchase sheets)
// with every core: "check" is the pipeline and the grouping, "html" adds
// the HTML report.
func BenchmarkAudit1000(b *testing.B) {
	dir := b.TempDir()
	paths, err := fleet.Write(dir, 1000, 1)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d inventories, GOMAXPROCS=%d", len(paths), runtime.GOMAXPROCS(0))
	for _, bc := range []struct {
		name string
		args []string
	}{
		{"check", []string{"-q"}},
		{"html", []string{"-q", "-o", "html=" + filepath.Join(dir, "audit.html")}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			args := append([]string{"audit", "--as-of", "2026-11-27"}, bc.args...)
			args = append(args, dir)
			for b.Loop() {
				if code, _, stderr := runAuditCLI(b, false, args...); code != ExitFindings {
					b.Fatalf("exit %d: %s", code, stderr)
				}
			}
		})
	}
}
