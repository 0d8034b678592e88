package scan

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"unsafe"

	"github.com/vendorcheck/vendorcheck/internal/testgen/hwgen"
	"github.com/vendorcheck/vendorcheck/internal/testgen/sbomgen"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// A run judged in a pipeline (one input, cores to spare) gives the same
// result as one judged inline (one core): the same findings, verdicts,
// unassessed components and host counts, in the same order.
func TestPipelineSameResult(t *testing.T) {
	dir := t.TempDir()
	gens := map[string]func(io.Writer, int, int64) error{
		"sbom.cdx.json":  sbomgen.CycloneDXJSON,
		"sbom.cdx.xml":   sbomgen.CycloneDXXML,
		"sbom.spdx.json": sbomgen.SPDXJSON,
		"lshw.xml":       hwgen.LshwXML,
	}
	unassessed := 0
	for name, gen := range gens {
		var doc bytes.Buffer
		for n := 1000; doc.Len() < pipelineMinSize; n *= 2 {
			doc.Reset()
			if err := gen(&doc, n, 7); err != nil {
				t.Fatal(err)
			}
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, doc.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg := config(t)
		cfg.Hosts = true
		cfg.Limits.MaxUnassessed = 100 // cut inside the input
		prev := runtime.GOMAXPROCS(1)
		inline := run(t, cfg, path)
		runtime.GOMAXPROCS(max(prev, 2))
		piped := run(t, cfg, path)
		runtime.GOMAXPROCS(prev)
		if len(inline.Findings) == 0 {
			t.Fatalf("%s: no findings: the input does not exercise the keeper", name)
		}
		unassessed += len(inline.Unassessed)
		if !reflect.DeepEqual(inline, piped) {
			t.Errorf("%s: the pipelined result differs from the inline one", name)
		}
	}
	if unassessed == 0 {
		t.Error("no input had unassessed components: the bound is not exercised")
	}
}

// A copy shares no memory with the component it was copied from: every
// string and slice of the original is overwritten after the copy, and the
// copy is unchanged. Every field is filled by reflection, so a field added
// to Component and not copied fails here.
func TestComponentCopierCopiesEveryField(t *testing.T) {
	var src inventory.Component
	var mem [][]byte // the bytes behind src's strings
	n := 0
	var fill func(v reflect.Value)
	fill = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.String:
			n++
			b := []byte(strings.Repeat(string(rune('a'+n%26)), 3+n))
			mem = append(mem, b)
			v.SetString(unsafe.String(&b[0], len(b)))
		case reflect.Struct:
			if v.Type().PkgPath() == "time" {
				return
			}
			for i := range v.NumField() {
				fill(v.Field(i))
			}
		case reflect.Slice:
			s := reflect.MakeSlice(v.Type(), 2, 2)
			for i := range 2 {
				fill(s.Index(i))
			}
			v.Set(s)
		case reflect.Int, reflect.Int64:
			v.SetInt(int64(n + 1))
		case reflect.Bool:
			v.SetBool(true)
		default:
			t.Fatalf("field kind %s not covered by the test", v.Kind())
		}
	}
	fill(reflect.ValueOf(&src).Elem())
	want := cloneByReflection(t, src)

	var cp componentCopier
	got := cp.component(&src)
	// Overwrite everything behind the original.
	for _, b := range mem {
		for i := range b {
			b[i] = '#'
		}
	}
	for _, s := range [][]inventory.Party{src.Parties} {
		for i := range s {
			s[i] = inventory.Party{}
		}
	}
	for i := range src.Identifiers {
		src.Identifiers[i] = inventory.Identifier{}
	}
	for i := range src.Properties {
		src.Properties[i] = inventory.Property{}
	}
	for i := range src.CPEs {
		src.CPEs[i] = ""
	}
	for i := range src.Location.Path {
		src.Location.Path[i] = ""
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the copy changed with the original:\n got %+v\nwant %+v", got, want)
	}
}

// cloneByReflection is an independent deep copy (strings.Clone through
// reflection) to compare with.
func cloneByReflection(t *testing.T, c inventory.Component) inventory.Component {
	t.Helper()
	var clone func(dst, src reflect.Value)
	clone = func(dst, src reflect.Value) {
		switch src.Kind() {
		case reflect.String:
			dst.SetString(strings.Clone(src.String()))
		case reflect.Struct:
			if src.Type().PkgPath() == "time" {
				dst.Set(src)
				return
			}
			for i := range src.NumField() {
				clone(dst.Field(i), src.Field(i))
			}
		case reflect.Slice:
			if src.IsNil() {
				return
			}
			s := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
			for i := range src.Len() {
				clone(s.Index(i), src.Index(i))
			}
			dst.Set(s)
		default:
			dst.Set(src)
		}
	}
	var out inventory.Component
	clone(reflect.ValueOf(&out).Elem(), reflect.ValueOf(c))
	return out
}

// Once a batch's memory is there, the next batches reuse it: copying a
// batch after reset allocates nothing.
func TestComponentCopierReusesMemory(t *testing.T) {
	comps := make([]inventory.Component, batchSize)
	for i := range comps {
		comps[i] = inventory.Component{
			Name: strings.Repeat("n", 700), Version: "1.2.3", Kind: inventory.KindLibrary, PURL: "pkg:npm/x@1",
			Parties:     []inventory.Party{{Role: inventory.RoleSupplier, Name: "Acme", Field: "supplier.name"}},
			Identifiers: []inventory.Identifier{{Kind: inventory.IDURL, Value: "https://example.org", Field: "website"}},
			Properties:  []inventory.Property{{Name: "k", Value: strings.Repeat("v", 600)}},
			CPEs:        []string{"cpe:2.3:a:acme:x:1:*:*:*:*:*:*:*"},
			Location:    inventory.Location{File: "f.json", Ref: "r", Path: []string{"parent"}},
		}
	}
	var cp componentCopier
	batch := func() {
		for i := range comps {
			cp.component(&comps[i])
		}
		cp.reset()
	}
	batch()
	if allocs := testing.AllocsPerRun(10, batch); allocs != 0 {
		t.Errorf("%.0f allocations a batch after the first, want 0", allocs)
	}
}
