package sbomgen

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestSPDXJSON(t *testing.T) {
	const n = 3000
	var a, b, c bytes.Buffer
	if err := SPDXJSON(&a, n, 1); err != nil {
		t.Fatal(err)
	}
	if err := SPDXJSON(&b, n, 1); err != nil {
		t.Fatal(err)
	}
	if err := SPDXJSON(&c, n, 2); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("same seed, different documents")
	}
	if bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Error("different seeds, same document")
	}
	var doc struct {
		SPDXVersion string `json:"spdxVersion"`
		Packages    []struct {
			Name     string `json:"name"`
			SPDXID   string `json:"SPDXID"`
			Supplier string `json:"supplier"`
		} `json:"packages"`
		Relationships []json.RawMessage `json:"relationships"`
	}
	if err := json.Unmarshal(a.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.SPDXVersion != "SPDX-2.3" || len(doc.Packages) != n || len(doc.Relationships) != n-1 {
		t.Fatalf("version %q, %d packages, %d relationships", doc.SPDXVersion, len(doc.Packages), len(doc.Relationships))
	}
	ids := map[string]bool{}
	huawei := 0
	for _, p := range doc.Packages {
		ids[p.SPDXID] = true
		if strings.Contains(p.Supplier, "Huawei") {
			huawei++
		}
	}
	if len(ids) != n {
		t.Errorf("%d distinct SPDXIDs for %d packages", len(ids), n)
	}
	// About 0.5% restricted, a third of them Huawei suppliers: expect a few.
	if huawei == 0 || huawei > n/100 {
		t.Errorf("%d Huawei suppliers in %d packages", huawei, n)
	}
	if err := SPDXJSON(&bytes.Buffer{}, 0, 1); err == nil {
		t.Error("n = 0 accepted")
	}
}
