package attestation_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/attestation"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/cyclonedx"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/hwtext/hwgolden"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/spdx"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/spdx3"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

func newDecoder() ingest.Decoder {
	return attestation.New(cyclonedx.NewJSON(), spdx3.New(), spdx.NewJSON())
}

// registry puts the attestation decoder beside the SBOM decoders, as the
// scan pipeline does, so that detection is tested too.
func registry() *ingest.Registry {
	return ingest.NewRegistry(cyclonedx.NewJSON(), spdx3.New(), spdx.NewJSON(), newDecoder())
}

func decodeFile(t *testing.T, path string) (*inventory.Inventory, error) {
	return hwgolden.Read(t, registry(), path)
}

// TestGolden pins what every corpus file and fixture yields (go test -update).
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/corpus/*.json*")
	fixtures, _ := filepath.Glob("testdata/fixtures/*.json*")
	if len(files) < 5 || len(fixtures) < 7 {
		t.Fatalf("expected corpus and fixtures, found %d and %d", len(files), len(fixtures))
	}
	hwgolden.Each(t, append(files, fixtures...), hwgolden.GoldenName, decodeFile, func(t *testing.T, path string, inv *inventory.Inventory) {
		if inv.Format != attestation.ID || !strings.HasSuffix(inv.SpecVersion, "signatures not verified") {
			t.Errorf("format %q, version %q", inv.Format, inv.SpecVersion)
		}
		for _, c := range inv.Components {
			if c.Location.File != filepath.ToSlash(path) || c.Location.Line == 0 || !hasProp(c, "attestation:signature", attestation.NotVerified) {
				t.Errorf("component %q: location %+v, properties %+v", c.Name, c.Location, c.Properties)
			}
		}
	})
}

func hasProp(c inventory.Component, name, value string) bool {
	for _, p := range c.Properties {
		if p.Name == name && p.Value == value {
			return true
		}
	}
	return false
}

func TestShapes(t *testing.T) {
	for _, tc := range []struct {
		file, version, host string
		comps               int
	}{
		{"corpus/trivy-sigstore-bundle.json", "in-toto Statement v0.1 (Sigstore bundle), cyclonedx-json 1.4 predicate", "ghcr.io/ringodev/demo-sbom", 3},
		{"corpus/trivy-sbom-cdx-decoded.intoto.json", "in-toto Statement v0.1, cyclonedx-json 1.4 predicate", "index.docker.io/otms61/hello-1", 10},
		{"corpus/trivy-sbom-cdx-pretty.intoto.jsonl", "in-toto Statement v0.1 (DSSE), cyclonedx-json 1.4 predicate", "index.docker.io/otms61/hello-1", 10},
		{"fixtures/spdx-statement-v1.json", "in-toto Statement v1, spdx-json SPDX-2.3 predicate", "router-image.bin", 1},
	} {
		t.Run(tc.file, func(t *testing.T) {
			inv, err := decodeFile(t, filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if inv.SpecVersion != tc.version+"; signatures not verified" || inv.Host != tc.host || (tc.comps > 0 && len(inv.Components) != tc.comps) || len(inv.Components) == 0 {
				t.Errorf("version %q host %q, %d components", inv.SpecVersion, inv.Host, len(inv.Components))
			}
		})
	}
}

func TestPredicatesKeepTheirParties(t *testing.T) {
	inv, err := decodeFile(t, "testdata/fixtures/spdx-statement-v1.json")
	if err != nil {
		t.Fatal(err)
	}
	c := inv.Components[0]
	if !hwgolden.HasParty(c, inventory.RoleSupplier, "Huawei Technologies Co., Ltd.") || c.Kind != inventory.KindFirmware ||
		strings.Join(c.Location.Path, "/") != "router-image.bin" {
		t.Errorf("%+v", c)
	}
	inv, err = decodeFile(t, "testdata/fixtures/cdx-and-provenance.intoto.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Components) != 1 || inv.Components[0].Location.Line != 2 ||
		!hwgolden.HasParty(inv.Components[0], inventory.RoleManufacturer, "Micron Technology") {
		t.Errorf("%+v", inv.Components)
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		file string
		err  error
		msg  string
		line int
	}{
		{"corpus/trivy-cosign-custom-predicate.intoto.json", ingest.ErrUnsupportedVersion, `no SBOM predicate: predicate type "cosign.sigstore.dev/attestation/v1" is not supported`, 0},
		{"fixtures/provenance-only.intoto.jsonl", ingest.ErrUnsupportedVersion, `"https://slsa.dev/provenance/v1" is not supported`, 0},
		{"fixtures/wrong-payload-type.dsse.json", ingest.ErrUnsupportedVersion, `DSSE payload type "text/plain"`, 1},
		{"fixtures/bad-base64.dsse.json", ingest.ErrMalformed, "not base64", 1},
		{"fixtures/bad-predicate.intoto.json", ingest.ErrMalformed, "in the https://cyclonedx.org/bom predicate (cyclonedx-json)", 1},
		{"fixtures/truncated.intoto.jsonl", ingest.ErrMalformed, "invalid JSON", 1},
	} {
		t.Run(tc.file, func(t *testing.T) {
			_, err := decodeFile(t, filepath.Join("testdata", tc.file))
			var de *ingest.DecodeError
			if !errors.Is(err, tc.err) || !errors.As(err, &de) || de.Line != tc.line || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("got %v, want %v at line %d with %q", err, tc.err, tc.line, tc.msg)
			}
		})
	}
}

// An SBOM inside an attestation is never taken for the bare SBOM by the
// other decoders, and the attestation decoder takes no bare SBOM.
func TestIdentifyIsExclusive(t *testing.T) {
	reg := registry()
	for _, path := range []string{"testdata/corpus/trivy-sbom-cdx-decoded.intoto.json", "testdata/fixtures/spdx-statement-v1.json", "testdata/corpus/trivy-sigstore-bundle.json"} {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if d := reg.Detect(data); d == nil || d.ID() != attestation.ID {
			t.Errorf("%s: detected as %v", path, d)
		}
	}
	for _, in := range []string{`{"bomFormat": "CycloneDX", "specVersion": "1.6"}`, `{"spdxVersion": "SPDX-2.3"}`, `["payloadType"]`} {
		if newDecoder().Identify([]byte(in)) {
			t.Errorf("Identify(%s) = true", in)
		}
	}
}
