package strictyaml

import (
	"bytes"
	"reflect"
	"strings"
	"unicode/utf8"

	jsoniter "github.com/json-iterator/go"
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
	presize(v, scan.lists)
	return fastJSON.Unmarshal(data, v) == nil, scan.longest > MaxString
}

// jsonScan is what plainJSON learnt on its way through a document.
type jsonScan struct {
	longest int            // the longest string's length as written, never less than decoded
	lists   map[string]int // the elements of each top-level list, by key
}

// plainJSON reports whether data is one JSON object of valid UTF-8 (which
// yaml.v3 insists on, and jsoniter does not), alone, in which no object
// repeats a key and no key has an escape (escaped keys could spell a
// repeated key differently). The values themselves are checked by jsoniter.
// It allocates nothing per object: a 100k-entry document has 400k of them.
func plainJSON(data []byte) (jsonScan, bool) {
	scan := jsonScan{lists: map[string]int{}}
	data = bytes.TrimSpace(data)
	if len(data) == 0 || data[0] != '{' || !utf8.Valid(data) {
		return scan, false
	}
	// keys holds the keys of every open object, one after another; each
	// open value has a frame: where its object's keys start (-1: a list).
	type frame struct{ keys, items int }
	var keys [][]byte
	var open []frame
	var topKey []byte // the last key of the top-level object
	expectKey := false
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '{', '[':
			f := frame{keys: len(keys)}
			if c == '[' {
				f.keys = -1
			}
			open = append(open, f)
			expectKey = c == '{'
		case '}', ']':
			if len(open) == 0 {
				return scan, false
			}
			f := open[len(open)-1]
			if c == ']' && len(open) == 2 { // a top-level list: its commas, and one
				scan.lists[string(topKey)] = f.items + 1
			}
			if f.keys >= 0 {
				keys = keys[:f.keys]
			}
			open = open[:len(open)-1]
			expectKey = false // a ',' or a close comes next
			if len(open) == 0 {
				return scan, i == len(data)-1 // one value, nothing after it
			}
		case ',':
			f := &open[len(open)-1]
			f.items++
			expectKey = f.keys >= 0
		case '"':
			end := closingQuote(data, i+1)
			if end < 0 {
				return scan, false
			}
			scan.longest = max(scan.longest, end-i-1)
			if expectKey {
				key := data[i+1 : end]
				if bytes.IndexByte(key, '\\') >= 0 {
					return scan, false
				}
				f := open[len(open)-1]
				if f.keys < 0 {
					return scan, false // not JSON
				}
				for _, k := range keys[f.keys:] {
					if bytes.Equal(k, key) {
						return scan, false
					}
				}
				keys = append(keys, key)
				if len(open) == 1 {
					topKey = key
				}
				expectKey = false
			}
			i = end
		}
	}
	return scan, false
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

// closingQuote finds the quote that ends the string starting at from.
func closingQuote(data []byte, from int) int {
	for i := from; i < len(data); i++ {
		switch data[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}
