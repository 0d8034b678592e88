package html

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestJSONStringSafeInScript: every string survives the trip through the
// data block's encoding unchanged (bytes that are not UTF-8 become U+FFFD,
// as a browser's decoder would make them), and the encoding holds nothing
// that could end the script element or start a comment in it.
func TestJSONStringSafeInScript(t *testing.T) {
	for _, s := range []string{
		"", "plain", `</script><script>alert(1)</script>`, "<!--", "-->", "<![CDATA[", "a&amp;b", `"quoted" \back\`,
		"line\nbreak\r\ttab\x00nul\x1b[2J\x7f", "sep\u2028\u2029", "c1\u0085\u009b", "bidi\u202eZTE\u202c", "bad\xffutf8\xc3",
		"emoji 😀 and ü", strings.Repeat("<", 100),
	} {
		var b bytes.Buffer
		writeJSONString(&b, s)
		enc := b.String()
		if strings.ContainsAny(enc, "<>&\u2028\u2029\n\r") {
			t.Errorf("%q encodes as %q: it holds a character that is not safe in a script element", s, enc)
		}
		var got string
		if err := json.Unmarshal(b.Bytes(), &got); err != nil {
			t.Fatalf("%q encodes as %q, not JSON: %v", s, enc, err)
		}
		if want := strings.ToValidUTF8(s, "\uFFFD"); got != want {
			t.Errorf("%q came back as %q", s, got)
		}
	}
}
