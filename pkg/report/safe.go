package report

import (
	"reflect"

	"github.com/vendorcheck/vendorcheck/pkg/internal/safetext"
)

// Every text in a Result may come from an input or from a user's policy or
// waiver file: component names, versions, references, file names, host
// names, evidence values, error messages. Formats read by people (table,
// Markdown, HTML, JUnit, CSV, XLSX, and the messages of SARIF) render from
// safeResult, which shows control characters, line breaks and
// bidirectional overrides escaped (safetext.Line) so that no input can
// drive a terminal, forge a line or start one. The JSON result keeps the
// exact values; JSON escapes control characters itself, and
// safetext.NewJSONWriter the format characters it leaves raw.

// SafeResult returns r with every string made safe by Text. When
// no string needs it (the common case), it returns r itself and copies
// nothing; otherwise it copies the structure once and shares every string
// that was already safe, so a large clean value is never duplicated.
//
// A format that people read renders from SafeResult(r), as the formats of
// this package and of report/sarif, report/html and report/xlsx do.
func SafeResult(r *Result) *Result {
	if r == nil {
		return nil
	}
	v := reflect.ValueOf(r).Elem()
	if !needsSafe(v) {
		return r
	}
	out := reflect.New(v.Type()).Elem()
	copySafe(out, v)
	return out.Addr().Interface().(*Result)
}

func needsSafe(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String:
		return !safetext.Clean(v.String())
	case reflect.Ptr, reflect.Interface:
		return !v.IsNil() && needsSafe(v.Elem())
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() && needsSafe(v.Field(i)) {
				return true
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return false // bytes are not text
		}
		for i := 0; i < v.Len(); i++ {
			if needsSafe(v.Index(i)) {
				return true
			}
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			if needsSafe(it.Key()) || needsSafe(it.Value()) {
				return true
			}
		}
	}
	return false
}

// copySafe sets dst (settable, of src's type) to a copy of src with every
// string made safe.
func copySafe(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.String:
		s := src.String()
		if safetext.Clean(s) {
			dst.Set(src)
		} else {
			dst.SetString(safetext.Line(s))
		}
	case reflect.Ptr:
		if src.IsNil() || !needsSafe(src.Elem()) {
			dst.Set(src)
			return
		}
		p := reflect.New(src.Type().Elem())
		copySafe(p.Elem(), src.Elem())
		dst.Set(p)
	case reflect.Interface:
		if src.IsNil() || !needsSafe(src.Elem()) {
			dst.Set(src)
			return
		}
		e := reflect.New(src.Elem().Type()).Elem()
		copySafe(e, src.Elem())
		dst.Set(e)
	case reflect.Struct:
		dst.Set(src) // unexported fields, numbers, booleans
		for i := 0; i < src.NumField(); i++ {
			if src.Type().Field(i).IsExported() {
				copySafe(dst.Field(i), src.Field(i))
			}
		}
	case reflect.Slice:
		if src.IsNil() || !needsSafe(src) {
			dst.Set(src)
			return
		}
		s := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		for i := 0; i < src.Len(); i++ {
			copySafe(s.Index(i), src.Index(i))
		}
		dst.Set(s)
	case reflect.Array:
		for i := 0; i < src.Len(); i++ {
			copySafe(dst.Index(i), src.Index(i))
		}
	case reflect.Map:
		if src.IsNil() || !needsSafe(src) {
			dst.Set(src)
			return
		}
		m := reflect.MakeMapWithSize(src.Type(), src.Len())
		it := src.MapRange()
		for it.Next() {
			k := reflect.New(src.Type().Key()).Elem()
			copySafe(k, it.Key())
			val := reflect.New(src.Type().Elem()).Elem()
			copySafe(val, it.Value())
			m.SetMapIndex(k, val)
		}
		dst.Set(m)
	default:
		dst.Set(src)
	}
}

// Text returns s ready to show to a person on one line: control
// characters, line breaks and bidirectional overrides escaped visibly, and a
// leading "::" (a CI workflow command) defused. Every human-facing output
// writes text from inputs through it; so should a custom reporter or any
// message that quotes an input (file names included).
func Text(s string) string { return safetext.Line(s) }
