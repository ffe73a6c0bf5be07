package strictyaml

import (
	"fmt"
	"reflect"
	"strings"
)

// longString finds the first string in v longer than MaxString, and names
// it by its place in the document ("users[3].name"), with its length.
func longString(v any, path string) (string, int) {
	return walk(reflect.ValueOf(v), path)
}

func walk(v reflect.Value, path string) (string, int) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return walk(v.Elem(), path)
		}
	case reflect.String:
		if v.Len() > MaxString {
			return strings.TrimPrefix(path, "."), v.Len()
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if p, n := walk(v.Index(i), fmt.Sprintf("%s[%d]", path, i)); p != "" {
				return p, n
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			key := fmt.Sprint(it.Key().Interface())
			if p, n := walk(it.Key(), path+"."+key); p != "" {
				return p, n
			}
			if p, n := walk(it.Value(), path+"."+key); p != "" {
				return p, n
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
			if p, n := walk(v.Field(i), path+"."+name); p != "" {
				return p, n
			}
		}
	}
	return "", 0
}
