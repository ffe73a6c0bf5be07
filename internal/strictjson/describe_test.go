package strictjson

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDescribeSpeaksJSON: encoding/json's errors, which name Go types, are
// told by the place and what belongs there (issue 20).
func TestDescribeSpeaksJSON(t *testing.T) {
	type company struct {
		Name string `json:"name"`
	}
	type body struct {
		Amount  int64   `json:"amount"`
		ID      uint64  `json:"id"`
		Small   uint8   `json:"small"`
		Rate    float64 `json:"rate"`
		On      bool    `json:"on"`
		Tags    []string
		Company company `json:"company"`
	}
	for in, want := range map[string]string{
		`{"amount":1e3}`:         "amount: must be a whole number, written in digits (1000, not 1e3)",
		`{"amount":1.5}`:         "amount: must be a whole number",
		`{"amount":"abc"}`:       "amount: must be a whole number",
		`{"amount":1e20}`:        "amount: is too large: a whole number here is from -9223372036854775808 to 9223372036854775807",
		`{"id":-1}`:              "id: is too small: a whole number here is from 0 to 18446744073709551615",
		`{"small":256}`:          "small: is too large: a whole number here is from 0 to 255",
		`{"rate":"x"}`:           "rate: must be a number",
		`{"on":"yes"}`:           "on: must be true or false",
		`{"Tags":{}}`:            "Tags: must be a list",
		`{"company":{"name":1}}`: "company.name: must be text",
		`{"company":[]}`:         "company: must be an object",
		`{"extra":1}`:            `unknown field "extra"`,
		`[]`:                     "must be an object",
	} {
		dec := json.NewDecoder(bytes.NewReader([]byte(in)))
		dec.DisallowUnknownFields()
		var b body
		err := dec.Decode(&b)
		require.Error(t, err, in)
		m, ok := Describe(err)
		require.True(t, ok, "%s: %v", in, err)
		assert.Equal(t, want, m.String(), in)
	}
	var v int
	m, ok := Describe(json.Unmarshal([]byte(`{"a":1,}`), &v))
	assert.True(t, ok, "a syntax error is described too")
	assert.Equal(t, "malformed JSON at byte 8", m.String())
	for _, cut := range []string{`{`, `{"amount":`, `{"tags":["a"`} {
		m, ok = Describe(json.Unmarshal([]byte(cut), &v))
		assert.True(t, ok, cut)
		assert.Equal(t, "the JSON ends before it is complete", m.String(), cut)
		var b body
		m, ok = Describe(json.NewDecoder(bytes.NewReader([]byte(cut))).Decode(&b))
		assert.True(t, ok, cut)
		assert.Equal(t, "the JSON ends before it is complete", m.String(), "a decoder says io.ErrUnexpectedEOF: %s", cut)
	}
}
