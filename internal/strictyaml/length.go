package strictyaml

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// longString finds the first string in v longer than MaxString, and names
// it by its place in the document ("users[3].name"), with its length. The
// place is spelled only once found: a 100k-entry document has a million
// places.
func longString(v any, path string) (string, int) {
	parts, n := walk(reflect.ValueOf(v))
	if n == 0 {
		return "", 0
	}
	slices.Reverse(parts)
	return strings.TrimPrefix(path+strings.Join(parts, ""), "."), n
}

// walk returns the long string's length and the parts of its place,
// innermost first.
func walk(v reflect.Value) ([]string, int) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return walk(v.Elem())
		}
	case reflect.String:
		if v.Len() > MaxString {
			return nil, v.Len()
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if p, n := walk(v.Index(i)); n > 0 {
				return append(p, fmt.Sprintf("[%d]", i)), n
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			key := "." + fmt.Sprint(it.Key().Interface())
			if p, n := walk(it.Key()); n > 0 {
				return append(p, key), n
			}
			if p, n := walk(it.Value()); n > 0 {
				return append(p, key), n
			}
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if !f.IsExported() || name == "-" {
				continue
			}
			if name == "" {
				name = strings.ToLower(f.Name)
			}
			if f.Anonymous && name == strings.ToLower(f.Name) {
				name = "" // inlined
			}
			if p, n := walk(v.Field(i)); n > 0 {
				if name != "" {
					p = append(p, "."+name)
				}
				return p, n
			}
		}
	}
	return nil, 0
}
