package strictyaml

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Only a lone JSON object whose objects repeat no key takes the fast path;
// anything else is yaml.v3's to judge and to explain.
func TestPlainJSON(t *testing.T) {
	for doc, plain := range map[string]bool{
		`{"a": [{"k": 1, "v": "}{\"k\""}, {"k": 2}], "b": {}}`: true,
		` {"a": 1}` + "\n":        true,
		`{"a": 1, "a": 2}`:        false, // a key given twice
		`{"a": {"k": 1, "k": 1}}`: false,
		`{"\u0061": 1, "a": 2}`:   false, // an escaped key
		`{"a": 1}{"b": 2}`:        false, // two documents
		`a: 1`:                    false,
		`[{"a": 1}]`:              false,
		`{"a": [1, 2}`:            false,
	} {
		assert.Equal(t, plain, plainJSON([]byte(doc)), doc)
	}
	var v struct {
		A int `yaml:"a"`
	}
	assert.False(t, decodeFast([]byte(`{"A": 1}`), &v), "names match exactly, as in YAML")
	assert.False(t, decodeFast([]byte(`{"a": 1, "b": 2}`), &v), "unknown fields are refused")
	assert.True(t, decodeFast([]byte(`{"a": 1}`), &v))
	assert.Equal(t, 1, v.A)
}
