package databundle

import (
	"bytes"
	"os"
	"os/exec"
	"reflect"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/catalog"
	"github.com/vendorcheck/vendorcheck/pkg/policy"
	"github.com/vendorcheck/vendorcheck/policies"
)

// The precompiled data must be made from the embedded files as they are:
// after an edit under policies/, run `go generate ./pkg/databundle`.
func TestCompiledDataIsCurrent(t *testing.T) {
	d, err := policies.Digest(policies.FS)
	if err != nil {
		t.Fatal(err)
	}
	if d != compiledDigest {
		t.Fatalf("pkg/databundle/compiled_data.go is out of date with policies/ (digest %s, files %s): run `go generate ./pkg/databundle`", compiledDigest, d)
	}
	if !compiledCurrent() {
		t.Fatal("compiledCurrent is false although the digests match")
	}
	if testing.Short() {
		return
	}
	// The generator, run again, writes the same file.
	out := t.TempDir() + "/compiled_data.go"
	cmd := exec.Command("go", "run", "../../internal/gen/databundle", "-out", out)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile(out)
	got, _ := os.ReadFile("compiled_data.go")
	if !bytes.Equal(got, want) {
		t.Fatal("compiled_data.go differs from what the generator writes: run `go generate ./pkg/databundle`")
	}
}

// The compiled values are what parsing the YAML gives, field for field.
func TestCompiledDataEqualsYAML(t *testing.T) {
	lists, err := policy.LoadFS(policies.FS)
	if err != nil {
		t.Fatal(err)
	}
	got := compiledLists()
	if len(got) != len(lists) {
		t.Fatalf("%d compiled lists, %d parsed", len(got), len(lists))
	}
	for i := range lists {
		if !reflect.DeepEqual(got[i], lists[i]) {
			t.Errorf("list %s: compiled form differs from the YAML", lists[i].ID)
		}
	}
	cat, err := catalog.LoadFS(policies.FS, "vendors")
	if err != nil {
		t.Fatal(err)
	}
	ccat, err := catalog.New(compiledEntities())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ccat, cat) {
		for _, e := range cat.Entities() {
			ce, _ := ccat.Get(e.ID)
			if !reflect.DeepEqual(ce, e) {
				t.Errorf("entity %s: compiled form differs from the YAML", e.ID)
			}
		}
		t.Error("compiled catalog differs from the YAML")
	}
	// Each call builds new values: a caller may change its copy.
	a, b := compiledEntities(), compiledEntities()
	a[0].Names = nil
	if b[0].Names == nil {
		t.Error("compiledEntities shares its values between calls")
	}
}
