package sandbox_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// rulesAdvance are the rule tests of a bounded advance that moves time and
// state together (rules R09 and R11).
func rulesAdvance(t *testing.T) {
	t.Run("R09_advance_refuses_beyond_the_cap", r09AdvanceRefusesBeyondTheCap)
	t.Run("R09_the_largest_documented_advance_answers_in_seconds", r09TheLargestDocumentedAdvanceAnswersInSeconds)
	t.Run("R09_reset_and_health_answer_during_a_long_advance", r09ResetAndHealthAnswerDuringALongAdvance)
	t.Run("R09_an_advance_stops_when_its_client_goes_away", r09AnAdvanceStopsWhenItsClientGoesAway)
	t.Run("R09_an_advance_stops_before_the_write_timeout", r09AnAdvanceStopsBeforeTheWriteTimeout)
	t.Run("R11_an_advance_stopped_at_the_cap_leaves_no_effect_ahead_of_the_clock", r11AnAdvanceStoppedAtTheCapLeavesNoEffectAheadOfTheClock)
}

func maxAdvanceEffects(n int) sandboxtest.Option {
	return func(c *sandbox.Config) { c.MaxAdvanceEffects = n }
}

// stoppedOf is an advance answer's "stopped" object; nil when it arrived.
func stoppedOf(t *testing.T, r sandboxtest.Response) map[string]any {
	t.Helper()
	require.Equal(t, 200, r.Status, "%s", r.Body)
	s, _ := r.JSON(t)["stopped"].(map[string]any)
	return s
}

// r09AdvanceRefusesBeyondTheCap (TestRules/R09_advance_refuses_beyond_the_cap): more
// queued effects than --max-advance-effects is a -2 naming the count, the
// cap and how far one call may go, and nothing moves; that far works.
func r09AdvanceRefusesBeyondTheCap(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, sandboxtest.NoRateLimits, maxAdvanceEffects(10))
	for range 25 {
		issue(sb, master, healthyAds, 10000)
		sb.Advance("1m") // expiries a minute apart
	}
	before := sandboxNow(t, sb)
	r := advanceBody(sb, map[string]any{"duration": "8d"})
	require.Equal(t, 400, r.Status, "%s", r.Body)
	body := r.JSON(t)
	assert.EqualValues(t, -2, body["code"])
	msg := body["msg"].(string)
	assert.Contains(t, msg, "more than the 10 one advance may run; advance in smaller steps: to before ")
	assert.Contains(t, msg, "--max-advance-effects")
	assert.Equal(t, before, sandboxNow(t, sb), "a refusal moves nothing")
	to := msg[strings.Index(msg, "to before ")+len("to before ") : strings.Index(msg, " runs at most")]
	at, err := time.Parse(time.RFC3339Nano, to)
	require.NoError(t, err, msg)
	r = advanceBody(sb, map[string]any{"to": at.Add(-time.Second).Format(time.RFC3339)})
	assert.Nil(t, stoppedOf(t, r), "as far as the refusal said runs in one call")
	assert.Len(t, r.JSON(t)["happened"], 10)
}

// r09TheLargestDocumentedAdvanceAnswersInSeconds (TestRules/R09_the_largest_documented_advance_answers_in_seconds):
// 106751d on the demo, whose invoices repeat monthly, answers within
// seconds: it stops at the default cap, and says so.
func r09TheLargestDocumentedAdvanceAnswersInSeconds(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t, sandboxtest.NoRateLimits) // the demo
	began := time.Now()
	r := advanceBody(sb, map[string]any{"duration": "106751d"})
	took := time.Since(began)
	t.Logf("106751d on the demo answered in %v", took)
	assert.Less(t, took, 30*time.Second)
	stopped := stoppedOf(t, r)
	require.NotNil(t, stopped, "%s", r.Body)
	assert.Equal(t, "cap", stopped["reason"])
	assert.EqualValues(t, sandbox.DefaultMaxAdvanceEffects, stopped["effects"])
	assert.Equal(t, "2318-04-12T09:00:00+09:00", stopped["target"])
	now := r.JSON(t)["now"].(string)
	assert.Greater(t, now, "2026-01-01T09:00:00+09:00", "it moved forward")
	assert.Equal(t, now, sandboxNow(t, sb))
}

// longAdvance starts a demo advance too long to finish (no cap to speak of)
// and waits until the clock shows it moving. The answer arrives on the channel.
func longAdvance(t *testing.T, sb *sandboxtest.Sandbox) <-chan sandboxtest.Response {
	t.Helper()
	before := sandboxNow(t, sb)
	done := make(chan sandboxtest.Response, 1)
	go func() { done <- advanceBody(sb, map[string]any{"duration": "106751d"}) }()
	deadline := time.Now().Add(20 * time.Second)
	for sandboxNow(t, sb) == before {
		require.True(t, time.Now().Before(deadline), "the advance never moved the clock")
		time.Sleep(20 * time.Millisecond)
	}
	return done
}

// timedDuringAdvance does one request with a one-second client timeout.
func timedDuringAdvance(t *testing.T, sb *sandboxtest.Sandbox, method, path, body string) (int, time.Duration) {
	t.Helper()
	req, err := http.NewRequest(method, sb.URL+path, strings.NewReader(body))
	require.NoError(t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	began := time.Now()
	resp, err := (&http.Client{Timeout: time.Second}).Do(req)
	took := time.Since(began)
	require.NoError(t, err, "%s %s during a long advance", method, path)
	resp.Body.Close()
	return resp.StatusCode, took
}

// r09ResetAndHealthAnswerDuringALongAdvance (TestRules/R09_reset_and_health_answer_during_a_long_advance):
// health answers at once and a reset within a second while an advance runs;
// the reset stops the advance, which answers that it stopped.
func r09ResetAndHealthAnswerDuringALongAdvance(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t, sandboxtest.NoRateLimits, maxAdvanceEffects(sandbox.MaxMaxAdvanceEffects))
	done := longAdvance(t, sb)
	status, took := timedDuringAdvance(t, sb, "GET", "/_sandbox/health", "")
	assert.Equal(t, 200, status)
	t.Logf("health during the advance: %v", took)
	status, took = timedDuringAdvance(t, sb, "POST", "/_sandbox/reset", `{"fixtures":"startup"}`)
	assert.Equal(t, 200, status)
	t.Logf("reset during the advance: %v", took)
	select {
	case r := <-done:
		stopped := stoppedOf(t, r)
		require.NotNil(t, stopped, "%s", r.Body)
		assert.Equal(t, "reset", stopped["reason"])
	case <-time.After(5 * time.Second):
		t.Fatal("the advance went on after the reset")
	}
	assert.Equal(t, "2026-01-01T09:00:00+09:00", sandboxNow(t, sb), "the reset's clock, not the advance's")
}

// r09AnAdvanceStopsWhenItsClientGoesAway (TestRules/R09_an_advance_stops_when_its_client_goes_away):
// the advance stops after its current effect, the clock reads how far it
// got, and the journal says the client went away.
func r09AnAdvanceStopsWhenItsClientGoesAway(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t, sandboxtest.NoRateLimits, maxAdvanceEffects(sandbox.MaxMaxAdvanceEffects))
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "POST", sb.URL+"/_sandbox/clock/advance", bytes.NewReader([]byte(`{"duration":"106751d"}`)))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	_, err = http.DefaultClient.Do(req)
	require.Error(t, err, "the client gives up")

	var entry sandboxtest.JournalEntry
	require.Eventually(t, func() bool {
		e := sb.Requests(sandboxtest.RequestFilter{Operation: "advanceClock"})
		if len(e) == 0 {
			return false
		}
		entry = e[0]
		return true
	}, 5*time.Second, 20*time.Millisecond, "the advance ended and was journalled")
	require.NotEmpty(t, entry.Warnings)
	assert.Contains(t, entry.Warnings[0], "the client went away: stopped at ")
	now := sandboxNow(t, sb)
	assert.Greater(t, now, "2026-01-01T09:00:00+09:00", "it got somewhere")
	assert.Less(t, now, "2318-04-12T09:00:00+09:00", "and stopped short")
	time.Sleep(200 * time.Millisecond)
	assert.Equal(t, now, sandboxNow(t, sb), "nothing runs on")
}

// r09AnAdvanceStopsBeforeTheWriteTimeout (TestRules/R09_an_advance_stops_before_the_write_timeout):
// an advance longer than the write timeout answers before it, with how far
// it got, rather than committing while its client gets EOF.
func r09AnAdvanceStopsBeforeTheWriteTimeout(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t, sandboxtest.NoRateLimits, maxAdvanceEffects(sandbox.MaxMaxAdvanceEffects),
		func(c *sandbox.Config) { c.WriteTimeout = 500 * time.Millisecond })
	began := time.Now()
	r := advanceBody(sb, map[string]any{"duration": "106751d"})
	assert.Less(t, time.Since(began), 5*time.Second)
	stopped := stoppedOf(t, r)
	require.NotNil(t, stopped, "%s", r.Body)
	assert.Equal(t, "timeout", stopped["reason"])
	assert.Contains(t, stopped["message"], "--write-timeout")
	assert.Equal(t, r.JSON(t)["now"], sandboxNow(t, sb))
}

// r11AnAdvanceStoppedAtTheCapLeavesNoEffectAheadOfTheClock
// (TestRules/R11_an_advance_stopped_at_the_cap_leaves_no_effect_ahead_of_the_clock): more expiries at
// one instant than the cap run up to the cap; the clock reads that instant,
// no account is EXPIRED ahead of it, across a restart, and every one
// expires in the end.
func r11AnAdvanceStoppedAtTheCapLeavesNoEffectAheadOfTheClock(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, sandboxtest.NoRateLimits, maxAdvanceEffects(10))
	var accounts []string
	for range 25 {
		accounts = append(accounts, issue(sb, master, healthyAds, 10000)) // all expire at one instant
	}
	expired := func() (n int) {
		now := sandboxNow(t, sb)
		for _, a := range accounts {
			va := sb.Do(req{Method: "GET", Path: "/_sandbox/virtual-accounts/" + a}).JSON(t)
			if va["status"] == "EXPIRED" {
				n++
				assert.LessOrEqual(t, va["expiresAt"], now, "expired ahead of the clock")
			}
		}
		return n
	}
	r := advanceBody(sb, map[string]any{"duration": "8d"})
	stopped := stoppedOf(t, r)
	require.NotNil(t, stopped, "%s", r.Body)
	assert.Equal(t, "cap", stopped["reason"])
	assert.Len(t, r.JSON(t)["happened"], 10)
	at := sandboxNow(t, sb)
	assert.Equal(t, r.JSON(t)["now"], at)
	// The rest are due at the clock's reading: the next request runs them
	// first (rule R05), so what it sees is never ahead of the clock.
	expired()
	sb.Restart()
	assert.Equal(t, at, sandboxNow(t, sb), "a restart resumes where the advance stopped")
	for range 2 {
		advanceBody(sb, map[string]any{"duration": "8d"})
	}
	assert.Equal(t, 25, expired())
}
