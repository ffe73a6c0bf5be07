package strictyaml

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type user struct {
	Key      string `yaml:"key"`
	ID       uint64 `yaml:"id"`
	Verified bool   `yaml:"verified"`
}

type match struct {
	Body map[string]any `yaml:"body"`
}

type doc struct {
	Users []user `yaml:"users"`
	Match match  `yaml:"match"`
}

// TestMessagesSpeakYAML: a bad document is described in its own terms,
// never with a Go type (issue 8, finding 7).
func TestMessagesSpeakYAML(t *testing.T) {
	for in, want := range map[string]string{
		"users: [{key: u, email: x}]":        "unknown field email",
		"users: [{key: u, id: abc}]":         "`abc` where a whole number belongs",
		"users: {key: u}":                    "a mapping where a list belongs",
		"users: [{key: u, verified: maybe}]": "`maybe` where true or false belongs",
		"match: {body: oops}":                "`oops` where a mapping belongs",
	} {
		var d doc
		err := Decode([]byte(in), &d, "test")
		require.Error(t, err, in)
		assert.Contains(t, err.Error(), want, in)
		for _, goWord := range []string{"[]struct", "map[string]", "uint64", "bool", "strictyaml.", "not found in type"} {
			assert.NotContains(t, err.Error(), goWord, in)
		}
	}
}

// r04LongStringsAreRefused (TestRules/R04_long_strings_are_refused): no string in a client document is longer
// than MaxString, wherever it hides.
func r04LongStringsAreRefused(t *testing.T) {
	long := strings.Repeat("가", MaxString)
	for in, where := range map[string]string{
		"users: [{key: ok}, {key: " + long + "}]": "users[1].key",
		"match: {body: {bankCode: " + long + "}}": "match.body.bankCode",
		"match: {body: {" + long + ": 1}}":        "match.body.",
	} {
		var d doc
		err := Decode([]byte(in), &d, "test")
		require.Error(t, err)
		assert.Contains(t, err.Error(), where)
		assert.Contains(t, err.Error(), "at most 1024 bytes")
	}
	var d doc
	require.NoError(t, Decode([]byte("users: [{key: "+strings.Repeat("a", MaxString)+"}]"), &d, "test"), "exactly the cap is fine")
}

// TestDocumentsThatPanicYAMLAreBadInput: yaml.v3 panics on some documents
// (found by FuzzParseFixture); they are a -2 like any other bad document.
func TestDocumentsThatPanicYAMLAreBadInput(t *testing.T) {
	for _, in := range []string{"{<<: {}, {}: 1}", "users: [{<<: {}, {}: 1}]"} {
		var d doc
		err := Decode([]byte(in), &d, "test")
		require.Error(t, err, in)
		assert.Contains(t, err.Error(), "cannot be read", in)
	}
}
