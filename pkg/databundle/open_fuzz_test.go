package databundle

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"io/fs"
	"testing"
)

func seedArchives(t testing.TB) (tgz, zp []byte) {
	files := map[string]string{
		"manifest.yaml":       "bundle: x\nversion: 1\nbuilt: 2026-12-03\nschema: 1\n",
		"us/list.yaml":        "id: x\n",
		"vendors/huawei.yaml": "id: huawei\n",
	}
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	tw := tar.NewWriter(zw)
	for name, data := range files {
		if err := tw.WriteHeader(&tar.Header{Name: "top/" + name, Typeflag: tar.TypeReg, Size: int64(len(data)), Mode: 0o644}); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(data))
	}
	tw.Close()
	zw.Close()
	var z bytes.Buffer
	w := zip.NewWriter(&z)
	for name, data := range files {
		f, _ := w.Create(name)
		f.Write([]byte(data))
	}
	w.Close()
	return b.Bytes(), z.Bytes()
}

// FuzzReadArchive: any archive is read within the limits or refused, and
// every path it yields stays inside the bundle.
func FuzzReadArchive(f *testing.F) {
	tgz, zp := seedArchives(f)
	f.Add(tgz, false)
	f.Add(zp, true)
	lim := Limits{MaxFiles: 20, MaxFileSize: 1 << 16, MaxTotalSize: 1 << 18}
	f.Fuzz(func(t *testing.T, raw []byte, isZip bool) {
		c := &collector{lim: lim, files: map[string][]byte{}}
		read := readTarGz
		if isZip {
			read = readZip
		}
		if err := read(raw, c); err != nil {
			return
		}
		files := stripTop(c.files)
		var total int
		for name, data := range files {
			if !fs.ValidPath(name) || name == "." {
				t.Fatalf("path %q leaves the bundle", name)
			}
			if int64(len(data)) > lim.MaxFileSize {
				t.Fatalf("%s: %d bytes", name, len(data))
			}
			total += len(data)
		}
		if len(files) > lim.MaxFiles || int64(total) > lim.MaxTotalSize {
			t.Fatalf("%d files, %d bytes", len(files), total)
		}
		// Checking what was read never panics.
		_, _ = check(files, Options{AllowUnsigned: true})
	})
}

// FuzzParseManifest: a manifest is accepted only with its required keys
// and plain names.
func FuzzParseManifest(f *testing.F) {
	f.Add([]byte("bundle: x\nversion: 1\nbuilt: 2026-12-03\nschema: 1\n"))
	f.Add([]byte("bundle: x\nversion: 1\nbuilt: 2026-12-03\nschema: 1\nfiles: [{path: a/b.yaml, sha256: " + string(bytes.Repeat([]byte("0"), 64)) + "}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseManifest(data)
		if err != nil {
			return
		}
		if !plainName(m.Bundle) || !plainName(m.Version) || m.Built.IsZero() || m.Schema < 1 || m.Schema > SchemaVersion {
			t.Fatalf("accepted %+v", m)
		}
		for _, f := range m.Files {
			if !fs.ValidPath(f.Path) || len(f.SHA256) != 64 {
				t.Fatalf("accepted file %+v", f)
			}
		}
	})
}
