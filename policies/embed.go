// Package policies embeds the data bundle that ships with vendorcheck: the
// vendor catalog (vendors/*.yaml), one policy file per restriction list
// (<jurisdiction>/*.yaml), the JSON Schemas for both (schema/), the
// bundle's manifest (manifest.yaml: version, build date, schema) and its
// CHANGELOG.md. docs/data.md describes the layout; pkg/databundle reads it.
package policies

import "embed"

// FS holds the shipped bundle. The pattern */*.yaml covers vendors/*.yaml
// and every jurisdiction directory.
//
//go:embed */*.yaml schema/*.json manifest.yaml CHANGELOG.md
var FS embed.FS
