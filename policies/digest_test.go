package policies

import (
	"testing"
	"testing/fstest"
)

// Any edit of the data changes the digest: a changed byte (a date moved
// by a month keeps the size), a renamed file, a file added; the
// signature does not count.
func TestDigestSeesEdits(t *testing.T) {
	base := func() fstest.MapFS {
		return fstest.MapFS{
			"manifest.yaml":       {Data: []byte("version: 2026.12.0\n")},
			"us/fcc-covered.yaml": {Data: []byte("effective: 2026-06-30\n")},
			"vendors/huawei.yaml": {Data: []byte("name: Huawei\n")},
			"manifest.sig":        {Data: []byte("sig-a")},
		}
	}
	want, err := Digest(base())
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := Digest(base()); again != want {
		t.Fatalf("digest not deterministic: %s, %s", want, again)
	}
	edits := map[string]func(fstest.MapFS){
		"a byte changed": func(f fstest.MapFS) { f["us/fcc-covered.yaml"].Data[17] = '7' },
		"renamed":        func(f fstest.MapFS) { f["us/fcc.yaml"] = f["us/fcc-covered.yaml"]; delete(f, "us/fcc-covered.yaml") },
		"added":          func(f fstest.MapFS) { f["vendors/zte.yaml"] = &fstest.MapFile{Data: []byte("name: ZTE\n")} },
		"removed":        func(f fstest.MapFS) { delete(f, "vendors/huawei.yaml") },
		"content moved": func(f fstest.MapFS) {
			f["manifest.yaml"].Data = []byte("version: 2026.12.0\neffective: 2026-06-30\n")
			f["us/fcc-covered.yaml"].Data = nil
		},
	}
	for name, edit := range edits {
		f := base()
		edit(f)
		got, err := Digest(f)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got == want {
			t.Errorf("%s: digest unchanged (%s)", name, got)
		}
	}
	f := base()
	f["manifest.sig"].Data = []byte("another signature")
	if got, _ := Digest(f); got != want {
		t.Errorf("the signature changed the digest: %s, want %s", got, want)
	}
}
