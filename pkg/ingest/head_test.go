package ingest

import (
	"bytes"
	"testing"
)

// Head.ContainsQuoted agrees with a bytes.Contains for each needle, at
// every cut of the inputs (a needle at the very start, the very end, cut
// short), asked one needle at a time and all at once of the same Head.
func TestHeadContainsQuoted(t *testing.T) {
	needles := []string{`"PNPDeviceID"`, `"__CLASS"`, `"application/vnd.dev.sigstore.bundle`, `"name"`, `"ab"`, `"@od`, `"0123456789abcdef`}
	docs := []string{
		`{"PNPDeviceID": "PCI\\VEN_8086"}`,
		`[{"Name":"x","__CLASS":"Win32_BIOS"}]`,
		`{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json"}`,
		`{"PNPDeviceId": "x", "__CLAS": 1, "PNPDeviceID : 2}`,
		`"""""PNPDeviceID"`,
		"\xef\xbb\xbf{\"name\": 1}",
		`{"nam": "name"}`,
		`{"x": "ab"}`,
		`{"@odata.type": "#x"}`,
		`{"k": "0123456789abcdefgh"}`,
		`no quotes at all`,
		``,
	}
	for _, d := range docs {
		for cut := 0; cut <= len(d); cut++ {
			head := StripBOM([]byte(d[:cut]))
			h := NewHead([]byte(d[:cut]))
			any := false
			for _, n := range needles {
				want := bytes.Contains(head, []byte(n))
				any = any || want
				if got := h.ContainsQuoted(n); got != want {
					t.Errorf("ContainsQuoted(%q) in %q = %v, want %v", n, head, got, want)
				}
			}
			if got := NewHead([]byte(d[:cut])).ContainsQuoted(needles...); got != any {
				t.Errorf("ContainsQuoted(all) in %q = %v, want %v", head, got, any)
			}
		}
	}
}

func TestHeadContainsQuotedRefusesShortNeedles(t *testing.T) {
	for _, n := range []string{`"ab`, `abcd`, ``, `"a"bcd`, `"`} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("ContainsQuoted(%q) did not panic", n)
				}
			}()
			NewHead([]byte(`{"abc": 1}`)).ContainsQuoted(n)
		}()
	}
}

func FuzzHeadContainsQuoted(f *testing.F) {
	f.Add([]byte(`{"PNPDeviceID": 1}`), `"PNPDeviceID"`, `"name"`)
	f.Fuzz(func(t *testing.T, head []byte, a, b string) {
		h := NewHead(head)
		head = StripBOM(head)
		for _, n := range []string{a, b} {
			if !validNeedle(n) {
				continue
			}
			if got, want := h.ContainsQuoted(n), bytes.Contains(head, []byte(n)); got != want {
				t.Fatalf("ContainsQuoted(%q) in %q = %v, want %v", n, head, got, want)
			}
		}
	})
}

// validNeedle reports whether ContainsQuoted takes n.
func validNeedle(n string) (ok bool) {
	defer func() { ok = recover() == nil }()
	needleKey(n)
	return true
}
