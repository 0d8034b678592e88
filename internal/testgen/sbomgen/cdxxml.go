package sbomgen

import (
	"encoding/xml"
	"io"
	"strings"
)

// CycloneDXXML writes a CycloneDX 1.6 XML document with n components in all
// (nested ones counted), with the same mix of ordinary, restricted and
// near-miss components as CycloneDXJSON, indented like common tools' output.
// The same (n, seed) always gives the same bytes.
func CycloneDXXML(w io.Writer, n int, seed int64) error {
	return CycloneDXXMLWith(w, n, seed, Options{})
}

// CycloneDXXMLWith is CycloneDXXML with options.
func CycloneDXXMLWith(w io.Writer, n int, seed int64, o Options) error {
	g := newGen(w, seed, o)
	g.xmlDocument(n)
	return g.w.Flush()
}

// x writes s as XML character data.
func (g *gen) x(s string) {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	g.p(b.String())
}

func (g *gen) xel(indent, name, val string) {
	g.p(indent + "<" + name + ">")
	g.x(val)
	g.p("</" + name + ">\n")
}

func (g *gen) xmlDocument(n int) {
	g.p(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	g.p(`<bom xmlns="http://cyclonedx.org/schema/bom/1.6" serialNumber="urn:uuid:` +
		g.hex(8) + "-" + g.hex(4) + "-4" + g.hex(3) + "-a" + g.hex(3) + "-" + g.hex(12) + `" version="1">` + "\n")
	g.p("  <metadata>\n    <timestamp>2025-01-01T00:00:00Z</timestamp>\n")
	g.p("    <tools>\n      <components>\n        <component type=\"application\"><author>anchore</author><name>syft</name><version>1.18.1</version></component>\n      </components>\n    </tools>\n")
	g.p("    <component type=\"application\" bom-ref=\"root-app\">\n      <name>example/service</name>\n      <version>2.4.0</version>\n    </component>\n  </metadata>\n")
	g.p("  <components>\n")
	left := n
	for left > 0 {
		kids := 0
		if left > 1 && g.rnd.IntN(10) == 0 {
			kids = 1 + g.rnd.IntN(min(3, left-1))
		}
		g.xmlComponent("    ", n-left, kids)
		left -= 1 + kids
	}
	g.p("  </components>\n  <dependencies>\n")
	for _, ref := range g.refs {
		g.p(`    <dependency ref="`)
		g.x(ref)
		g.p("\">")
		for range g.rnd.IntN(4) {
			g.p(`<dependency ref="`)
			g.x(g.refs[g.rnd.IntN(len(g.refs))])
			g.p(`"/>`)
		}
		g.p("</dependency>\n")
	}
	g.p("  </dependencies>\n</bom>\n")
}

func (g *gen) xmlComponent(ind string, i, kids int) {
	in := ind + "  "
	sp, ref := g.next(i)

	g.p(ind + `<component type="` + sp.typ + `" bom-ref="`)
	g.x(ref)
	g.p("\">\n")
	if sp.supplier != "" {
		g.p(in + "<supplier>\n")
		g.xel(in+"  ", "name", sp.supplier)
		g.p(in + "  <url>https://example.org/</url>\n" + in + "</supplier>\n")
	}
	if sp.manufacturer != "" {
		g.p(in + "<manufacturer>\n")
		g.xel(in+"  ", "name", sp.manufacturer)
		g.p(in + "</manufacturer>\n")
	}
	if sp.group != "" {
		g.xel(in, "group", sp.group)
	}
	g.xel(in, "name", sp.name)
	g.xel(in, "version", sp.version)
	if g.rnd.IntN(10) < 4 {
		g.xel(in, "description", "The "+sp.name+" module provides "+g.pick(words)+" and "+g.pick(words)+" support.")
	}
	g.p(in + "<hashes>\n")
	g.p(in + `  <hash alg="SHA-1">` + g.hex(40) + "</hash>\n")
	g.p(in + `  <hash alg="SHA-256">` + g.hex(64) + "</hash>\n" + in + "</hashes>\n")
	g.p(in + "<licenses>\n" + in + "  <license><id>" + g.pick(licenses) + "</id></license>\n" + in + "</licenses>\n")
	if sp.cpe != "" {
		g.xel(in, "cpe", sp.cpe)
	}
	if sp.purl != "" {
		g.xel(in, "purl", sp.purl)
	}
	g.p(in + "<externalReferences>\n")
	g.p(in + `  <reference type="vcs"><url>https://github.com/example/` + sp.name + "</url></reference>\n")
	g.p(in + `  <reference type="website"><url>https://example.org/` + sp.name + "</url></reference>\n" + in + "</externalReferences>\n")
	g.p(in + "<properties>\n")
	g.p(in + `  <property name="syft:package:foundBy">java-archive-cataloger</property>` + "\n")
	g.p(in + `  <property name="syft:package:language">java</property>` + "\n")
	if sp.cpe == "" && g.rnd.IntN(3) == 0 {
		g.p(in + `  <property name="syft:cpe23">`)
		g.x("cpe:2.3:a:" + sp.group + ":" + sp.name + ":" + sp.version + ":*:*:*:*:*:*:*")
		g.p("</property>\n")
	}
	g.p(in + `  <property name="syft:location:0:path">/app/lib/` + sp.name + "-" + sp.version + ".jar</property>\n")
	g.p(in + "</properties>\n")
	if kids > 0 {
		g.p(in + "<components>\n")
		for k := range kids {
			g.xmlComponent(in+"  ", i+1+k, 0)
		}
		g.p(in + "</components>\n")
	}
	g.p(ind + "</component>\n")
}
