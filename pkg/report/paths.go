package report

import (
	"path/filepath"
	"strings"
)

// RepoPath returns file as a slash-separated path relative to
// opt.SourceRoot (the repository root), for the formats that code hosts
// resolve against their checkout (SARIF, Code Quality). A relative file is
// first taken relative to opt.WorkDir. ok is false when there is no root,
// or the file lies outside it, or is not a file ("-").
func (opt Options) RepoPath(file string) (rel string, ok bool) {
	if opt.SourceRoot == "" || file == "" || file == "-" {
		return "", false
	}
	abs := file
	if !filepath.IsAbs(abs) {
		if opt.WorkDir == "" {
			return "", false
		}
		abs = filepath.Join(opt.WorkDir, abs)
	}
	r, err := filepath.Rel(opt.SourceRoot, abs)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) || filepath.IsAbs(r) {
		return "", false
	}
	return filepath.ToSlash(r), true
}
