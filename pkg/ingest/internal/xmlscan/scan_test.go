package xmlscan

import (
	"strings"
	"testing"
)

// TestNULIsIllegal: a NUL byte in text or in an attribute value is an
// illegal character, as encoding/xml says; it once ended text like the
// '<' of a tag ("\x00a>" read as a start tag <a>).
func TestNULIsIllegal(t *testing.T) {
	for _, in := range []string{"\x00<a/>", "<!x>\x00a>\n<b/>", "<a>\x00b></a>", `<a x="1` + "\x00" + `"/>`} {
		s := New(strings.NewReader(in), 100)
		err := s.Root()
		if err == nil {
			for {
				var more bool
				if more, err = s.NextChild(); err != nil || !more {
					break
				}
			}
		}
		if err == nil || !strings.Contains(err.Error(), "U+0000") {
			t.Errorf("%q: error %v, want illegal character code U+0000", in, err)
		}
	}
}
