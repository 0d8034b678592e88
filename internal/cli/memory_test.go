package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vendorcheck/vendorcheck/internal/testgen/hostilegen"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/hwsheet"
	"github.com/vendorcheck/vendorcheck/pkg/scan"
)

// The memory cases of the bad-input catalogue (docs/robustness.md): inputs
// built to make a reader or a report spend memory, each run by the real
// binary with the outputs named, its peak RSS (the child's rusage) held
// under memoryCeiling, its temporary directory (TMPDIR, fresh for each run)
// left empty. The peak is the process's own VmHWM, read by the process
// as it ends (vendorcheck-peak in TestMain): the rusage of a child counts
// the memory of the test process that started it. The inputs are generated (internal/testgen/hostilegen), never
// committed. The cases whose full size takes long run smaller unless
// VENDORCHECK_MEMORY_FULL is set; -v logs each run's peak RSS and time,
// the numbers docs/robustness.md quotes:
//
//	VENDORCHECK_MEMORY_FULL=1 go test ./internal/cli -run TestMemoryBounds -v
const memoryCeiling = 300 << 20

type memoryCase struct {
	name string
	file string // the input's name in the run's directory
	gen  func(w io.Writer) error
	// runs are the output flags of each run on the input.
	runs map[string][]string
	code int
	// err matches the input's error line (exit 2); warn a warning line.
	err, warn string
	// check looks at the run's directory after a run.
	check func(t *testing.T, dir string)
}

// everyFormat writes every registered format to a file of its own.
func everyFormat() []string {
	var args []string
	for _, id := range Formats().IDs() {
		args = append(args, "-o", id+"=out."+id)
	}
	return args
}

func memoryCases(full bool) []memoryCase {
	size := func(ci, whole int) int {
		if full {
			return whole
		}
		return ci
	}
	names := size(3, 60)
	sharedRefs := size(100_000, 1_000_000)
	sharedStrings := size(hwsheet.MaxXLSXSharedStrings+(1<<20), 500<<20)
	padding := 17 << 20 // a sheet part of more than 16 MiB, streamed from the zip
	return []memoryCase{
		{
			name: "100 MB name in CycloneDX XML", file: "name.cdx.xml",
			gen:  func(w io.Writer) error { return hostilegen.CycloneDXXMLName(w, 100_000_000) },
			runs: map[string][]string{"table": {"-o", "table=out.txt"}, "sarif": {"-o", "sarif=out.sarif"}, "every format": everyFormat()},
			code: ExitError, err: `^name\.cdx\.xml:5: cyclonedx-xml: malformed input: a single value is longer than 1 MiB \(the limit for one value\)$`,
		},
		{
			name: "60 MB name in CycloneDX JSON", file: "name.cdx.json",
			gen:  func(w io.Writer) error { return hostilegen.CycloneDXJSONName(w, 60_000_000) },
			runs: map[string][]string{"json": {"-o", "json=out.json"}, "every format": everyFormat()},
			code: ExitError, err: `^name\.cdx\.json:2: cyclonedx-json: malformed input: a single value is longer than 1 MiB \(the limit for one value\)`,
		},
		{
			// Just under the limit: read, matched and reported in every
			// format, each format writing every name once or more.
			name: "names of 1 MB each in CycloneDX JSON", file: "names.cdx.json",
			gen:  func(w io.Writer) error { return hostilegen.CycloneDXJSONNames(w, names, 1_000_000) },
			runs: map[string][]string{"json": {"-o", "json=out.json"}, "every format": everyFormat()},
			code: ExitFindings,
			check: func(t *testing.T, dir string) {
				st, err := os.Stat(filepath.Join(dir, "out.json"))
				if err != nil || st.Size() < int64(names)*1_000_000 {
					t.Errorf("the JSON report does not hold the %d names: %v", names, err)
				}
			},
		},
		{
			name: "components sharing one bom-ref", file: "shared.cdx.json",
			gen:  func(w io.Writer) error { return hostilegen.CycloneDXSharedRef(w, sharedRefs) },
			runs: map[string][]string{"json": {"-o", "json=out.json"}},
			code: ExitOK,
			warn: `^shared\.cdx\.json:3: reference "shared" is given to ` + strconv.Itoa(sharedRefs) + ` components \(first on line 2, again on line 3\)`,
			check: func(t *testing.T, dir string) {
				// One in 1000 is a Huawei purl; the others are unassessed,
				// listed up to the default bound and counted past it.
				unassessed := sharedRefs - sharedRefs/1000
				b, err := os.ReadFile(filepath.Join(dir, "out.json"))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Contains(b, []byte(`"unassessed": `+strconv.Itoa(unassessed)+",")) {
					t.Errorf("the JSON report does not count %d unassessed components", unassessed)
				}
				if unlisted := unassessed - scan.DefaultMaxUnassessed; unlisted > 0 &&
					!bytes.Contains(b, []byte(`"unassessed_unlisted": `+strconv.Itoa(unlisted)+",")) {
					t.Errorf("the JSON report does not say that %d unassessed components are not listed", unlisted)
				}
			},
		},
		{
			name: "XLSX with a large shared-strings table", file: "strings.xlsx",
			gen:  func(w io.Writer) error { return hostilegen.Workbook{Rows: 10, SharedStrings: sharedStrings}.Write(w) },
			runs: map[string][]string{"table": {"-o", "table=out.txt"}},
			code: ExitError, err: `^strings\.xlsx: xlsx: input too large: shared-strings table xl/sharedStrings\.xml inflates to \d+ bytes, more than 64 MiB$`,
		},
		{
			name: "XLSX with a 17 MiB sheet part", file: "sheet.xlsx",
			gen:  func(w io.Writer) error { return hostilegen.Workbook{Rows: 20, Padding: padding}.Write(w) },
			runs: map[string][]string{"table": {"-o", "table=out.txt", "--fail-on", "warn"}},
			code: ExitFindings,
		},
		{
			name: "XLSX with a large sheet cut short", file: "cut.xlsx",
			gen: func(w io.Writer) error {
				return hostilegen.Workbook{Rows: 20, Padding: padding, CorruptTail: true}.Write(w)
			},
			runs: map[string][]string{"table": {"-o", "table=out.txt"}},
			code: ExitError, err: `^cut\.xlsx: xlsx: malformed input: `,
		},
		{
			// The time limit ends the run while the library reads the
			// sheet (or, on a fast machine, before): either way an error,
			// and no file left.
			name: "XLSX with a large sheet timed out", file: "slow.xlsx",
			gen: func(w io.Writer) error {
				return hostilegen.Workbook{Rows: 50_000, HuaweiRows: 1, Padding: padding}.Write(w)
			},
			runs: map[string][]string{"table": {"-o", "table=out.txt", "--file-timeout", "300ms"}},
			code: ExitError, err: `^slow\.xlsx: gave up: the input took too long to check after 300ms`,
		},
	}
}

func TestMemoryBounds(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("peak RSS is read from /proc/self/status")
	}
	exe, err := exec.LookPath("vendorcheck-peak")
	if err != nil {
		t.Fatalf("the vendorcheck-peak test command is not on PATH (testscript.Main sets it up): %v", err)
	}
	full := os.Getenv("VENDORCHECK_MEMORY_FULL") != ""
	for _, c := range memoryCases(full) {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			f, err := os.Create(filepath.Join(dir, c.file))
			if err != nil {
				t.Fatal(err)
			}
			bw := bufio.NewWriterSize(f, 1<<20)
			if err := c.gen(bw); err != nil {
				t.Fatal(err)
			}
			if err := bw.Flush(); err != nil {
				t.Fatal(err)
			}
			f.Close()
			st, _ := os.Stat(filepath.Join(dir, c.file))
			for run, outputs := range c.runs {
				t.Run(run, func(t *testing.T) {
					tmp := t.TempDir()
					args := append([]string{"scan", "--as-of", "2026-11-27"}, outputs...)
					args = append(args, c.file)
					ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
					defer cancel()
					cmd := exec.CommandContext(ctx, exe, args...)
					cmd.Dir = dir
					peakFile := filepath.Join(t.TempDir(), "peak")
					cmd.Env = append(os.Environ(), "NO_COLOR=1", "TMPDIR="+tmp, "VENDORCHECK_PEAK_FILE="+peakFile)
					var stdout, stderr bytes.Buffer
					cmd.Stdout, cmd.Stderr = &stdout, &stderr
					start := time.Now()
					err := cmd.Run()
					wall := time.Since(start)
					if ctx.Err() != nil {
						t.Fatalf("vendorcheck %s did not finish", strings.Join(args, " "))
					}
					code := 0
					var ee *exec.ExitError
					if errors.As(err, &ee) {
						code = ee.ExitCode()
					} else if err != nil {
						t.Fatal(err)
					}
					b, err := os.ReadFile(peakFile)
					if err != nil {
						t.Fatalf("no peak RSS recorded: %v\nstderr: %.2000s", err, stderr.String())
					}
					peak, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
					if err != nil {
						t.Fatal(err)
					}
					t.Logf("%s (%d bytes), %s: exit %d, peak RSS %d MiB, %.1f s", c.file, st.Size(), run, code, peak>>20, wall.Seconds())
					if peak > memoryCeiling {
						t.Errorf("peak RSS %d MiB, want at most %d MiB", peak>>20, memoryCeiling>>20)
					}
					if code != c.code {
						t.Errorf("exit %d, want %d\nstderr: %.2000s", code, c.code, stderr.String())
					}
					for prefix, want := range map[string]string{"vendorcheck: error: ": c.err, "vendorcheck: warning: ": c.warn} {
						if want == "" {
							continue
						}
						re := regexp.MustCompile(want)
						found := false
						for _, l := range strings.Split(stderr.String(), "\n") {
							if m, ok := strings.CutPrefix(l, prefix); ok && re.MatchString(m) {
								found = true
							}
						}
						if !found {
							t.Errorf("no %sline matches %s\nstderr: %.2000s", prefix, want, stderr.String())
						}
					}
					if strings.Contains(stderr.String(), "panic") {
						t.Errorf("panic:\n%s", stderr.String())
					}
					if c.check != nil && code != ExitError {
						c.check(t, dir)
					}
					left, err := os.ReadDir(tmp)
					if err != nil {
						t.Fatal(err)
					}
					for _, e := range left {
						t.Errorf("left in the temporary directory: %s", e.Name())
					}
				})
			}
		})
	}
}

// writePeakRSS writes the process's peak resident set size in bytes (VmHWM
// of /proc/self/status) to path, if path is set.
func writePeakRSS(path string) {
	if path == "" {
		return
	}
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return
	}
	for _, l := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kib, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err == nil {
				os.WriteFile(path, []byte(strconv.FormatInt(kib*1024, 10)), 0o644)
			}
		}
	}
}
