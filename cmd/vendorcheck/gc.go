package main

import (
	"os"
	"runtime"
	"runtime/debug"
)

// Garbage collection for a command-line run. Most runs (a CI step checking
// one SBOM, `version`, `--help`) allocate a few megabytes and exit; at
// Go's default pace they still collected two or three times on the way,
// because the first collection comes at a 4 MB heap. startGC lets the heap
// reach 16 MB before the first collection (GOGC 400) and goes back to the
// default pace from that collection on, so a large run's memory after its
// first 16 MB is what it was. A GOGC set in the environment is left alone.
const startGCPercent = 400

func startGC() {
	if os.Getenv("GOGC") != "" {
		return
	}
	debug.SetGCPercent(startGCPercent)
	// A finalizer runs once the object it is set on has been found
	// unreachable: after the first collection.
	runtime.SetFinalizer(new(sentinel), func(*sentinel) { debug.SetGCPercent(100) })
}

type sentinel struct {
	_ *int // not a tiny allocation, which may share a block and never be finalized
	_ [16]byte
}
