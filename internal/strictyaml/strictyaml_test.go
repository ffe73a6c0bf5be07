package strictyaml

import (
	"strings"
	"testing"
	"time"

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

type limits struct {
	Small  uint8          `yaml:"small"`
	Amount int64          `yaml:"amount"`
	At     time.Time      `yaml:"at"`
	Every  time.Duration  `yaml:"every"`
	Extra  map[string]int `yaml:",inline"`
}

// TestMessagesSpeakYAML: a bad document is described in its own terms and
// by the place in it, never with a Go type (issue 8, finding 7; issue 20).
func TestMessagesSpeakYAML(t *testing.T) {
	for in, want := range map[string]string{
		"users: [{key: u, email: x}]":          "users[0].email: unknown field (line 1)",
		"users: [{key: u, id: abc}]":           "users[0].id: `abc` is not a whole number (line 1)",
		"users: [{key: u}, {key: v, id: 1.5}]": "users[1].id: `1.5` is not a whole number",
		"users: [{key: u, id: -1}]":            "users[0].id: `-1` is too small: a whole number here is from 0 to 18446744073709551615",
		"users: [{id: 18446744073709551616}]":  "users[0].id: `18446744073709551616` is too large: a whole number here is from 0 to 18446744073709551615",
		"users: {key: u}":                      "users: a mapping is not a list",
		"users:\n- key: u\n  verified: maybe":  "users[0].verified: `maybe` is not true or false (line 3)",
		"match: {body: oops}":                  "match.body: `oops` is not a mapping",
		"users: [{key: [a]}]":                  "users[0].key: a list is not text",
	} {
		var d doc
		err := Decode([]byte(in), &d, "test")
		require.Error(t, err, in)
		assert.Contains(t, err.Error(), want, in)
		noGoWords(t, err.Error(), in)
	}
	for in, want := range map[string]string{
		"small: 300":    "small: `300` is too large: a whole number here is from 0 to 255",
		"amount: 1.5":   "amount: `1.5` is not a whole number of won",
		"at: yesterday": "at: `yesterday` is not a date and time",
		"every: often":  "every: `often` is not a duration",
		"other: x":      "other: `x` is not a whole number",
	} {
		var l limits
		err := Decode([]byte(in), &l, "test")
		require.Error(t, err, in)
		assert.Contains(t, err.Error(), want, in)
		noGoWords(t, err.Error(), in)
	}
}

// TestWholeNumbersStayWhole: yaml.v3 loads 1.5 into an integer as 1, and
// 18446744073709551616 as some other id; both are refused, in YAML and in
// JSON (which a large document may read by the fast path), and a whole
// number written with an exponent still loads.
func TestWholeNumbersStayWhole(t *testing.T) {
	for _, decode := range []func([]byte, any, string) error{Decode, DecodeLarge} {
		for _, in := range []string{"users: [{key: u, id: 1.5}]", `{"users": [{"key": "u", "id": 1.5}]}`, `{"users": [{"key": "u", "id": 18446744073709551616}]}`} {
			var d doc
			err := decode([]byte(in), &d, "test")
			require.Error(t, err, in)
			assert.Contains(t, err.Error(), "users[0].id: `", in)
		}
		var d doc
		require.NoError(t, decode([]byte(`{"users": [{"key": "u", "id": 1e3}]}`), &d, "test"))
		assert.EqualValues(t, 1000, d.Users[0].ID)
	}
}

type tree struct {
	N    int    `yaml:"n"`
	Kids []tree `yaml:"kids"`
}

// TestAliasesAreNotWalked: the misfit walk does not follow an alias, which
// may point at its own ancestor (a walk following it never ends) or fan out
// a billion times.
func TestAliasesAreNotWalked(t *testing.T) {
	var tr tree
	err := Decode([]byte("kids: &a [{kids: *a}, {n: x}]"), &tr, "test")
	require.Error(t, err)
	noGoWords(t, err.Error(), "a cycle")
	var d doc
	laughs := "a: &a [1.5, 1.5]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nusers: [{key: u, id: 1}]"
	err = Decode([]byte(laughs), &d, "test")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "a: unknown field")
}

func noGoWords(t *testing.T, msg, in string) {
	t.Helper()
	for _, goWord := range []string{"[]struct", "map[string]", "int64", "uint", "bool", "strictyaml.", "not found in type", "unmarshal", "time.", "!!"} {
		assert.NotContains(t, msg, goWord, in)
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
