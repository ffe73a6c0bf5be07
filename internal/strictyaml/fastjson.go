package strictyaml

import (
	"bytes"
	"reflect"
	"strings"

	jsoniter "github.com/json-iterator/go"

	"github.com/kakao-sandbox/kakao-sandbox/internal/strictjson"
)

// Why a second decoder: yaml.v3 reads about 15 MB/s, so a 100k-entry
// fixture document (rule D03) took seconds to parse before loading began.
// A JSON document that is plainly well formed is read by jsoniter through
// the same yaml tags, unknown fields refused and names matched exactly; any
// document it refuses, or that repeats a key, goes to yaml.v3, whose answer
// (and message) is the one that counts. So the fast path changes speed only.
var fastJSON = jsoniter.Config{TagKey: "yaml", DisallowUnknownFields: true, CaseSensitive: true}.Froze()

// decodeFast decodes data into v and reports whether it could (when it
// could not, v must be decoded afresh by yaml.v3) and whether a string in
// it may be longer than MaxString (when none can be, checkLengths need not
// walk a million values).
func decodeFast(data []byte, v any) (ok, mayBeLong bool) {
	scan, ok := plainJSON(data)
	if !ok {
		return false, false
	}
	presize(v, scan.Lists)
	return fastJSON.Unmarshal(data, v) == nil, scan.Longest > MaxString
}

// plainJSON reports whether data is one JSON object that strictjson.Plain
// is sure of: valid UTF-8 (which yaml.v3 insists on, and jsoniter does
// not), alone, no object repeating a key, no key with an escape (escaped
// keys could spell a repeated key differently), no escaped surrogate
// (escapedSurrogate). A list or a scalar is
// yaml.v3's: a fixture is a mapping. The values themselves are checked by
// jsoniter.
func plainJSON(data []byte) (strictjson.Scan, bool) {
	var scan strictjson.Scan
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return scan, false
	}
	if escapedSurrogate(data) {
		return scan, false
	}
	ok := strictjson.Plain(data, &scan)
	return scan, ok
}

// escapedSurrogate finds a UTF-16 surrogate escape, high or low
// (\ud83d\ude00, JSON's way to write 😀, or either alone): jsoniter reads
// it, yaml.v3 refuses it, and the refusal is the answer. (It may find
// "\\ud800", which is text: that costs speed only.)
func escapedSurrogate(data []byte) bool {
	for {
		i := bytes.Index(data, []byte(`\u`))
		if i < 0 || i+3 >= len(data) {
			return false
		}
		if data[i+2]|0x20 == 'd' && bytes.IndexByte([]byte("89abcdef"), data[i+3]|0x20) >= 0 { // \ud800-\udfff
			return true
		}
		data = data[i+2:]
	}
}

// presize gives each top-level list of v (a pointer to a struct) room for
// the elements the document has: grown as it is read, a list of 100k
// entries is copied about forty times over.
func presize(v any, lists map[string]int) {
	s := reflect.ValueOf(v).Elem()
	if s.Kind() != reflect.Struct {
		return
	}
	for i := range s.NumField() {
		f := s.Type().Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if n := lists[name]; n > 1 && f.Type.Kind() == reflect.Slice && s.Field(i).IsNil() {
			s.Field(i).Set(reflect.MakeSlice(f.Type, 0, n))
		}
	}
}
