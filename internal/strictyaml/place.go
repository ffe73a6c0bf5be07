package strictyaml

import (
	"fmt"
	"math/big"
	"reflect"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/strictjson"
)

// misfit is the first value of a document that does not fit the type it
// is decoded into, found by walking the document's nodes beside the type:
// yaml.v3 says only the line and the Go type ("line 3: cannot unmarshal
// !!str `abc` into uint64"), and a client wants the place ("users[0].id").
// Only a refused document is walked, so its cost does not matter.
type misfit struct {
	path   string
	line   int
	reason string
}

// findMisfit walks the document data against t (the type decoded into); ok
// is false when every value fits (the error was something else).
func findMisfit(data []byte, t reflect.Type) (misfit, bool) {
	var root yaml.Node
	if yaml.Unmarshal(data, &root) != nil {
		return misfit{}, false
	}
	return (&walker{}).node(&root, t, "")
}

// findFraction is findMisfit for what yaml.v3 accepts and should not: a
// number with a fraction where a whole number belongs (it loads 1.5 as 1,
// and 18446744073709551616 as a wrong id). Only numbers written with a
// point or an exponent can be one, so a document without any is not
// parsed again.
func findFraction(data []byte, t reflect.Type) (misfit, bool) {
	if !mayHoldFraction.Match(data) {
		return misfit{}, false
	}
	var root yaml.Node
	if yaml.Unmarshal(data, &root) != nil {
		return misfit{}, false
	}
	return (&walker{fractionsOnly: true}).node(&root, t, "")
}

var mayHoldFraction = regexp.MustCompile(`[0-9][.eE]|[0-9]{19}`)

// walker walks nodes beside a type; fractionsOnly looks at numbers put
// where whole numbers belong, and nothing else.
type walker struct{ fractionsOnly bool }

var unmarshaler = reflect.TypeFor[yaml.Unmarshaler]()

func (w *walker) node(n *yaml.Node, t reflect.Type, path string) (misfit, bool) {
	for n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		n = n.Content[0]
	}
	if n.Kind == yaml.AliasNode {
		// Not followed: an alias may point at its own ancestor, or fan out
		// a billion times; its anchor is walked where it is written.
		return misfit{}, false
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	selfDecoding := reflect.PointerTo(t).Implements(unmarshaler)
	switch {
	case selfDecoding:
	case t.Kind() == reflect.Struct && n.Kind == yaml.MappingNode:
		return w.mapping(n, t, path)
	case (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) && n.Kind == yaml.SequenceNode:
		for i, c := range n.Content {
			if m, ok := w.node(c, t.Elem(), fmt.Sprintf("%s[%d]", path, i)); ok {
				return m, true
			}
		}
		return misfit{}, false
	case t.Kind() == reflect.Map && n.Kind == yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if m, ok := w.node(n.Content[i+1], t.Elem(), join(path, n.Content[i].Value)); ok {
				return m, true
			}
		}
		return misfit{}, false
	}
	if w.fractionsOnly {
		if n.Kind == yaml.ScalarNode && n.Tag == "!!float" && isWhole(t) && !selfDecoding && !fits(n.Value, t) {
			return misfit{path: path, line: n.Line, reason: notA(n, t, path, nil)}, true
		}
		return misfit{}, false
	}
	if err := n.Decode(reflect.New(t).Interface()); err != nil {
		return misfit{path: path, line: n.Line, reason: notA(n, t, path, err)}, true
	}
	return misfit{}, false
}

// walkStruct walks a mapping decoded into a struct, by its yaml tags; an
// inlined struct's fields are the mapping's own.
func (w *walker) mapping(n *yaml.Node, t reflect.Type, path string) (misfit, bool) {
	fields := map[string]reflect.Type{}
	var rest reflect.Type // an inlined map takes the keys no field has
	var collect func(t reflect.Type)
	collect = func(t reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			switch {
			case name == "-" || !f.IsExported():
			case strings.Contains(opts, "inline") && f.Type.Kind() == reflect.Struct:
				collect(f.Type)
			case strings.Contains(opts, "inline") && f.Type.Kind() == reflect.Map:
				rest = f.Type.Elem()
			case name == "":
				fields[strings.ToLower(f.Name)] = f.Type
			default:
				fields[name] = f.Type
			}
		}
	}
	collect(t)
	for i := 0; i+1 < len(n.Content); i += 2 {
		key := n.Content[i]
		ft, known := fields[key.Value]
		if !known && rest != nil {
			ft, known = rest, true
		}
		if !known {
			if w.fractionsOnly || key.Value == "<<" {
				continue // a merge key: its mapping's keys are checked by yaml.v3
			}
			return misfit{path: join(path, key.Value), line: key.Line, reason: "unknown field"}, true
		}
		if m, ok := w.node(n.Content[i+1], ft, join(path, key.Value)); ok {
			return m, true
		}
	}
	return misfit{}, false
}

// notA says what the node is and what belongs in its place.
func notA(n *yaml.Node, t reflect.Type, path string, err error) string {
	got := "a mapping"
	switch n.Kind {
	case yaml.SequenceNode:
		got = "a list"
	case yaml.ScalarNode:
		got = "`" + n.Value + "`"
	}
	want := ""
	switch {
	case t == reflect.TypeFor[time.Time]():
		return got + " is not a date and time (2026-01-01T09:00:00+09:00)"
	case t == reflect.TypeFor[time.Duration]():
		return got + " is not a duration (90s, 30m, 2h)"
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if f, ok := new(big.Float).SetString(n.Value); ok && f.IsInt() && n.Kind == yaml.ScalarNode {
			i, _ := f.Int(nil)
			if reason, out := strictjson.OutOfRange(i, t); out {
				return got + " " + strings.Replace(reason, strictjson.WholeNumber, kakao.WholeNumber(path), 1)
			}
		}
		want = kakao.WholeNumber(path)
	case reflect.Float32, reflect.Float64:
		want = "a number"
	case reflect.Bool:
		want = "true or false"
	case reflect.String:
		want = "text"
	case reflect.Slice, reflect.Array:
		want = "a list"
	case reflect.Map, reflect.Struct:
		if reflect.PointerTo(t).Implements(unmarshaler) {
			return plain(err) // a type that reads itself says what it wants
		}
		want = "a mapping"
	default:
		return plain(err)
	}
	return got + " is not " + want
}

// fits reports whether a number, as written, is whole and in t's range.
func fits(number string, t reflect.Type) bool {
	f, ok := new(big.Float).SetString(number)
	if !ok || !f.IsInt() {
		return false
	}
	i, _ := f.Int(nil)
	_, out := strictjson.OutOfRange(i, t)
	return !out
}

func isWhole(t reflect.Type) bool {
	return t.Kind() >= reflect.Int && t.Kind() <= reflect.Uintptr && t != reflect.TypeFor[time.Duration]()
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
