package scan

import (
	"path/filepath"
	"strings"
)

// sourceExtensions are the file extensions of source code, documentation,
// images and build files. In a directory walk such files are skipped (and
// counted) without being read: they are never an SBOM or an inventory, and
// some of them quote one (a test that embeds a dmidecode dump in a string).
// A file named on the command line is always read.
var sourceExtensions = map[string]bool{
	// source code
	".go": true, ".py": true, ".pyi": true, ".js": true, ".mjs": true, ".cjs": true, ".ts": true,
	".tsx": true, ".jsx": true, ".java": true, ".kt": true, ".kts": true, ".scala": true, ".groovy": true,
	".rs": true, ".c": true, ".h": true, ".cc": true, ".cpp": true, ".cxx": true, ".hpp": true,
	".cs": true, ".fs": true, ".vb": true, ".rb": true, ".php": true, ".swift": true, ".m": true,
	".mm": true, ".pl": true, ".pm": true, ".lua": true, ".r": true, ".jl": true, ".ex": true,
	".exs": true, ".erl": true, ".hs": true, ".ml": true, ".clj": true, ".dart": true, ".zig": true,
	".sh": true, ".bash": true, ".zsh": true, ".fish": true, ".ps1": true, ".psm1": true, ".bat": true,
	".cmd": true, ".sql": true, ".proto": true, ".tmpl": true, ".tpl": true, ".mk": true,
	// documentation and markup
	".md": true, ".markdown": true, ".rst": true, ".adoc": true, ".txtar": true, ".tex": true,
	".html": true, ".htm": true, ".css": true, ".scss": true, ".less": true, ".svg": true,
	// images, fonts, documents
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".ico": true, ".webp": true, ".pdf": true,
	".ttf": true, ".otf": true, ".woff": true, ".woff2": true,
	// Go module files
	".mod": true, ".sum": true,
}

// notInventoryName says why a file found in a directory is not read ("" if
// it is): its extension marks it as source code or documentation.
func notInventoryName(path string) string {
	ext := strings.ToLower(filepath.Ext(path))
	if sourceExtensions[ext] {
		return "source code or documentation (" + ext + "), not read in a directory walk; name the file to read it"
	}
	switch strings.ToLower(filepath.Base(path)) {
	case "makefile", "dockerfile", "license", "licence", "copying", "notice", "go.work":
		return "a build or licence file, not read in a directory walk; name the file to read it"
	}
	return ""
}
