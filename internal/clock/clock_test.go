package clock

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestParseStep(t *testing.T) {
	for in, want := range map[string]Step{
		"90m": {Rest: 90 * time.Minute}, "7d": {Days: 7}, "1d12h": {Days: 1, Rest: 12 * time.Hour}, "0d": {},
		"72h": {Rest: 72 * time.Hour}, "0s": {}, "1ns": {Rest: 1}, "213504d": {Days: 213504},
	} {
		got, err := ParseStep(in)
		assert.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, bad := range []string{"d", "xd", "-1d", "1dx", "1w", "", "-5m", "1d-1h", "99999999999d"} {
		_, err := ParseStep(bad)
		assert.Error(t, err, bad)
	}
}
