package policy_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"github.com/vendorcheck/vendorcheck/pkg/catalog"
	"github.com/vendorcheck/vendorcheck/pkg/policy"
	"github.com/vendorcheck/vendorcheck/policies"
)

// schemas compiles the shipped policy and vendor schemas from the embedded
// tree; the policy schema refers to the vendor schema by relative URL.
func schemas(t *testing.T) (pol, vend *jsonschema.Schema) {
	t.Helper()
	c := jsonschema.NewCompiler()
	ids := map[string]string{}
	for _, name := range []string{"schema/policy.schema.json", "schema/vendor.schema.json"} {
		data, err := fs.ReadFile(policies.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		id, _ := doc.(map[string]any)["$id"].(string)
		if id == "" {
			t.Fatalf("%s: no $id", name)
		}
		if err := c.AddResource(id, doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		ids[name] = id
	}
	var err error
	if pol, err = c.Compile(ids["schema/policy.schema.json"]); err != nil {
		t.Fatalf("policy schema: %v", err)
	}
	if vend, err = c.Compile(ids["schema/vendor.schema.json"]); err != nil {
		t.Fatalf("vendor schema: %v", err)
	}
	return pol, vend
}

// yamlToJSON turns a YAML document into the values a JSON decoder would
// produce, so the JSON Schema sees what a JSON copy of the file would hold.
// Timestamps (unquoted dates) stay strings.
func yamlToJSON(data []byte) (any, error) {
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		return nil, err
	}
	v, err := nodeValue(&n)
	if err != nil {
		return nil, err
	}
	// Round-trip through JSON so numbers take the validator's own form.
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return jsonschema.UnmarshalJSON(bytes.NewReader(b))
}

func nodeValue(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return nodeValue(n.Content[0])
	case yaml.AliasNode:
		return nodeValue(n.Alias)
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := nodeValue(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		s := []any{}
		for _, c := range n.Content {
			v, err := nodeValue(c)
			if err != nil {
				return nil, err
			}
			s = append(s, v)
		}
		return s, nil
	}
	switch n.ShortTag() {
	case "!!null":
		return nil, nil
	case "!!bool":
		return strconv.ParseBool(strings.ToLower(n.Value))
	case "!!int":
		i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64)
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", n.Line, err)
		}
		return i, nil
	case "!!float":
		f, err := strconv.ParseFloat(n.Value, 64)
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", n.Line, err)
		}
		return f, nil
	}
	return n.Value, nil
}

func shippedFiles(t *testing.T, dirFilter func(dir string) bool) []string {
	t.Helper()
	names, err := fs.Glob(policies.FS, "*/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range names {
		if dirFilter(path.Dir(n)) {
			out = append(out, n)
		}
	}
	return out
}

func validateFile(t *testing.T, sch *jsonschema.Schema, name string) {
	t.Helper()
	data, err := fs.ReadFile(policies.FS, name)
	if err != nil {
		t.Fatal(err)
	}
	v, err := yamlToJSON(data)
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	if err := sch.Validate(v); err != nil {
		t.Errorf("%s: does not match its schema:\n%v", name, err)
	}
}

func TestShippedPoliciesMatchSchema(t *testing.T) {
	pol, _ := schemas(t)
	files := shippedFiles(t, func(d string) bool { return d != "vendors" && d != "schema" })
	if len(files) < 19 {
		t.Fatalf("found %d policy files, want at least 19", len(files))
	}
	for _, f := range files {
		validateFile(t, pol, f)
	}
}

// Vendor files are written separately; every one present must match.
func TestShippedVendorsMatchSchema(t *testing.T) {
	_, vend := schemas(t)
	files := shippedFiles(t, func(d string) bool { return d == "vendors" })
	if len(files) == 0 {
		t.Skip("no vendors/*.yaml yet")
	}
	for _, f := range files {
		validateFile(t, vend, f)
	}
}

const minimalList = `
id: org-list
title: Our list
jurisdiction: GB
authority: Security team
instrument: Internal policy
citation: POL-1
url: https://example.org/pol-1
reviewed: 2026-01-01
categories: [any]
rules:
  - id: r1
    entity: huawei
    categories: [any]
    action: deny
    deadlines:
      - date: 2027-01-01
        requirement: remove it
entities:
  - id: acme
    name: Acme
    names: [{value: Acme Ltd}]
    identifiers:
      pci_vendors: [{value: "abcd"}]
`

func TestPolicySchemaAcceptsAndRejects(t *testing.T) {
	pol, _ := schemas(t)
	ok, err := yamlToJSON([]byte(minimalList))
	if err != nil {
		t.Fatal(err)
	}
	if err := pol.Validate(ok); err != nil {
		t.Fatalf("minimal list rejected: %v", err)
	}
	// Each mutation must be rejected by the schema, as Parse rejects it.
	cases := map[string][2]string{
		"unknown key":         {"reviewed: 2026-01-01\n", "reviewed: 2026-01-01\nefective: 2026-01-01\n"},
		"bad date":            {"reviewed: 2026-01-01", "reviewed: 2026-1-1"},
		"UK":                  {"jurisdiction: GB", "jurisdiction: UK"},
		"lower jurisdiction":  {"jurisdiction: GB", "jurisdiction: gb"},
		"bad category":        {"categories: [any]\nrules", "categories: [telecom]\nrules"},
		"bad action":          {"action: deny", "action: block"},
		"bad use":             {"    action: deny\n", "    action: deny\n    uses: [military]\n"},
		"bad restricts":       {"    action: deny\n", "    action: deny\n    restricts: sale\n"},
		"missing url":         {"url: https://example.org/pol-1\n", ""},
		"missing requirement": {"        requirement: remove it\n", ""},
		"bad rule id":         {"id: r1", "id: R1"},
		"bad entity pci":      {`value: "abcd"`, `value: "abcde"`},
		"unknown rule key":    {"    action: deny\n", "    action: deny\n    severity: high\n"},
		"status":              {"categories: [any]\nrules", "status: draft\ncategories: [any]\nrules"},
	}
	for name, c := range cases {
		if !strings.Contains(minimalList, c[0]) {
			t.Fatalf("%s: %q not in the minimal list", name, c[0])
		}
		bad, err := yamlToJSON([]byte(strings.Replace(minimalList, c[0], c[1], 1)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := pol.Validate(bad); err == nil {
			t.Errorf("%s: schema accepted it", name)
		}
		// The Go loader agrees with the schema on every case.
		if _, err := policy.Parse("x.yaml", []byte(strings.Replace(minimalList, c[0], c[1], 1))); err == nil {
			t.Errorf("%s: Parse accepted it", name)
		}
	}
	if _, err := policy.Parse("x.yaml", []byte(minimalList)); err != nil {
		t.Errorf("Parse rejected the minimal list: %v", err)
	}
}

func TestVendorSchemaRejects(t *testing.T) {
	_, vend := schemas(t)
	good := "id: acme\nname: Acme\nnames: [{value: Acme Ltd}]\nidentifiers:\n  jedec: [{bank: 1, code: \"0x2C\"}]\n  usb_vendors: [{value: \"12d1\"}]\n"
	v, err := yamlToJSON([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if err := vend.Validate(v); err != nil {
		t.Fatalf("good vendor rejected: %v", err)
	}
	for name, bad := range map[string]string{
		"unknown key":    strings.Replace(good, "name: Acme\n", "name: Acme\nwebsite: x\n", 1),
		"no names":       strings.Replace(good, "names: [{value: Acme Ltd}]\n", "", 1),
		"bank 17":        strings.Replace(good, "bank: 1", "bank: 17", 1),
		"unquoted usb":   strings.Replace(good, `"12d1"`, "1234", 1),
		"bad brand date": good + "brands: [{name: B, from: 2020-13-01}]\n",
	} {
		v, err := yamlToJSON([]byte(bad))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := vend.Validate(v); err == nil {
			t.Errorf("%s: schema accepted it", name)
		}
	}
}

// The schemas' vocabularies must be the Go ones.
func TestSchemaEnumsMatchGo(t *testing.T) {
	var pol, vend map[string]any
	for name, dst := range map[string]*map[string]any{"schema/policy.schema.json": &pol, "schema/vendor.schema.json": &vend} {
		data, err := fs.ReadFile(policies.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, dst); err != nil {
			t.Fatal(err)
		}
	}
	enum := func(doc map[string]any, path ...string) []string {
		var cur any = doc
		for _, p := range path {
			cur = cur.(map[string]any)[p]
		}
		var out []string
		for _, v := range cur.(map[string]any)["enum"].([]any) {
			out = append(out, v.(string))
		}
		return out
	}
	same := func(what string, got, want []string) {
		g, w := slices.Clone(got), slices.Clone(want)
		sort.Strings(g)
		sort.Strings(w)
		if !slices.Equal(g, w) {
			t.Errorf("%s: schema has %v, Go has %v", what, g, w)
		}
	}
	same("policy categories", enum(pol, "$defs", "category"), policy.Categories)
	same("vendor categories", enum(vend, "$defs", "category"), policy.Categories)
	same("uses", enum(pol, "$defs", "use"), policy.Uses)
	same("restricts", enum(pol, "$defs", "rule", "properties", "restricts"), policy.Restricts)
	same("actions", enum(pol, "$defs", "rule", "properties", "action"),
		[]string{string(policy.ActionDeny), string(policy.ActionWarn), string(policy.ActionInfo)})
	same("status", enum(pol, "properties", "status"), []string{policy.StatusInForce, policy.StatusProposal})
}

// The schemas' properties must be the Go types' YAML keys, so that neither
// can gain a field the other does not know.
func TestSchemaPropertiesMatchGoTypes(t *testing.T) {
	var pol, vend map[string]any
	for name, dst := range map[string]*map[string]any{"schema/policy.schema.json": &pol, "schema/vendor.schema.json": &vend} {
		data, err := fs.ReadFile(policies.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, dst); err != nil {
			t.Fatal(err)
		}
	}
	props := func(obj any) []string {
		var out []string
		for k := range obj.(map[string]any)["properties"].(map[string]any) {
			out = append(out, k)
		}
		sort.Strings(out)
		return out
	}
	def := func(doc map[string]any, name string) any { return doc["$defs"].(map[string]any)[name] }
	check := func(what string, schemaObj any, typ reflect.Type) {
		var keys []string
		for i := 0; i < typ.NumField(); i++ {
			tag := strings.Split(typ.Field(i).Tag.Get("yaml"), ",")[0]
			if tag != "" && tag != "-" {
				keys = append(keys, tag)
			}
		}
		sort.Strings(keys)
		if got := props(schemaObj); !slices.Equal(got, keys) {
			t.Errorf("%s: schema properties %v, Go yaml keys %v", what, got, keys)
		}
	}
	check("list", pol, reflect.TypeFor[policy.List]())
	check("rule", def(pol, "rule"), reflect.TypeFor[policy.Rule]())
	check("deadline", def(pol, "deadline"), reflect.TypeFor[policy.Deadline]())
	check("note", def(pol, "note"), reflect.TypeFor[policy.Note]())
	check("entity", vend, reflect.TypeFor[catalog.Entity]())
	check("fact", def(vend, "fact"), reflect.TypeFor[catalog.Fact]())
	check("related", def(vend, "related"), reflect.TypeFor[catalog.Related]())
	check("identifiers", def(vend, "identifiers"), reflect.TypeFor[catalog.Identifiers]())
	check("jedec", def(vend, "jedec"), reflect.TypeFor[catalog.JEDEC]())
	check("part pattern", def(vend, "partPattern"), reflect.TypeFor[catalog.PartPattern]())
}
