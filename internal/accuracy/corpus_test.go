package accuracy

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/vendorcheck/vendorcheck/pkg/catalog"
	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/attestation"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/cyclonedx"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/dmidecode"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/glpi"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/hwsheet"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/lshw"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/lspci"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/lsusb"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/msecli"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/netbox"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/nmap"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/nvmecli"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/osquery"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/redfish"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/smartctl"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/spdx"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/spdx3"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/syftjson"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/sysprofiler"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
	"github.com/vendorcheck/vendorcheck/pkg/match"
	"github.com/vendorcheck/vendorcheck/policies"
)

const expectedFile = "../../testdata/accuracy/corpus-expected.tsv"

// asOf fixes the date at which undated components are judged (Honor,
// Lexar, Lorex, Elpida), so the test does not change with the calendar.
var asOf = time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

// registry lists every input format with a corpus in the repository.
func registry() *ingest.Registry {
	return ingest.NewRegistry(
		cyclonedx.NewJSON(), cyclonedx.NewXML(),
		spdx3.New(), syftjson.New(), attestation.New(cyclonedx.NewJSON(), spdx3.New(), spdx.NewJSON()), spdx.NewJSON(), spdx.NewTagValue(), spdx.NewYAML(), spdx.NewRDF(), spdx.NewXML(),
		dmidecode.New(), lshw.NewJSON(), lshw.NewXML(), lspci.New(), lsusb.New(), smartctl.NewText(), smartctl.NewJSON(), nvmecli.New(), msecli.New(), sysprofiler.NewJSON(), sysprofiler.NewText(), sysprofiler.NewXML(), osquery.New(), glpi.New(),
		netbox.New(), nmap.New(), redfish.New(), redfish.NewBMCLib(),
		hwsheet.NewCSV(hwsheet.Options{}),
	)
}

// key names one attribution: corpus file (relative to pkg/ingest),
// component reference, entity.
type key struct{ file, ref, entity string }

// ref is how the expectations file names a component: its own reference
// if it has one, else its line, else its path of names.
func ref(c *inventory.Component) string {
	switch {
	case c.Location.Ref != "":
		return c.Location.Ref
	case c.Location.Line > 0:
		return fmt.Sprintf("line %d", c.Location.Line)
	}
	return strings.Join(append(append([]string{}, c.Location.Path...), c.Name), "/")
}

func corpusFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../../pkg/ingest/*/testdata/corpus/*")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range files {
		if filepath.Base(f) != "SOURCES.md" {
			out = append(out, f)
		}
	}
	sort.Strings(out)
	if len(out) < 50 {
		t.Fatalf("only %d corpus files found", len(out))
	}
	return out
}

// TestCorpusAttributions decodes every corpus file and checks the
// attributions at the default confidence (medium) against
// corpus-expected.tsv in both directions: every expected attribution is
// found, and nothing else is attributed.
func TestCorpusAttributions(t *testing.T) {
	cat, err := catalog.LoadFS(policies.FS, "vendors")
	if err != nil {
		t.Fatal(err)
	}
	m, err := match.New(cat)
	if err != nil {
		t.Fatal(err)
	}
	reg := registry()
	got := map[key]string{}
	var comps, files, skipped int
	for _, f := range corpusFiles(t) {
		rel := strings.TrimPrefix(filepath.ToSlash(f), "../../pkg/ingest/")
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		inv, err := reg.Decode(context.Background(), fh, rel)
		fh.Close()
		switch {
		case errors.Is(err, ingest.ErrUnsupportedVersion):
			// SPDX XML is recognised but not read: the
			// decoder says so, which is what scan reports too.
			t.Logf("not checked: %v", err)
			skipped++
			continue
		case err != nil && strings.HasPrefix(rel, "hwsheet/") && errors.Is(err, ingest.ErrMalformed):
			// A sheet without a vendor column needs --columns; the
			// Snipe-IT samples hold mock company names only.
			t.Logf("not checked: %v", err)
			skipped++
			continue
		case err != nil:
			t.Errorf("%s: %v", rel, err)
			continue
		}
		files++
		for i := range inv.Components {
			c := &inv.Components[i]
			comps++
			for _, a := range m.Match(c, match.Context{AsOf: asOf}) {
				// ACCURACY_DUMP=1 prints every attribution, low ones too,
				// for reviewing corpus-expected.tsv after a catalog change.
				if os.Getenv("ACCURACY_DUMP") != "" {
					fmt.Printf("%s\t%s\t%s\t%s\t%s\t%s\n", rel, ref(c), a.Entity, a.Confidence, a.Relation, a.Evidence[0].Rule+" "+a.Evidence[0].Field+"="+a.Evidence[0].Value)
				}
				if a.Confidence < match.Medium {
					continue
				}
				got[key{rel, ref(c), a.Entity}] = fmt.Sprintf("%s %s by %s (%s %q)", a.Confidence, a.Relation, a.Evidence[0].Rule, a.Evidence[0].Field, a.Evidence[0].Value)
			}
		}
	}
	want := loadExpected(t, cat)
	for k, why := range want {
		if _, ok := got[k]; !ok {
			t.Errorf("%s %s: want %s (%s), not attributed at medium or above", k.file, k.ref, k.entity, why)
		}
	}
	for k, how := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s %s: unexpected attribution to %s: %s", k.file, k.ref, k.entity, how)
		}
	}
	t.Logf("%d corpus files decoded (%d not checked), %d components, %d attributions at medium or above, %d expected",
		files, skipped, comps, len(got), len(want))
	if skipped > 6 {
		t.Errorf("%d corpus files could not be decoded; a decoder regressed", skipped)
	}
}

func loadExpected(t *testing.T, cat *catalog.Catalog) map[key]string {
	t.Helper()
	data, err := os.ReadFile(expectedFile)
	if err != nil {
		t.Fatal(err)
	}
	want := map[key]string{}
	for i, l := range strings.Split(string(data), "\n") {
		if i == 0 || l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		cols := strings.Split(l, "\t")
		if len(cols) != 4 {
			t.Fatalf("%s:%d: %d columns, want 4 (file, component, entity, why)", expectedFile, i+1, len(cols))
		}
		if _, ok := cat.Get(cols[2]); !ok {
			t.Fatalf("%s:%d: unknown entity %q", expectedFile, i+1, cols[2])
		}
		k := key{cols[0], cols[1], cols[2]}
		if _, dup := want[k]; dup {
			t.Fatalf("%s:%d: duplicate row", expectedFile, i+1)
		}
		want[k] = cols[3]
	}
	return want
}
