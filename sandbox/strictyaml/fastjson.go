package strictyaml

import (
	"bytes"

	jsoniter "github.com/json-iterator/go"
)

// Why a second decoder: yaml.v3 reads about 15 MB/s, so a 100k-entry
// fixture document (RULES D03) took seconds to parse before loading began.
// A JSON document that is plainly well formed is read by jsoniter through
// the same yaml tags, unknown fields refused and names matched exactly; any
// document it refuses, or that repeats a key, goes to yaml.v3, whose answer
// (and message) is the one that counts. So the fast path changes speed only.
var fastJSON = jsoniter.Config{TagKey: "yaml", DisallowUnknownFields: true, CaseSensitive: true}.Froze()

// decodeFast decodes data into v and reports whether it could; when it
// could not, v must be decoded afresh by yaml.v3.
func decodeFast(data []byte, v any) bool {
	if !plainJSON(data) {
		return false
	}
	return fastJSON.Unmarshal(data, v) == nil
}

// plainJSON reports whether data is one JSON object, alone, in which no
// object repeats a key and no key has an escape (escaped keys could spell a
// repeated key differently). The values themselves are checked by jsoniter.
func plainJSON(data []byte) bool {
	data = bytes.TrimSpace(data)
	if len(data) == 0 || data[0] != '{' {
		return false
	}
	var keys [][][]byte // the keys seen in each open object; nil for an array
	expectKey := false
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '{':
			keys = append(keys, [][]byte{})
			expectKey = true
		case '[':
			keys = append(keys, nil)
		case '}', ']':
			if len(keys) == 0 {
				return false
			}
			keys = keys[:len(keys)-1]
			if len(keys) == 0 {
				return i == len(data)-1 // one value, nothing after it
			}
		case ',':
			expectKey = keys[len(keys)-1] != nil
		case '"':
			end := closingQuote(data, i+1)
			if end < 0 {
				return false
			}
			if expectKey {
				key := data[i+1 : end]
				if bytes.IndexByte(key, '\\') >= 0 {
					return false
				}
				top := keys[len(keys)-1]
				for _, k := range top {
					if bytes.Equal(k, key) {
						return false
					}
				}
				keys[len(keys)-1] = append(top, key)
				expectKey = false
			}
			i = end
		}
	}
	return false
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
