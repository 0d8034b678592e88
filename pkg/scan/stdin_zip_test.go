package scan

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

func zipBytes(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, data := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A zip archive piped to "-" is read member by member, like an archive
// named on the command line; the members are named after standard input
// and the temporary copy is gone after the run.
func TestRunZipOnStdin(t *testing.T) {
	sbom, err := os.ReadFile(exampleSBOM)
	if err != nil {
		t.Fatal(err)
	}
	archive := zipBytes(t, map[string][]byte{"inv/sbom.cdx.json": sbom, "inv/README.md": []byte("# notes\n")})
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	for _, tc := range []struct{ stdinName, want string }{{"", "-!/inv/sbom.cdx.json"}, {"upload.zip", "upload.zip!/inv/sbom.cdx.json"}} {
		res, err := Run(context.Background(), Options{Stdin: bytes.NewReader(archive), StdinName: tc.stdinName}, "-")
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Inputs) != 1 || res.Inputs[0].File != tc.want || res.Inputs[0].Error != "" || res.Inputs[0].Components == 0 {
			t.Fatalf("inputs %+v, want %s read", res.Inputs, tc.want)
		}
		if len(res.Skipped) != 1 || !strings.HasSuffix(res.Skipped[0].File, "!/inv/README.md") || strings.Contains(res.Skipped[0].File, tmp) {
			t.Errorf("skipped %+v", res.Skipped)
		}
		if res.Summary.Failing == 0 {
			t.Errorf("the archived SBOM's Huawei router was not found")
		}
		if left, _ := os.ReadDir(tmp); len(left) != 0 {
			t.Errorf("temporary files left: %v", left)
		}
	}
}

// The copy is bounded by the input size limit; the error names standard
// input, and other inputs are still checked.
func TestRunZipOnStdinTooLarge(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	// Stored, not compressed: the archive itself is past the bound.
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "a.json", Method: zip.Store})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(bytes.Repeat([]byte(" "), 4096))
	zw.Close()
	archive := b.Bytes()
	res, err := Run(context.Background(), Options{Stdin: bytes.NewReader(archive), Limits: Limits{MaxInputSize: 1024}}, "-", exampleSBOM)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 1 || res.Errors[0].File != "-" || !strings.Contains(res.Errors[0].Message, "zip archive on standard input larger than 1 KiB (--max-input-size)") {
		t.Errorf("errors %+v", res.Errors)
	}
	if len(res.Inputs) != 1 || res.Inputs[0].File != exampleSBOM {
		t.Errorf("inputs %+v", res.Inputs)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// Anything else on standard input is read from its first byte, as before.
func TestRunPlainStdin(t *testing.T) {
	sbom, err := os.ReadFile(exampleSBOM)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), Options{Stdin: bytes.NewReader(sbom)}, "-")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Inputs) != 1 || res.Inputs[0].File != "-" || res.Inputs[0].Components == 0 {
		t.Fatalf("inputs %+v", res.Inputs)
	}
}
