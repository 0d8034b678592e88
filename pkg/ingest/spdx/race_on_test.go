//go:build race

package spdx

// raceEnabled is true under the race detector. github.com/spdx/gordf, the
// RDF parser under tools-golang's rdf reader, writes one error variable from
// several goroutines (rdfloader/parser/parser.go, parseBlock); the race
// detector reports it, so RDF decoding is skipped in -race runs.
const raceEnabled = true
