package ingest

import (
	"bytes"
	"path/filepath"
	"strings"
)

// inventoryNameSuffixes are the file-name endings that SBOM generators and
// the guides of the formats use. A file so named is meant to be read.
var inventoryNameSuffixes = []string{
	".cdx.json", ".cdx.xml", ".cyclonedx.json", ".cyclonedx.xml", ".bom.json", ".bom.xml",
	".spdx", ".spdx.json", ".spdx.yaml", ".spdx.yml", ".spdx.rdf", ".spdx.xml", ".spdx.rdf.xml",
	".spdx3.json", ".jsonld", ".syft.json", ".sbom", ".sbom.json", ".sbom.xml", "-sbom.json", "_sbom.json",
	".intoto.json", ".intoto.jsonl", ".att.json", ".sigstore.json",
}

// inventoryBaseNames are whole file names that mean an SBOM.
var inventoryBaseNames = map[string]bool{
	"bom.json": true, "bom.xml": true, "sbom.json": true, "sbom.xml": true, "sbom.spdx": true,
}

// inventoryMarkers are strings that only an SBOM or attestation carries.
var inventoryMarkers = [][]byte{
	[]byte(`"bomFormat"`), []byte(`"spdxVersion"`), []byte("SPDXVersion:"),
	[]byte("http://cyclonedx.org/schema/bom"), []byte("spdx.org/rdf/3."), []byte("https://spdx.org/rdf/terms"),
	[]byte(`"predicateType"`), []byte(`"payloadType"`),
}

// ShapedLikeInventory says why an input whose format was not recognised
// still looks like an SBOM or inventory: its name ("sbom.cdx.json") or a
// marker in its first bytes ("bomFormat"). "" when it does not.
func ShapedLikeInventory(name string, head []byte) string {
	base := strings.ToLower(filepath.Base(name))
	for _, ext := range []string{".gz", ".bz2", ".xz"} {
		base = strings.TrimSuffix(base, ext)
	}
	if inventoryBaseNames[base] {
		return "named " + filepath.Base(name)
	}
	for _, suf := range inventoryNameSuffixes {
		if strings.HasSuffix(base, suf) {
			return "named *" + suf
		}
	}
	for _, m := range inventoryMarkers {
		if bytes.Contains(head, m) {
			return "it contains " + string(m)
		}
	}
	return ""
}
