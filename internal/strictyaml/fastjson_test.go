package strictyaml

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Only a lone JSON object whose objects repeat no key takes the fast path;
// anything else is yaml.v3's to judge and to explain.
func TestPlainJSON(t *testing.T) {
	for doc, plain := range map[string]bool{
		`{"a": [{"k": 1, "v": "}{\"k\""}, {"k": 2}], "b": {}}`: true,
		` {"a": 1}` + "\n":                    true,
		`{"a": {"k": 1}, "b": {"k": 1}}`:      true, // the same key in two objects
		`{"a": [{"k": 1}, {"k": 1}], "k": 2}`: true,
		`{"a": 1, "a": 2}`:                    false, // a key given twice
		`{"a": {"k": 1, "k": 1}}`:             false,
		`{"a": {"b": {}, "k": 1, "k": 1}}`:    false, // after a nested object closed
		`{"\u0061": 1, "a": 2}`:               false, // an escaped key
		`{"a": 1}{"b": 2}`:                    false, // two documents
		`a: 1`:                                false,
		`[{"a": 1}]`:                          false,
		`{"a": [1, 2}`:                        false,
		`{"a": "\ud83d\ude00"}`:               false, // yaml.v3 refuses a surrogate escape
		`{"a": "\uDBFF"}`:                     false,
		`{"a": "\u00e9\ud7ff\ue000"}`:         true,
	} {
		_, ok := plainJSON([]byte(doc))
		assert.Equal(t, plain, ok, doc)
	}
	var v struct {
		A int `yaml:"a"`
	}
	ok, _ := decodeFast([]byte(`{"A": 1}`), &v)
	assert.False(t, ok, "names match exactly, as in YAML")
	ok, _ = decodeFast([]byte(`{"a": 1, "b": 2}`), &v)
	assert.False(t, ok, "unknown fields are refused")
	ok, _ = decodeFast([]byte(`{"a": 1}`), &v)
	assert.True(t, ok)
	assert.Equal(t, 1, v.A)
}

// The scan counts each top-level list's elements, so the decoder can make
// room for them at once, and measures the longest string as written.
func TestPlainJSONScan(t *testing.T) {
	scan, ok := plainJSON([]byte(`{"users": [{"k": "a,b", "l": [1, 2, 3]}, {"k": "cc"}, {}], "none": [], "one": [{"k": "x"}],` +
		` "cloud": {"orgs": [1, 2]}, "long": "` + strings.Repeat("가", 3) + `"}`))
	require.True(t, ok)
	assert.Equal(t, map[string]int{"users": 3, "none": 1, "one": 1}, scan.Lists, "nested lists are not counted; [] counts as one")
	assert.Equal(t, 9, scan.Longest, "bytes as written")

	var d struct {
		Users []struct {
			K string `yaml:"k"`
		} `yaml:"users"`
	}
	ok, mayBeLong := decodeFast([]byte(`{"users": [{"k": "a"}, {"k": "b"}, {"k": "c"}]}`), &d)
	require.True(t, ok)
	assert.False(t, mayBeLong)
	assert.Len(t, d.Users, 3)
	assert.Equal(t, 3, cap(d.Users), "room made once")
}

// r04LongStringsAreRefusedInJSON (TestRules/R04_long_strings_are_refused_in_json): the fast path skips the walk for
// length only when no string as written is longer than MaxString; an
// escaped one may be longer written than read, and is checked as read.
func r04LongStringsAreRefusedInJSON(t *testing.T) {
	long := strings.Repeat("가", MaxString)
	var d doc
	err := DecodeLarge([]byte(`{"users": [{"key": "ok"}, {"key": "`+long+`"}]}`), &d, "test")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "users[1].key")
	assert.Contains(t, err.Error(), "at most 1024 bytes")

	escaped := strings.Repeat(`\u0061`, MaxString) // 6 bytes written, 1 read
	require.NoError(t, DecodeLarge([]byte(`{"users": [{"key": "`+escaped+`"}]}`), &d, "test"))
	assert.Len(t, d.Users[0].Key, MaxString)
	require.Error(t, DecodeLarge([]byte(`{"users": [{"key": "`+escaped+`a"}]}`), &d, "test"))
}

// FuzzFastJSONReadsAsYAMLDoes: whatever the fast path takes, yaml.v3 takes
// too, with the same value, and both refuse the same long strings; so the
// fast path changes speed only.
//
//	go test ./internal/strictyaml -run '^$' -fuzz '^FuzzFastJSONReadsAsYAMLDoes$' -fuzztime 60s
func FuzzFastJSONReadsAsYAMLDoes(f *testing.F) {
	f.Add(`{"users": [{"key": "a", "id": 1, "verified": true}, {"key": "b"}], "names": ["x", "y"], "tags": {"k": "v"}}`)
	f.Add(`{"users": [{"key": "` + strings.Repeat(`\u0061`, MaxString) + `"}]}`)
	f.Add(`{"names": ["` + strings.Repeat("가", MaxString/3+1) + `"]}`)
	f.Add(`{"users": [], "names": null, "tags": {}}`)
	f.Add(`{"users": [{"key": "a", "id": 1.5}, {"key": "b", "id": 1e3}, {"key": "c", "id": 18446744073709551616}]}`)
	f.Add(`{"users": [{"key": 5}, {"key": true}, {"key": 1.5}], "names": [7], "tags": {"k": false}}`)
	f.Add(`{"users": [{"key": "a", "verified": "yes"}, {"key": "b", "verified": "off"}, {"key": "c", "verified": "true"}]}`)
	f.Add(`{"users": [{"key": "a", "id": "5"}, {"key": "b", "id": "1.5"}, {"key": "c", "verified": null}]}`)
	f.Add(`{"names": ["\ud83d\ude00", "\ud800", "\u00e9"]}`)
	f.Add(`{"names": ["\ude00", "\uDFFF"]}`) // a low surrogate alone
	f.Fuzz(func(t *testing.T, data string) {
		if _, ok := plainJSON([]byte(data)); !ok {
			return
		}
		var fast, slow fuzzDoc
		fastErr := DecodeLarge([]byte(data), &fast, "test")
		slowErr := Decode([]byte(data), &slow, "test")
		if (fastErr == nil) != (slowErr == nil) {
			t.Fatalf("%q: fast path %v, yaml.v3 %v", data, fastErr, slowErr)
		}
		if fastErr == nil {
			assert.Equal(t, slow, fast, data)
		}
	})
}

type fuzzDoc struct {
	Users []user            `yaml:"users"`
	Names []string          `yaml:"names"`
	Tags  map[string]string `yaml:"tags"`
}
