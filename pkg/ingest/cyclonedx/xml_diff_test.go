package cyclonedx_test

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/vendorcheck/vendorcheck/internal/testgen/fuzzcheck"
	"github.com/vendorcheck/vendorcheck/internal/testgen/sbomgen"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/cyclonedx"
)

// sameAsReference holds the streaming decoder to the encoding/xml
// reference on data (fuzzcheck.SameAsReference).
func sameAsReference(t *testing.T, name string, data []byte) bool {
	t.Helper()
	return fuzzcheck.SameAsReference(t, name, data, cyclonedx.DecodeXMLReference, cyclonedx.NewXML().Decode, false)
}

// TestXMLMatchesReference: the streaming XML decoder gives the same
// inventory as the encoding/xml one on every XML file of the repository,
// and fails where it fails on every prefix of them.
func TestXMLMatchesReference(t *testing.T) {
	decoded := fuzzcheck.FilesAndPrefixes(t, fuzzcheck.XMLFiles(t), func(name string, data []byte) bool { return sameAsReference(t, name, data) })
	if decoded < 8 {
		t.Errorf("only %d files decoded: the test compares too little", decoded)
	}
}

// TestXMLMatchesReferenceGenerated compares the decoders on a generated
// SBOM with nesting, parties, properties and a dependency graph.
func TestXMLMatchesReferenceGenerated(t *testing.T) {
	var b bytes.Buffer
	if err := sbomgen.CycloneDXXML(&b, 2000, 7); err != nil {
		t.Fatal(err)
	}
	if !sameAsReference(t, "generated.cdx.xml", b.Bytes()) {
		t.Fatal("generated document not decoded")
	}
}

// TestXMLSyntaxCases are inputs where XML readers commonly differ.
func TestXMLSyntaxCases(t *testing.T) {
	const head = `<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.5"><components>`
	const tail = `</components></bom>`
	cases := []string{
		`<component type="library"><name>a&amp;b&#x41;&#66;&lt;&gt;&quot;&apos;</name></component>`,
		`<component type="library"><name><![CDATA[ x<y ]]> &amp; z</name></component>`,
		`<component type="library"><name>a&foo;</name></component>`,
		`<component type="library"><name>a&amp</name></component>`,
		`<component type="library"><name>a]]>b</name></component>`,
		`<component type="library"><name>a&#0;</name></component>`,
		`<component type="library"><name>a&#xD800;</name></component>`,
		`<component type="library"><name>a&#x110000;</name></component>`,
		"<component type=\"library\"><name>a\r\nb\rc</name></component>",
		"<component type=\"library\"><name>a\x01</name></component>",
		"<component type=\"library\"><name>a\xff</name></component>",
		`<component type="library" bom-ref='r&lt;1'><name>a</name></component>`,
		`<component type="library" bom-ref="a<b"><name>a</name></component>`,
		`<component type=library><name>a</name></component>`,
		`<component type><name>a</name></component>`,
		`<component type="library"type="x"><name>a</name></component>`,
		`<component type="library"><name>a</nam></component>`,
		`<component type="library"><name>a</x:name></component>`,
		`<component type="library"><x:name xmlns:x="http://cyclonedx.org/schema/bom/1.5">a</x:name></component>`,
		`<component type="library"><name xmlns="urn:other">a</name><version>1</version></component>`,
		`<component type="library"><y:name>a</y:name></component>`,
		`<component type="library"><a:b:c/></component>`,
		`<component type="library"><name>a<!-- c -- d --></name></component>`,
		`<component type="library"><name>a<!-- c - d -->b</name></component>`,
		`<component type="library"><name>a<?pi x?>b<x>skip</x>c</name></component>`,
		`<component type="library"><name/><version/></component>`,
		`<component type="library"><name >a</name ></component>`,
		`<component type="library"><name>a</name x></component>`,
		`<component type="library"><1name>a</1name></component>`,
		`<component type="library"><näme>a</näme><name>é</name></component>`,
		`<component type="library"><name>a</name></component><!- x -->`,
		`<component type="library"><name>a</name></component><![CDATX[ x ]]>`,
		`<component type="library"><properties><property name="syft:cpe23">cpe:2.3:a:huawei:x:1:*:*:*:*:*:*:*</property><property>v</property></properties><name>x</name></component>`,
	}
	for i, c := range cases {
		sameAsReference(t, "case"+itoa(i), []byte(head+c+tail))
	}
	docs := []string{
		"\xef\xbb\xbf" + head + tail,
		`<?xml version="1.1"?><bom xmlns="http://cyclonedx.org/schema/bom/1.5"/>`,
		`<?xml version="1.0" encoding="ISO-8859-1"?><bom xmlns="http://cyclonedx.org/schema/bom/1.5"><components><component type="library"><name>caf` + "\xe9" + `</name></component></components></bom>`,
		`<?xml version="1.0" encoding="UTF-16"?><bom xmlns="http://cyclonedx.org/schema/bom/1.5"/>`,
		`<!DOCTYPE bom [ <!ENTITY x "y"> <!-- c --> ]><bom xmlns="http://cyclonedx.org/schema/bom/1.5"/>`,
		head + tail + `  <!-- after -->  `,
		head + tail + `x`,
		head + tail + `<bom/>`,
		head + tail + `</bom>`,
		head + tail + `<![CDATA[  ]]>`,
		`text before <bom xmlns="http://cyclonedx.org/schema/bom/1.5"/>`,
		`</x><bom xmlns="http://cyclonedx.org/schema/bom/1.5"/>`,
		`<c:bom xmlns:c="http://cyclonedx.org/schema/bom/1.6"><c:components><c:component type="device"><c:name>d</c:name></c:component></c:components></c:bom>`,
		`<bom xmlns="http://cyclonedx.org/schema/bom/1.6" xmlns:c="http://cyclonedx.org/schema/bom/1.6"><components><c:component type="device"><name>d</name></c:component></components></bom>`,
		`<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components><component type="device" xmlns="urn:x"><name>d</name></component></components></bom>`,
		`<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><metadata><component type="device"><name>host</name></component><supplier><name>S</name></supplier></metadata><components><component type="device"><name>d</name></component></components></bom>`,
		`<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components><component type="device"><name>d</name></component></components><metadata><component type="device"><name>host</name></component></metadata></bom>`,
		`<bom xmlns="http://cyclonedx.org/schema/bom/1.6"></bom>`,
		`<bom xmlns="http://cyclonedx.org/schema/bom/9.9"></bom>`,
		``,
		`   `,
	}
	for i, d := range docs {
		sameAsReference(t, "doc"+itoa(i), []byte(d))
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

// FuzzXMLMatchesReference holds the streaming XML decoder to the
// encoding/xml reference on any input.
func FuzzXMLMatchesReference(f *testing.F) {
	fuzzcheck.Seed(f, seedDirs)
	f.Fuzz(func(t *testing.T, data []byte) { sameAsReference(t, "fuzz.xml", data) })
}
