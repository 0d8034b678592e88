package spdx

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// TestBent: documents that bend the SPDX syntax the way real release SBOMs
// do are read, with a warning naming the line and the value of each bend.
func TestBent(t *testing.T) {
	for _, c := range []struct {
		file     string
		dec      func() *decoder
		warnings []string // "LINE: substring"
		party    string   // a party every reading must keep
	}{
		{"spdxid-no-prefix.spdx", tv, []string{`10: element id "Package-hms" lacks the "SPDXRef-" prefix`, `22: element id "Package-hms"`}, "Huawei Technologies Co., Ltd."},
		{"spdxid-no-prefix.spdx.json", js, []string{`9: element id "Package-hms" lacks the "SPDXRef-" prefix`, `12: element id "Package-hms"`}, "Huawei Technologies Co., Ltd."},
		{"originator-no-prefix.spdx", tv, []string{`12: PackageSupplier "Huawei Technologies Co., Ltd." has no "Organization:" or "Person:" prefix; read as a name`, `18: PackageOriginator "Anchore, Inc."`}, "Huawei Technologies Co., Ltd."},
		{"supplier-no-prefix.spdx.json", js, []string{`11: Supplier "Acme Corporation" has no "Organization:" or "Person:" prefix; read as a name`}, "Acme Corporation"},
		{"unknown-tags.spdx", tv, []string{`14: unknown tag "FIlesAnalyzed" skipped`, `21: unknown tag "FIlesAnalyzed"`, `15: unknown tag "PackageCopyrightTxt"`}, "Huawei Technologies Co., Ltd."},
		{"cr-only.spdx", tv, []string{`0: line ends are CR only`}, "Huawei Technologies Co., Ltd."},
	} {
		t.Run(c.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", "bent", c.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			inv, err := c.dec().Decode(context.Background(), f, c.file)
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			var got []string
			for _, w := range inv.Warnings {
				got = append(got, strings.TrimSpace(strings.Join([]string{strconv.Itoa(w.Line), w.Message}, ": ")))
			}
			for _, want := range c.warnings {
				found := false
				for _, g := range got {
					found = found || strings.HasPrefix(g, want)
				}
				if !found {
					t.Errorf("no warning %q among %q", want, got)
				}
			}
			if !hasParty(inv, c.party) {
				t.Errorf("party %q not read: %+v", c.party, inv.Components)
			}
			for _, comp := range inv.Components {
				for _, p := range comp.Parties {
					if p.Person {
						t.Errorf("%s: a party without its prefix was read as a person", p.Name)
					}
				}
			}
		})
	}
}

// TestBentStillRefused: a cut-off document or foreign text is no bend.
func TestBentStillRefused(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "bent", "originator-no-prefix.spdx"))
	if err != nil {
		t.Fatal(err)
	}
	foreign := string(data) + "\n<html><body>not SPDX</body></html>\n"
	if _, err := tv().Decode(context.Background(), strings.NewReader(foreign), "foreign.spdx"); err == nil {
		t.Errorf("foreign text after the document was read")
	}
	cut := `{"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "packages": [{"name": "x", "SPDXID": "Package-x"`
	if _, err := js().Decode(context.Background(), strings.NewReader(cut), "cut.spdx.json"); err == nil {
		t.Errorf("a cut-off JSON document was read")
	}
}

func tv() *decoder { return NewTagValue().(*decoder) }
func js() *decoder { return NewJSON().(*decoder) }

func hasParty(inv *inventory.Inventory, name string) bool {
	for _, c := range inv.Components {
		for _, p := range c.Parties {
			if p.Name == name {
				return true
			}
		}
	}
	return false
}

// TestCRReader: CR-only line ends become LF, CRLF stays one line end, also
// when a read ends between the CR and the LF.
func TestCRReader(t *testing.T) {
	for _, c := range []struct {
		in, want string
		sawCR    bool
	}{
		{"a\rb\r", "a\nb\n", true},
		{"a\r\nb\r\n", "a\nb\n", false},
		{"a\r\rb", "a\n\nb", true},
		{"a\nb", "a\nb", false},
	} {
		for _, oneByte := range []bool{false, true} {
			var r io.Reader = strings.NewReader(c.in)
			if oneByte {
				r = iotest.OneByteReader(r)
			}
			cr := &crReader{r: r}
			got, err := io.ReadAll(cr)
			if err != nil {
				t.Fatal(err)
			}
			// A CRLF keeps its CR when both bytes come in one read; the
			// tag-value reader trims it. Compare without CRs.
			if g := strings.ReplaceAll(string(got), "\r", ""); g != c.want || cr.sawCR != c.sawCR {
				t.Errorf("%q (one byte %v): got %q sawCR %v, want %q %v", c.in, oneByte, g, cr.sawCR, c.want, c.sawCR)
			}
		}
	}
}
