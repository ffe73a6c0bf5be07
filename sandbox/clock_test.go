package sandbox_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

func TestClock(t *testing.T) {
	t.Parallel()
	t.Run("frozen_start_and_advance_to", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t)
		c := sb.Do(req{Method: "GET", Path: "/_sandbox/clock"}).JSON(t)
		assert.Equal(t, "2026-01-01T09:00:00+09:00", c["now"])
		assert.Equal(t, true, c["frozen"])
		r := sb.Do(req{Method: "POST", Path: "/_sandbox/clock/advance", Body: map[string]any{"to": "2026-02-01T00:00:00Z"}})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		assert.Equal(t, "2026-02-01T09:00:00+09:00", r.JSON(t)["now"], "reported in KST")
	})

	t.Run("effects_run_in_time_order", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		late := issue(sb, master, healthyAds, 10000)             // expires 2026-01-08 09:00
		sb.GrantFreeCash(healthyWallet, 500, "2026-01-02", true) // expires 2026-01-03 00:00
		sb.Advance("24h")
		early := issue(sb, master, healthyAds, 20000) // expires 2026-01-09 09:00, after late
		happened := sb.Advance("30d").Happened
		require.Len(t, happened, 3)
		var order []string
		for _, h := range happened {
			order = append(order, h.At.Format(time.RFC3339))
		}
		assert.Equal(t, []string{"2026-01-03T00:00:00+09:00", "2026-01-08T09:00:00+09:00", "2026-01-09T09:00:00+09:00"}, order)
		assert.Contains(t, happened[1].Ref, late)
		assert.Contains(t, happened[2].Ref, early)
	})

	t.Run("queued_effects_survive_a_restart", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		acct := issue(sb, master, healthyAds, 10000)
		sb.Advance("100h")
		sb.Restart()
		c := sb.Do(req{Method: "GET", Path: "/_sandbox/clock"}).JSON(t)
		assert.Equal(t, "2026-01-05T13:00:00+09:00", c["now"], "the data file keeps its own time")
		happened := sb.Advance("68h").Happened
		require.Len(t, happened, 1)
		assert.Equal(t, acct, happened[0].Ref)
	})

	t.Run("real_time_reaches_effects_without_an_advance", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, func(c *sandbox.Config) { c.Clock = time.Time{} })
		c := sb.Do(req{Method: "GET", Path: "/_sandbox/clock"}).JSON(t)
		require.Equal(t, false, c["frozen"])
		assert.Equal(t, sb.Wall.Now().In(kakao.KST).Format(time.RFC3339), c["now"])
		expires := sb.Wall.Now().In(kakao.KST).Format("2006-01-02")
		sb.GrantFreeCash(healthyWallet, 700, expires, true)
		require.EqualValues(t, 10700, balance(t, sb, master, healthyAds).FreeCash)
		sb.Wall.Advance(48 * time.Hour)
		assert.EqualValues(t, 10000, balance(t, sb, master, healthyAds).FreeCash, "the expiry ran before the request saw the state")

		sb.Advance("1h")
		sb.Restart()
		want := sb.Wall.Now().Add(time.Hour).In(kakao.KST).Format(time.RFC3339)
		assert.Equal(t, want, sb.Do(req{Method: "GET", Path: "/_sandbox/clock"}).JSON(t)["now"], "the offset persists")
	})
}
