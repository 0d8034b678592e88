package collect

import (
	"encoding/json"
	"io"
)

// The CycloneDX 1.6 document collect writes, with only the fields it fills,
// named and ordered as the specification's JSON schema and the
// cyclonedx-go module name them (TestWriteMatchesCycloneDXGo compares the
// two byte for byte). The module itself is not linked into the program:
// its initialisation, with encoding/gob's, cost every command about a
// millisecond of start-up for the one that writes a BOM.

// SpecVersion and Schema are the CycloneDX version collect writes.
const (
	SpecVersion = "1.6"
	Schema      = "http://cyclonedx.org/schema/bom-1.6.schema.json"
)

// BOM is a CycloneDX document.
type BOM struct {
	JSONSchema  string      `json:"$schema,omitempty"`
	BOMFormat   string      `json:"bomFormat"`
	SpecVersion string      `json:"specVersion"`
	Version     int         `json:"version"`
	Metadata    *Metadata   `json:"metadata,omitempty"`
	Components  []Component `json:"components,omitempty"`
}

// Metadata is the BOM's metadata: when, by what, and of what machine.
type Metadata struct {
	Timestamp string     `json:"timestamp,omitempty"`
	Tools     *Tools     `json:"tools,omitempty"`
	Component *Component `json:"component,omitempty"`
}

// Tools are the tools that made the BOM (the CycloneDX 1.5+ form).
type Tools struct {
	Components []Component `json:"components"`
}

// ComponentType is a CycloneDX component type.
type ComponentType string

// The component types collect writes.
const (
	ComponentTypeApplication ComponentType = "application"
	ComponentTypeDevice      ComponentType = "device"
	ComponentTypeFirmware    ComponentType = "firmware"
)

// Component is a CycloneDX component.
type Component struct {
	BOMRef       string                `json:"bom-ref,omitempty"`
	Type         ComponentType         `json:"type"`
	Supplier     *OrganizationalEntity `json:"supplier,omitempty"`
	Manufacturer *OrganizationalEntity `json:"manufacturer,omitempty"`
	Name         string                `json:"name"`
	Version      string                `json:"version,omitempty"`
	Properties   []Property            `json:"properties,omitempty"`
}

// OrganizationalEntity is a manufacturer or supplier, by name.
type OrganizationalEntity struct {
	Name string `json:"name"`
}

// Property is a name-value property.
type Property struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Write encodes the BOM as indented CycloneDX 1.6 JSON.
func (r *Result) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r.BOM)
}
