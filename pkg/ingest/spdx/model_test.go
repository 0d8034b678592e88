package spdx

import "testing"

// TestKindFastPath: the purposes kind reads without folding give what
// folding gives, and so do their other spellings.
func TestKindFastPath(t *testing.T) {
	for _, p := range spdxPurposes {
		if got, want := kind(p), foldKind(p); got != want {
			t.Errorf("kind(%q) = %q, folded %q", p, got, want)
		}
	}
	for p, want := range map[string]string{"operating_system": "operating-system", " Application ": "application", "https://spdx.org/rdf/terms#purpose_operatingSystem": "operating-system", "X": "other"} {
		if got := kind(p); string(got) != want {
			t.Errorf("kind(%q) = %q, want %q", p, got, want)
		}
	}
}
