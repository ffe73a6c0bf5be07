package kakao

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestResolveDate(t *testing.T) {
	at := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 9, 0, 0, 0, KST) }
	jan31 := at(2026, 1, 31)
	for _, c := range []struct {
		in   string
		now  time.Time
		want string
		rel  bool
	}{
		{"2027-01-31", jan31, "2027-01-31", false},
		{"today", jan31, "2026-01-31", true},
		{"+180d", at(2026, 1, 1), "2026-06-30", true},
		{"-1M", jan31, "2025-12-31", true}, // the clamp: not Go's 2025-12-31 by luck
		{"+1M", jan31, "2026-02-28", true}, // AddDate would say 2026-03-03
		{"-1M", at(2026, 3, 31), "2026-02-28", true},
		{"+1y", at(2028, 2, 29), "2029-02-28", true},
		{"+74y-1d", at(2026, 1, 1), "2099-12-31", true},
		{"-0d", jan31, "2026-01-31", true},
		// the KST date, not UTC's: 23:30 UTC on Jan 31 is Feb 1 in Seoul
		{"today", time.Date(2026, 1, 31, 23, 30, 0, 0, time.UTC), "2026-02-01", true},
	} {
		got, rel, err := ResolveDate(c.in, c.now)
		require.NoError(t, err, c.in)
		assert.Equal(t, c.want, got, "%s at %s", c.in, c.now)
		assert.Equal(t, c.rel, rel, c.in)
	}
	for _, bad := range []string{"", "180d", "+180", "+d", "+2m", "+1w", "tomorrow", "+1y+", "2026-13-01", "+99999999d", "+9000y"} {
		_, _, err := ResolveDate(bad, jan31)
		assert.Error(t, err, "%q", bad)
	}
}

func TestResolveMonth(t *testing.T) {
	jan31 := time.Date(2026, 1, 31, 9, 0, 0, 0, KST)
	for in, want := range map[string]string{"2025-11": "2025-11", "-1M": "2025-12", "-2M": "2025-11", "today": "2026-01", "+1y": "2027-01", "-31d": "2025-12"} {
		got, _, err := ResolveMonth(in, jan31)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	_, _, err := ResolveMonth("2025-13", jan31)
	assert.ErrorContains(t, err, `"2025-13" is neither a month like 2026-01`)
}
