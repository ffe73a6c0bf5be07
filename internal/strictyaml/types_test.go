package strictyaml

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type typed struct {
	Name  string            `yaml:"name"`
	On    bool              `yaml:"on"`
	Rate  float64           `yaml:"rate"`
	ID    uint64            `yaml:"id"`
	Tags  map[string]string `yaml:"tags"`
	Names []string          `yaml:"names"`
	Nick  *string           `yaml:"nick"`
	At    time.Time         `yaml:"at"`
	Every time.Duration     `yaml:"every"`
	Any   map[string]any    `yaml:"any"`
}

// TestTypesAreKept: yaml.v3 loads 5 into text as "5" and yes into true;
// JSON does neither, and a document reads the same in YAML as in JSON
// (issue 20): a number or true/false where text belongs, and text where a
// number or true/false belongs, are refused by their place, saying what to
// write instead.
func TestTypesAreKept(t *testing.T) {
	for _, c := range []struct{ yaml, json, want string }{
		{"name: 5", `{"name": 5}`, `name: 5 is a number where text belongs; quote it: "5" (line 1)`},
		{"name: 1.5", `{"name": 1.5}`, `name: 1.5 is a number where text belongs; quote it: "1.5"`},
		{"name: true", `{"name": true}`, `name: true is a truth value where text belongs; quote it: "true"`},
		{"tags: {a: 5}", `{"tags": {"a": 5}}`, `tags.a: 5 is a number where text belongs; quote it: "5"`},
		{"names: [x, 5]", `{"names": ["x", 5]}`, `names[1]: 5 is a number where text belongs`},
		{"nick: 7", `{"nick": 7}`, `nick: 7 is a number where text belongs`},
		{"on: yes", `{"on": "yes"}`, `on: `},
		{"on: 'yes'", `{"on": "yes"}`, `on: "yes" is not true or false; write true`},
		{"on: off", `{"on": "off"}`, `on: `},
		{"on: \"true\"", `{"on": "true"}`, `on: "true" is text where true or false belongs; write it without quotes: true`},
		{"on: maybe", `{"on": "maybe"}`, "on: `maybe` is not true or false"},
		{"on: 1", `{"on": 1}`, "on: `1` is not true or false"},
		{"id: \"5\"", `{"id": "5"}`, `id: "5" is text where a whole number belongs; write it without quotes: 5`},
		{"id: '1.5'", `{"id": "1.5"}`, "id: `1.5` is not a whole number"},
		{"id: \"abc\"", `{"id": "abc"}`, "id: `abc` is not a whole number"},
		{"rate: \"1.5\"", `{"rate": "1.5"}`, `rate: "1.5" is text where a number belongs; write it without quotes: 1.5`},
		{"rate: \"inf\"", `{"rate": "inf"}`, "rate: `inf` is not a number"},
	} {
		for _, in := range []string{c.yaml, c.json} {
			for _, decode := range []func([]byte, any, string) error{Decode, DecodeLarge} {
				var v typed
				err := decode([]byte(in), &v, "test")
				require.Error(t, err, in)
				assert.Contains(t, err.Error(), c.want, in)
				noGoWords(t, err.Error(), in)
			}
		}
	}
	var v typed
	err := Decode([]byte("on: yes"), &v, "test")
	require.Error(t, err)
	assert.Equal(t, "on: yes is not true or false; write true (line 1)", err.Error())
	err = Decode([]byte("on: OFF"), &v, "test")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "on: OFF is not true or false; write false")
}

// TestTypesAreKeptWhereTheyFit: what is already of the right kind loads,
// in YAML and in JSON; YAML's own spellings of text (a date, a quoted or
// !!str-tagged number) stay text, and a time or duration is read from text.
func TestTypesAreKeptWhereTheyFit(t *testing.T) {
	for in, want := range map[string]typed{
		`name: "5"`:                       {Name: "5"},
		`{"name": "5"}`:                   {Name: "5"},
		"name: !!str 5":                   {Name: "5"},
		"name: 2026-01-01":                {Name: "2026-01-01"},
		"name: ~":                         {},
		`{"name": null}`:                  {},
		"on: true":                        {On: true},
		"on: False":                       {},
		`{"on": false}`:                   {},
		"rate: 5":                         {Rate: 5},
		`{"rate": 1.5}`:                   {Rate: 1.5},
		"id: 5":                           {ID: 5},
		"tags: {5: a}":                    {Tags: map[string]string{"5": "a"}}, // a key is a name
		"any: {a: 5, b: yes}":             {Any: map[string]any{"a": 5, "b": "yes"}},
		`every: "90s"`:                    {Every: 90 * time.Second},
		`at: "2026-01-01T09:00:00+09:00"`: {At: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		var v typed
		require.NoError(t, DecodeLarge([]byte(in), &v, "test"), in)
		if !want.At.IsZero() {
			assert.True(t, want.At.Equal(v.At), in)
			continue
		}
		assert.Equal(t, want, v, in)
	}
}
