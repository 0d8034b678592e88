// Package fuzzcheck holds what the decoders' fuzz targets and differential
// tests share: seeding from a package's testdata, the invariants every
// decoder keeps on any input, and the testdata files and error kinds two
// readers are compared over. It is imported only by tests.
package fuzzcheck

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// MaxSeedSize keeps large corpus files out of the seed corpus: the fuzzer
// mutates small inputs better, and the smoke run stays short.
const MaxSeedSize = 256 << 10

// Name is the file name every fuzzed input is decoded under.
const Name = "fuzz-input"

// Seed adds every regular file under the given directories (relative to the
// test's package) of at most MaxSeedSize bytes, and the extra seeds. A
// missing directory is skipped; a target with no seed at all fails.
func Seed(f *testing.F, dirs []string, extra ...string) {
	f.Helper()
	n := 0
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			if !d.Type().IsRegular() || strings.HasSuffix(path, ".md") {
				return nil
			}
			info, err := d.Info()
			if err != nil || info.Size() > MaxSeedSize {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			f.Add(data)
			n++
			return nil
		})
		if err != nil {
			f.Fatal(err)
		}
	}
	for _, s := range extra {
		f.Add([]byte(s))
		n++
	}
	if n == 0 {
		f.Fatalf("no seeds in %v", dirs)
	}
}

// sentinels are the errors a decoding error must wrap when it is not a
// DecodeError naming the input.
var sentinels = []error{ingest.ErrUnknownFormat, ingest.ErrUnsupportedVersion, ingest.ErrMalformed, ingest.ErrTooLarge}

// CheckError fails t unless err names the input (a DecodeError for Name)
// or wraps one of ingest's sentinels, so that the CLI can place it and say
// what to do.
func CheckError(t *testing.T, err error) {
	t.Helper()
	var de *ingest.DecodeError
	if errors.As(err, &de) {
		if de.File != Name {
			t.Fatalf("DecodeError names %q, want %q: %v", de.File, Name, err)
		}
		if de.Line < 0 {
			t.Fatalf("DecodeError has line %d: %v", de.Line, err)
		}
		return
	}
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return
		}
	}
	t.Fatalf("error neither a DecodeError nor wrapping an ingest sentinel: %T %v", err, err)
}

// Decode checks the decoder on data: no panic, errors that name the input,
// and the same result twice.
func Decode(t *testing.T, d ingest.Decoder, data []byte) {
	t.Helper()
	ctx := context.Background()
	inv1, err1 := d.Decode(ctx, bytes.NewReader(data), Name)
	if err1 != nil {
		CheckError(t, err1)
	}
	inv2, err2 := d.Decode(ctx, bytes.NewReader(data), Name)
	switch {
	case (err1 == nil) != (err2 == nil):
		t.Fatalf("not deterministic: errors %v, then %v", err1, err2)
	case err1 != nil:
		if err1.Error() != err2.Error() {
			t.Fatalf("not deterministic: error %q, then %q", err1, err2)
		}
	default:
		if inv1 == nil {
			t.Fatal("nil inventory without an error")
		}
		if !reflect.DeepEqual(inv1, inv2) {
			t.Fatalf("not deterministic: two decodes of the same input differ")
		}
		for i, c := range inv1.Components {
			if c.Location.Line < 0 {
				t.Fatalf("component %d has line %d", i, c.Location.Line)
			}
		}
	}
	// Identify must not panic either, on the whole input or a short head.
	d.Identify(data)
	if len(data) > 16 {
		d.Identify(data[:len(data)/2])
	}
}

// TestdataFiles lists every file ending in ext (case-insensitive) in the
// testdata folders of the repository that holds the calling test's
// package: what a differential test runs both readers over.
func TestdataFiles(t testing.TB, ext string) []string {
	t.Helper()
	root, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			break
		}
		up := filepath.Dir(root)
		if up == root {
			t.Fatal("no go.mod above the test's directory")
		}
		root = up
	}
	ext = strings.ToLower(ext)
	var out []string
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.Contains(path, "testdata") && strings.HasSuffix(strings.ToLower(d.Name()), ext) {
			out = append(out, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// XMLFiles is TestdataFiles(t, ".xml"), which the XML readers'
// differential tests run over: each reader's corpus and fixtures, and the
// other readers' XML, which a reader and its reference must refuse alike.
// Fewer than ten files fails t: the walk has found too little to compare.
func XMLFiles(t testing.TB) []string {
	t.Helper()
	out := TestdataFiles(t, ".xml")
	if len(out) < 10 {
		t.Fatalf("found only %d XML files", len(out))
	}
	return out
}

// WholeAndCut runs same over a generated document whole, failing t unless
// it was decoded, and over 40 prefixes of it, named "name[:n]".
func WholeAndCut(t testing.TB, name string, data []byte, same func(name string, data []byte) bool) {
	t.Helper()
	if !same(name, data) {
		t.Fatal("generated document not decoded")
	}
	for n := 0; n < len(data); n += len(data)/40 + 1 {
		same(name+"[:"+strconv.Itoa(n)+"]", data[:n])
	}
}

// Kind is the ingest sentinel err wraps, or nil: two readers refuse an
// input alike when their errors are of the same kind.
func Kind(err error) error {
	for _, s := range []error{ingest.ErrMalformed, ingest.ErrTooLarge, ingest.ErrUnknownFormat, ingest.ErrUnsupportedVersion} {
		if errors.Is(err, s) {
			return s
		}
	}
	return nil
}

// DecodeFunc decodes one named input: a decoder's Decode, or the reference
// reader a differential test holds it to.
type DecodeFunc func(ctx context.Context, r io.Reader, name string) (*inventory.Inventory, error)

// SameAsReference decodes data with got and with the reference, and fails
// t unless both give the same inventory or both refuse the input. With
// sameKind the refusals must also be of the same kind, where the
// reference's error has one (an encoding the reference cannot read may be
// a malformed input to the other). It reports whether an inventory was
// decoded.
func SameAsReference(t testing.TB, name string, data []byte, reference, got DecodeFunc, sameKind bool) bool {
	t.Helper()
	ctx := context.Background()
	want, werr := reference(ctx, bytes.NewReader(data), name)
	have, gerr := got(ctx, bytes.NewReader(data), name)
	switch {
	case (werr == nil) != (gerr == nil):
		t.Errorf("%s: reference error %v, streaming error %v", name, werr, gerr)
		return false
	case werr != nil:
		if sameKind && Kind(werr) != nil && Kind(werr) != Kind(gerr) {
			t.Errorf("%s: reference error %v, streaming error %v", name, werr, gerr)
		}
		return false
	case !reflect.DeepEqual(have, want):
		t.Errorf("%s: inventories differ:\nstreaming %+v\nreference %+v", name, have, want)
		return false
	}
	return true
}

// FilesAndPrefixes runs same over every file and over prefixes of it (150,
// or 15 for a file over 200 KiB: the small files cover the syntax), named
// "path[:n]", and returns how many whole files same reported decoded.
func FilesAndPrefixes(t testing.TB, paths []string, same func(name string, data []byte) bool) int {
	t.Helper()
	decoded := 0
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if same(path, data) {
			decoded++
		}
		prefixes := 150
		if len(data) > 200<<10 {
			prefixes = 15
		}
		step := max(1, len(data)/prefixes)
		for n := 0; n < len(data); n += step {
			same(path+"[:"+strconv.Itoa(n)+"]", data[:n])
		}
	}
	return decoded
}
