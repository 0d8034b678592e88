// Package sbomgen writes large, realistic, deterministic SBOMs for
// benchmarks and load tests. The same (n, seed) always gives the same bytes.
//
// The documents look like syft/cdxgen output: purls, bom-refs, CPEs on some
// components, suppliers on some, hashes, licenses, external references,
// properties, nested components and a dependency graph. A small share of
// components belongs to restricted vendors (a Huawei supplier and
// com.huawei.hms purls, a Micron device manufacturer, a Hikvision firmware
// CPE), and some are near misses that must not match (Micronas,
// io.micronaut, Aztec).
//
// It is a test helper: nothing in the scanner imports it.
package sbomgen

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
)

// Share of components, in per-mille, that are restricted or near misses.
const (
	restrictedPerMille = 5
	nearMissPerMille   = 5
)

// CycloneDXJSON writes a CycloneDX 1.6 JSON document with n components in
// all (metadata.component not counted; nested components counted), indented
// like the output of common tools.
func CycloneDXJSON(w io.Writer, n int, seed int64) error {
	return CycloneDXJSONWith(w, n, seed, Options{})
}

// Options tune a generated CycloneDX document beyond its size and seed.
type Options struct {
	// MaxRestricted caps the number of restricted-vendor components; 0 is
	// no cap (they are restrictedPerMille of the components). With a cap,
	// documents of different sizes carry the same findings, so what a scan
	// costs can be compared by component count alone.
	MaxRestricted int
}

// CycloneDXJSONWith is CycloneDXJSON with options.
func CycloneDXJSONWith(w io.Writer, n int, seed int64, o Options) error {
	g := newGen(w, seed, o)
	g.document(n)
	return g.w.Flush()
}

func newGen(w io.Writer, seed int64, o Options) *gen {
	return &gen{
		w:   bufio.NewWriterSize(w, 256<<10),
		rnd: rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15)),
		opt: o,
	}
}

type gen struct {
	w          *bufio.Writer
	rnd        *rand.Rand
	refs       []string
	buf        []byte
	opt        Options
	restricted int // restricted components written
}

var (
	groups = []string{
		"org.apache.commons", "com.fasterxml.jackson.core", "io.netty", "org.springframework",
		"com.google.guava", "org.slf4j", "ch.qos.logback", "org.eclipse.jetty", "io.grpc",
		"org.yaml", "com.squareup.okhttp3", "org.bouncycastle", "io.projectreactor",
	}
	words = []string{
		"core", "util", "codec", "http", "client", "server", "common", "api", "io", "json",
		"xml", "crypto", "logging", "parser", "stream", "cache", "config", "auth", "netty",
		"buffer", "transport", "annotations", "databind", "runtime", "reactive", "proto",
	}
	licenses  = []string{"Apache-2.0", "MIT", "BSD-3-Clause", "EPL-2.0", "ISC", "LGPL-2.1-only", "MPL-2.0"}
	suppliers = []string{
		"The Apache Software Foundation", "Google LLC", "Eclipse Foundation", "Pivotal Software, Inc.",
		"Red Hat, Inc.", "Square, Inc.", "QOS.ch", "Legion of the Bouncy Castle Inc.",
	}
	ecosystems = []string{"maven", "npm", "pypi", "golang", "deb"}
)

// special components: restricted vendors first, then near misses.
type special struct {
	typ, group, name, version, purl, cpe, supplier, manufacturer string
}

var restricted = []special{
	{typ: "library", group: "com.huawei.hms", name: "push", version: "6.11.0.300",
		purl: "pkg:maven/com.huawei.hms/push@6.11.0.300", supplier: "Huawei Technologies Co., Ltd."},
	{typ: "library", group: "com.huawei.agconnect", name: "agconnect-core", version: "1.9.1.301",
		purl: "pkg:maven/com.huawei.agconnect/agconnect-core@1.9.1.301"},
	{typ: "device", name: "MT40A1G8SA-075:E", version: "E", manufacturer: "Micron Technology, Inc."},
	{typ: "firmware", name: "DS-2CD2042WD-I firmware", version: "5.4.5",
		cpe: "cpe:2.3:o:hikvision:ds-2cd2042wd-i_firmware:5.4.5:*:*:*:*:*:*:*"},
}

var nearMisses = []special{
	{typ: "device", name: "HAL 3930", version: "A2", manufacturer: "Micronas GmbH"},
	{typ: "library", group: "io.micronaut", name: "micronaut-core", version: "4.2.0",
		purl: "pkg:maven/io.micronaut/micronaut-core@4.2.0", supplier: "Object Computing, Inc."},
	{typ: "library", name: "aztec", version: "0.3.1", purl: "pkg:npm/aztec@0.3.1", supplier: "Aztec Labs"},
}

func (g *gen) pick(xs []string) string { return xs[g.rnd.IntN(len(xs))] }

func (g *gen) p(s string) { g.w.WriteString(s) }

// q writes s as a JSON string.
func (g *gen) q(s string) {
	g.buf = strconv.AppendQuote(g.buf[:0], s) // ASCII-only inputs: Go and JSON quoting agree
	g.w.Write(g.buf)
}

func (g *gen) kv(indent, key, val string, comma bool) {
	g.p(indent)
	g.q(key)
	g.p(": ")
	g.q(val)
	if comma {
		g.p(",")
	}
	g.p("\n")
}

func (g *gen) hex(n int) string {
	const digits = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[g.rnd.IntN(16)]
	}
	return string(b)
}

func (g *gen) document(n int) {
	g.p("{\n")
	g.p("  \"$schema\": \"http://cyclonedx.org/schema/bom-1.6.schema.json\",\n")
	g.p("  \"bomFormat\": \"CycloneDX\",\n  \"specVersion\": \"1.6\",\n")
	g.kv("  ", "serialNumber", "urn:uuid:"+g.hex(8)+"-"+g.hex(4)+"-4"+g.hex(3)+"-a"+g.hex(3)+"-"+g.hex(12), true)
	g.p("  \"version\": 1,\n  \"metadata\": {\n    \"timestamp\": \"2025-01-01T00:00:00Z\",\n")
	g.p("    \"tools\": {\n      \"components\": [\n        {\"type\": \"application\", \"author\": \"anchore\", \"name\": \"syft\", \"version\": \"1.18.1\"}\n      ]\n    },\n")
	g.p("    \"component\": {\n      \"bom-ref\": \"root-app\",\n      \"type\": \"application\",\n      \"name\": \"example/service\",\n      \"version\": \"2.4.0\"\n    }\n  },\n")
	g.p("  \"components\": [\n")
	left := n
	first := true
	for left > 0 {
		kids := 0
		if left > 1 && g.rnd.IntN(10) == 0 {
			kids = 1 + g.rnd.IntN(min(3, left-1))
		}
		if !first {
			g.p(",\n")
		}
		first = false
		g.component("    ", n-left, kids)
		left -= 1 + kids
	}
	g.p("\n  ],\n  \"dependencies\": [\n")
	for i, ref := range g.refs {
		if i > 0 {
			g.p(",\n")
		}
		g.p("    {\n      \"ref\": ")
		g.q(ref)
		g.p(",\n      \"dependsOn\": [")
		for j := range g.rnd.IntN(4) {
			if j > 0 {
				g.p(", ")
			}
			g.q(g.refs[g.rnd.IntN(len(g.refs))])
		}
		g.p("]\n    }")
	}
	g.p("\n  ]\n}\n")
}

// next draws the i-th component (restricted, near-miss or ordinary, in the
// generator's proportions) and its unique bom-ref, and records the ref for
// the dependency graph. Both the JSON and the XML writers use it, so the
// same seed gives the same components in either format.
func (g *gen) next(i int) (special, string) {
	var sp special
	roll := g.rnd.IntN(1000)
	switch {
	case roll < restrictedPerMille && (g.opt.MaxRestricted <= 0 || g.restricted < g.opt.MaxRestricted):
		sp = restricted[g.rnd.IntN(len(restricted))]
		g.restricted++
	case roll < restrictedPerMille:
		sp = g.ordinary(i)
	case roll < restrictedPerMille+nearMissPerMille:
		sp = nearMisses[g.rnd.IntN(len(nearMisses))]
	default:
		sp = g.ordinary(i)
	}
	ref := sp.purl
	if ref == "" {
		ref = sp.name + "@" + sp.version
	}
	ref += "?package-id=" + g.hex(16)
	g.refs = append(g.refs, ref)
	return sp, ref
}

// component writes one component with kids nested components; i numbers it.
func (g *gen) component(ind string, i, kids int) {
	in := ind + "  "
	sp, ref := g.next(i)

	g.p(ind + "{\n")
	g.kv(in, "bom-ref", ref, true)
	g.kv(in, "type", sp.typ, true)
	if sp.supplier != "" {
		g.p(in + "\"supplier\": {\n" + in + "  \"name\": ")
		g.q(sp.supplier)
		g.p(",\n" + in + "  \"url\": [\"https://example.org/\"]\n" + in + "},\n")
	}
	if sp.manufacturer != "" {
		g.p(in + "\"manufacturer\": {\n" + in + "  \"name\": ")
		g.q(sp.manufacturer)
		g.p("\n" + in + "},\n")
	}
	if sp.group != "" {
		g.kv(in, "group", sp.group, true)
	}
	g.kv(in, "name", sp.name, true)
	g.kv(in, "version", sp.version, true)
	if g.rnd.IntN(10) < 4 {
		g.kv(in, "description", "The "+sp.name+" module provides "+g.pick(words)+" and "+g.pick(words)+" support.", true)
	}
	g.p(in + "\"hashes\": [\n")
	g.p(in + "  {\"alg\": \"SHA-1\", \"content\": \"" + g.hex(40) + "\"},\n")
	g.p(in + "  {\"alg\": \"SHA-256\", \"content\": \"" + g.hex(64) + "\"}\n" + in + "],\n")
	g.p(in + "\"licenses\": [\n" + in + "  {\"license\": {\"id\": \"" + g.pick(licenses) + "\"}}\n" + in + "],\n")
	if sp.cpe != "" {
		g.kv(in, "cpe", sp.cpe, true)
	}
	if sp.purl != "" {
		g.kv(in, "purl", sp.purl, true)
	}
	g.p(in + "\"externalReferences\": [\n")
	g.p(in + "  {\"type\": \"vcs\", \"url\": \"https://github.com/example/" + sp.name + "\"},\n")
	g.p(in + "  {\"type\": \"website\", \"url\": \"https://example.org/" + sp.name + "\"}\n" + in + "],\n")
	g.p(in + "\"properties\": [\n")
	g.p(in + "  {\"name\": \"syft:package:foundBy\", \"value\": \"java-archive-cataloger\"},\n")
	g.p(in + "  {\"name\": \"syft:package:language\", \"value\": \"java\"},\n")
	if sp.cpe == "" && g.rnd.IntN(3) == 0 {
		g.p(in + "  {\"name\": \"syft:cpe23\", \"value\": ")
		g.q("cpe:2.3:a:" + sp.group + ":" + sp.name + ":" + sp.version + ":*:*:*:*:*:*:*")
		g.p("},\n")
	}
	g.p(in + "  {\"name\": \"syft:location:0:path\", \"value\": \"/app/lib/" + sp.name + "-" + sp.version + ".jar\"}\n")
	g.p(in + "]")
	if kids > 0 {
		g.p(",\n" + in + "\"components\": [\n")
		for k := range kids {
			if k > 0 {
				g.p(",\n")
			}
			g.component(in+"  ", i+1+k, 0)
		}
		g.p("\n" + in + "]")
	}
	g.p("\n" + ind + "}")
}

// ordinary makes an unremarkable component.
func (g *gen) ordinary(i int) special {
	var sp special
	sp.typ = "library"
	if r := g.rnd.IntN(100); r < 3 {
		sp.typ = "application"
	} else if r < 5 {
		sp.typ = "framework"
	} else if r < 6 {
		sp.typ = "operating-system"
	}
	sp.version = fmt.Sprintf("%d.%d.%d", g.rnd.IntN(10), g.rnd.IntN(30), g.rnd.IntN(20))
	name := g.pick(words) + "-" + g.pick(words) + "-" + strconv.Itoa(i)
	switch eco := g.pick(ecosystems); eco {
	case "maven":
		sp.group = g.pick(groups)
		sp.name = name
		sp.purl = "pkg:maven/" + sp.group + "/" + name + "@" + sp.version
	case "golang":
		sp.name = "github.com/example/" + name
		sp.purl = "pkg:golang/" + sp.name + "@v" + sp.version
	default:
		sp.name = name
		sp.purl = "pkg:" + eco + "/" + name + "@" + sp.version
	}
	if g.rnd.IntN(5) == 0 {
		sp.supplier = g.pick(suppliers)
	}
	if g.rnd.IntN(10) < 3 {
		sp.cpe = "cpe:2.3:a:" + g.pick(words) + ":" + name + ":" + sp.version + ":*:*:*:*:*:*:*"
	}
	return sp
}
