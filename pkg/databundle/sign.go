package databundle

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// projectKeys are the public keys of the project's data releases (the
// private halves are not in the repository; docs/data.md says how a
// release is signed).
var projectKeys = []string{
	"HlDhTlhVSFLxAu9yzblInoX6iiMB94uQl0YLX90uoT0=",
}

// ProjectKeys returns the public keys the program trusts by default: the
// project's data release keys.
func ProjectKeys() []ed25519.PublicKey {
	out := make([]ed25519.PublicKey, 0, len(projectKeys))
	for _, k := range projectKeys {
		b, err := base64.StdEncoding.DecodeString(k)
		if err != nil || len(b) != ed25519.PublicKeySize {
			panic("databundle: bad project key " + k)
		}
		out = append(out, ed25519.PublicKey(b))
	}
	return out
}

// KeyID is the short id of a public key that signatures and messages name:
// the first 8 bytes of its SHA-256, in hex.
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:8])
}

// Key file formats: one "ed25519-public: BASE64" or "ed25519-private:
// BASE64" line (the 32-byte public key, or the 32-byte private seed);
// blank lines and lines starting with # are comments.
const (
	publicKeyLabel  = "ed25519-public"
	privateKeyLabel = "ed25519-private"
	sigKeyLabel     = "key"
	sigLabel        = "ed25519"
	maxKeyFile      = 4 << 10
)

// ErrKeyFile: a key or signature file is not in the expected format.
var ErrKeyFile = errors.New("not a vendorcheck data key")

// GenerateKey makes a new signing key pair, for an organisation that signs
// its own bundles.
func GenerateKey() (ed25519.PublicKey, ed25519.PrivateKey, error) {
	return ed25519.GenerateKey(rand.Reader)
}

// MarshalPublicKey writes a public key file.
func MarshalPublicKey(pub ed25519.PublicKey) []byte {
	return fmt.Appendf(nil, "# vendorcheck data signing key %s (public)\n%s: %s\n", KeyID(pub), publicKeyLabel, base64.StdEncoding.EncodeToString(pub))
}

// MarshalPrivateKey writes a private key file (keep it secret).
func MarshalPrivateKey(priv ed25519.PrivateKey) []byte {
	pub := priv.Public().(ed25519.PublicKey)
	return fmt.Appendf(nil, "# vendorcheck data signing key %s (PRIVATE: keep it secret)\n%s: %s\n", KeyID(pub), privateKeyLabel, base64.StdEncoding.EncodeToString(priv.Seed()))
}

// ParsePublicKey reads a public key file.
func ParsePublicKey(data []byte) (ed25519.PublicKey, error) {
	v, err := keyValue(data, publicKeyLabel, ed25519.PublicKeySize)
	if err != nil {
		return nil, err
	}
	return ed25519.PublicKey(v), nil
}

// ParsePrivateKey reads a private key file.
func ParsePrivateKey(data []byte) (ed25519.PrivateKey, error) {
	v, err := keyValue(data, privateKeyLabel, ed25519.SeedSize)
	if err != nil {
		return nil, err
	}
	return ed25519.NewKeyFromSeed(v), nil
}

// ReadKeyFile reads a key file of at most 4 KiB.
func ReadKeyFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxKeyFile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxKeyFile {
		return nil, fmt.Errorf("%s: %w: larger than %d bytes", name, ErrKeyFile, maxKeyFile)
	}
	return data, nil
}

// fields reads "label: value" lines, skipping comments and blank lines.
func fields(data []byte) (map[string]string, error) {
	out := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("line %d: want \"label: value\"", n)
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if _, dup := out[k]; dup {
			return nil, fmt.Errorf("line %d: %s given twice", n, k)
		}
		out[k] = v
	}
	return out, sc.Err()
}

func keyValue(data []byte, label string, size int) ([]byte, error) {
	fs, err := fields(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrKeyFile, err)
	}
	v, ok := fs[label]
	if !ok || len(fs) != 1 {
		return nil, fmt.Errorf("%w: want one %q line", ErrKeyFile, label+": BASE64")
	}
	b, err := base64.StdEncoding.DecodeString(v)
	if err != nil || len(b) != size {
		return nil, fmt.Errorf("%w: %s must be %d bytes in base64", ErrKeyFile, label, size)
	}
	return b, nil
}

// SignManifest signs manifest bytes: the content of manifest.sig.
func SignManifest(manifest []byte, priv ed25519.PrivateKey) []byte {
	pub := priv.Public().(ed25519.PublicKey)
	sig := ed25519.Sign(priv, manifest)
	return fmt.Appendf(nil, "# ed25519 signature of manifest.yaml\n%s: %s\n%s: %s\n", sigKeyLabel, KeyID(pub), sigLabel, base64.StdEncoding.EncodeToString(sig))
}

// verifySignature checks manifest.sig against the manifest under the
// trusted keys and returns the id of the key that verified it.
func verifySignature(manifest, sigFile []byte, keys []ed25519.PublicKey) (string, error) {
	fs, err := fields(sigFile)
	if err != nil {
		return "", detail(ErrBadSignature, "%s is malformed: %v", SignatureName, err)
	}
	id, sigText := fs[sigKeyLabel], fs[sigLabel]
	sig, err := base64.StdEncoding.DecodeString(sigText)
	if sigText == "" || err != nil || len(sig) != ed25519.SignatureSize {
		return "", detail(ErrBadSignature, "%s must hold a %q line with a %d-byte signature in base64", SignatureName, sigLabel+": ", ed25519.SignatureSize)
	}
	var trusted []string
	for _, k := range keys {
		kid := KeyID(k)
		trusted = append(trusted, kid)
		if id != "" && id != kid {
			continue
		}
		if ed25519.Verify(k, manifest, sig) {
			return kid, nil
		}
	}
	for _, kid := range trusted {
		if kid == id {
			return "", detail(ErrBadSignature, "made with key %s, but it does not match manifest.yaml (the manifest was changed after signing, or the signature is forged); take the bundle again from its publisher", id)
		}
	}
	if id == "" {
		id = "(not named)"
	}
	return "", detail(ErrUntrustedKey, "signed by key %s; trusted: %s; pass the publisher's public key with --trusted-key FILE if you trust it", id, strings.Join(trusted, ", "))
}

// Sign writes the hashes of every file of the bundle directory dir into
// its manifest.yaml and signs the manifest into manifest.sig. The rest of
// the manifest (version, built, ...) is kept as written; a missing or
// invalid manifest is an error.
func Sign(dir string, priv ed25519.PrivateKey) error {
	files, err := readDir(dir, DefaultLimits)
	if err != nil {
		return withBundle(dir, err)
	}
	mdata, ok := files[ManifestName]
	if !ok {
		return &Error{Bundle: dir, Err: detail(ErrManifest, "no %s ('vendorcheck data export DIR' writes a bundle to start from)", ManifestName)}
	}
	m, err := ParseManifest(mdata)
	if err != nil {
		return &Error{Bundle: dir, File: ManifestName, Err: err}
	}
	m.Files = sums(files)
	out, err := MarshalManifest(m)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, ManifestName), out, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, SignatureName), SignManifest(out, priv), 0o644)
}

func withBundle(p string, err error) error {
	var be *Error
	if errors.As(err, &be) {
		be.Bundle = p
		return be
	}
	return &Error{Bundle: p, Err: err}
}

// sums lists every file other than the manifest and the signature with
// its SHA-256, sorted by path.
func sums(files map[string][]byte) []FileSum {
	var out []FileSum
	for name, data := range files {
		if name == ManifestName || name == SignatureName {
			continue
		}
		s := sha256.Sum256(data)
		out = append(out, FileSum{Path: name, SHA256: hex.EncodeToString(s[:])})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// MarshalManifest writes a manifest as YAML.
func MarshalManifest(m Manifest) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("# vendorcheck data bundle manifest (docs/data.md)\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Export writes the files of b into dir (which must not exist, or be
// empty) as an unsigned bundle an organisation can edit and sign: its
// manifest without file hashes and without a signature.
func Export(b *Bundle, dir string) error {
	if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
		return fmt.Errorf("%s: the directory is not empty; give a new or empty directory", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	err := fs.WalkDir(b.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || p == ManifestName || p == SignatureName {
			return nil
		}
		data, err := fs.ReadFile(b.FS, p)
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		return err
	}
	m := b.Manifest
	m.Files = nil
	out, err := MarshalManifest(m)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, ManifestName), out, 0o644)
}
