package sbomgen

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
)

// Per-mille shares of restricted-vendor packages and of near misses in SPDXJSON.
const (
	spdxRestrictedPerMille = 5
	spdxNearMissPerMille   = 5
)

// SPDXJSON writes an SPDX 2.3 JSON document with n packages, shaped like
// trivy or syft output: a root package the document DESCRIBES and CONTAINS
// the rest, purls on most packages, cpe23Type references on some,
// suppliers and originators as "Organization: ...", "Person: ..." or
// NOASSERTION, licence and copyright text. About 0.5% of packages have a
// restricted-vendor supplier or purl (Huawei, ZTE, Hikvision), and about
// 0.5% are near misses whose names only look alike (io.micronaut, a
// copyright line naming Huawei). The same (n, seed) always gives the same
// bytes.
func SPDXJSON(w io.Writer, n int, seed int64) error {
	if n < 1 {
		return fmt.Errorf("sbomgen: SPDX document needs at least one package, got %d", n)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	g := &spdxGen{w: bw, rnd: rand.New(rand.NewPCG(uint64(seed), 0x5bd1e995))}
	g.document(n)
	if g.err != nil {
		return g.err
	}
	return bw.Flush()
}

type spdxGen struct {
	w   *bufio.Writer
	rnd *rand.Rand
	err error
}

type spdxRef struct {
	Category string `json:"referenceCategory"`
	Type     string `json:"referenceType"`
	Locator  string `json:"referenceLocator"`
}

type spdxPackage struct {
	Name             string    `json:"name"`
	SPDXID           string    `json:"SPDXID"`
	VersionInfo      string    `json:"versionInfo,omitempty"`
	Supplier         string    `json:"supplier,omitempty"`
	Originator       string    `json:"originator,omitempty"`
	DownloadLocation string    `json:"downloadLocation"`
	FilesAnalyzed    bool      `json:"filesAnalyzed"`
	LicenseConcluded string    `json:"licenseConcluded"`
	LicenseDeclared  string    `json:"licenseDeclared"`
	CopyrightText    string    `json:"copyrightText"`
	Purpose          string    `json:"primaryPackagePurpose,omitempty"`
	Description      string    `json:"description,omitempty"`
	ExternalRefs     []spdxRef `json:"externalRefs,omitempty"`
}

var (
	spdxEcosystems = []string{"npm", "pypi", "maven", "golang", "deb", "rpm", "apk", "gem", "cargo", "nuget"}
	spdxWords      = []string{"core", "util", "http", "json", "log", "crypto", "net", "io", "yaml", "test", "cli", "db", "cache", "auth", "xml", "zip"}
	spdxOrgs       = []string{"Debian", "Red Hat, Inc.", "Alpine Linux", "The Apache Software Foundation", "Google LLC", "Microsoft Corporation", "Canonical Ltd.", "Oracle America, Inc."}
	spdxPeople     = []string{"Jane Doe", "John Smith", "Wei Zhang", "Maria Garcia", "Dahua Lin"}
	spdxLicenses   = []string{"MIT", "Apache-2.0", "BSD-3-Clause", "GPL-2.0-only", "LGPL-2.1-or-later", "ISC", "MPL-2.0", "NOASSERTION"}
	spdxPurposes   = []string{"", "", "", "LIBRARY", "APPLICATION", "FRAMEWORK", "OPERATING-SYSTEM", "FILE"}
)

func (g *spdxGen) pick(xs []string) string { return xs[g.rnd.IntN(len(xs))] }

func (g *spdxGen) raw(s string) {
	if g.err == nil {
		_, g.err = g.w.WriteString(s)
	}
}

func (g *spdxGen) value(v any) {
	if g.err != nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		g.err = err
		return
	}
	_, g.err = g.w.Write(b)
}

func (g *spdxGen) document(n int) {
	g.raw("{\n")
	g.raw(`"spdxVersion":"SPDX-2.3","dataLicense":"CC0-1.0","SPDXID":"SPDXRef-DOCUMENT",` + "\n")
	g.raw(fmt.Sprintf(`"name":"sbomgen-image-%d",`+"\n", n))
	g.raw(fmt.Sprintf(`"documentNamespace":"https://sbomgen.invalid/spdx/%d-%016x",`+"\n", n, g.rnd.Uint64()))
	g.raw(`"creationInfo":{"created":"2024-01-01T00:00:00Z","creators":["Tool: sbomgen","Organization: vendorcheck"]},` + "\n")
	g.raw(`"documentDescribes":["SPDXRef-Package-0"],` + "\n")
	g.raw(`"packages":[` + "\n")
	for i := 0; i < n; i++ {
		if i > 0 {
			g.raw(",\n")
		}
		g.value(g.pkg(i))
	}
	g.raw("\n],\n\"relationships\":[\n")
	for i := 1; i < n; i++ {
		if i > 1 {
			g.raw(",\n")
		}
		g.raw(fmt.Sprintf(`{"spdxElementId":"SPDXRef-Package-0","relationshipType":"CONTAINS","relatedSpdxElement":"SPDXRef-Package-%d"}`, i))
	}
	g.raw("\n]\n}\n")
}

func (g *spdxGen) pkg(i int) spdxPackage {
	if i == 0 {
		return spdxPackage{
			Name: "sbomgen/image", SPDXID: "SPDXRef-Package-0", VersionInfo: "1.0.0",
			Supplier: "Organization: vendorcheck", DownloadLocation: "NOASSERTION",
			LicenseConcluded: "NOASSERTION", LicenseDeclared: "NOASSERTION", CopyrightText: "NOASSERTION",
			Purpose: "CONTAINER",
		}
	}
	eco := g.pick(spdxEcosystems)
	name := fmt.Sprintf("%s-%s-%d", g.pick(spdxWords), g.pick(spdxWords), i)
	version := fmt.Sprintf("%d.%d.%d", g.rnd.IntN(10), g.rnd.IntN(30), g.rnd.IntN(100))
	p := spdxPackage{
		Name: name, SPDXID: fmt.Sprintf("SPDXRef-Package-%d", i), VersionInfo: version,
		DownloadLocation: "NOASSERTION",
		LicenseConcluded: g.pick(spdxLicenses), LicenseDeclared: g.pick(spdxLicenses),
		CopyrightText: fmt.Sprintf("Copyright (c) %d %s contributors", 2000+g.rnd.IntN(25), name),
		Purpose:       g.pick(spdxPurposes),
	}
	switch g.rnd.IntN(4) {
	case 0:
		p.Supplier = "Organization: " + g.pick(spdxOrgs)
	case 1:
		p.Supplier = fmt.Sprintf("Person: %s (dev%d@example.invalid)", g.pick(spdxPeople), i)
	case 2:
		p.Supplier = "NOASSERTION"
	}
	if g.rnd.IntN(5) == 0 {
		p.Originator = "Organization: " + g.pick(spdxOrgs)
	}
	if g.rnd.IntN(3) == 0 {
		p.Description = "The " + name + " package provides " + g.pick(spdxWords) + " support."
	}
	if g.rnd.IntN(10) != 0 {
		p.ExternalRefs = append(p.ExternalRefs, spdxRef{"PACKAGE-MANAGER", "purl", fmt.Sprintf("pkg:%s/%s@%s", eco, name, version)})
	}
	if g.rnd.IntN(5) == 0 {
		p.ExternalRefs = append(p.ExternalRefs, spdxRef{"SECURITY", "cpe23Type",
			fmt.Sprintf("cpe:2.3:a:%s:%s:%s:*:*:*:*:*:*:*", g.pick(spdxWords), name, version)})
	}
	switch r := g.rnd.IntN(1000); {
	case r < spdxRestrictedPerMille:
		g.restricted(&p, i, version)
	case r < spdxRestrictedPerMille+spdxNearMissPerMille:
		g.nearMiss(&p, i, version)
	}
	return p
}

func (g *spdxGen) restricted(p *spdxPackage, i int, version string) {
	switch g.rnd.IntN(3) {
	case 0:
		p.Name = fmt.Sprintf("hms-core-%d", i)
		p.Supplier = "Organization: Huawei Technologies Co., Ltd."
		p.ExternalRefs = []spdxRef{{"PACKAGE-MANAGER", "purl", fmt.Sprintf("pkg:maven/com.huawei.hms/hms-core-%d@%s", i, version)}}
	case 1:
		p.Name = fmt.Sprintf("zxr10-agent-%d", i)
		p.Supplier = "Organization: ZTE Corporation"
	default:
		p.Name = fmt.Sprintf("hikvision-sdk-%d", i)
		p.Purpose = "FIRMWARE"
		p.ExternalRefs = []spdxRef{{"SECURITY", "cpe23Type", fmt.Sprintf("cpe:2.3:o:hikvision:ds-2cd2032-i_firmware:%s:*:*:*:*:*:*:*", version)}}
	}
}

func (g *spdxGen) nearMiss(p *spdxPackage, i int, version string) {
	if g.rnd.IntN(2) == 0 {
		p.Name = fmt.Sprintf("micronaut-http-%d", i)
		p.ExternalRefs = []spdxRef{{"PACKAGE-MANAGER", "purl", fmt.Sprintf("pkg:maven/io.micronaut/micronaut-http-%d@%s", i, version)}}
		return
	}
	p.CopyrightText = "Copyright (c) 2015 Huawei Inc. and contributors" // text, never a party
}
