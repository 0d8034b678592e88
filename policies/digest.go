package policies

import (
	"encoding/binary"
	"encoding/hex"
	"hash/crc32"
	"io"
	"io/fs"
	"sort"
)

// digestSkip are the files Digest leaves out: the signature is not data.
var digestSkip = map[string]bool{"manifest.sig": true}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Digest ties the precompiled form of the embedded data
// (pkg/databundle/compiled_data.go) to the files it was made from: the
// generator and the program compute it the same way, the program on every
// run that reads the data, so it must be cheap. It detects an edit made
// without regenerating, not tampering (both forms are in the same
// program): it is the CRC-32C and the CRC-32 (IEEE), in hex, over every
// file of fsys but manifest.sig, in path order, each path and its content
// length-prefixed. Both checksums are computed in hardware and the files
// are read through a buffer on the stack, not copied whole.
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
	var c, ieee uint32
	write := func(b []byte) {
		c = crc32.Update(c, castagnoli, b)
		ieee = crc32.Update(ieee, crc32.IEEETable, b)
	}
	var n [8]byte
	var buf [8 << 10]byte
	for _, name := range names {
		f, err := fsys.Open(name)
		if err != nil {
			return "", err
		}
		info, err := f.Stat()
		if err != nil {
			f.Close()
			return "", err
		}
		binary.BigEndian.PutUint64(n[:], uint64(len(name)))
		write(n[:])
		write([]byte(name))
		binary.BigEndian.PutUint64(n[:], uint64(info.Size()))
		write(n[:])
		var read int64
		for {
			k, err := f.Read(buf[:])
			write(buf[:k])
			read += int64(k)
			if err == io.EOF {
				break
			}
			if err != nil {
				f.Close()
				return "", err
			}
		}
		f.Close()
		if read != info.Size() {
			return "", &fs.PathError{Op: "read", Path: name, Err: io.ErrUnexpectedEOF}
		}
	}
	var sum [8]byte
	binary.BigEndian.PutUint32(sum[:4], c)
	binary.BigEndian.PutUint32(sum[4:], ieee)
	return hex.EncodeToString(sum[:]), nil
}
