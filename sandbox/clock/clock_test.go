package clock

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestParseDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"90m": 90 * time.Minute, "7d": 7 * 24 * time.Hour, "1d12h": 36 * time.Hour, "0d": 0, "72h": 72 * time.Hour,
	} {
		got, err := ParseDuration(in)
		assert.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, bad := range []string{"d", "xd", "-1d", "1dx", "1w", ""} {
		_, err := ParseDuration(bad)
		assert.Error(t, err, bad)
	}
}
