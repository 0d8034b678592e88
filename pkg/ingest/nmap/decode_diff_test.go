package nmap

import (
	"bytes"
	"context"
	"io"
	"strconv"
	"testing"

	"github.com/vendorcheck/vendorcheck/internal/testgen/fuzzcheck"
	"github.com/vendorcheck/vendorcheck/internal/testgen/hwgen"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// sameAsReference holds the streaming decoder to the encoding/xml
// reference on data (fuzzcheck.SameAsReference).
func sameAsReference(t *testing.T, name string, data []byte) bool {
	t.Helper()
	return fuzzcheck.SameAsReference(t, name, data, func(ctx context.Context, r io.Reader, name string) (*inventory.Inventory, error) {
		return decodeReference(ctx, r, name, MaxDocumentSize)
	}, func(ctx context.Context, r io.Reader, name string) (*inventory.Inventory, error) {
		return decode(ctx, r, name, MaxDocumentSize)
	}, true)
}

// TestMatchesReference: the streaming decoder gives the same inventory as
// the encoding/xml one on every XML file of the repository, and fails
// where it fails on prefixes of them.
func TestMatchesReference(t *testing.T) {
	decoded := fuzzcheck.FilesAndPrefixes(t, fuzzcheck.XMLFiles(t), func(name string, data []byte) bool { return sameAsReference(t, name, data) })
	if decoded < 3 {
		t.Errorf("only %d files decoded: the test compares too little", decoded)
	}
}

// TestMatchesReferenceGenerated compares the decoders on a generated scan
// of many hosts, whole and cut short.
func TestMatchesReferenceGenerated(t *testing.T) {
	var b bytes.Buffer
	if err := hwgen.NmapXML(&b, 500, 3); err != nil {
		t.Fatal(err)
	}
	fuzzcheck.WholeAndCut(t, "generated.nmap.xml", b.Bytes(), func(name string, data []byte) bool { return sameAsReference(t, name, data) })
}

// TestSyntaxCases are scans where the two readers could differ: what
// encoding/xml's Unmarshal made of repeated and prefixed elements and
// attributes, directives, several roots, encodings.
func TestSyntaxCases(t *testing.T) {
	const run = `<nmaprun xmloutputversion="1.05">`
	const host = `<host><status state="up"/><address addr="10.0.0.1" addrtype="ipv4"/><address addr="00:18:82:AB:CD:EF" addrtype="mac" vendor="Huawei Technologies"/></host>`
	docs := []string{
		run + host + `</nmaprun>`,
		run + `</nmaprun>`,
		`<nmaprun/>`,
		``,
		`<other/>`,
		run + host + `</nmaprun>` + run + host + `</nmaprun>`,
		run + host + `</nmaprun><other/>`,
		run + host + `</nmaprun>text<!-- c -->`,
		"\xef\xbb\xbf" + run + host + `</nmaprun>`,
		`<?xml version="1.0" encoding="ISO-8859-1"?>` + run + `<host><address addr="00:18:82:AB:CD:EF" addrtype="mac" vendor="caf` + "\xe9" + `"/></host></nmaprun>`,
		`<?xml version="1.0" encoding="UTF-16"?>` + run + `</nmaprun>`,
		`<!DOCTYPE nmaprun>` + run + host + `</nmaprun>`,
		`<!DOCTYPE nmaprun [ <!ENTITY x "y"> ]>` + run + host + `</nmaprun>`,
		`<!doctype nmaprun [ ]>` + run + host + `</nmaprun>`,
		`<!ENTITY x "y">` + run + host + `</nmaprun>`,
		run + `<!DOCTYPE x [ ]>` + host + `</nmaprun>`,
		run + `<host><!DOCTYPE x [ <!ENTITY y "z"> ]><status state="up"/></host></nmaprun>`,
		`<!DOCTYPE nmaprun <!-- [ --> >` + run + host + `</nmaprun>`,
		`<!DOC<!-- c -->TYPE nmaprun [ ]>` + run + host + `</nmaprun>`,
		run + `<host><status state="down"/></host></nmaprun>`,
		run + `<host><status state="up"/><status reason="x"/><status state="down" x:state="up" xmlns:x="urn:x"/></host></nmaprun>`,
		run + `<host><status state="up"/><address addr="10.0.0.2" addrtype="ipv4"/><address x:addr="10.0.0.3" addrtype="ipv4" xmlns:x="urn:x"/></host></nmaprun>`,
		run + `<n:host xmlns:n="urn:n"><n:address addr="10.0.0.4" addrtype="ipv4"/></n:host></nmaprun>`,
		run + `<host><hostnames><hostname name="a" type="PTR"/><hostname name="b" type="user"/><other name="c"/></hostnames><hostnames><hostname name="d" type="user"/></hostnames><hostname name="e" type="user"/><address addr="10.0.0.5" addrtype="ipv4"/></host></nmaprun>`,
		run + `<host><address addr="10.0.0.6" addrtype="ipv4"/><ports><port protocol="tcp" portid="22"><state state="open"/><service name="ssh" product="OpenSSH" version="9"/><service version="10"/></port><port protocol="tcp" portid="23"><state state="closed"/></port><extraports/></ports><ports><port portid="80"><state state="open"/></port></ports></host></nmaprun>`,
		run + `<host><address addr="10.0.0.7" addrtype="ipv4"/><os><osmatch name="Linux" accuracy="99"/><osmatch name="BSD" accuracy="80"/></os><os><osmatch accuracy="1"/></os></host></nmaprun>`,
		run + `<host><address addr="10.0.0.8" addrtype="ipv4"/><address addr="zz" addrtype="mac" vendor="V"/><address addr="00-18-82-ab-cd-ef" addrtype="mac" vendor="unknown"/></host></nmaprun>`,
		run + `<runstats><host><address addr="10.0.0.9" addrtype="ipv4"/></host></runstats></nmaprun>`,
		run + `<host>text<address addr="10.0.0.10" addrtype="ipv4">x<y/></address><![CDATA[ z ]]></host></nmaprun>`,
		run + `<host><address addr="10.0.0.11" addrtype="ipv4"/></host>`,
		run + `<host><address addr="10.0.0.12" addrtype="ipv4"/></hos></nmaprun>`,
		run + `<host><address addr="a&lt;&#x41;" addrtype="ipv4"/></host></nmaprun>`,
		run + `<host><address addr="a&x;" addrtype="ipv4"/></host></nmaprun>`,
		run + `<host><address addr="1" addrtype="ipv4" addr="2"/></host></nmaprun>`,
		`<nmaprun xmloutputversion="1.04" xmloutputversion="1.05" x:xmloutputversion="9" xmlns:x="urn:x">` + host + `</nmaprun>`,
		run + `<host><address addr="` + "\x01" + `" addrtype="ipv4"/></host></nmaprun>`,
		run + `<host><address addr="` + "\xff" + `" addrtype="ipv4"/></host></nmaprun>`,
		run + host + `</nmaprun></nmaprun>`,
	}
	decoded := 0
	for i, d := range docs {
		if sameAsReference(t, "doc"+strconv.Itoa(i), []byte(d)) {
			decoded++
		}
	}
	if decoded < 15 {
		t.Errorf("only %d documents decoded", decoded)
	}
}

// FuzzMatchesReference holds the streaming decoder to the encoding/xml
// reference on any input.
func FuzzMatchesReference(f *testing.F) {
	fuzzcheck.Seed(f, []string{"testdata/corpus", "testdata/fixtures"})
	f.Fuzz(func(t *testing.T, data []byte) { sameAsReference(t, "fuzz.xml", data) })
}
