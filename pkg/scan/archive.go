package scan

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/report"
)

// MaxArchiveMembers bounds the members of one zip archive that are read.
const MaxArchiveMembers = 10_000

var zipMagic = []byte("PK\x03\x04")

// isZip reports whether the file at p starts like a zip archive.
func isZip(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	var head [4]byte
	n, _ := io.ReadFull(f, head[:])
	return bytes.Equal(head[:n], zipMagic)
}

// expandZip turns a zip archive of inventories into one input per member,
// named "archive.zip!/member", read like the files of a directory: members
// of no recognised format are skipped. A workbook (XLSX is a zip archive
// too) is one input, read by the sheet decoder.
func expandZip(p string) ([]Input, []report.Error) {
	zr, err := zip.OpenReader(p)
	if err != nil {
		return nil, []report.Error{{File: p, Message: p + ": zip archive: " + cleanPathErr(err)}}
	}
	defer zr.Close()
	if isWorkbook(zr.File) {
		return []Input{fileInput(p, true)}, nil
	}
	var ins []Input
	members := 0
	for _, f := range zr.File {
		if f.FileInfo().IsDir() {
			continue
		}
		name := p + "!/" + f.Name
		members++
		if members > MaxArchiveMembers {
			return ins, []report.Error{{File: p, Message: fmt.Sprintf("%s: zip archive: more than %d members; only the first %d were read", p, MaxArchiveMembers, MaxArchiveMembers)}}
		}
		if why := notInventoryName(f.Name); why != "" {
			ins = append(ins, Input{Name: name, skip: why})
			continue
		}
		if !f.Mode().IsRegular() {
			ins = append(ins, Input{Name: name, skip: "not a regular file in the archive"})
			continue
		}
		if m := strings.ToLower(path.Ext(f.Name)); m == ".zip" || m == ".jar" || m == ".war" {
			ins = append(ins, Input{Name: name, skip: "an archive inside an archive is not opened; extract it first"})
			continue
		}
		member := f.Name
		ins = append(ins, Input{Name: name, archived: true, open: func() (io.ReadCloser, error) {
			zr, err := zip.OpenReader(p)
			if err != nil {
				return nil, fmt.Errorf("zip archive: %w", err)
			}
			for _, f := range zr.File {
				if f.Name == member {
					rc, err := f.Open()
					if err != nil {
						zr.Close()
						return nil, fmt.Errorf("zip archive: %w", err)
					}
					return &zipMember{ReadCloser: rc, archive: zr}, nil
				}
			}
			zr.Close()
			return nil, fmt.Errorf("zip archive: member %q is gone", member)
		}})
	}
	return ins, nil
}

// isWorkbook reports whether a zip archive is an Office Open XML workbook.
func isWorkbook(files []*zip.File) bool {
	var types, xl bool
	for _, f := range files {
		types = types || f.Name == "[Content_Types].xml"
		xl = xl || strings.HasPrefix(f.Name, "xl/")
	}
	return types && xl
}

// zipMember closes its archive with itself.
type zipMember struct {
	io.ReadCloser
	archive *zip.ReadCloser
}

func (z *zipMember) Close() error {
	err := z.ReadCloser.Close()
	if cerr := z.archive.Close(); err == nil {
		err = cerr
	}
	return err
}

// spoolStdinArchive looks at the first bytes of standard input when "-" is
// among paths: a zip archive is copied, through max bytes, to a temporary
// file, whose path is returned (the caller removes it), so that it is
// opened like an archive named on the command line; anything else is
// returned as a reader that still starts at its first byte.
func spoolStdinArchive(stdin io.Reader, paths []string, max int64) (io.Reader, string, error) {
	if stdin == nil || !slices.Contains(paths, "-") {
		return stdin, "", nil
	}
	br := bufio.NewReader(stdin)
	head, _ := br.Peek(len(zipMagic))
	if !bytes.Equal(head, zipMagic) {
		return br, "", nil
	}
	f, err := os.CreateTemp("", "vendorcheck-stdin-*.zip")
	if err != nil {
		return nil, "", fmt.Errorf("zip archive: no room for a copy: %w", err)
	}
	n, err := io.Copy(f, io.LimitReader(br, max+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	switch {
	case err != nil:
		os.Remove(f.Name())
		return nil, "", fmt.Errorf("zip archive: %w", err)
	case n > max:
		os.Remove(f.Name())
		return nil, "", fmt.Errorf("%w: zip archive on standard input larger than %s (--max-input-size)", ingest.ErrTooLarge, ingest.FormatSize(max))
	}
	return nil, f.Name(), nil
}
