package sandbox_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

func advanceBody(sb *sandboxtest.Sandbox, body map[string]any) sandboxtest.Response {
	return sb.Do(req{Method: "POST", Path: "/_sandbox/clock/advance", Body: body})
}

func sandboxNow(t *testing.T, sb *sandboxtest.Sandbox) string {
	t.Helper()
	return sb.Do(req{Method: "GET", Path: "/_sandbox/clock"}).JSON(t)["now"].(string)
}

// r05SandboxTimeRange (TestRules/R05_sandbox_time_range): the dates people write for "never" and the
// steps people type never break time, its order or its effects.
func r05SandboxTimeRange(t *testing.T) {
	t.Run("huge_steps_move_forward_and_persist", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		r := advanceBody(sb, map[string]any{"duration": "106751d"})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		assert.Equal(t, "2318-04-12T09:00:00+09:00", r.JSON(t)["now"])
		r = advanceBody(sb, map[string]any{"duration": "106751d"})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		assert.Equal(t, "2610-07-21T09:00:00+09:00", r.JSON(t)["now"], "twice is twice as far, never back to today")
		sb.Restart()
		assert.Equal(t, "2610-07-21T09:00:00+09:00", sandboxNow(t, sb))
		r = advanceBody(sb, map[string]any{"duration": "213504d"})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		assert.Equal(t, "3195-02-08T09:00:00+09:00", r.JSON(t)["now"])
	})

	t.Run("far_dates_keep_effects_in_order", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		sb.GrantFreeCash(healthyWallet, 700, "2300-12-31", true)
		sb.GrantFreeCash(healthyWallet, 900, "2600-12-31", true)
		acct := issue(sb, master, healthyAds, 10000) // expires 2026-01-08
		happened := sb.Advance("8d").Happened
		require.Len(t, happened, 1, "the virtual account expires on time, behind grants past 2262")
		assert.Equal(t, acct, happened[0].Ref)
		assert.EqualValues(t, 11600, balance(t, sb, master, healthyAds).FreeCash)

		r := advanceBody(sb, map[string]any{"to": "2301-01-01T00:00:00+09:00"})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		var at []string
		for _, h := range r.JSON(t)["happened"].([]any) {
			at = append(at, h.(map[string]any)["at"].(string))
		}
		assert.Equal(t, []string{"2100-01-01T00:00:00+09:00", "2301-01-01T00:00:00+09:00"}, at, "the fixture's 2099 grant, then the 2300 one")
		r = advanceBody(sb, map[string]any{"to": "2601-01-01T00:00:00+09:00"})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		assert.Len(t, r.JSON(t)["happened"], 1, "the 2600 grant expires")
		assert.EqualValues(t, 0, balance(t, sb, master, healthyAds).FreeCash)
		sb.RequireLedger()
	})

	t.Run("the_end_of_time_is_a_400_naming_it", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, sandboxtest.NoRateLimits)
		for _, body := range []map[string]any{
			{"to": "9999-12-31T00:00:00+09:00"},
			{"duration": "3000000d"},
		} {
			msg := kakaoError(t, advanceBody(sb, body), 400, -2, 0)
			contains(t, msg, "9001-01-01T00:00:00+09:00")
		}
		r := sb.Do(req{Method: "POST", Path: "/_sandbox/wallets/1/free-cash", Body: map[string]any{"amount": 1, "expiresAt": "9999-12-31"}})
		contains(t, kakaoError(t, r, 400, -2, 0), "expiresAt", "9001-01-01")
		assert.Equal(t, "2026-01-01T09:00:00+09:00", sandboxNow(t, sb), "a refused advance moves nothing")

		r = advanceBody(sb, map[string]any{"to": "9000-12-30T09:00:00+09:00"})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		va := sb.IssueVirtualAccount(master, healthyAds, 10000, "88")
		assert.Equal(t, "9001-01-06T09:00:00.000", va.ExpireDttm, "an expiry past the end is shown; it never falls due")
		r = advanceBody(sb, map[string]any{"to": "9001-01-01T00:00:00+09:00"})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		assert.Equal(t, 200, sb.Do(vaRequest(master, healthyAds, vaBody(healthyAds, 10000, "88"))).Status, "the sandbox still works at the end of time")
	})

	t.Run("tiny_steps_are_no_ops_and_errors_name_their_field", func(t *testing.T) {
		t.Parallel()
		// A clock running on real time: a step used to be counted from a
		// moment before the advance, so 0s answered 400 about body.to.
		running := newSandbox(t, func(c *sandbox.Config) { c.Clock, c.Now = time.Time{}, time.Now })
		for _, d := range []string{"0s", "1ns", "0d"} {
			r := advanceBody(running, map[string]any{"duration": d})
			assert.Equal(t, 200, r.Status, "%s: %s", d, r.Body)
		}
		contains(t, kakaoError(t, advanceBody(running, map[string]any{"duration": "-1h"}), 400, -2, 0), "body.duration", "negative")
		contains(t, kakaoError(t, advanceBody(running, map[string]any{"duration": "soon"}), 400, -2, 0), "body.duration")
		contains(t, kakaoError(t, advanceBody(running, map[string]any{"to": "2020-01-01T00:00:00+09:00"}), 400, -2, 0), "body.to", "backward")
	})

	t.Run("a_start_outside_the_range_is_refused", func(t *testing.T) {
		t.Parallel()
		_, err := sandbox.Open(sandbox.Config{DataPath: t.TempDir() + "/x.db", Clock: sandboxtest.Start().AddDate(8000, 0, 0)})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "Config.Clock")
		assert.Contains(t, err.Error(), "9001-01-01")
	})
}
