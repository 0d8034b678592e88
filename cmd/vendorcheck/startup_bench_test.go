package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/vendorcheck/vendorcheck/internal/testgen/sbomgen"
)

// BenchmarkStartup runs the built binary: `vendorcheck version` and a scan
// of a 1,000-component CycloneDX JSON document from internal/testgen/sbomgen
// (JSON report to /dev/null), interleaved so that both see the same machine
// load. It reports the median wall time of each and their ratio
// (scan1k/version), and the median CPU time (user+system) of each, which
// a busy machine disturbs less than wall time. Each b.N iteration is one run of each command; use
// -benchtime=200x or so for stable medians:
//
//	go test ./cmd/vendorcheck -run '^$' -bench Startup -benchtime=200x
//
// The binary is built as `make build` and the release build it: static
// (CGO_ENABLED=0) and -trimpath. A default `go build` on a machine with a
// C compiler links the C library dynamically, which adds about 5 ms of
// dynamic loading to every command. A baseline build
// (VENDORCHECK_BENCH_BASELINE) should be built the same way.
//
// docs/performance.md records the numbers.
func BenchmarkStartup(b *testing.B) {
	dir := b.TempDir()
	exe := filepath.Join(dir, "vendorcheck")
	build := exec.Command("go", "build", "-trimpath", "-o", exe, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		b.Fatalf("go build: %v", err)
	}
	var doc bytes.Buffer
	if err := sbomgen.CycloneDXJSON(&doc, 1000, 1); err != nil {
		b.Fatal(err)
	}
	sbom := filepath.Join(dir, "sbom-1k.cdx.json")
	if err := os.WriteFile(sbom, doc.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	type sample struct{ wall, cpu time.Duration }
	runExe := func(exe string, args ...string) sample {
		cmd := exec.Command(exe, args...)
		start := time.Now()
		out, err := cmd.CombinedOutput()
		d := time.Since(start)
		if err != nil {
			b.Fatalf("vendorcheck %v: %v\n%s", args, err, out)
		}
		return sample{d, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
	}
	run := func(args ...string) sample { return runExe(exe, args...) }
	// VENDORCHECK_BENCH_BASELINE names another build (an earlier commit's)
	// whose `version` and scan run interleaved with this one's, for a
	// before/after comparison under the same load.
	base := os.Getenv("VENDORCHECK_BENCH_BASELINE")
	// One untimed run of each warms the page cache.
	run("version")
	run("scan", "--fail-on", "never", "-o", "json=/dev/null", sbom)

	var version, scan, baseVersion, baseScan []sample
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if base != "" {
			baseVersion = append(baseVersion, runExe(base, "version"))
			baseScan = append(baseScan, runExe(base, "scan", "--fail-on", "never", "-o", "json=/dev/null", sbom))
		}
		// Alternate the order so neither command always runs first.
		if i%2 == 0 {
			version = append(version, run("version"))
			scan = append(scan, run("scan", "--fail-on", "never", "-o", "json=/dev/null", sbom))
		} else {
			scan = append(scan, run("scan", "--fail-on", "never", "-o", "json=/dev/null", sbom))
			version = append(version, run("version"))
		}
	}
	b.StopTimer()
	wall := func(s sample) time.Duration { return s.wall }
	cpu := func(s sample) time.Duration { return s.cpu }
	mv, ms := median(version, wall), median(scan, wall)
	b.ReportMetric(float64(mv)/1e6, "version-ms")
	b.ReportMetric(float64(ms)/1e6, "scan1k-ms")
	b.ReportMetric(float64(ms)/float64(mv), "scan1k/version")
	cv, cs := median(version, cpu), median(scan, cpu)
	b.ReportMetric(float64(cv)/1e6, "version-cpu-ms")
	b.ReportMetric(float64(cs)/1e6, "scan1k-cpu-ms")
	if base != "" {
		bv, bs := median(baseVersion, wall), median(baseScan, wall)
		b.ReportMetric(float64(bv)/1e6, "base-version-ms")
		b.ReportMetric(float64(bs)/1e6, "base-scan1k-ms")
		b.ReportMetric(float64(bs)/float64(bv), "base-scan1k/version")
		b.ReportMetric(float64(median(baseVersion, cpu))/1e6, "base-version-cpu-ms")
		b.ReportMetric(float64(median(baseScan, cpu))/1e6, "base-scan1k-cpu-ms")
	}
}

// median is the median of one measure of the samples.
func median[S any](samples []S, of func(S) time.Duration) time.Duration {
	d := make([]time.Duration, len(samples))
	for i, s := range samples {
		d[i] = of(s)
	}
	slices.Sort(d)
	return d[len(d)/2]
}
