package scenarios

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// r13DelaysHaveAMaximum (TestRules/R13_delays_have_a_maximum): a delay, a
// first-byte delay or a trickle's pause longer than MaxDelay is refused with
// a -2 naming the field and the maximum; MaxDelay itself is taken.
func r13DelaysHaveAMaximum(t *testing.T) {
	for _, field := range []string{"delay", "firstByteDelay", "trickle"} {
		for _, v := range []string{"100000h", "10m1s", "1s-11m"} {
			doc := `{"name": "slow", "description": "d", "match": {}, "respond": {"` + field + `": "` + v + `"}}`
			_, err := Parse([]byte(doc))
			require.Error(t, err, "%s: %s", field, v)
			ke, ok := kakao.As(err)
			require.True(t, ok, "a catalogue error: %v", err)
			assert.Equal(t, -2, ke.Code)
			assert.Contains(t, ke.Msg, "respond."+field)
			assert.Contains(t, ke.Msg, "10m0s")
		}
		doc := `{"name": "slow", "description": "d", "match": {}, "steps": [{"` + field + `": "10m", "times": 1}]}`
		_, err := Parse([]byte(doc))
		assert.NoError(t, err, "%s of exactly the maximum", field)
	}
}

// TestAStoredLongDelayStillLoadsCutToTheMaximum: a scenario loaded before
// waits had a maximum stays in the data file; it still loads (the sandbox
// starts), its waits cut to MaxDelay.
func TestAStoredLongDelayStillLoadsCutToTheMaximum(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "r.db"), store.Options{NoSync: true})
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	r, err := Open(db)
	require.NoError(t, err)
	old, err := decode([]byte(`{"name": "old-slow", "description": "d", "match": {}, "steps": [{"delay": "1h-100000h", "times": 1}, {"trickle": "2h"}]}`))
	require.NoError(t, err)
	require.NoError(t, r.Load(old))

	r, err = Open(db)
	require.NoError(t, err, "the data file still opens")
	for _, l := range r.List() {
		if l.Name == "old-slow" {
			assert.Equal(t, Range{MaxDelay, MaxDelay}, l.Steps[0].Delay)
			assert.Equal(t, Range{MaxDelay, MaxDelay}, l.Steps[1].Trickle)
			return
		}
	}
	t.Fatal("old-slow is not listed")
}
