package scan

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
	"unsafe"
)

// Evidence quotes at most MaxEvidenceQuote bytes of the value it matched,
// cut at a character boundary with the value's length said; the component
// keeps its name whole, and a shorter long value is copied once for the
// component and its evidence.
func TestEvidenceQuote(t *testing.T) {
	for _, size := range []int{1000, 3 * MaxEvidenceQuote} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			// "é" is two bytes: the cut must not split one.
			name := "ZTE modem " + strings.Repeat("é", size/2)
			doc := fmt.Sprintf(`{"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"type":"device","bom-ref":"m","supplier":{"name":"ZTE Corporation"},"name":%q}]}`, name)
			p := filepath.Join(t.TempDir(), "m.cdx.json")
			if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
				t.Fatal(err)
			}
			res, err := Run(context.Background(), Options{}, p)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Attributed) != 1 {
				t.Fatalf("%d attributed, want 1", len(res.Attributed))
			}
			a := res.Attributed[0]
			if a.Component.Name != name {
				t.Errorf("the component's name is %d bytes, want %d whole", len(a.Component.Name), len(name))
			}
			quoted := 0
			for _, at := range a.Attributions {
				for _, e := range at.Evidence {
					if !strings.HasPrefix(e.Value, "ZTE modem ") {
						continue // the supplier's evidence
					}
					quoted++
					if !utf8.ValidString(e.Value) {
						t.Errorf("the quote is cut inside a character")
					}
					switch {
					case len(name) <= MaxEvidenceQuote:
						if e.Value != name {
							t.Errorf("a %d-byte value is quoted as %d bytes", len(name), len(e.Value))
						}
						if unsafe.StringData(e.Value) != unsafe.StringData(a.Component.Name) {
							t.Errorf("the evidence holds a copy of the name of its own")
						}
					default:
						suffix := fmt.Sprintf("… (%d bytes in all)", len(name))
						if !strings.HasSuffix(e.Value, suffix) || len(e.Value) > MaxEvidenceQuote+len(suffix) || !strings.HasPrefix(name, strings.TrimSuffix(e.Value, suffix)) {
							t.Errorf("a %d-byte value is quoted as %d bytes ending %q", len(name), len(e.Value), e.Value[max(0, len(e.Value)-40):])
						}
					}
				}
			}
			if quoted == 0 {
				t.Fatalf("no evidence quotes the name: %+v", a.Attributions)
			}
		})
	}
}
