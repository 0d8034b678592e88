package main

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// startGC raises the pace until the first collection and restores the
// default after it; with GOGC set it changes nothing.
func TestStartGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))

	t.Setenv("GOGC", "")
	startGC()
	if got := debug.SetGCPercent(startGCPercent); got != startGCPercent {
		t.Fatalf("GC percent after startGC = %d, want %d", got, startGCPercent)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		runtime.GC() // the sentinel is unreachable: its finalizer is queued
		runtime.Gosched()
		if got := debug.SetGCPercent(-1); got == 100 {
			break
		} else {
			debug.SetGCPercent(got)
		}
		if time.Now().After(deadline) {
			t.Fatal("GC percent still not 100 after collections")
		}
		time.Sleep(10 * time.Millisecond)
	}

	debug.SetGCPercent(250)
	t.Setenv("GOGC", "250")
	startGC()
	if got := debug.SetGCPercent(100); got != 250 {
		t.Fatalf("with GOGC set, GC percent = %d, want 250 (left alone)", got)
	}
}
