package strictyaml

import (
	"encoding"
	"fmt"
	"math/big"
	"reflect"
	"strconv"
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

// findLoosened is findMisfit for what yaml.v3 accepts and should not
// (loosened, below): it loads 1.5 into a whole number as 1, 5 into text as
// "5", and yes into true. JSON (the fast path, jsoniter) takes none of
// them, and a document reads the same in YAML as in JSON.
func findLoosened(data []byte, t reflect.Type) (misfit, bool) {
	var root yaml.Node
	if yaml.Unmarshal(data, &root) != nil {
		return misfit{}, false
	}
	return (&walker{acceptedOnly: true}).node(&root, t, "")
}

// walker walks nodes beside a type; acceptedOnly walks a document yaml.v3
// accepted, and looks only for values it loosened.
type walker struct{ acceptedOnly bool }

var (
	unmarshaler     = reflect.TypeFor[yaml.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

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
	if reason, ok := loosened(n, t, path); ok && !selfDecoding {
		return misfit{path: path, line: n.Line, reason: reason}, true
	}
	if w.acceptedOnly {
		return misfit{}, false
	}
	if err := n.Decode(reflect.New(t).Interface()); err != nil {
		return misfit{path: path, line: n.Line, reason: notA(n, t, path, err)}, true
	}
	return misfit{}, false
}

// mapping walks a mapping decoded into a struct, by its yaml tags; an
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
			if w.acceptedOnly || key.Value == "<<" {
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
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" {
		if reason, ok := text(n, t, path); ok {
			return reason
		}
	}
	switch {
	case t == reflect.TypeFor[time.Time]():
		return got + " is not a date and time (2026-01-01T09:00:00+09:00)"
	case t == reflect.TypeFor[time.Duration]():
		return got + " is not a duration (90s, 30m, 2h)"
	case isWhole(t):
		if f, ok := new(big.Float).SetString(n.Value); ok && f.IsInt() && n.Kind == yaml.ScalarNode {
			i, _ := f.Int(nil)
			if reason, out := strictjson.OutOfRange(i, t); out {
				return got + " " + strings.Replace(reason, strictjson.WholeNumber, kakao.WholeNumber(path), 1)
			}
		}
	case reflect.PointerTo(t).Implements(unmarshaler):
		return plain(err) // a type that reads itself says what it wants
	}
	if want, ok := wanted(t, path); ok {
		return got + " is not " + want
	}
	return plain(err)
}

// wanted names what belongs where t is, as a person writing YAML thinks of it.
func wanted(t reflect.Type, path string) (string, bool) {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return kakao.WholeNumber(path), true
	case reflect.Float32, reflect.Float64:
		return "a number", true
	case reflect.Bool:
		return "true or false", true
	case reflect.String:
		return "text", true
	case reflect.Slice, reflect.Array:
		return "a list", true
	case reflect.Map, reflect.Struct:
		return "a mapping", true
	}
	return "", false
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

// loosened says what is wrong with a scalar yaml.v3 reads into t though it
// is not of t's kind: a fraction or a number out of range where a whole
// number belongs; a number or true/false where text belongs (the text a
// client meant is "5", not 5); YAML 1.1's yes/no/on/off where true or false
// belongs. A type that reads itself from text (a time) takes any scalar.
func loosened(n *yaml.Node, t reflect.Type, path string) (string, bool) {
	if n.Kind != yaml.ScalarNode || reflect.PointerTo(t).Implements(textUnmarshaler) {
		return "", false
	}
	switch {
	case n.Tag == "!!float" && isWhole(t) && !fits(n.Value, t):
		return notA(n, t, path, nil), true
	case t.Kind() == reflect.String && (n.Tag == "!!int" || n.Tag == "!!float"):
		return fmt.Sprintf("%s is a number where text belongs; quote it: %q", n.Value, n.Value), true
	case t.Kind() == reflect.String && n.Tag == "!!bool":
		return fmt.Sprintf("%s is a truth value where text belongs; quote it: %q", n.Value, n.Value), true
	case t.Kind() == reflect.Bool && n.Tag == "!!str":
		return notA(n, t, path, nil), true
	}
	return "", false
}

// text explains text (a string, quoted or not) where a number or true or
// false belongs, when it is what belongs there written plainly ("5",
// "true"), or YAML 1.1's yes/no/on/off, which yaml.v3 reads as true or
// false and JSON as text.
func text(n *yaml.Node, t reflect.Type, path string) (string, bool) {
	written := n.Value
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		written = strconv.Quote(n.Value)
	}
	if t.Kind() == reflect.Bool && yes[n.Value] != "" {
		return fmt.Sprintf("%s is not true or false; write %s", written, yes[n.Value]), true
	}
	unquoted := &yaml.Node{Kind: yaml.ScalarNode, Value: n.Value}
	unquoted.Tag = unquoted.ShortTag()
	if unquoted.Tag == "!!str" || unquoted.Decode(reflect.New(t).Interface()) != nil {
		return "", false
	}
	if _, loose := loosened(unquoted, t, path); loose {
		return "", false
	}
	want, _ := wanted(t, path)
	return fmt.Sprintf("%s is text where %s belongs; write it without quotes: %s", written, want, n.Value), true
}

// yes holds the words YAML 1.1 read as true or false, and what each meant.
var yes = map[string]string{
	"y": "true", "Y": "true", "yes": "true", "Yes": "true", "YES": "true", "on": "true", "On": "true", "ON": "true",
	"n": "false", "N": "false", "no": "false", "No": "false", "NO": "false", "off": "false", "Off": "false", "OFF": "false",
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
