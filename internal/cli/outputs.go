package cli

import (
	"fmt"
	"os"
	"path/filepath"
)

// Output targets are checked before anything is read, and again before
// anything is written, so that a report can never destroy an input or
// another report:
//   - a target that is one of the inputs named on the command line is
//     refused before the run, and one that is an input found in a scanned
//     directory is refused before any report is written;
//   - a file named by two -o is refused (the last format would win);
//   - two formats on one stream are refused: the default or -o FORMAT on
//     standard output and -o FORMAT=/dev/stdout, or two -o on /dev/stderr.
//
// Files are compared by identity (os.SameFile) where they exist, else by
// their cleaned absolute path.

// streamNames are the paths that name the process's own streams.
var streamNames = map[string]string{
	"/dev/stdout": "standard output", "/dev/fd/1": "standard output", "/proc/self/fd/1": "standard output",
	"/dev/stderr": "standard error", "/dev/fd/2": "standard error", "/proc/self/fd/2": "standard error",
}

// targetKey identifies where a target writes: "stream:standard output",
// "file:DEV:INO" for an existing file, else "path:ABS".
func targetKey(env *Env, path string) string {
	if path == "" || path == "-" {
		return "stream:standard output"
	}
	if s, ok := streamNames[filepath.Clean(path)]; ok {
		return "stream:" + s
	}
	if st, err := os.Stat(path); err == nil {
		for name, w := range map[string]any{"standard output": env.Stdout, "standard error": env.Stderr} {
			if f, ok := w.(*os.File); ok {
				if fst, err := f.Stat(); err == nil && os.SameFile(st, fst) {
					return "stream:" + name
				}
			}
		}
		if id, ok := fileID(st); ok {
			return "file:" + id
		}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = filepath.Clean(path)
	}
	return "path:" + abs
}

// checkTargets refuses targets that are named twice, share a stream, or
// are one of the inputs named in args.
func checkTargets(env *Env, outs []outputSpec, args []string) error {
	seen := map[string]string{}
	for _, out := range outs {
		if out.file == os.DevNull {
			continue
		}
		key := targetKey(env, out.file)
		spec := "-o " + out.reporter.ID()
		if out.file != "" {
			spec += "=" + out.file
		}
		if prev, ok := seen[key]; ok {
			if len(key) > 7 && key[:7] == "stream:" {
				return usagef("%s: %s already receives %s; only one format can go to a stream: give the others a file (-o FORMAT=FILE)", spec, key[7:], prev)
			}
			return usagef("%s: the same file as %s; each format needs its own file", spec, prev)
		}
		seen[key] = spec
	}
	for _, out := range outs {
		if out.file == "" {
			continue
		}
		for _, a := range args {
			if a == "-" {
				continue
			}
			if sameInput(env, out.file, a) {
				return &hintError{err: usagef("-o %s=%s: %s is an input of this run; refusing to overwrite it", out.reporter.ID(), out.file, a),
					hint: "write the report to another file"}
			}
		}
	}
	return nil
}

// checkReadInputs refuses, after the run and before any report is written,
// a target that is a file the run read (found in a scanned directory).
func checkReadInputs(env *Env, outs []outputSpec, files []string) error {
	for _, out := range outs {
		if out.file == "" || out.file == os.DevNull {
			continue
		}
		for _, f := range files {
			if sameInput(env, out.file, f) {
				return &hintError{err: fmt.Errorf("-o %s=%s: %s was read as an input of this run; refusing to overwrite it", out.reporter.ID(), out.file, f),
					hint: "write the report to another file"}
			}
		}
	}
	return nil
}

// sameInput reports whether target and input are one file.
func sameInput(env *Env, target, input string) bool {
	ts, err1 := os.Stat(target)
	is, err2 := os.Stat(input)
	if err1 == nil && err2 == nil {
		return os.SameFile(ts, is)
	}
	return targetKey(env, target) == targetKey(env, input)
}
