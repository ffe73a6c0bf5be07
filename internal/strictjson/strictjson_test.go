package strictjson

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheckJSON(t *testing.T) {
	tests := []struct {
		name, body, wantErr string
	}{
		{"plain object", `{"a":1,"b":[1,{"c":2}]}`, ""},
		{"same key in sibling objects", `[{"a":1},{"a":2}]`, ""},
		{"duplicate key", `{"amount":1,"amount":2}`, `key "amount" appears twice in the body`},
		{"nested duplicate key", `{"a":{"b":1,"b":1}}`, `key "b" appears twice in a`},
		{"trailing data", `{"a":1} {"a":2}`, "unexpected data after the JSON value"},
		{"truncated", `{"a":`, "the JSON ends before it is complete"},
		{"truncated in a word", `{"a":tru`, "the JSON ends before it is complete"},
		{"empty", ` `, "the JSON ends before it is complete"},
		{"a comma too many", `{"a":1,}`, "malformed JSON at byte 8"}, // counted from 1, as json.Unmarshal does
		{"a comma missing", `{"a":[1,2 3]}`, "malformed JSON at byte 11"},
		{"not JSON", `x`, "malformed JSON at byte 1"},
		{"too deep", strings.Repeat("[", MaxDepth+2) + strings.Repeat("]", MaxDepth+2), "nested more than"},
		{"deep enough", strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check([]byte(tt.body))
			if tt.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			if assert.Error(t, err) {
				assert.Contains(t, err.Error(), tt.wantErr)
			}
		})
	}
}

// Plain says true only when sure that no object repeats a key; anything
// else is the slower reader's to judge and to explain.
func TestPlain(t *testing.T) {
	keys := make([]string, maxKeys+1)
	for i := range keys {
		keys[i] = fmt.Sprintf(`"k%d":%d`, i, i)
	}
	for doc, plain := range map[string]bool{
		`{"a": [{"k": 1, "v": "}{\"k\""}, {"k": 2}], "b": {}}`: true,
		` {"a": 1}` + "\n":                    true,
		`{"a": {"k": 1}, "b": {"k": 1}}`:      true, // the same key in two objects
		`{"a": [{"k": 1}, {"k": 1}], "k": 2}`: true,
		`[{"a": 1}]`:                          true, // any value, not only an object
		`"x"`:                                 true,
		`{"é": 1, "e": 2}`:                    true,  // valid UTF-8 keys compare as written
		`{"a": 1, "a": 2}`:                    false, // a key given twice
		`{"a": {"k": 1, "k": 1}}`:             false,
		`{"a": {"b": {}, "k": 1, "k": 1}}`:    false, // after a nested object closed
		`{"é": 1, "é": 2}`:                    false,
		`{"\u0061": 1, "a": 2}`:               false, // an escaped key
		`{"a": 1}{"b": 2}`:                    false, // two documents
		`{"a": [1, 2}`:                        false, // brackets that do not match
		`{"a": 1`:                             false,
		`{"a": "1}`:                           false,
		`]`:                                   false,
		"{\"a\": \"\xff\"}":                   false, // not UTF-8
		"{\"a\": \"\x00\"}":                   false, // a raw control character, which YAML refuses
		"{\"a\": \"\t\"}":                     false,
		"{\"a\": \"\u0085\"}":                 false, // NEL, which YAML reads as a line break
		"{\"a\": \"\u2028\"}":                 false,
		"{\"a\": \"\ufeff\"}":                 false,
		`{"a": "\u0085 \u2028"}`:              true, // escaped, they are what they say
		strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth):     true,
		strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1): false,
		"{" + strings.Join(keys[:maxKeys], ",") + "}":                     true,
		"{" + strings.Join(keys, ",") + "}":                               false, // more keys than it tracks
	} {
		assert.Equal(t, plain, Plain([]byte(doc), nil), doc)
	}
}

// The scan counts the elements of each list in the top-level object, and
// measures the longest string as written.
func TestPlainScan(t *testing.T) {
	var scan Scan
	require.True(t, Plain([]byte(`{"users": [{"k": "a,b", "l": [1, 2, 3]}, {"k": "cc"}, {}], "none": [], "one": [{"k": "x"}],`+
		` "cloud": {"orgs": [1, 2]}, "long": "`+strings.Repeat("가", 3)+`"}`), &scan))
	assert.Equal(t, map[string]int{"users": 3, "none": 1, "one": 1}, scan.Lists, "nested lists are not counted; [] counts as one")
	assert.Equal(t, 9, scan.Longest, "bytes as written")

	scan = Scan{}
	require.True(t, Plain([]byte(`[[1, 2], {"a": "bc"}]`), &scan))
	assert.Nil(t, scan.Lists, "only the top-level object's lists")
	assert.Equal(t, 2, scan.Longest)
}

// Every request body passes through Check: a plain one costs no allocation.
func TestCheckPlainAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts differ under the race detector")
	}
	body := []byte(`{"adAccountId":20001,"amount":1000,"bankCode":"88","memo":"충전","items":[{"a":1},{"a":2}]}`)
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = Check(body) }))
}
