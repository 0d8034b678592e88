// Package databundle reads the data that vendorcheck judges with: the
// restriction lists and the vendor catalog, versioned together as one
// bundle with a manifest (version, build date, schema, changelog) and an
// optional ed25519 signature. It sits in front of the pipeline: it loads
// the lists (pkg/policy) and the catalog (pkg/catalog) that matching and
// evaluation use, and never reads an SBOM or inventory.
//
// A bundle is a directory, or the same packed as .tar.gz/.tgz or .zip:
//
//	manifest.yaml       bundle, version, built, schema, changelog, files (path + sha256)
//	manifest.sig        optional: ed25519 signature over manifest.yaml
//	CHANGELOG.md        what changed, by version
//	vendors/*.yaml      the vendor catalog
//	<dir>/*.yaml        restriction lists, one per file (us/, gb/, eu/ ...)
//	schema/*.json       the JSON Schemas of both
//
// The bundle compiled into the program (Embedded) is trusted because it
// is compiled in. One read from a path (Open) must carry a signature by a
// trusted key over a manifest whose hashes match every file, unless
// Options.AllowUnsigned; a signature that does not verify, or a file that
// does not match the manifest, is always refused.
package databundle

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/vendorcheck/vendorcheck/pkg/catalog"
	"github.com/vendorcheck/vendorcheck/pkg/internal/yamlstrict"
	"github.com/vendorcheck/vendorcheck/pkg/policy"
	"github.com/vendorcheck/vendorcheck/policies"
)

// File names at the root of a bundle.
const (
	ManifestName  = "manifest.yaml"
	SignatureName = "manifest.sig"
	ChangelogName = "CHANGELOG.md"
)

// SchemaVersion is the manifest schema this program reads. A bundle with a
// higher schema is refused: its files may mean something this program
// does not know.
const SchemaVersion = 1

// EmbeddedSource is the Source of the embedded bundle.
const EmbeddedSource = "embedded"

// Manifest says what a bundle is.
type Manifest struct {
	// Bundle names the data set ("vendorcheck-data", or an organisation's
	// own name).
	Bundle string `yaml:"bundle"`
	// Version is the bundle's version (2026.12.0).
	Version string `yaml:"version"`
	// Built is the day the data was last reviewed: the age of the data is
	// counted from it (not from the time the program was compiled, so that
	// output stays the same from build to build).
	Built catalog.Date `yaml:"built"`
	// Schema is the manifest schema (SchemaVersion).
	Schema int `yaml:"schema"`
	// Changelog names the changelog file (CHANGELOG.md).
	Changelog string `yaml:"changelog,omitempty"`
	// Files lists every other file of the bundle with its SHA-256, sorted
	// by path. A signature over the manifest covers them. The embedded
	// manifest leaves it empty.
	Files []FileSum `yaml:"files,omitempty"`
}

// FileSum is a file of the bundle and its SHA-256 (lower-case hex).
type FileSum struct {
	Path   string `yaml:"path"`
	SHA256 string `yaml:"sha256"`
}

// Signature says how a bundle's origin was established.
type Signature string

const (
	// SignatureEmbedded: the bundle is compiled into the program.
	SignatureEmbedded Signature = "embedded"
	// SignatureVerified: the manifest's signature verified under a trusted
	// key and every file matches the manifest.
	SignatureVerified Signature = "verified"
	// SignatureUnsigned: no signature, accepted because unsigned data was
	// allowed.
	SignatureUnsigned Signature = "unsigned"
)

// Bundle is a data bundle that was read and checked. Its lists and
// catalog are parsed on first use.
type Bundle struct {
	Manifest Manifest
	// Source is EmbeddedSource or the path the bundle was read from.
	Source string
	// Signature is the state of its signature, and KeyID the id of the key
	// that verified it (SignatureVerified only).
	Signature Signature
	KeyID     string
	// FS holds the bundle's files (manifest, lists, catalog, changelog).
	FS fs.FS

	once  sync.Once
	lists []*policy.List
	cat   *catalog.Catalog
	err   error
}

//go:generate go run ../../internal/gen/databundle -out compiled_data.go

// Embedded returns the bundle compiled into the program. Only its manifest
// is read here; the lists and catalog are built on first use, from their
// precompiled form (compiled_data.go, made by go generate) while it
// matches the embedded files.
func Embedded() (*Bundle, error) {
	embeddedOnce.Do(func() {
		m, err := readManifest(policies.FS)
		if err != nil {
			embeddedErr = fmt.Errorf("embedded data: %w", err)
			return
		}
		embedded = &Bundle{Manifest: m, Source: EmbeddedSource, Signature: SignatureEmbedded, FS: policies.FS}
	})
	return embedded, embeddedErr
}

var (
	embeddedOnce sync.Once
	embedded     *Bundle
	embeddedErr  error
)

// Embedded reports whether b is the bundle compiled into the program.
func (b *Bundle) Embedded() bool { return b.Source == EmbeddedSource }

// Lists returns the bundle's restriction lists, sorted by id.
func (b *Bundle) Lists() ([]*policy.List, error) {
	b.load()
	return b.lists, b.err
}

// Catalog returns the bundle's vendor catalog. Callers that add entities
// to it (an organisation's own lists) must work on a Clone.
func (b *Bundle) Catalog() (*catalog.Catalog, error) {
	b.load()
	return b.cat, b.err
}

func (b *Bundle) load() {
	b.once.Do(func() {
		if b.Embedded() && compiledCurrent() {
			// The embedded data, precompiled by go generate: no YAML to
			// parse.
			b.lists = compiledLists()
			b.cat, b.err = catalog.New(compiledEntities())
			return
		}
		// The catalog and the lists are independent; read them side by side.
		var wg sync.WaitGroup
		var catErr error
		wg.Add(1)
		go func() {
			defer wg.Done()
			b.cat, catErr = catalog.LoadFS(b.FS, "vendors")
		}()
		var listErr error
		b.lists, listErr = policy.LoadFS(b.FS)
		wg.Wait()
		where := "data bundle " + b.Source
		if b.Embedded() {
			where = "shipped data"
		}
		switch {
		case catErr != nil:
			b.err = fmt.Errorf("%s: vendor catalog: %w", where, catErr)
		case listErr != nil:
			b.err = fmt.Errorf("%s: policies: %w", where, listErr)
		}
		if b.err != nil {
			b.lists, b.cat = nil, nil
		}
	})
}

// NewCatalog builds a fresh copy of the bundle's catalog, for a caller
// that adds entities to it (an organisation's own lists).
func (b *Bundle) NewCatalog() (*catalog.Catalog, error) {
	if b.Embedded() && compiledCurrent() {
		return catalog.New(compiledEntities())
	}
	return catalog.LoadFS(b.FS, "vendors")
}

// compiledCurrent reports whether compiled_data.go was generated from the
// embedded files as they are. When it was not (policies/ edited without
// `go generate ./pkg/databundle`), the YAML is parsed instead, so the
// program is never judged with stale data; TestCompiledDataIsCurrent
// fails.
func compiledCurrent() bool {
	compiledOnce.Do(func() {
		d, err := policies.Digest(policies.FS)
		compiledOK = err == nil && d == compiledDigest
	})
	return compiledOK
}

var (
	compiledOnce sync.Once
	compiledOK   bool
)

// Name is the bundle as a person reads it: "vendorcheck-data 2026.12.0
// (built 2026-12-03, embedded)".
func (b *Bundle) Name() string {
	return fmt.Sprintf("%s %s (built %s, %s)", b.Manifest.Bundle, b.Manifest.Version, b.Manifest.Built, b.Origin())
}

// Origin says where the bundle came from and how it was trusted:
// "embedded", "PATH, signed by key ID", "PATH, unsigned".
func (b *Bundle) Origin() string {
	switch b.Signature {
	case SignatureEmbedded:
		return "embedded"
	case SignatureVerified:
		return b.Source + ", signed by key " + b.KeyID
	}
	return b.Source + ", unsigned"
}

// AgeDays is the age of the data in whole days at a date (the evaluation
// date): the days since Manifest.Built, 0 when at is before it.
func (b *Bundle) AgeDays(at time.Time) int {
	d := at.Sub(b.Manifest.Built.Time)
	if d <= 0 {
		return 0
	}
	return int(d / (24 * time.Hour))
}

// Changelog returns the text of the bundle's changelog ("" when it has
// none).
func (b *Bundle) Changelog() string {
	name := b.Manifest.Changelog
	if name == "" {
		name = ChangelogName
	}
	data, err := fs.ReadFile(b.FS, name)
	if err != nil {
		return ""
	}
	return string(data)
}

// Check loads the lists and the catalog and checks that every rule names
// an entity of the catalog.
func (b *Bundle) Check() error {
	ls, err := b.Lists()
	if err != nil {
		return err
	}
	cat, err := b.Catalog()
	if err != nil {
		return err
	}
	var problems []string
	for _, l := range ls {
		for _, r := range l.Rules {
			if _, ok := cat.Get(r.Entity); !ok {
				problems = append(problems, fmt.Sprintf("%s: rule %s: unknown entity %q", l.File, r.ID, r.Entity))
			}
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("data bundle %s: %s", b.Source, strings.Join(problems, "; "))
	}
	return nil
}

// Counts are the sizes of a bundle, for `vendorcheck data status`.
type Counts struct {
	Lists, Rules, Entities int
}

// Counts counts the bundle's lists, rules and entities (loading them).
func (b *Bundle) Counts() (Counts, error) {
	ls, err := b.Lists()
	if err != nil {
		return Counts{}, err
	}
	cat, err := b.Catalog()
	if err != nil {
		return Counts{}, err
	}
	c := Counts{Lists: len(ls), Entities: len(cat.Entities())}
	for _, l := range ls {
		c.Rules += len(l.Rules)
	}
	return c, nil
}

// Errors of reading a bundle. Each is wrapped in an error that names the
// bundle and the file.
var (
	// ErrManifest: the manifest is missing or invalid.
	ErrManifest = errors.New("invalid manifest")
	// ErrUnsigned: the bundle carries no signature and unsigned data was
	// not allowed.
	ErrUnsigned = errors.New("the bundle is not signed")
	// ErrBadSignature: the signature does not verify under any trusted key.
	ErrBadSignature = errors.New("the signature does not verify")
	// ErrUntrustedKey: the signature names a key that is not trusted.
	ErrUntrustedKey = errors.New("the bundle is signed by a key that is not trusted")
	// ErrTampered: a file does not match the manifest (changed, missing,
	// or not listed).
	ErrTampered = errors.New("the files do not match the manifest")
	// ErrUnsafe: the bundle exceeds a limit or holds a path or file type
	// that is refused (.., absolute paths, links, devices).
	ErrUnsafe = errors.New("refused")
	// ErrSchema: the manifest's schema is newer than this program reads.
	ErrSchema = errors.New("the bundle's schema is newer than this program reads")
	// ErrDowngrade: the bundle was built before the embedded one, and the
	// caller asked for no older data (Options.NoOlderThanEmbedded).
	ErrDowngrade = errors.New("the bundle is older than the data compiled into the program")
)

// Error is a problem with a bundle: which bundle, which file, what.
type Error struct {
	Bundle string // the path given
	File   string // a file of the bundle, "" for the bundle as a whole
	Err    error  // one of the sentinel errors above, wrapped with detail
}

func (e *Error) Error() string {
	where := e.Bundle
	if e.File != "" {
		where += ": " + e.File
	}
	return "data bundle " + where + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

func detail(sentinel error, format string, a ...any) error {
	return fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, a...))
}

// readManifest reads and checks manifest.yaml at the root of fsys.
func readManifest(fsys fs.FS) (Manifest, error) {
	data, err := fs.ReadFile(fsys, ManifestName)
	if err != nil {
		return Manifest{}, &Error{File: ManifestName, Err: detail(ErrManifest, "%v", cleanErr(err))}
	}
	return ParseManifest(data)
}

// plainName reports whether s has the shape of a bundle name or version
// (they are printed in every output): 1 to 64 of letters, digits and
// . _ + -, starting with a letter or digit.
func plainName(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		alnum := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		if !alnum && (i == 0 || !strings.ContainsRune("._+-", rune(c))) {
			return false
		}
	}
	return true
}

// ParseManifest decodes a manifest strictly and checks it.
func ParseManifest(data []byte) (Manifest, error) {
	var m Manifest
	if len(data) > yamlstrict.MaxFileSize {
		return m, fmt.Errorf("%w: larger than %d bytes", ErrManifest, yamlstrict.MaxFileSize)
	}
	if err := yamlstrict.Decode(ManifestName, data, &m); err != nil {
		return m, fmt.Errorf("%w: %v", ErrManifest, err)
	}
	var missing []string
	if m.Bundle == "" {
		missing = append(missing, "bundle")
	}
	if m.Version == "" {
		missing = append(missing, "version")
	}
	if m.Built.IsZero() {
		missing = append(missing, "built")
	}
	if m.Schema == 0 {
		missing = append(missing, "schema")
	}
	if len(missing) > 0 {
		return m, fmt.Errorf("%w: %s: missing %s", ErrManifest, ManifestName, strings.Join(missing, ", "))
	}
	for _, f := range []struct{ key, v string }{{"bundle", m.Bundle}, {"version", m.Version}} {
		if f.v != "" && !plainName(f.v) {
			return m, fmt.Errorf("%w: %s: %s %q: want letters, digits and . _ + - (at most 64)", ErrManifest, ManifestName, f.key, f.v)
		}
	}
	if m.Schema < 0 {
		return m, fmt.Errorf("%w: %s: schema %d: want a positive number", ErrManifest, ManifestName, m.Schema)
	}
	if m.Schema > SchemaVersion {
		return m, fmt.Errorf("%w: schema %d, this program reads %d; use a newer vendorcheck", ErrSchema, m.Schema, SchemaVersion)
	}
	seen := map[string]bool{}
	for _, f := range m.Files {
		if !fs.ValidPath(f.Path) || f.Path == ManifestName || f.Path == SignatureName || strings.Contains(f.Path, `\`) {
			return m, fmt.Errorf("%w: %s: file %q is not a path inside the bundle", ErrManifest, ManifestName, f.Path)
		}
		if seen[f.Path] {
			return m, fmt.Errorf("%w: %s: file %q listed twice", ErrManifest, ManifestName, f.Path)
		}
		seen[f.Path] = true
		if len(f.SHA256) != 64 || strings.Trim(f.SHA256, "0123456789abcdef") != "" {
			return m, fmt.Errorf("%w: %s: file %q: sha256 must be 64 lower-case hex digits", ErrManifest, ManifestName, f.Path)
		}
	}
	return m, nil
}

func cleanErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// bundleFiles lists the files of fsys other than the manifest and its
// signature, sorted.
func bundleFiles(fsys fs.FS) ([]string, error) {
	var out []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || p == ManifestName || p == SignatureName {
			return nil
		}
		out = append(out, p)
		return nil
	})
	sort.Strings(out)
	return out, err
}
