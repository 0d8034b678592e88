// Package policies embeds the data that ships with vendorcheck: the vendor
// catalog (vendors/*.yaml), one policy file per restriction list
// (<jurisdiction>/*.yaml) and the JSON Schemas for both (schema/).
package policies

import "embed"

// FS holds the shipped vendor, policy and schema files. The pattern
// */*.yaml covers vendors/*.yaml and every jurisdiction directory.
//
//go:embed */*.yaml schema/*.json
var FS embed.FS
