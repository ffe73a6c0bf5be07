package store

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type inner struct {
	N int `json:"n"`
}

type embedded struct {
	A string `json:"a,omitempty"`
}

type shaped struct {
	embedded
	ID    uint64          `json:"id"`
	At    time.Time       `json:"at"`
	In    *inner          `json:"in,omitempty"`
	List  []inner         `json:"list,omitempty"`
	Raw   json.RawMessage `json:"raw,omitempty"`
	Bytes []byte          `json:"bytes,omitempty"`
}

// Decode takes and refuses what encoding/json with unknown fields refused
// takes and refuses, the fixtures' reading (rule R10).
func TestDecodeReadsAsStrictEncodingJSONDoes(t *testing.T) {
	for _, doc := range []string{
		`{"id":1,"at":"2026-01-01T09:00:00+09:00"}`,
		`{"id":1,"a":"x","in":{"n":2},"list":[{"n":3}],"raw":{"k":[1]},"bytes":"AAE="}`,
		`{"id":1,"extra":1}`,
		`{"id":1,"in":{"n":2,"m":3}}`,
		`{"id":1,"list":[{"n":"3"}]}`,
		`{"id":"1"}`,
		`{"id":-1}`,
		`{"at":"yesterday"}`,
		`"garbage"`,
		`[1]`,
		`null`,
		`12`,
	} {
		var want, got shaped
		dec := json.NewDecoder(bytes.NewReader([]byte(doc)))
		dec.DisallowUnknownFields()
		wantErr := dec.Decode(&want)
		err := Decode([]byte(doc), &got)
		assert.Equal(t, wantErr == nil, err == nil, "%s: encoding/json %v, Decode %v", doc, wantErr, err)
		if wantErr == nil && err == nil {
			assert.Equal(t, want, got, doc)
		}
		if wantErr != nil && err != nil {
			assert.Equal(t, wantErr.Error(), err.Error(), "the plainer message: %s", doc)
		}
	}
	var n uint64
	assert.NoError(t, Decode([]byte(`10001`), &n))
	assert.Equal(t, uint64(10001), n)

	// One difference, on purpose: names match exactly, as the store's codec
	// reads them, or a value the check took would read as zero later.
	var v shaped
	assert.Error(t, Decode([]byte(`{"ID":1}`), &v), "encoding/json would match id to ID")
	// And times are read as the codec reads them, unescaped: a time the
	// store could not read back is refused at the door.
	escaped := []byte(`{"id":1,"at":"2026\u002d01-01T09:00:00+09:00"}`)
	require.Error(t, codec.Unmarshal(escaped, &v), "the store's codec reads times unescaped")
	assert.Error(t, Decode(escaped, &v), "encoding/json would take it")
}
