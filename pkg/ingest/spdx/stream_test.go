package spdx_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/internal/testgen/fuzzcheck"
	"github.com/vendorcheck/vendorcheck/internal/testgen/sbomgen"
	"github.com/vendorcheck/vendorcheck/internal/testgen/streamcheck"
	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/spdx"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// TestStreamMatchesDecode: Stream hands out the packages Decode returns,
// in Decode's order once sorted by ord, on every SPDX JSON file of the
// repository's testdata, a generated document, documents whose version or
// relationships come after the packages, and prefixes of them (same
// error).
func TestStreamMatchesDecode(t *testing.T) {
	d := spdx.NewJSON()
	decoded := 0
	for _, path := range fuzzcheck.TestdataFiles(t, ".json") {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !d.Identify(data) {
			continue
		}
		if streamcheck.Same(t, d, path, data) {
			decoded++
		}
	}
	if decoded < 5 {
		t.Errorf("only %d files decoded", decoded)
	}
	var gen bytes.Buffer
	if err := sbomgen.SPDXJSON(&gen, 300, 7); err != nil {
		t.Fatal(err)
	}
	const pkgs = `"packages":[{"SPDXID":"SPDXRef-a","name":"A","supplier":"Organization: Huawei","primaryPackagePurpose":"DEVICE"},` +
		`{"SPDXID":"SPDXRef-b","name":" B ","originator":"Person: X (x@y.z)","externalRefs":[{"referenceCategory":"PACKAGE-MANAGER","referenceType":"purl","referenceLocator":"pkg:npm/b@1"}]}]`
	cases := map[string]string{
		"generated":       gen.String(),
		"version first":   `{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"doc",` + pkgs + `,"relationships":[{"spdxElementId":"SPDXRef-DOCUMENT","relationshipType":"DESCRIBES","relatedSpdxElement":"SPDXRef-b"}]}`,
		"version last":    `{"SPDXID":"SPDXRef-DOCUMENT","name":"doc",` + pkgs + `,"relationships":[{"spdxElementId":"SPDXRef-DOCUMENT","relationshipType":"DESCRIBES","relatedSpdxElement":"SPDXRef-a"}],"spdxVersion":"SPDX-2.3"}`,
		"version 2.2":     `{"spdxVersion":"SPDX-2.2","SPDXID":"SPDXRef-DOCUMENT","name":"doc","documentDescribes":["SPDXRef-a"],` + pkgs + `}`,
		"describes first": `{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"doc","relationships":[{"spdxElementId":"SPDXRef-b","relationshipType":"DESCRIBED_BY","relatedSpdxElement":"SPDXRef-DOCUMENT"}],` + pkgs + `}`,
		"two described":   `{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"doc","documentDescribes":["SPDXRef-a","SPDXRef-b"],` + pkgs + `}`,
		"no packages":     `{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"doc"}`,
		// What the document describes, listed before the packages, and
		// then again or otherwise by relationships after them.
		"described first, and another": `{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"doc","documentDescribes":["SPDXRef-a"],` + pkgs + `,"relationships":[{"spdxElementId":"SPDXRef-DOCUMENT","relationshipType":"DESCRIBES","relatedSpdxElement":"SPDXRef-b"}]}`,
		"described first, and again":   `{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"doc","documentDescribes":["SPDXRef-b","SPDXRef-b"],` + pkgs + `,"relationships":[{"spdxElementId":"SPDXRef-DOCUMENT","relationshipType":"DESCRIBES","relatedSpdxElement":"SPDXRef-b"}]}`,
		"described first, twice":       `{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"doc","documentDescribes":["SPDXRef-b"],` + pkgs + `,"documentdescribes":["SPDXRef-b"]}`,
		"described first, two ids":     `{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"doc","documentDescribes":["SPDXRef-b","SPDXRef-a","SPDXRef-b"],` + pkgs + `}`,
		"described first, no prefix":   `{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"doc","documentDescribes":["b"],` + pkgs + `}`,
		"described first, none":        `{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"doc","documentDescribes":["NONE"],"packages":[{"name":"no id"}]}`,
		// SPDX 2.1 does not read documentDescribes: the relationship
		// after the packages names the host.
		"version 2.1 described first": `{"spdxVersion":"SPDX-2.1","SPDXID":"SPDXRef-DOCUMENT","name":"doc","documentDescribes":["SPDXRef-a"],` + pkgs + `,"relationships":[{"spdxElementId":"SPDXRef-DOCUMENT","relationshipType":"DESCRIBES","relatedSpdxElement":"SPDXRef-b"}]}`,
	}
	for name, doc := range cases {
		if !streamcheck.Same(t, d, name, []byte(doc)) {
			t.Errorf("%s: not decoded", name)
		}
		for i := 1; i < len(doc); i += 1 + len(doc)/200 {
			streamcheck.Same(t, d, fmt.Sprintf("%s[:%d]", name, i), []byte(doc[:i]))
		}
	}
	// Refused alike: an unsupported version before or after the packages,
	// a package that does not parse.
	for name, doc := range map[string]string{
		"version 3 first": `{"spdxVersion":"SPDX-3.0",` + pkgs + `}`,
		"version 3 last":  `{` + pkgs + `,"spdxVersion":"SPDX-3.0"}`,
		"bad package":     `{"spdxVersion":"SPDX-2.3","packages":[{"SPDXID":"SPDXRef-a","name":"A"},{"supplier":7}]}`,
	} {
		if streamcheck.Same(t, d, name, []byte(doc)) {
			t.Errorf("%s: decoded", name)
		}
	}
}

// TestStreamEmitError: an error from emit stops the stream and is
// returned as it is.
func TestStreamEmitError(t *testing.T) {
	var gen bytes.Buffer
	if err := sbomgen.SPDXJSON(&gen, 100, 1); err != nil {
		t.Fatal(err)
	}
	stop := errors.New("stop")
	n := 0
	_, err := spdx.NewJSON().(ingest.Streamer).Stream(context.Background(), &gen, "gen.json", func(int64, *inventory.Component) error {
		n++
		if n == 3 {
			return stop
		}
		return nil
	})
	if err != stop || n != 3 {
		t.Fatalf("err %v after %d components, want the emit error after 3", err, n)
	}
}

// An id documentDescribes cannot hold is an error of SPDX 2.2 and 2.3,
// wherever the version is written; SPDX 2.1 has no documentDescribes
// (tools-golang's 2.1 model ignores it), so there it is not read at all.
// The first error in the document is the one reported.
func TestDocumentDescribesByVersion(t *testing.T) {
	const pkg = `"packages":[{"SPDXID":"SPDXRef-a","name":"A"}]`
	for _, tc := range []struct {
		name, doc, err string
	}{
		{"2.3, version first", `{"spdxVersion":"SPDX-2.3","documentDescribes":[""],` + pkg + `}`, "failed to parse ElementID"},
		{"2.2, version last", `{"documentDescribes":["SPDXRef-"],` + pkg + `,"spdxVersion":"SPDX-2.2"}`, "failed to parse ElementID"},
		{"2.3, not an array", `{"spdxVersion":"SPDX-2.3","documentDescribes":"SPDXRef-a",` + pkg + `}`, "documentDescribes must be an array"},
		{"2.3, a later error too", `{"spdxVersion":"SPDX-2.3","documentDescribes":[""],"packages":[{"SPDXID":"SPDXRef-","name":"A"}]}`, "failed to parse ElementID: \n"},
		{"2.3, an earlier error too", `{"spdxVersion":"SPDX-2.3","packages":[{"SPDXID":"SPDXRef-a","name":"A","externalRefs":"x"}],"documentDescribes":[""]}`, "externalRefs"},
		{"2.1, version first", `{"spdxVersion":"SPDX-2.1","documentDescribes":[""],` + pkg + `}`, ""},
		{"2.1, version last", `{"documentDescribes":"x",` + pkg + `,"spdxVersion":"SPDX-2.1"}`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, mode := range []string{"decode", "stream"} {
				var err error
				r := strings.NewReader(tc.doc)
				if mode == "decode" {
					_, err = spdx.NewJSON().Decode(context.Background(), r, "d.json")
				} else {
					_, err = spdx.NewJSON().(ingest.Streamer).Stream(context.Background(), r, "d.json", func(int64, *inventory.Component) error { return nil })
				}
				switch {
				case tc.err == "" && err != nil:
					t.Errorf("%s: %v, want it read", mode, err)
				case tc.err != "" && (err == nil || !strings.Contains(err.Error()+"\n", tc.err)):
					t.Errorf("%s: error %v, want one saying %q", mode, err, tc.err)
				}
			}
		})
	}
}
