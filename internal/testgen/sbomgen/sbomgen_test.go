package sbomgen

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func generate(t *testing.T, n int, seed int64) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := CycloneDXJSON(&b, n, seed); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestDeterministic(t *testing.T) {
	a, b := generate(t, 500, 7), generate(t, 500, 7)
	if !bytes.Equal(a, b) {
		t.Error("same seed, different output")
	}
	if c := generate(t, 500, 8); bytes.Equal(a, c) {
		t.Error("different seeds, same output")
	}
}

type comp struct {
	Type         string  `json:"type"`
	BOMRef       string  `json:"bom-ref"`
	Name         string  `json:"name"`
	PURL         string  `json:"purl"`
	CPE          string  `json:"cpe"`
	Supplier     *entity `json:"supplier"`
	Manufacturer *entity `json:"manufacturer"`
	Components   []comp  `json:"components"`
}

type entity struct {
	Name string `json:"name"`
}

func TestShape(t *testing.T) {
	for _, n := range []int{0, 1, 2, 5000} {
		data := generate(t, n, 1)
		var doc struct {
			BOMFormat    string `json:"bomFormat"`
			SpecVersion  string `json:"specVersion"`
			Components   []comp `json:"components"`
			Dependencies []struct {
				Ref string `json:"ref"`
			} `json:"dependencies"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatalf("n=%d: invalid JSON: %v", n, err)
		}
		if doc.BOMFormat != "CycloneDX" || doc.SpecVersion != "1.6" {
			t.Errorf("n=%d: header %q %q", n, doc.BOMFormat, doc.SpecVersion)
		}
		total, nested := 0, 0
		refs := map[string]bool{}
		var walk func(cs []comp, depth int)
		walk = func(cs []comp, depth int) {
			for _, c := range cs {
				total++
				if depth > 0 {
					nested++
				}
				if c.Name == "" || c.BOMRef == "" || refs[c.BOMRef] {
					t.Fatalf("n=%d: component %+v without name or with a missing or repeated bom-ref", n, c)
				}
				refs[c.BOMRef] = true
				walk(c.Components, depth+1)
			}
		}
		walk(doc.Components, 0)
		if total != n || len(doc.Dependencies) != n {
			t.Errorf("n=%d: %d components, %d dependencies", n, total, len(doc.Dependencies))
		}
		if n >= 5000 {
			if nested == 0 {
				t.Errorf("n=%d: no nested components", n)
			}
			for _, s := range []string{
				`"pkg:maven/com.huawei.hms/push@`, `"Huawei Technologies Co., Ltd."`, `"Micron Technology, Inc."`,
				`cpe:2.3:o:hikvision:`, `"Micronas GmbH"`, `pkg:maven/io.micronaut/`, `"aztec"`, `"type": "device"`, `"type": "firmware"`,
			} {
				if !strings.Contains(string(data), s) {
					t.Errorf("n=%d: no %s", n, s)
				}
			}
		}
	}
}

// TestMaxRestricted: with a cap, a document has at most that many
// restricted-vendor components, whatever its size; without, about 5 per
// thousand.
func TestMaxRestricted(t *testing.T) {
	count := func(data []byte) int {
		var doc struct {
			Components []comp `json:"components"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		n := 0
		var walk func([]comp)
		walk = func(cs []comp) {
			for _, c := range cs {
				for _, r := range restricted {
					if c.Name == r.name && c.PURL == r.purl && c.CPE == r.cpe {
						n++
					}
				}
				walk(c.Components)
			}
		}
		walk(doc.Components)
		return n
	}
	var all, capped bytes.Buffer
	if err := CycloneDXJSON(&all, 20000, 3); err != nil {
		t.Fatal(err)
	}
	if err := CycloneDXJSONWith(&capped, 20000, 3, Options{MaxRestricted: 4}); err != nil {
		t.Fatal(err)
	}
	if n := count(all.Bytes()); n < 40 {
		t.Errorf("uncapped: %d restricted components, want about 100", n)
	}
	if n := count(capped.Bytes()); n != 4 {
		t.Errorf("capped at 4: %d restricted components", n)
	}
}
