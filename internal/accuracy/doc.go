// Package accuracy holds the end-to-end attribution test over the real
// corpus files in the repository (pkg/ingest/*/testdata/corpus): each file
// is decoded by the format decoders and matched against the shipped
// catalog, and the attributions are compared in both directions with
// testdata/accuracy/corpus-expected.tsv.
//
// It is a test-only package: it exists so that the test may import the
// decoders and the matcher together without an import cycle (package
// match must not import ingest). It has no API.
package accuracy
