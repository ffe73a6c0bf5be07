// Package strictyaml decodes one YAML (or JSON) document a client sent, the
// way the sandbox wants client documents read: unknown fields and keys given
// twice are errors, no string is longer than MaxString, and an error is the
// -2 that says what is wrong in the document's own words, never Go's.
//
// It uses kakao only.
package strictyaml

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
)

// MaxString caps every string in a client document (rule R04): a name,
// key or description longer than this is a mistake, and would otherwise be
// copied into every page and answer that shows it.
const MaxString = 1024

// Decode reads exactly one document into v; what names a document in
// messages ("fixture", "scenario").
func Decode(data []byte, v any, what string) error { return decode(data, v, what, false) }

// DecodeLarge is Decode for documents that may be large (fixtures): a plain
// JSON one is read by a faster decoder (fastjson.go). Every field of v must
// carry a yaml tag, and none may be embedded, for both to read alike.
func DecodeLarge(data []byte, v any, what string) error { return decode(data, v, what, true) }

func decode(data []byte, v any, what string, large bool) (err error) {
	// yaml.v3 may panic on a malformed document (gopkg.in/yaml.v3 did on a
	// merge key beside a mapping used as a key: {<<: {}, {}: 1}); that is
	// bad input, not a bug.
	defer func() {
		if p := recover(); p != nil {
			err = kakao.Invalid("body", "the %s document cannot be read as YAML: %v", what, p)
		}
	}()
	if large {
		if ok, mayBeLong := decodeFast(data, v); ok {
			if !mayBeLong {
				return nil
			}
			return checkLengths(v)
		}
		reflect.ValueOf(v).Elem().SetZero() // what the fast path left half-decoded
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return kakao.Invalid("body", "the %s document is empty", what)
		}
		if msg, ok := strings.CutPrefix(err.Error(), "yaml: runtime error: "); ok {
			// What gopkg.in/yaml.v3 panicked on, go.yaml.in/yaml/v3 recovers
			// and returns; it reads as it did.
			return kakao.Invalid("body", "the %s document cannot be read as YAML: runtime error: %s", what, msg)
		}
		if m, ok := findMisfit(data, reflect.TypeOf(v).Elem()); ok && m.path != "" {
			return kakao.Invalid(m.path, "%s (line %d)", m.reason, m.line)
		}
		return kakao.Invalid("body", "%s", plain(err))
	}
	var extra any
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return kakao.Invalid("body", "one %s document per request (found a second one)", what)
	}
	if m, ok := findLoosened(data, reflect.TypeOf(v).Elem()); ok {
		return kakao.Invalid(m.path, "%s (line %d)", m.reason, m.line)
	}
	return checkLengths(v)
}

func checkLengths(v any) error {
	if path, n := longString(v, ""); path != "" {
		return kakao.Invalid(path, "%d bytes long; a value is at most %d bytes (R04)", n, MaxString)
	}
	return nil
}

var (
	unknownField = regexp.MustCompile(`field (\S+) not found in type \S+`)
	wrongType    = regexp.MustCompile("cannot unmarshal !!(\\w+) (`[^`]*` )?into (\\S+)")
)

// plain rewrites yaml.v3's errors, which name Go types, in the document's terms.
func plain(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.ReplaceAll(strings.TrimPrefix(msg, "unmarshal errors:\n  "), "\n  ", "; ")
	msg = unknownField.ReplaceAllString(msg, "unknown field $1")
	return wrongType.ReplaceAllStringFunc(msg, func(m string) string {
		parts := wrongType.FindStringSubmatch(m)
		got := strings.TrimSpace(parts[2])
		if got == "" {
			got = "a " + map[string]string{"map": "mapping", "seq": "list"}[parts[1]]
		}
		return got + " where " + expected(parts[3]) + " belongs"
	})
}

// expected names what a Go type holds, as a person writing YAML thinks of it.
func expected(goType string) string {
	switch {
	case strings.HasPrefix(goType, "[]"):
		return "a list"
	case strings.HasPrefix(goType, "map["), strings.Contains(goType, "."):
		return "a mapping"
	case strings.HasPrefix(goType, "int"), strings.HasPrefix(goType, "uint"):
		return "a whole number"
	case strings.HasPrefix(goType, "float"):
		return "a number"
	case goType == "bool":
		return "true or false"
	}
	return "text"
}
