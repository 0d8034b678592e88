package yamlstrict

import (
	"strings"
	"testing"
)

type doc struct {
	ID        string `yaml:"id"`
	Effective string `yaml:"effective"`
}

func TestDecodeUnknownKeyNamesFileAndLine(t *testing.T) {
	var d doc
	err := Decode("policies/us/fcc.yaml", []byte("id: x\nefective: 2020-01-01\n"), &d)
	if err == nil {
		t.Fatal("want error")
	}
	if got, want := err.Error(), `policies/us/fcc.yaml:2: unknown key "efective"`; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestDecodeRejectsSecondDocumentAndEmpty(t *testing.T) {
	var d doc
	if err := Decode("f.yaml", []byte("id: a\n---\nid: b\n"), &d); err == nil || !strings.Contains(err.Error(), "second YAML document") {
		t.Fatalf("got %v", err)
	}
	if err := Decode("f.yaml", []byte(""), &d); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Fatalf("got %v", err)
	}
}

func TestDecodeTypeErrorHasLine(t *testing.T) {
	var d doc
	err := Decode("f.yaml", []byte("id:\n  - a\n"), &d)
	if err == nil || !strings.HasPrefix(err.Error(), "f.yaml:2: ") {
		t.Fatalf("got %v", err)
	}
}
