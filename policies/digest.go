package policies

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"io/fs"
	"sort"
)

// digestSkip are the files Digest leaves out: the signature is not data.
var digestSkip = map[string]bool{"manifest.sig": true}

// Digest ties the precompiled form of the embedded data
// (pkg/databundle/compiled_data.go) to the files it was made from: the
// generator and the program compute it the same way. It is the SHA-256,
// in hex, over every file of fsys but manifest.sig, in path order: each
// path and its content, length-prefixed.
func Digest(fsys fs.FS) (string, error) {
	var names []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && !digestSkip[p] {
			names = append(names, p)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	sort.Strings(names)
	h := sha256.New()
	var n [8]byte
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return "", err
		}
		binary.BigEndian.PutUint64(n[:], uint64(len(name)))
		h.Write(n[:])
		h.Write([]byte(name))
		binary.BigEndian.PutUint64(n[:], uint64(len(data)))
		h.Write(n[:])
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
