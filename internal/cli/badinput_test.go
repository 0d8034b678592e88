package cli

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/ulikunitz/xz"

	"github.com/vendorcheck/vendorcheck/pkg/report"
)

// The bad-input catalogue (docs/robustness.md): each case runs the real
// binary on one bad input beside a good SBOM and checks that the bad input
// gets a clear error naming it (with its line where known), that the run
// exits 2, and that the good SBOM was still checked. Small inputs are
// committed in testdata/bad; big ones are generated here, in a temporary
// directory. Each run has a generous timeout and a memory ceiling, so a hang
// or a blow-up fails the test instead of the machine; nothing is timed.

const (
	badInputTimeout = 2 * time.Minute // a hang, not a slow run
	badInputMaxRSS  = 768 << 20       // bytes; a blow-up, not a big input
)

type badCase struct {
	name string
	// setup writes the bad input(s) into dir and returns the arguments
	// that name them.
	setup func(t *testing.T, dir string) []string
	flags []string
	// want matches the error line of the bad input on stderr; "" for an
	// input that must decode fine (BOM, CRLF).
	want string
	// skipAsRoot: the case cannot be made when running as root.
	skipAsRoot bool
	// allFail: the flag applies to the good SBOM too (--file-timeout 1ns).
	allFail bool
	// found, for an input that must decode fine, is the entity whose
	// finding it must give.
	found string
}

// committed copies testdata/bad/NAME into dir.
func committed(name string) func(*testing.T, string) []string {
	return func(t *testing.T, dir string) []string {
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "bad", name))
		if err != nil {
			t.Fatal(err)
		}
		writeTestFile(t, filepath.Join(dir, name), data)
		return []string{name}
	}
}

func writeTestFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// generated writes what gen returns to dir/name.
func generated(name string, gen func() []byte) func(*testing.T, string) []string {
	return func(t *testing.T, dir string) []string {
		writeTestFile(t, filepath.Join(dir, name), gen())
		return []string{name}
	}
}

func nested(prefix, open, close, suffix string, depth int) []byte {
	var b bytes.Buffer
	b.WriteString(prefix)
	b.WriteString(strings.Repeat(open, depth))
	b.WriteString(strings.Repeat(close, depth))
	b.WriteString(suffix)
	return b.Bytes()
}

// gzipOf compresses head followed by n copies of fill, as a multi-member
// gzip stream (which readers concatenate) so that a 1 GiB bomb costs one
// compressed MiB to make.
func gzipOf(t *testing.T, head []byte, fill []byte, n int) []byte {
	member := func(data []byte) []byte {
		var b bytes.Buffer
		zw, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
		if err != nil {
			t.Fatal(err)
		}
		zw.Write(data)
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	out := member(append(append([]byte(nil), head...), fill...))
	rest := member(fill)
	for range n - 1 {
		out = append(out, rest...)
	}
	return out
}

const (
	depth100k = 100_000
	mib       = 1 << 20
	tvHeader  = "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\nDocumentName: long\n" +
		"DocumentNamespace: https://example.invalid/long\nCreator: Tool: test\nCreated: 2024-01-01T00:00:00Z\n\n" +
		"PackageName: p\nSPDXID: SPDXRef-p\nPackageDownloadLocation: NOASSERTION\n"
)

// minifiedCycloneDX is a legitimate one-line document of about size bytes.
func minifiedCycloneDX(size int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"bomFormat":"CycloneDX","specVersion":"1.5","components":[`)
	desc := strings.Repeat("d", 200)
	for i := 0; b.Len() < size; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"type":"library","name":"lib-` + strconv.Itoa(i) + `","version":"1.0","description":"` + desc + `"}`)
	}
	b.WriteString("]}")
	return b.Bytes()
}

func badCases(t *testing.T) []badCase {
	return []badCase{
		{name: "empty", setup: committed("empty.json"), want: `^empty\.json: not a supported SBOM or inventory format: the file is empty$`},
		{name: "whitespace only", setup: committed("whitespace.json"), want: `^whitespace\.json: .*the file is empty$`},
		{name: "binary junk", setup: committed("binary-junk.bin"), want: `^binary-junk\.bin: not a supported SBOM or inventory format$`},
		{name: "truncated JSON", setup: committed("truncated.cdx.json"), want: `^truncated\.cdx\.json:3: cyclonedx-json: malformed input: unexpected end of input in string literal`},
		{name: "truncated XML", setup: committed("truncated.cdx.xml"), want: `^truncated\.cdx\.xml:6: cyclonedx-xml: malformed input: unexpected EOF`},
		{name: "top-level array", setup: committed("top-level-array.json"), want: `^top-level-array\.json: not a supported SBOM or inventory format: named or shaped like an SBOM or inventory \(it contains "bomFormat"\), but no reader recognises its content$`},
		{name: "top-level number", setup: committed("top-level-number.json"), want: `^top-level-number\.json: not a supported SBOM or inventory format$`},
		{name: "JSON that is no SBOM", setup: committed("not-an-sbom.json"), want: `^not-an-sbom\.json: not a supported SBOM or inventory format: named or shaped like an SBOM or inventory \(named \*-sbom\.json\), but no reader recognises its content$`},
		{name: "unknown CycloneDX version", setup: committed("unknown-spec-version.cdx.json"), want: `^unknown-spec-version\.cdx\.json:1: cyclonedx-json: unsupported format version: CycloneDX specVersion "7\.1"`},
		{name: "components not objects", setup: committed("components-not-objects.cdx.json"), want: `^components-not-objects\.cdx\.json:2: cyclonedx-json: malformed input: components/0: a component must be an object, found a string`},
		{name: "invalid UTF-8", setup: committed("invalid-utf8.cdx.json"), want: `^invalid-utf8\.cdx\.json:2: cyclonedx-json: malformed input: invalid UTF-8 in string literal`},
		{name: "duplicate key CycloneDX JSON", setup: committed("duplicate-key.cdx.json"), want: `^duplicate-key\.cdx\.json:3: cyclonedx-json: malformed input: duplicate key "name" in one object`},
		{name: "duplicate key SPDX JSON", setup: committed("duplicate-key.spdx.json"), want: `^duplicate-key\.spdx\.json:3: spdx-json: malformed input: duplicate key "name" in one object`},
		{name: "UTF-8 BOM decodes", setup: committed("utf8-bom.cdx.json")},
		{name: "CRLF JSON decodes", setup: committed("crlf.cdx.json")},
		{name: "CRLF tag-value decodes", setup: committed("crlf.spdx")},
		{name: "billion laughs CycloneDX XML", setup: committed("billion-laughs.cdx.xml"), want: `^billion-laughs\.cdx\.xml:16: cyclonedx-xml: malformed input: invalid character entity &lol9;`},
		{name: "billion laughs SPDX RDF", setup: committed("billion-laughs.spdx.rdf"), want: `^billion-laughs\.spdx\.rdf:3: spdx-rdf: malformed input: XML entity declarations`},
		{name: "deep nesting CycloneDX JSON", want: `^deep\.cdx\.json:1: cyclonedx-json: malformed input: nesting deeper than 1000 levels`,
			setup: generated("deep.cdx.json", func() []byte {
				return nested(`{"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"name":"x","pedigree":`, "[", "]", "}]}", depth100k)
			})},
		{name: "deep nesting CycloneDX XML", want: `^deep\.cdx\.xml:1: cyclonedx-xml: malformed input: nesting deeper than 1000 levels`,
			setup: generated("deep.cdx.xml", func() []byte {
				return nested(`<bom xmlns="http://cyclonedx.org/schema/bom/1.5">`, "<a>", "</a>", "</bom>", depth100k)
			})},
		{name: "deep nesting SPDX JSON", want: `^deep\.spdx\.json:1: spdx-json: malformed input: .*(nest|depth)`,
			setup: generated("deep.spdx.json", func() []byte {
				return nested(`{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","packages":[{"name":"x","SPDXID":"SPDXRef-a","annotations":`, "[", "]", "}]}", depth100k)
			})},
		{name: "deep nesting SPDX RDF (10^6 elements)", want: `^deep\.spdx\.rdf:\d+: spdx-rdf: malformed input: nesting deeper than 1000 levels`,
			setup: generated("deep.spdx.rdf", func() []byte {
				return nested(`<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:spdx="http://spdx.org/rdf/terms#">
<spdx:SpdxDocument rdf:about="https://example.invalid/doc#SPDXRef-DOCUMENT"><spdx:specVersion>SPDX-2.3</spdx:specVersion>
<spdx:describesPackage>`, "<spdx:Package>", "</spdx:Package>", "</spdx:describesPackage></spdx:SpdxDocument></rdf:RDF>", 1_000_000)
			})},
		{name: "deep nesting plain JSON", want: `^deep\.json: not a supported SBOM or inventory format$`,
			setup: generated("deep.json", func() []byte { return nested("", "[", "]", "", depth100k) })},
		{name: "50 MB tag-value line", want: `^long\.spdx:12: spdx-tag-value: malformed input: line longer than`,
			setup: generated("long.spdx", func() []byte {
				return []byte(tvHeader + "PackageComment: " + strings.Repeat("y", 50*mib) + "\n")
			})},
		{name: "50 MB lspci line", want: `^long\.lspci: lspci: line 1: malformed input: line longer than`,
			setup: generated("long.lspci", func() []byte {
				return []byte("00:00.0 Host bridge: Intel Corporation " + strings.Repeat("z", 50*mib) + "\n")
			})},
		{name: "50 MB minified JSON decodes", setup: generated("minified.cdx.json", func() []byte { return minifiedCycloneDX(50 * mib) })},
		{name: "gzip of 1 GiB of zeros", want: `^zeros\.gz: not a supported SBOM or inventory format$`,
			setup: func(t *testing.T, dir string) []string {
				writeTestFile(t, filepath.Join(dir, "zeros.gz"), gzipOf(t, nil, make([]byte, mib), 1024))
				return []string{"zeros.gz"}
			}},
		{name: "gzip bomb past the decompressed limit", flags: []string{"--max-decompressed-size", "16MiB"},
			want: `^bomb\.cdx\.json\.gz: input too large: gzip input decompresses to more than 16 MiB$`,
			setup: func(t *testing.T, dir string) []string {
				head := []byte(`{"bomFormat":"CycloneDX","specVersion":"1.5","components":[`)
				writeTestFile(t, filepath.Join(dir, "bomb.cdx.json.gz"), gzipOf(t, head, bytes.Repeat([]byte(" "), mib), 1024))
				return []string{"bomb.cdx.json.gz"}
			}},
		{name: "input past --max-input-size", flags: []string{"--max-input-size", "1KiB"},
			want:  `^big\.cdx\.json: input too large: more than 1 KiB$`,
			setup: generated("big.cdx.json", func() []byte { return minifiedCycloneDX(4096) })},
		{name: "--file-timeout expires", flags: []string{"--file-timeout", "1ns"}, allFail: true,
			want:  `^slow\.cdx\.json: gave up: the input took too long to check after 1ns$`,
			setup: generated("slow.cdx.json", func() []byte { return minifiedCycloneDX(1 * mib) })},
		{name: "symlink loop in a directory", want: `^dir/loop: symbolic link: too many levels of symbolic links$`,
			setup: func(t *testing.T, dir string) []string {
				os.Mkdir(filepath.Join(dir, "dir"), 0o755)
				if err := os.Symlink("loop", filepath.Join(dir, "dir", "loop")); err != nil {
					t.Skipf("cannot make a symbolic link: %v", err)
				}
				if err := os.Symlink("..", filepath.Join(dir, "dir", "up")); err != nil { // not followed
					t.Fatal(err)
				}
				return []string{"dir"}
			}},
		{name: "FIFO in a directory", want: `^fifodir/pipe: not a regular file: a named pipe \(FIFO\)`,
			setup: func(t *testing.T, dir string) []string {
				os.Mkdir(filepath.Join(dir, "fifodir"), 0o755)
				mkfifo(t, filepath.Join(dir, "fifodir", "pipe"))
				return []string{"fifodir"}
			}},
		{name: "FIFO named", want: `^pipe: not a regular file: a named pipe \(FIFO\)`,
			setup: func(t *testing.T, dir string) []string {
				mkfifo(t, filepath.Join(dir, "pipe"))
				return []string{"pipe"}
			}},
		{name: "UTF-16LE with a byte-order mark decodes", found: "huawei",
			setup: generated("utf16le.cdx.json", func() []byte { return utf16Of(routerCycloneDX, false) })},
		{name: "UTF-16BE with a byte-order mark decodes", found: "huawei",
			setup: generated("utf16be.cdx.json", func() []byte { return utf16Of(routerCycloneDX, true) })},
		{name: "UTF-32LE with a byte-order mark decodes", found: "huawei",
			setup: generated("utf32le.cdx.json", func() []byte { return utf32LEOf(routerCycloneDX) })},
		{name: "bomFormat after the first 64 KiB decodes", found: "huawei",
			setup: generated("late.cdx.json", func() []byte {
				return []byte(`{"metadata":{"properties":[{"name":"note","value":"` + strings.Repeat("n", 100<<10) + `"}]},` + routerCycloneDX[1:])
			})},
		{name: "70 KB comment before <bom> decodes", found: "huawei",
			setup: generated("late.cdx.xml", func() []byte {
				return []byte(`<?xml version="1.0"?>` + "\n<!-- " + strings.Repeat("c", 70<<10) + " -->\n" +
					`<bom xmlns="http://cyclonedx.org/schema/bom/1.4" version="1"><components>` +
					`<component type="device" bom-ref="r1"><supplier><name>Huawei Technologies Co., Ltd.</name></supplier><name>NE40E router</name></component>` +
					`</components></bom>`)
			})},
		{name: "gzip inside gzip decodes", found: "huawei",
			setup: generated("router.cdx.json.gz.gz", func() []byte {
				return gzipOf(t, gzipOf(t, []byte(routerCycloneDX), nil, 1), nil, 1)
			})},
		{name: "bzip2 decodes", found: "huawei", setup: committed("router.cdx.json.bz2")},
		{name: "xz decodes", found: "huawei", setup: generated("router.cdx.json.xz", func() []byte { return xzOf(t, []byte(routerCycloneDX)) })},
		{name: "zip archive of inventories decodes", found: "huawei",
			setup: func(t *testing.T, dir string) []string {
				writeTestFile(t, filepath.Join(dir, "inv.zip"), zipOf(t, map[string]string{
					"site-a/router.cdx.json": routerCycloneDX, "README.md": "inventories of site A\n"}))
				return []string{"inv.zip"}
			}},
		{name: "five compression layers", want: `^layers\.gz: malformed input: more than 4 compression layers$`,
			setup: generated("layers.gz", func() []byte {
				b := []byte(routerCycloneDX)
				for range 5 {
					b = gzipOf(t, b, nil, 1)
				}
				return b
			})},
		{name: "lspci dump followed by a dmidecode dump",
			want: `^mixed\.txt: more than one format in one file: the file reads as dmidecode and lspci at once .*split it into one file per format$`,
			setup: generated("mixed.txt", func() []byte {
				return []byte("00:00.0 Host bridge [0600]: Huawei Technologies Co., Ltd. HiSilicon PCIe Root Port [19e5:a120] (rev 21)\n" +
					"01:00.0 Ethernet controller [0200]: Huawei Technologies Co., Ltd. Hi1822 Family [19e5:0200] (rev 45)\n\n" +
					"# dmidecode 3.3\nHandle 0x0001, DMI type 1, 27 bytes\nSystem Information\n\tManufacturer: Huawei\n\tProduct Name: TaiShan 200 (Model 2280)\n")
			})},
		{name: "unreadable file", skipAsRoot: true, want: `^secret\.cdx\.json: .*permission denied`,
			setup: func(t *testing.T, dir string) []string {
				p := filepath.Join(dir, "secret.cdx.json")
				writeTestFile(t, p, []byte(`{"bomFormat":"CycloneDX","specVersion":"1.5"}`))
				if err := os.Chmod(p, 0); err != nil {
					t.Fatal(err)
				}
				return []string{"secret.cdx.json"}
			}},
	}
}

// routerCycloneDX is a small SBOM whose Huawei router is denied.
const routerCycloneDX = `{"bomFormat":"CycloneDX","specVersion":"1.4","version":1,` +
	`"components":[{"type":"device","bom-ref":"r1","name":"NE40E router","supplier":{"name":"Huawei Technologies Co., Ltd."}}]}`

// utf16Of encodes s as UTF-16 with a byte-order mark, as PowerShell's ">"
// writes it.
func utf16Of(s string, bigEndian bool) []byte {
	var order binary.AppendByteOrder = binary.LittleEndian
	if bigEndian {
		order = binary.BigEndian
	}
	out := order.AppendUint16(nil, 0xfeff)
	for _, u := range utf16.Encode([]rune(s)) {
		out = order.AppendUint16(out, u)
	}
	return out
}

func utf32LEOf(s string) []byte {
	out := binary.LittleEndian.AppendUint32(nil, 0xfeff)
	for _, r := range s {
		out = binary.LittleEndian.AppendUint32(out, uint32(r))
	}
	return out
}

func xzOf(t *testing.T, data []byte) []byte {
	var b bytes.Buffer
	w, err := xz.NewWriter(&b)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func zipOf(t *testing.T, files map[string]string) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(files[n]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skipf("cannot make a FIFO: %v", err)
	}
}

func TestBadInputs(t *testing.T) {
	exe, err := exec.LookPath("vendorcheck")
	if err != nil {
		t.Fatalf("the vendorcheck test command is not on PATH (testscript.Main sets it up): %v", err)
	}
	good, err := os.ReadFile(filepath.Join("..", "..", "testdata", "bad", "good.cdx.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range badCases(t) {
		t.Run(c.name, func(t *testing.T) {
			if c.skipAsRoot && os.Geteuid() == 0 {
				t.Skip("running as root, which may read a file with mode 000; run the tests as a normal user for this case")
			}
			dir := t.TempDir()
			writeTestFile(t, filepath.Join(dir, "good.cdx.json"), good)
			bad := c.setup(t, dir)
			args := append([]string{"scan", "--as-of", "2026-11-27", "-o", "json"}, c.flags...)
			args = append(append(args, bad...), "good.cdx.json")

			ctx, cancel := context.WithTimeout(context.Background(), badInputTimeout)
			defer cancel()
			cmd := exec.CommandContext(ctx, exe, args...)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "NO_COLOR=1")
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			if ctx.Err() != nil {
				t.Fatalf("vendorcheck %s did not finish within %s", strings.Join(args, " "), badInputTimeout)
			}
			if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru.Maxrss*1024 > badInputMaxRSS {
				t.Errorf("peak RSS %d MiB, want at most %d MiB", ru.Maxrss/1024, badInputMaxRSS>>20)
			}
			code := 0
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(stderr.String(), "panic") || strings.Contains(stderr.String(), "goroutine ") {
				t.Fatalf("panic:\n%s", stderr.String())
			}

			var res report.Result
			if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
				t.Fatalf("JSON report: %v\nstdout: %.500s\nstderr: %s", err, stdout.String(), stderr.String())
			}
			// The good SBOM beside the bad one was checked: its ZTE modem
			// is found.
			var goodChecked bool
			for _, f := range res.Findings {
				if f.Component.File == "good.cdx.json" && f.Entity == "zte" {
					goodChecked = true
				}
			}
			if c.allFail {
				goodChecked = len(res.Errors) == 2
			}
			if !goodChecked {
				t.Errorf("the good SBOM was not checked: findings %+v", res.Findings)
			}

			if c.want == "" {
				// Decodes fine: no error, and the bad file's inputs read.
				if code != ExitFindings || len(res.Errors) != 0 {
					t.Errorf("exit %d, errors %+v; want exit 1 and no errors\nstderr: %s", code, res.Errors, stderr.String())
				}
				for _, in := range res.Inputs {
					if in.File == bad[0] && in.Components == 0 {
						t.Errorf("%s: no components read", in.File)
					}
				}
				if c.found != "" {
					ok := false
					for _, f := range res.Findings {
						ok = ok || (strings.HasPrefix(f.Component.File, bad[0]) && f.Entity == c.found)
					}
					if !ok {
						t.Errorf("%s: no %s finding; findings %+v", bad[0], c.found, res.Findings)
					}
				}
				return
			}
			if code != ExitError {
				t.Errorf("exit %d, want %d\nstderr: %s", code, ExitError, stderr.String())
			}
			re := regexp.MustCompile(c.want)
			var lines []string
			for _, l := range strings.Split(stderr.String(), "\n") {
				if m, ok := strings.CutPrefix(l, "vendorcheck: error: "); ok {
					lines = append(lines, m)
				}
			}
			found := false
			for _, l := range lines {
				found = found || re.MatchString(l)
			}
			if !found {
				t.Errorf("no error line matches %s; stderr:\n%s", c.want, stderr.String())
			}
			if len(res.Errors) == 0 {
				t.Errorf("the JSON report lists no error")
			}
		})
	}
}
