package scenarios

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
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
