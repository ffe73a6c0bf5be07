package store

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCodecTimesAsEncodingJSON: the codec's own time path writes the bytes
// encoding/json writes, and reads back the same instant, zone offset and all.
func TestCodecTimesAsEncodingJSON(t *testing.T) {
	type stored struct {
		At    time.Time  `json:"at"`
		Maybe *time.Time `json:"maybe,omitempty"`
		Many  []time.Time
	}
	kst := time.FixedZone("KST", 9*3600)
	at := time.Date(2026, 12, 6, 23, 59, 59, 123456789, kst)
	for _, v := range []stored{
		{},
		{At: at, Maybe: &at, Many: []time.Time{at.UTC(), time.Date(9001, 1, 1, 0, 0, 0, 0, kst), time.Unix(0, 0)}},
	} {
		want, err := json.Marshal(v)
		require.NoError(t, err)
		got, err := codec.Marshal(v)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got))

		var back stored
		require.NoError(t, codec.Unmarshal(got, &back))
		var std stored
		require.NoError(t, json.Unmarshal(want, &std))
		assert.Equal(t, std, back)
	}

	var v stored
	assert.Error(t, codec.Unmarshal([]byte(`{"at":"2026-12-06 23:59:59"}`), &v), "not RFC 3339")
	assert.Error(t, codec.Unmarshal([]byte(`{"at":12}`), &v), "not a string")
	require.NoError(t, codec.Unmarshal([]byte(`{"at":null}`), &v), "null leaves it, as encoding/json does")
	_, err := codec.Marshal(stored{At: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)})
	assert.Error(t, err, "a year past 9999 is no RFC 3339 time, as encoding/json says")
}
