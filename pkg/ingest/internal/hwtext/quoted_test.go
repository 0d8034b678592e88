package hwtext

import (
	"bytes"
	"testing"
)

// ContainsQuoted agrees with a bytes.Contains for each needle, at every
// cut of the inputs (a needle at the very start, the very end, cut short).
func TestContainsQuoted(t *testing.T) {
	needles := []string{`"PNPDeviceID"`, `"__CLASS"`, `"application/vnd.dev.sigstore.bundle`}
	docs := []string{
		`{"PNPDeviceID": "PCI\\VEN_8086"}`,
		`[{"Name":"x","__CLASS":"Win32_BIOS"}]`,
		`{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json"}`,
		`{"PNPDeviceId": "x", "__CLAS": 1, "PNPDeviceID : 2}`,
		`"""""PNPDeviceID"`,
		`no quotes at all`,
		``,
	}
	for _, d := range docs {
		for cut := 0; cut <= len(d); cut++ {
			head := []byte(d[:cut])
			want := false
			for _, n := range needles {
				want = want || bytes.Contains(head, []byte(n))
			}
			if got := ContainsQuoted(head, needles...); got != want {
				t.Errorf("ContainsQuoted(%q) = %v, want %v", head, got, want)
			}
		}
	}
}

func FuzzContainsQuoted(f *testing.F) {
	f.Add([]byte(`{"PNPDeviceID": 1}`), `"PNPDeviceID"`)
	f.Fuzz(func(t *testing.T, head []byte, needle string) {
		if len(needle) < 2 || needle[0] != '"' {
			return
		}
		if got, want := ContainsQuoted(head, needle), bytes.Contains(head, []byte(needle)); got != want {
			t.Fatalf("ContainsQuoted(%q, %q) = %v, want %v", head, needle, got, want)
		}
	})
}
