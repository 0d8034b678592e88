package databundle

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing/fstest"
)

// Limits bound what Open reads. A bundle is data from elsewhere: an
// archive that unpacks to more, or holds more files, is refused.
type Limits struct {
	// MaxFiles is the most files a bundle may hold.
	MaxFiles int
	// MaxFileSize is the most bytes of one file.
	MaxFileSize int64
	// MaxTotalSize is the most bytes of all files together (unpacked), and
	// of an archive as read.
	MaxTotalSize int64
}

// DefaultLimits are the limits of a zero Options.
var DefaultLimits = Limits{MaxFiles: 2000, MaxFileSize: 8 << 20, MaxTotalSize: 64 << 20}

// Options say which bundles Open accepts.
type Options struct {
	// TrustedKeys are the keys a signature may be made with (default
	// ProjectKeys). Giving keys replaces the default.
	TrustedKeys []ed25519.PublicKey
	// AllowUnsigned accepts a bundle without a signature (an
	// organisation's own lists). A signature that is present must still
	// verify, and the files must still match the manifest's hashes where it
	// lists them.
	AllowUnsigned bool
	// NoOlderThan refuses a bundle built before this bundle (for data
	// named by a configuration the caller does not trust, which must not
	// roll the data back).
	NoOlderThan *Bundle
	// Limits bound the bundle's size (zero fields: DefaultLimits).
	Limits Limits
}

// Open reads the bundle at path (a directory, a .tar.gz/.tgz or a .zip
// file), checks its manifest, signature and files, and returns it.
// Errors are *Error wrapping ErrManifest, ErrUnsigned, ErrBadSignature,
// ErrUntrustedKey, ErrTampered, ErrUnsafe, ErrSchema or ErrDowngrade.
func Open(p string, opt Options) (*Bundle, error) {
	lim := opt.Limits
	if lim.MaxFiles == 0 {
		lim.MaxFiles = DefaultLimits.MaxFiles
	}
	if lim.MaxFileSize == 0 {
		lim.MaxFileSize = DefaultLimits.MaxFileSize
	}
	if lim.MaxTotalSize == 0 {
		lim.MaxTotalSize = DefaultLimits.MaxTotalSize
	}
	files, err := readAny(p, lim)
	if err != nil {
		var be *Error
		if errors.As(err, &be) {
			be.Bundle = p
			return nil, be
		}
		return nil, &Error{Bundle: p, Err: err}
	}
	b, err := check(files, opt)
	if err != nil {
		err.(*Error).Bundle = p
		return nil, err
	}
	b.Source = p
	return b, nil
}

// OpenFS checks a bundle already in memory (its files by path, as
// fs.ValidPath names them), with the rules of Open. source names it in
// messages and in Bundle.Source.
func OpenFS(source string, files map[string][]byte, opt Options) (*Bundle, error) {
	for name := range files {
		if err := checkPath(name); err != nil {
			return nil, &Error{Bundle: source, File: name, Err: err}
		}
	}
	b, err := check(files, opt)
	if err != nil {
		err.(*Error).Bundle = source
		return nil, err
	}
	b.Source = source
	return b, nil
}

// check verifies the files of a bundle against its manifest and signature.
func check(files map[string][]byte, opt Options) (*Bundle, error) {
	mdata, ok := files[ManifestName]
	if !ok {
		return nil, &Error{Err: detail(ErrManifest, "no %s at the top of the bundle; is this a vendorcheck data bundle? ('vendorcheck data export DIR' writes one to start from)", ManifestName)}
	}
	m, err := ParseManifest(mdata)
	if err != nil {
		return nil, &Error{File: ManifestName, Err: err}
	}
	b := &Bundle{Manifest: m, Signature: SignatureUnsigned}
	sig, signed := files[SignatureName]
	switch {
	case signed:
		keys := opt.TrustedKeys
		if keys == nil {
			keys = ProjectKeys()
		}
		id, err := verifySignature(mdata, sig, keys)
		if err != nil {
			return nil, &Error{File: SignatureName, Err: err}
		}
		b.Signature, b.KeyID = SignatureVerified, id
		if len(m.Files) == 0 {
			return nil, &Error{File: ManifestName, Err: detail(ErrManifest, "a signed manifest must list every file with its sha256 ('vendorcheck data sign' writes them)")}
		}
	case !opt.AllowUnsigned:
		return nil, &Error{File: SignatureName, Err: detail(ErrUnsigned, "no %s; sign it with 'vendorcheck data sign --key FILE', or pass --allow-unsigned-data to use your own lists unsigned", SignatureName)}
	}
	if err := checkFiles(m, files); err != nil {
		return nil, err
	}
	if o := opt.NoOlderThan; o != nil && m.Built.Before(o.Manifest.Built.Time) {
		return nil, &Error{File: ManifestName, Err: detail(ErrDowngrade, "built %s, before %s %s (built %s)", m.Built, o.Manifest.Bundle, o.Manifest.Version, o.Manifest.Built)}
	}
	mfs := fstest.MapFS{}
	for name, data := range files {
		mfs[name] = &fstest.MapFile{Data: data, Mode: 0o444}
	}
	b.FS = mfs
	return b, nil
}

// checkFiles compares the files with the manifest's list: every listed
// file present with its hash, and (when the manifest lists files) no file
// that it does not list.
func checkFiles(m Manifest, files map[string][]byte) error {
	if len(m.Files) == 0 {
		return nil // an unsigned bundle that lists no hashes
	}
	listed := map[string]bool{}
	var problems []string
	for _, f := range m.Files {
		listed[f.Path] = true
		data, ok := files[f.Path]
		if !ok {
			problems = append(problems, f.Path+": listed in the manifest but missing")
			continue
		}
		sum := sha256.Sum256(data)
		if hex.EncodeToString(sum[:]) != f.SHA256 {
			problems = append(problems, f.Path+": sha256 differs from the manifest (the file was changed after signing)")
		}
	}
	var extra []string
	for name := range files {
		if name != ManifestName && name != SignatureName && !listed[name] {
			extra = append(extra, name)
		}
	}
	sort.Strings(extra)
	for _, name := range extra {
		problems = append(problems, name+": not listed in the manifest (added after signing)")
	}
	if len(problems) == 0 {
		return nil
	}
	sort.Strings(problems)
	return &Error{Err: detail(ErrTampered, "%s; take the bundle again from its publisher, or re-sign it if you changed it yourself", strings.Join(problems, "; "))}
}

// readAny reads a bundle's files from a directory or an archive.
func readAny(p string, lim Limits) (map[string][]byte, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, cleanErr(err)
	}
	if st.IsDir() {
		return readDir(p, lim)
	}
	lower := strings.ToLower(p)
	switch {
	case strings.HasSuffix(lower, ".tar.gz") || strings.HasSuffix(lower, ".tgz"):
		return readArchive(p, lim, readTarGz)
	case strings.HasSuffix(lower, ".zip"):
		return readArchive(p, lim, readZip)
	}
	return nil, fmt.Errorf("not a directory, .tar.gz, .tgz or .zip; give the bundle's directory or archive")
}

// collector gathers files under the limits.
type collector struct {
	lim   Limits
	files map[string][]byte
	total int64
}

func (c *collector) add(name string, size int64, r io.Reader) error {
	if err := checkPath(name); err != nil {
		return &Error{File: name, Err: err}
	}
	if _, dup := c.files[name]; dup {
		return &Error{File: name, Err: detail(ErrUnsafe, "the file appears twice")}
	}
	if len(c.files) >= c.lim.MaxFiles {
		return &Error{Err: detail(ErrUnsafe, "more than %d files", c.lim.MaxFiles)}
	}
	if size > c.lim.MaxFileSize {
		return &Error{File: name, Err: detail(ErrUnsafe, "larger than %d bytes", c.lim.MaxFileSize)}
	}
	data, err := io.ReadAll(io.LimitReader(r, c.lim.MaxFileSize+1))
	if err != nil {
		return &Error{File: name, Err: err}
	}
	if int64(len(data)) > c.lim.MaxFileSize {
		return &Error{File: name, Err: detail(ErrUnsafe, "larger than %d bytes", c.lim.MaxFileSize)}
	}
	c.total += int64(len(data))
	if c.total > c.lim.MaxTotalSize {
		return &Error{Err: detail(ErrUnsafe, "more than %d bytes unpacked", c.lim.MaxTotalSize)}
	}
	c.files[name] = data
	return nil
}

// checkPath refuses a name that could leave the bundle or that names a
// place outside it: absolute paths, .., backslashes, empty parts.
func checkPath(name string) error {
	if !fs.ValidPath(name) || name == "." || strings.Contains(name, `\`) || strings.ContainsRune(name, 0) {
		return detail(ErrUnsafe, "the path %q leaves the bundle or is not a plain relative path", name)
	}
	return nil
}

func readDir(root string, lim Limits) (map[string][]byte, error) {
	c := &collector{lim: lim, files: map[string][]byte{}}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			return &Error{File: rel, Err: detail(ErrUnsafe, "not a regular file (a link or device); a bundle holds only files")}
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		info, err := f.Stat()
		if err != nil {
			return err
		}
		return c.add(rel, info.Size(), f)
	})
	if err != nil {
		return nil, err
	}
	return c.files, nil
}

// readArchive reads an archive file, at most MaxTotalSize bytes of it.
func readArchive(p string, lim Limits, read func([]byte, *collector) error) (map[string][]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, cleanErr(err)
	}
	defer f.Close()
	raw, err := io.ReadAll(io.LimitReader(f, lim.MaxTotalSize+1))
	if err != nil {
		return nil, err
	}
	if int64(len(raw)) > lim.MaxTotalSize {
		return nil, &Error{Err: detail(ErrUnsafe, "the archive is larger than %d bytes", lim.MaxTotalSize)}
	}
	c := &collector{lim: lim, files: map[string][]byte{}}
	if err := read(raw, c); err != nil {
		return nil, err
	}
	return stripTop(c.files), nil
}

func readTarGz(raw []byte, c *collector) error {
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return fmt.Errorf("not a gzip archive: %v", err)
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading the tar archive: %v", err)
		}
		name := strings.TrimPrefix(h.Name, "./")
		switch h.Typeflag {
		case tar.TypeDir:
			if err := checkPath(strings.TrimSuffix(name, "/")); err != nil && name != "" && name != "./" {
				return &Error{File: h.Name, Err: err}
			}
			continue
		case tar.TypeReg:
		case tar.TypeXGlobalHeader:
			continue
		default:
			return &Error{File: h.Name, Err: detail(ErrUnsafe, "not a regular file (a link or device); a bundle holds only files")}
		}
		if err := c.add(name, h.Size, tr); err != nil {
			return err
		}
	}
}

func readZip(raw []byte, c *collector) error {
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return fmt.Errorf("not a zip archive: %v", err)
	}
	for _, zf := range zr.File {
		if strings.HasSuffix(zf.Name, "/") {
			if err := checkPath(strings.TrimSuffix(zf.Name, "/")); err != nil {
				return &Error{File: zf.Name, Err: err}
			}
			continue
		}
		if !zf.Mode().IsRegular() {
			return &Error{File: zf.Name, Err: detail(ErrUnsafe, "not a regular file (a link or device); a bundle holds only files")}
		}
		if zf.UncompressedSize64 > uint64(c.lim.MaxFileSize) {
			return &Error{File: zf.Name, Err: detail(ErrUnsafe, "larger than %d bytes", c.lim.MaxFileSize)}
		}
		rc, err := zf.Open()
		if err != nil {
			return &Error{File: zf.Name, Err: err}
		}
		err = c.add(zf.Name, int64(zf.UncompressedSize64), rc)
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// stripTop removes one leading directory that every file shares when the
// manifest is inside it (an archive made with `tar czf b.tgz bundle/`).
func stripTop(files map[string][]byte) map[string][]byte {
	if _, ok := files[ManifestName]; ok {
		return files
	}
	top := ""
	for name := range files {
		dir, _, ok := strings.Cut(name, "/")
		if !ok || (top != "" && dir != top) {
			return files
		}
		top = dir
	}
	if _, ok := files[path.Join(top, ManifestName)]; !ok {
		return files
	}
	out := make(map[string][]byte, len(files))
	for name, data := range files {
		out[strings.TrimPrefix(name, top+"/")] = data
	}
	return out
}
