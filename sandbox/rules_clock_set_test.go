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

// PUT /_sandbox/clock (issue 20, item 7): time under the test's control at
// runtime, forward only (rule R05). Wall time moves only when a test moves
// sandboxtest's Wall, so nothing here depends on how fast the machine is.
func rulesClockSet(t *testing.T) {
	t.Run("R05_a_put_freezes_the_clock_and_lets_it_run_again", r05APutFreezesTheClockAndLetsItRunAgain)
	t.Run("R05_a_put_moves_forward_running_what_falls_due", r05APutMovesForwardRunningWhatFallsDue)
	t.Run("R05_a_put_never_moves_the_clock_back", r05APutNeverMovesTheClockBack)
}

func putClock(sb *sandboxtest.Sandbox, body any) sandboxtest.Response {
	return sb.Do(req{Method: "PUT", Path: "/_sandbox/clock", Body: body})
}

// clockState reads GET /_sandbox/clock.
func clockState(t *testing.T, sb *sandboxtest.Sandbox) (time.Time, bool) {
	t.Helper()
	var c struct {
		Now    time.Time `json:"now"`
		Frozen bool      `json:"frozen"`
	}
	r := sb.Do(req{Method: "GET", Path: "/_sandbox/clock"})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	r.Decode(t, &c)
	return c.Now, c.Frozen
}

func requireClock(t *testing.T, sb *sandboxtest.Sandbox, want time.Time, frozen bool, why string) {
	t.Helper()
	now, f := clockState(t, sb)
	assert.True(t, now.Equal(want), "%s: the clock reads %s, want %s", why, now.In(kakao.KST), want.In(kakao.KST))
	assert.Equal(t, frozen, f, "%s: frozen", why)
}

// r05APutFreezesTheClockAndLetsItRunAgain (TestRules/R05_a_put_freezes_the_clock_and_lets_it_run_again):
// a running sandbox frozen by PUT stays put while wall time passes, across a
// restart too; let run again, it follows wall time from where it stood, and
// that survives a restart as well.
func r05APutFreezesTheClockAndLetsItRunAgain(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, func(c *sandbox.Config) { c.Clock = time.Time{} })
	began := sb.Wall.Now()
	requireClock(t, sb, began, false, "a sandbox without a start time runs")
	sb.Wall.Advance(time.Hour)

	a := sb.Freeze()
	assert.True(t, a.Frozen)
	assert.True(t, a.Now.Equal(began.Add(time.Hour)), "frozen where it stood: %s", a.Now)
	assert.Empty(t, a.Happened)
	sb.Wall.Advance(5 * time.Hour)
	requireClock(t, sb, began.Add(time.Hour), true, "wall time passes, sandbox time does not")
	sb.Restart()
	requireClock(t, sb, began.Add(time.Hour), true, "frozen after a restart")

	a = sb.Unfreeze()
	assert.False(t, a.Frozen)
	assert.True(t, a.Now.Equal(began.Add(time.Hour)), "it runs from where it stood, not from the wall: %s", a.Now)
	sb.Wall.Advance(2 * time.Hour)
	requireClock(t, sb, began.Add(3*time.Hour), false, "sandbox time follows wall time again")
	sb.Restart()
	sb.Wall.Advance(time.Hour)
	requireClock(t, sb, began.Add(4*time.Hour), false, "running after a restart")

	a = sb.Unfreeze()
	assert.True(t, a.Now.Equal(began.Add(4*time.Hour)), "letting a running clock run changes nothing: %s", a.Now)
}

// r05APutMovesForwardRunningWhatFallsDue (TestRules/R05_a_put_moves_forward_running_what_falls_due):
// at moves the clock forward keeping its mode, or in the mode frozen asks
// for, and every effect that falls due on the way runs and is reported, as
// an advance does, under the same cap.
func r05APutMovesForwardRunningWhatFallsDue(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, sandboxtest.NoRateLimits)
	acct := issue(sb, master, healthyAds, 10000) // expires 2026-01-08 09:00
	at := time.Date(2026, 1, 10, 9, 0, 0, 0, kakao.KST)
	a := sb.SetClock(at)
	assert.True(t, a.Now.Equal(at), "%s", a.Now)
	assert.True(t, a.Frozen, "at alone keeps the mode")
	require.Len(t, a.Happened, 1, "the virtual account expires on the way")
	assert.Equal(t, acct, a.Happened[0].Ref)
	assert.Equal(t, "2026-01-08T09:00:00+09:00", a.Happened[0].At.Format(time.RFC3339))

	// at and frozen: false run from at; at alone then keeps it running.
	r := putClock(sb, map[string]any{"at": "2026-02-01T09:00:00+09:00", "frozen": false})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	assert.Equal(t, map[string]any{"now": "2026-02-01T09:00:00+09:00", "frozen": false, "happened": []any{}}, r.JSON(t))
	sb.Wall.Advance(30 * time.Minute)
	requireClock(t, sb, time.Date(2026, 2, 1, 9, 30, 0, 0, kakao.KST), false, "running from at")
	a = sb.SetClock(time.Date(2026, 3, 1, 9, 0, 0, 0, kakao.KST))
	assert.False(t, a.Frozen, "at alone keeps a running clock running")

	// The advance's cap holds: too many effects on the way is a 400 naming
	// body.at, and nothing moves, the mode neither.
	sb = newSandbox(t, sandboxtest.NoRateLimits, maxAdvanceEffects(2))
	for range 3 {
		issue(sb, master, healthyAds, 10000)
		sb.Advance("1m")
	}
	msg := kakaoError(t, putClock(sb, map[string]any{"at": "2026-02-01T09:00:00+09:00", "frozen": false}), 400, -2, 0)
	contains(t, msg, "body.at", "3 effects are due on the way, more than the 2", "--max-advance-effects")
	requireClock(t, sb, sandboxtest.Start().Add(3*time.Minute), true, "a refused PUT changes nothing")
}

// r05APutNeverMovesTheClockBack (TestRules/R05_a_put_never_moves_the_clock_back):
// an at before the sandbox time is a 400 naming body.at, the sandbox time and
// the rule, and changes nothing, not even the mode asked for with it.
func r05APutNeverMovesTheClockBack(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t)
	for _, body := range []map[string]any{
		{"at": "2025-12-31T09:00:00+09:00"},
		{"at": "2026-01-01T08:59:59+09:00", "frozen": false},
		{"at": "1900-01-01T00:00:00Z", "frozen": true},
	} {
		msg := kakaoError(t, putClock(sb, body), 400, -2, 0)
		contains(t, msg, "body.at")
		if body["at"] != "1900-01-01T00:00:00Z" {
			contains(t, msg, "is before the sandbox time 2026-01-01T09:00:00+09:00", "never moves backward")
		} else {
			contains(t, msg, "sandbox time runs from 1970-01-01")
		}
		requireClock(t, sb, sandboxtest.Start(), true, "a refusal changes nothing")
	}
	a := sb.SetClock(sandboxtest.Start())
	assert.True(t, a.Now.Equal(sandboxtest.Start()), "the sandbox time itself is not back")
}

// TestSetClockRefusesBadBodies: a body PUT /_sandbox/clock cannot use is a
// Kakao-format 400 naming the field, never a 500 or a Go type.
func TestSetClockRefusesBadBodies(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t)
	for _, c := range []struct {
		body  string
		names []string
	}{
		{`{}`, []string{"body", "give at (RFC 3339), frozen (true or false), or both"}},
		{`{"at":"tomorrow"}`, []string{"body.at"}},
		{`{"at":"2026-02-01"}`, []string{"body.at"}},
		{`{"at":20260201}`, []string{"body.at"}},
		{`{"frozen":"yes"}`, []string{"body.frozen"}},
		{`{"frozen":null}`, []string{"body.frozen"}},
		{`{"frozen":true,"when":"now"}`, []string{"when"}},
		{`[]`, []string{"body"}},
	} {
		msg := kakaoError(t, putClock(sb, c.body), 400, -2, 0)
		contains(t, msg, c.names...)
		assert.NotContains(t, msg, "Go struct", "%s", c.body)
		requireClock(t, sb, sandboxtest.Start(), true, "a refusal changes nothing")
	}
}
