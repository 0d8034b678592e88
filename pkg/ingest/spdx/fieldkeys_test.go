package spdx

import (
	"strings"
	"testing"
)

// TestFieldKeys: a key as SPDX JSON writes it is found without folding,
// and to the field its folded form names; a key written otherwise is
// folded and found as encoding/json would match it; other keys, the empty
// one and keys that share a slot with a name, are skipped.
func TestFieldKeys(t *testing.T) {
	for _, tc := range []struct {
		keys  *fieldKeys
		names []fieldSlot
	}{{packageKeys(), packageKeyNames}, {externalRefKeys(), externalRefKeyNames}, {relationshipKeys(), relationshipKeyNames}} {
		want := map[string]keyField{}
		for _, n := range tc.names {
			var fold []byte
			if got := tc.keys.lookup([]byte(n.key), &fold); got != n.f || fold != nil {
				t.Errorf("%q: field %d (folded %q), want %d without folding", n.key, got, fold, n.f)
			}
			want[strings.ToLower(n.key)] = n.f
		}
		for _, n := range tc.names {
			for _, k := range []string{strings.ToUpper(n.key), strings.ToLower(n.key), strings.ToUpper(n.key[:1]) + n.key[1:], n.key + "x", n.key[1:], "x" + n.key[1:]} {
				f, ok := want[strings.ToLower(k)]
				if !ok {
					f = kSkip
				}
				var fold []byte
				if got := tc.keys.lookup([]byte(k), &fold); got != f {
					t.Errorf("%q: field %d, want %d", k, got, f)
				}
			}
		}
		var fold []byte
		for _, k := range []string{"", "x", "SPDXID\x00"} {
			if got := tc.keys.lookup([]byte(k), &fold); got != kSkip {
				t.Errorf("%q: field %d, want it skipped", k, got)
			}
		}
	}
}
