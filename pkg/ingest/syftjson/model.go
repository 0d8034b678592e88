package syftjson

import (
	"cmp"
	"slices"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// str returns m[key] if it is a string, trimmed.
func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return strings.TrimSpace(s)
}

// kinds maps syft package types to component kinds; any other type is a
// library, as syft's own CycloneDX encoder has it.
var kinds = map[string]inventory.Kind{
	"binary":                 inventory.KindApplication,
	"graalvm-native-image":   inventory.KindApplication,
	"github-action":          inventory.KindApplication,
	"github-action-workflow": inventory.KindApplication,
	"wordpress-plugin":       inventory.KindApplication,
	"linux-kernel":           inventory.KindOS,
	"linux-kernel-module":    inventory.KindLibrary,
	"msrc-kb":                inventory.KindOS,
}

// partyKeys are the metadata fields that name who made, maintains or
// publishes a package, across syft's metadata types (apk, dpkg, rpm, alpm,
// python, npm, gem, composer, R, PE, .NET ...).
var partyKeys = []struct {
	key  string
	role inventory.Role
}{
	{"author", inventory.RoleAuthor},
	{"authors", inventory.RoleAuthor},
	{"maintainer", inventory.RoleSupplier},
	{"maintainers", inventory.RoleSupplier},
	{"vendor", inventory.RoleSupplier},
	{"packager", inventory.RoleSupplier},
	{"publisher", inventory.RolePublisher},
	{"companyName", inventory.RolePublisher},
}

// manifestKeys are Java manifest and PE version-resource keys that name
// the vendor or publisher.
var manifestKeys = map[string]inventory.Role{
	"Implementation-Vendor": inventory.RoleSupplier,
	"Specification-Vendor":  inventory.RoleSupplier,
	"Bundle-Vendor":         inventory.RoleSupplier,
	"CompanyName":           inventory.RolePublisher,
}

func (rd *reader) inventory() *inventory.Inventory {
	inv := &inventory.Inventory{Source: rd.file, Format: ID, Components: []inventory.Component{}}
	if rd.schema != "" {
		inv.SpecVersion = rd.schema
	}
	names := map[string]string{}
	for _, a := range rd.arts {
		if id := str(a.v, "id"); id != "" {
			names[id] = str(a.v, "name")
		}
	}
	parent := map[string]string{}
	for _, r := range rd.rels {
		if _, ok := names[r.parent]; !ok || r.parent == r.child {
			continue
		}
		if _, ok := names[r.child]; ok {
			if _, dup := parent[r.child]; !dup {
				parent[r.child] = r.parent
			}
		}
	}
	if c, ok := rd.distroComponent(); ok {
		inv.Components = append(inv.Components, c)
	}
	for _, a := range rd.arts {
		inv.Components = append(inv.Components, rd.component(a, names, parent))
	}
	inv.Host = str(rd.source, "name")
	if inv.Host == "" {
		for _, k := range []string{"metadata", "target"} {
			if m, ok := rd.source[k].(map[string]any); ok && str(m, "userInput") != "" {
				inv.Host = str(m, "userInput")
				break
			}
		}
	}
	return inv
}

func (rd *reader) distroComponent() (inventory.Component, bool) {
	d := rd.distro
	name := str(d, "name")
	if name == "" {
		name = str(d, "id")
	}
	if name == "" {
		return inventory.Component{}, false
	}
	c := inventory.Component{
		Name:     name,
		Version:  str(d, "versionID"),
		Kind:     inventory.KindOS,
		Location: inventory.Location{File: rd.file, Line: rd.distroLn, Ref: "distro"},
	}
	if c.Version == "" {
		c.Version = str(d, "version")
	}
	if cpe := str(d, "cpeName"); cpe != "" {
		c.CPEs = []string{cpe}
	}
	if id := str(d, "id"); id != "" {
		c.Properties = append(c.Properties, inventory.Property{Name: "syft:distro.id", Value: id})
	}
	return c, true
}

func (rd *reader) component(a artifact, names, parent map[string]string) inventory.Component {
	v := a.v
	id := str(v, "id")
	c := inventory.Component{
		Name:     str(v, "name"),
		Version:  str(v, "version"),
		PURL:     str(v, "purl"),
		Location: inventory.Location{File: rd.file, Line: a.line, Ref: id},
	}
	typ := str(v, "type")
	c.Kind = inventory.KindLibrary
	if k, ok := kinds[typ]; ok {
		c.Kind = k
	}
	if cpes, ok := v["cpes"].([]any); ok {
		for _, x := range cpes {
			switch x := x.(type) {
			case string:
				c.CPEs = append(c.CPEs, strings.TrimSpace(x))
			case map[string]any:
				if s := str(x, "cpe"); s != "" {
					c.CPEs = append(c.CPEs, s)
				}
			}
		}
	}
	for _, p := range []struct{ key, name string }{
		{"type", "syft:type"}, {"foundBy", "syft:foundBy"}, {"language", "syft:language"}, {"metadataType", "syft:metadataType"},
	} {
		if s := str(v, p.key); s != "" {
			c.Properties = append(c.Properties, inventory.Property{Name: p.name, Value: s})
		}
	}
	if locs, ok := v["locations"].([]any); ok {
		for i, l := range locs {
			if i == 3 {
				break
			}
			if m, ok := l.(map[string]any); ok && str(m, "path") != "" {
				c.Properties = append(c.Properties, inventory.Property{Name: "syft:location", Value: str(m, "path")})
			}
		}
	}
	if md, ok := v["metadata"].(map[string]any); ok {
		c.Parties = metadataParties(md)
	}
	seen := map[string]bool{id: true}
	var path []string
	for p, ok := parent[id]; ok && len(path) < 64 && !seen[p]; p, ok = parent[p] {
		seen[p] = true
		path = append(path, names[p])
	}
	for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
		path[i], path[j] = path[j], path[i]
	}
	c.Location.Path = path
	return c
}

// metadataParties collects the parties the artifact's metadata names.
func metadataParties(md map[string]any) []inventory.Party {
	var ps []inventory.Party
	add := func(role inventory.Role, field, name string) {
		name = personName(name)
		switch strings.ToUpper(name) {
		case "", "NOASSERTION", "NONE", "UNKNOWN":
			return
		}
		for _, p := range ps {
			if p.Role == role && p.Name == name && p.Field == field {
				return
			}
		}
		ps = append(ps, inventory.Party{Role: role, Name: name, Field: field})
	}
	for _, k := range partyKeys {
		field := "metadata." + k.key
		switch x := md[k.key].(type) {
		case string:
			add(k.role, field, x)
		case map[string]any:
			add(k.role, field, str(x, "name"))
		case []any:
			for _, e := range x {
				switch e := e.(type) {
				case string:
					add(k.role, field, e)
				case map[string]any:
					add(k.role, field, str(e, "name"))
				}
			}
		}
	}
	// Java manifests ("manifest": {"main": ...}) and PE version resources
	// ("versionResources"): an object of keys, or a list of {key, value}.
	var lists []struct {
		field string
		v     any
	}
	if m, ok := md["manifest"].(map[string]any); ok {
		lists = append(lists, struct {
			field string
			v     any
		}{"metadata.manifest.main", m["main"]})
	}
	lists = append(lists, struct {
		field string
		v     any
	}{"metadata.versionResources", md["versionResources"]})
	for _, l := range lists {
		switch x := l.v.(type) {
		case map[string]any:
			for key, role := range manifestKeys {
				if s, ok := x[key].(string); ok {
					add(role, l.field+"."+key, s)
				}
			}
		case []any:
			for _, e := range x {
				if kv, ok := e.(map[string]any); ok {
					if role, ok := manifestKeys[str(kv, "key")]; ok {
						add(role, l.field+"."+str(kv, "key"), str(kv, "value"))
					}
				}
			}
		}
	}
	sortParties(ps)
	return ps
}

// sortParties orders parties by field then name, so that output does not
// depend on map order.
func sortParties(ps []inventory.Party) {
	slices.SortStableFunc(ps, func(a, b inventory.Party) int {
		return cmp.Or(cmp.Compare(a.Field, b.Field), cmp.Compare(a.Name, b.Name))
	})
}

// personName strips an e-mail address and URL from "Name <mail> (url)",
// the form npm, apk and dpkg use.
func personName(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '<'); i > 0 {
		s = s[:i]
	} else if i == 0 {
		return ""
	}
	if i := strings.IndexByte(s, '('); i > 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}
