// Package spdx is the ingest stage for SPDX documents: it recognises SPDX
// 2.1-2.3 in its JSON, tag-value, YAML and RDF/XML serializations and turns
// every Package into an inventory.Component, through
// github.com/spdx/tools-golang.
//
// It also recognises what it cannot read, so that the user gets a precise
// error instead of "unknown format": the plain-XML serialization of SPDX
// 2.x ("spdx-xml") fails with an error wrapping ingest.ErrUnsupportedVersion
// that says what to convert it to. SPDX 3.0 JSON-LD is read by package
// spdx3.
//
// Only packages become components. Files and snippets do not, so a
// file-level SBOM (an SPDX document without packages) decodes to an inventory
// with zero components; the caller decides whether that is an error.
// Copyright text, licence text and comments are never read for parties: only
// PackageSupplier and PackageOriginator are.
//
// The package must not import anything after ingest (catalog, match, policy,
// report); it returns the normalized inventory and nothing else.
package spdx
