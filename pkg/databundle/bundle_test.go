package databundle_test

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/ed25519"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vendorcheck/vendorcheck/pkg/databundle"
)

// exportSigned writes the embedded bundle to a directory and signs it with
// a key made for the test; it returns the directory and the public key.
func exportSigned(t *testing.T) (string, ed25519.PublicKey, ed25519.PrivateKey) {
	t.Helper()
	emb, err := databundle.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "bundle")
	if err := databundle.Export(emb, dir); err != nil {
		t.Fatal(err)
	}
	pub, priv, err := databundle.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	if err := databundle.Sign(dir, priv); err != nil {
		t.Fatal(err)
	}
	return dir, pub, priv
}

func trusting(pub ed25519.PublicKey) databundle.Options {
	return databundle.Options{TrustedKeys: []ed25519.PublicKey{pub}}
}

func TestEmbeddedManifest(t *testing.T) {
	b, err := databundle.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	m := b.Manifest
	if m.Bundle != "vendorcheck-data" || m.Version == "" || m.Schema != databundle.SchemaVersion || b.Signature != databundle.SignatureEmbedded {
		t.Fatalf("embedded manifest: %+v, signature %s", m, b.Signature)
	}
	ls, err := b.Lists()
	if err != nil {
		t.Fatal(err)
	}
	// The build date is the day the data was last reviewed: no list may
	// have been reviewed after it (bump the manifest with the data).
	for _, l := range ls {
		if l.Reviewed.After(m.Built.Time) {
			t.Errorf("%s: reviewed %s, after the bundle's build date %s: bump version and built in policies/manifest.yaml and add a CHANGELOG.md entry", l.File, l.Reviewed, m.Built)
		}
	}
	cl := b.Changelog()
	if !strings.Contains(cl, "## "+m.Version+" ("+m.Built.String()+")") {
		t.Errorf("policies/CHANGELOG.md has no heading %q for the bundle's version", "## "+m.Version+" ("+m.Built.String()+")")
	}
	c, err := b.Counts()
	if err != nil {
		t.Fatal(err)
	}
	if c.Lists != len(ls) || c.Rules < c.Lists || c.Entities < 16 {
		t.Errorf("counts %+v", c)
	}
}

func TestSignedBundleVerifies(t *testing.T) {
	dir, pub, _ := exportSigned(t)
	b, err := databundle.Open(dir, trusting(pub))
	if err != nil {
		t.Fatal(err)
	}
	if b.Signature != databundle.SignatureVerified || b.KeyID != databundle.KeyID(pub) || b.Source != dir {
		t.Fatalf("signature %s key %s source %s", b.Signature, b.KeyID, b.Source)
	}
	emb, _ := databundle.Embedded()
	el, _ := emb.Lists()
	bl, err := b.Lists()
	if err != nil {
		t.Fatal(err)
	}
	if len(bl) != len(el) || len(b.Manifest.Files) < len(el) {
		t.Fatalf("%d lists (embedded %d), %d files in the manifest", len(bl), len(el), len(b.Manifest.Files))
	}
	// The project's keys alone do not trust a key made here.
	if _, err := databundle.Open(dir, databundle.Options{}); !errors.Is(err, databundle.ErrUntrustedKey) {
		t.Fatalf("under the project keys: %v, want ErrUntrustedKey", err)
	}
}

func TestTamperedBundleIsRefused(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, dir string)
		want   error
		file   string
	}{
		{"list edited", func(t *testing.T, dir string) { appendTo(t, filepath.Join(dir, "us", "ndaa-889.yaml"), "# weakened\n") }, databundle.ErrTampered, "us/ndaa-889.yaml"},
		{"list removed", func(t *testing.T, dir string) { must(t, os.Remove(filepath.Join(dir, "us", "ndaa-889.yaml"))) }, databundle.ErrTampered, "us/ndaa-889.yaml: listed in the manifest but missing"},
		{"list added", func(t *testing.T, dir string) {
			must(t, os.WriteFile(filepath.Join(dir, "us", "extra.yaml"), []byte("id: x\n"), 0o644))
		}, databundle.ErrTampered, "us/extra.yaml: not listed"},
		{"manifest edited", func(t *testing.T, dir string) {
			data, err := os.ReadFile(filepath.Join(dir, "manifest.yaml"))
			must(t, err)
			must(t, os.WriteFile(filepath.Join(dir, "manifest.yaml"), bytes.Replace(data, []byte("version: 2"), []byte("version: 9"), 1), 0o644))
		}, databundle.ErrBadSignature, "does not match manifest.yaml"},
		{"signature garbled", func(t *testing.T, dir string) {
			must(t, os.WriteFile(filepath.Join(dir, "manifest.sig"), []byte("ed25519: AAAA\n"), 0o644))
		}, databundle.ErrBadSignature, "manifest.sig"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, pub, _ := exportSigned(t)
			tc.change(t, dir)
			for _, allow := range []bool{false, true} {
				opt := trusting(pub)
				opt.AllowUnsigned = allow // never rescues a bundle that fails its checks
				_, err := databundle.Open(dir, opt)
				if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.file) {
					t.Fatalf("allow unsigned %v: %v, want %v naming %q", allow, err, tc.want, tc.file)
				}
			}
		})
	}
}

func TestWrongKeyIsRefused(t *testing.T) {
	dir, _, _ := exportSigned(t)
	other, _, _ := databundle.GenerateKey()
	_, err := databundle.Open(dir, trusting(other))
	if !errors.Is(err, databundle.ErrUntrustedKey) || !strings.Contains(err.Error(), databundle.KeyID(other)) {
		t.Fatalf("%v", err)
	}
	// A signature made by another key but claiming the trusted key's id
	// does not verify.
	dir2, pub2, _ := exportSigned(t)
	_, priv3, _ := databundle.GenerateKey()
	manifest, err := os.ReadFile(filepath.Join(dir2, "manifest.yaml"))
	must(t, err)
	forged := strings.Replace(string(databundle.SignManifest(manifest, priv3)), databundle.KeyID(priv3.Public().(ed25519.PublicKey)), databundle.KeyID(pub2), 1)
	must(t, os.WriteFile(filepath.Join(dir2, "manifest.sig"), []byte(forged), 0o644))
	if _, err := databundle.Open(dir2, trusting(pub2)); !errors.Is(err, databundle.ErrBadSignature) {
		t.Fatalf("forged key id: %v, want ErrBadSignature", err)
	}
}

func TestUnsignedNeedsAllowUnsigned(t *testing.T) {
	emb, _ := databundle.Embedded()
	dir := filepath.Join(t.TempDir(), "own")
	must(t, databundle.Export(emb, dir))
	if _, err := databundle.Open(dir, databundle.Options{}); !errors.Is(err, databundle.ErrUnsigned) {
		t.Fatalf("unsigned without AllowUnsigned: %v", err)
	}
	// An organisation edits its exported lists and uses them unsigned.
	appendTo(t, filepath.Join(dir, "us", "ndaa-889.yaml"), "# our note\n")
	b, err := databundle.Open(dir, databundle.Options{AllowUnsigned: true})
	if err != nil {
		t.Fatal(err)
	}
	if b.Signature != databundle.SignatureUnsigned || !strings.Contains(b.Name(), "unsigned") {
		t.Fatalf("%s %s", b.Signature, b.Name())
	}
}

func TestDowngradeRefused(t *testing.T) {
	dir, pub, priv := exportSigned(t)
	replaceIn(t, filepath.Join(dir, "manifest.yaml"), `built: "2026-12-03"`, `built: "2026-01-01"`)
	must(t, databundle.Sign(dir, priv))
	emb, _ := databundle.Embedded()
	opt := trusting(pub)
	opt.NoOlderThan = emb
	if _, err := databundle.Open(dir, opt); !errors.Is(err, databundle.ErrDowngrade) {
		t.Fatalf("%v, want ErrDowngrade", err)
	}
	if _, err := databundle.Open(dir, trusting(pub)); err != nil {
		t.Fatalf("without NoOlderThan: %v", err)
	}
}

func TestArchives(t *testing.T) {
	dir, pub, _ := exportSigned(t)
	files := readTree(t, dir)
	tgz := filepath.Join(t.TempDir(), "b.tar.gz")
	writeTarGz(t, tgz, "vendorcheck-data-2026.12.0/", files, nil)
	zp := filepath.Join(t.TempDir(), "b.zip")
	writeZip(t, zp, "", files)
	for _, p := range []string{tgz, zp} {
		b, err := databundle.Open(p, trusting(pub))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if ls, err := b.Lists(); err != nil || len(ls) < 10 {
			t.Fatalf("%s: %d lists, %v", p, len(ls), err)
		}
	}
}

func TestArchiveLimits(t *testing.T) {
	dir, pub, _ := exportSigned(t)
	files := readTree(t, dir)
	for _, tc := range []struct {
		name  string
		extra *tar.Header
		opt   func(*databundle.Options)
		want  string
	}{
		{"path traversal", &tar.Header{Name: "../evil.yaml", Typeflag: tar.TypeReg, Size: 1}, nil, `"../evil.yaml" leaves the bundle`},
		{"absolute path", &tar.Header{Name: "/etc/evil.yaml", Typeflag: tar.TypeReg, Size: 1}, nil, "leaves the bundle"},
		{"symlink", &tar.Header{Name: "us/link.yaml", Typeflag: tar.TypeSymlink, Linkname: "/etc/passwd"}, nil, "not a regular file"},
		{"too many files", nil, func(o *databundle.Options) { o.Limits.MaxFiles = 5 }, "more than 5 files"},
		{"file too large", nil, func(o *databundle.Options) { o.Limits.MaxFileSize = 100 }, "larger than 100 bytes"},
		{"too large unpacked", nil, func(o *databundle.Options) { o.Limits.MaxTotalSize = 60_000 }, "bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "b.tgz")
			var extra []*tar.Header
			if tc.extra != nil {
				extra = append(extra, tc.extra)
			}
			writeTarGz(t, p, "", files, extra)
			opt := trusting(pub)
			if tc.opt != nil {
				tc.opt(&opt)
			}
			_, err := databundle.Open(p, opt)
			if !errors.Is(err, databundle.ErrUnsafe) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("%v, want ErrUnsafe with %q", err, tc.want)
			}
		})
	}
}

func TestDirectorySymlinkRefused(t *testing.T) {
	dir, pub, _ := exportSigned(t)
	if err := os.Symlink("/etc/hostname", filepath.Join(dir, "us", "link.yaml")); err != nil {
		t.Skip(err)
	}
	if _, err := databundle.Open(dir, trusting(pub)); !errors.Is(err, databundle.ErrUnsafe) {
		t.Fatalf("%v", err)
	}
}

func TestManifestErrors(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"bundle: x\nversion: 1\nbuilt: 2026-12-03\nschema: 1\nextra: 1\n", "extra"},
		{"bundle: x\nversion: 1\nschema: 1\n", "missing built"},
		{"bundle: x\nversion: 1\nbuilt: 2026-12-03\nschema: 2\n", "schema 2"},
		{"bundle: x\nversion: 1\nbuilt: 2026-12-03\nschema: -1\n", "schema -1"},
		{"bundle: x\nversion: 1\nbuilt: 2026-12-03\nschema: 1\nfiles: [{path: ../x, sha256: " + strings.Repeat("0", 64) + "}]\n", "not a path inside"},
	} {
		if _, err := databundle.ParseManifest([]byte(tc.text)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.text, err, tc.want)
		}
	}
}

func TestAge(t *testing.T) {
	b, _ := databundle.Embedded()
	built := b.Manifest.Built.Time
	if got := b.AgeDays(built.AddDate(0, 0, 91)); got != 91 {
		t.Errorf("age %d", got)
	}
	if got := b.AgeDays(built.AddDate(0, 0, -5)); got != 0 {
		t.Errorf("age before built %d", got)
	}
	for in, want := range map[string]time.Duration{"90d": 90 * 24 * time.Hour, "2w": 14 * 24 * time.Hour, "36h": 36 * time.Hour, "0": 0} {
		if got, err := databundle.ParseAge(in); err != nil || got != want {
			t.Errorf("ParseAge(%q) = %v, %v", in, got, err)
		}
	}
	for _, in := range []string{"-3d", "x", "90 days"} {
		if _, err := databundle.ParseAge(in); err == nil {
			t.Errorf("ParseAge(%q) accepted", in)
		}
	}
}

func TestKeyFiles(t *testing.T) {
	pub, priv, _ := databundle.GenerateKey()
	p2, err := databundle.ParsePublicKey(databundle.MarshalPublicKey(pub))
	if err != nil || !p2.Equal(pub) {
		t.Fatal(err)
	}
	k2, err := databundle.ParsePrivateKey(databundle.MarshalPrivateKey(priv))
	if err != nil || !k2.Equal(priv) {
		t.Fatal(err)
	}
	// A private key is not a public key file, and the other way round.
	if _, err := databundle.ParsePublicKey(databundle.MarshalPrivateKey(priv)); !errors.Is(err, databundle.ErrKeyFile) {
		t.Fatal(err)
	}
	if _, err := databundle.ParsePrivateKey(databundle.MarshalPublicKey(pub)); !errors.Is(err, databundle.ErrKeyFile) {
		t.Fatal(err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func appendTo(t *testing.T, p, s string) {
	t.Helper()
	f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	must(t, err)
	_, err = f.WriteString(s)
	must(t, err)
	must(t, f.Close())
}

func replaceIn(t *testing.T, p, old, new string) {
	t.Helper()
	data, err := os.ReadFile(p)
	must(t, err)
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s has no %q", p, old)
	}
	must(t, os.WriteFile(p, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644))
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	must(t, filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = data
		return err
	}))
	return out
}

func writeTarGz(t *testing.T, p, prefix string, files map[string][]byte, extra []*tar.Header) {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for name, data := range files {
		must(t, tw.WriteHeader(&tar.Header{Name: prefix + name, Typeflag: tar.TypeReg, Size: int64(len(data)), Mode: 0o644}))
		_, err := tw.Write(data)
		must(t, err)
	}
	for _, h := range extra {
		must(t, tw.WriteHeader(h))
		if h.Size > 0 {
			_, err := tw.Write(bytes.Repeat([]byte("x"), int(h.Size)))
			must(t, err)
		}
	}
	must(t, tw.Close())
	must(t, zw.Close())
	must(t, os.WriteFile(p, buf.Bytes(), 0o644))
}

func writeZip(t *testing.T, p, prefix string, files map[string][]byte) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range files {
		w, err := zw.Create(prefix + name)
		must(t, err)
		_, err = w.Write(data)
		must(t, err)
	}
	must(t, zw.Close())
	must(t, os.WriteFile(p, buf.Bytes(), 0o644))
}

func TestCheckFindsUnknownEntity(t *testing.T) {
	emb, _ := databundle.Embedded()
	if err := emb.Check(); err != nil {
		t.Fatalf("embedded: %v", err)
	}
	dir := filepath.Join(t.TempDir(), "own")
	must(t, databundle.Export(emb, dir))
	must(t, os.Remove(filepath.Join(dir, "vendors", "dahua.yaml")))
	b, err := databundle.Open(dir, databundle.Options{AllowUnsigned: true})
	must(t, err)
	if err := b.Check(); err == nil || !strings.Contains(err.Error(), `unknown entity "dahua"`) {
		t.Fatalf("%v", err)
	}
}

func TestManifestNamesArePlain(t *testing.T) {
	for _, v := range []string{"2026.12.0\x1b[2J", "a b", strings.Repeat("x", 65), "../x"} {
		text := "bundle: x\nversion: " + strconvQuote(v) + "\nbuilt: 2026-12-03\nschema: 1\n"
		if _, err := databundle.ParseManifest([]byte(text)); !errors.Is(err, databundle.ErrManifest) {
			t.Errorf("version %q: %v", v, err)
		}
	}
}

func strconvQuote(s string) string { return strconv.Quote(s) }
