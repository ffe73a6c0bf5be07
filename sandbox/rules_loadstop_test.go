package sandbox_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/fixtures"
	"github.com/kakao-sandbox/kakao-sandbox/internal/fixtures/fixturestest"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// rulesLoadStop are the rule tests of a fixture load that stops, all or
// nothing, when its client goes away, near the write timeout or when a
// reset comes (rule R09).
func rulesLoadStop(t *testing.T) {
	t.Run("R09_a_load_stops_when_its_client_goes_away", r09ALoadStopsWhenItsClientGoesAway)
	t.Run("R09_a_load_stops_before_the_write_timeout", r09ALoadStopsBeforeTheWriteTimeout)
	t.Run("R09_a_reset_stops_a_running_load", r09AResetStopsARunningLoad)
	t.Run("R09_a_snapshot_load_stops_before_the_write_timeout", r09ASnapshotLoadStopsBeforeTheWriteTimeout)
	t.Run("R09_a_reset_stops_before_the_write_timeout", r09AResetStopsBeforeTheWriteTimeout)
}

// bigLoad is a document large enough to take seconds to load.
const bigLoad = 20000

// loadStarted is an option that closes the channel it returns when a load
// of the big document begins putting entries.
func loadStarted() (sandboxtest.Option, <-chan struct{}) {
	began := make(chan struct{})
	var once sync.Once
	return func(c *sandbox.Config) {
		c.Progress = func(p fixtures.Progress) {
			if p.Total >= bigLoad {
				once.Do(func() { close(began) })
			}
		}
	}, began
}

// postBigLoad posts the big document with ctx; the answer (or the error)
// arrives on the channel it returns.
func postBigLoad(t *testing.T, ctx context.Context, sb *sandboxtest.Sandbox) <-chan loadAnswer {
	t.Helper()
	doc := fixturestest.Bulk(bigLoad, fixturestest.JSON)
	out := make(chan loadAnswer, 1)
	go func() {
		r, err := http.NewRequestWithContext(ctx, "POST", sb.URL+"/_sandbox/fixtures", bytes.NewReader(doc))
		if err != nil {
			out <- loadAnswer{err: err}
			return
		}
		r.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			out <- loadAnswer{err: err}
			return
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		out <- loadAnswer{status: resp.StatusCode, body: body, err: err}
	}()
	return out
}

type loadAnswer struct {
	status int
	body   []byte
	err    error
}

// waitLoadJournalled waits for the load's journal entry: the load is over.
func waitLoadJournalled(t *testing.T, sb *sandboxtest.Sandbox) sandboxtest.JournalEntry {
	t.Helper()
	var entry sandboxtest.JournalEntry
	require.Eventually(t, func() bool {
		e := sb.Requests(sandboxtest.RequestFilter{Operation: "loadFixtures"})
		if len(e) == 0 {
			return false
		}
		entry = e[0]
		return true
	}, 90*time.Second, 20*time.Millisecond, "the load ended and was journalled")
	return entry
}

// requireNothingLoaded checks no entry of the big document is in the state:
// its first user's key is free.
func requireNothingLoaded(t *testing.T, sb *sandboxtest.Sandbox) {
	t.Helper()
	r := sb.Do(req{Method: "POST", Path: "/_sandbox/fixtures", Body: `{"users":[{"key":"bulk-u-0","name":"x"}]}`})
	assert.Equal(t, http.StatusCreated, r.Status, "the stopped load left entries behind: %.300s", r.Body)
}

// r09ALoadStopsWhenItsClientGoesAway (TestRules/R09_a_load_stops_when_its_client_goes_away):
// a client that gives up on a big POST /_sandbox/fixtures leaves nothing
// loaded, the load ends soon after (journalled as stopped) and health
// answers at once.
func r09ALoadStopsWhenItsClientGoesAway(t *testing.T) {
	t.Parallel()
	started, began := loadStarted()
	sb := sandboxtest.New(t, sandboxtest.NoRateLimits, started)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	answer := postBigLoad(t, ctx, sb)
	select {
	case <-began:
	case a := <-answer:
		t.Fatalf("the load answered before it began: %d %v", a.status, a.err)
	}
	cancel()
	gaveUp := time.Now()
	require.Error(t, (<-answer).err, "the client gives up")

	status, took := timedCall(t, sb, "GET", "/_sandbox/health", "")
	assert.Equal(t, 200, status)
	assert.Less(t, took, 5*time.Second, "health answers at once (a generous bound: the race detector and parallel tests share two cores)")
	entry := waitLoadJournalled(t, sb)
	t.Logf("the load ended %v after its client went away", time.Since(gaveUp))
	assert.Equal(t, http.StatusServiceUnavailable, entry.Status)
	assert.Equal(t, -9509, entry.Code)
	if assert.NotEmpty(t, entry.Warnings) {
		assert.Contains(t, entry.Warnings[0], "the load stopped: the client went away, after ")
	}
	requireNothingLoaded(t, sb)
}

// r09ALoadStopsBeforeTheWriteTimeout (TestRules/R09_a_load_stops_before_the_write_timeout):
// a load longer than the write timeout answers a Kakao-format 503 before
// it, naming --write-timeout, with nothing loaded.
func r09ALoadStopsBeforeTheWriteTimeout(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t, sandboxtest.NoRateLimits, func(c *sandbox.Config) { c.WriteTimeout = 500 * time.Millisecond })
	began := time.Now()
	a := <-postBigLoad(t, context.Background(), sb)
	require.NoError(t, a.err)
	took := time.Since(began)
	t.Logf("the load answered after %v: %.300s", took, a.body)
	require.Equal(t, http.StatusServiceUnavailable, a.status, "%.300s", a.body)
	assert.Contains(t, string(a.body), `"code":-9509`)
	assert.Contains(t, string(a.body), "--write-timeout")
	assert.Contains(t, string(a.body), "nothing was loaded")
	requireNothingLoaded(t, sb)
}

// r09AResetStopsARunningLoad (TestRules/R09_a_reset_stops_a_running_load):
// a reset sent during a big load does not wait behind it: it stops the
// load, which answers that it stopped, and answers within seconds; the
// load's entries are absent.
func r09AResetStopsARunningLoad(t *testing.T) {
	t.Parallel()
	started, began := loadStarted()
	sb := sandboxtest.New(t, sandboxtest.NoRateLimits, started)
	answer := postBigLoad(t, context.Background(), sb)
	select {
	case <-began:
	case a := <-answer:
		t.Fatalf("the load answered before it began: %d %v", a.status, a.err)
	}
	status, took := timedCall(t, sb, "POST", "/_sandbox/reset", `{"fixtures":"startup"}`)
	assert.Equal(t, 200, status)
	t.Logf("reset during the load: %v", took)
	assert.Less(t, took, 15*time.Second, "the reset does not wait behind the load (a generous bound for the race detector; the load's 503 below is what shows it was stopped)")
	a := <-answer
	require.NoError(t, a.err)
	assert.Equal(t, http.StatusServiceUnavailable, a.status, "%.300s", a.body)
	assert.Contains(t, string(a.body), "reset")
	requireNothingLoaded(t, sb)
}

// timedCall sends one control call and says how long it took.
func timedCall(t *testing.T, sb *sandboxtest.Sandbox, method, path, body string) (int, time.Duration) {
	t.Helper()
	r, err := http.NewRequest(method, sb.URL+path, bytes.NewReader([]byte(body)))
	require.NoError(t, err)
	r.Header.Set("Content-Type", "application/json")
	start := time.Now()
	resp, err := http.DefaultClient.Do(r)
	took := time.Since(start)
	require.NoError(t, err, "%s %s during a load", method, path)
	resp.Body.Close()
	return resp.StatusCode, took
}

// r09AResetStopsBeforeTheWriteTimeout (TestRules/R09_a_reset_stops_before_the_write_timeout):
// a reset to a demo document too big to fill within the write timeout
// answers a Kakao-format 503 before it and resets nothing. A sandbox that
// filled its file at start resets from a copy, in about the time of
// copying the file (rule D05); one started on an existing file fills its
// copy at its first reset, which is the fill that stops here.
func r09AResetStopsBeforeTheWriteTimeout(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t, sandboxtest.NoRateLimits, func(c *sandbox.Config) {
		c.Fixtures = fixturestest.Bulk(bigLoad, fixturestest.JSON)
		c.WriteTimeout = 500 * time.Millisecond
	})
	sb.Do(req{Method: "POST", Path: "/_sandbox/fixtures", Body: `{"users":[{"key":"after-start","name":"x"}]}`})
	sb.Restart()
	r := sb.Do(req{Method: "POST", Path: "/_sandbox/reset", Body: `{"fixtures":"startup"}`})
	require.Equal(t, http.StatusServiceUnavailable, r.Status, "%.300s", r.Body)
	assert.Equal(t, float64(-9509), r.JSON(t)["code"])
	assert.Contains(t, r.JSON(t)["msg"], "nothing was reset")
	again := sb.Do(req{Method: "POST", Path: "/_sandbox/fixtures", Body: `{"users":[{"key":"after-start","name":"x"}]}`})
	assert.Equal(t, http.StatusConflict, again.Status, "the stopped reset wiped the state: %.300s", again.Body)
}

// r09ASnapshotLoadStopsBeforeTheWriteTimeout
// (TestRules/R09_a_snapshot_load_stops_before_the_write_timeout): a
// snapshot too big to put back within the write timeout answers a
// Kakao-format 503 and changes nothing, as a fixture load does.
func r09ASnapshotLoadStopsBeforeTheWriteTimeout(t *testing.T) {
	t.Parallel()
	big := sandboxtest.New(t, sandboxtest.NoRateLimits, func(c *sandbox.Config) { c.Fixtures = fixturestest.Bulk(bigLoad, fixturestest.JSON) })
	snap := big.Do(req{Method: "GET", Path: "/_sandbox/snapshot"})
	require.Equal(t, http.StatusOK, snap.Status)

	sb := sandboxtest.New(t, sandboxtest.NoRateLimits, func(c *sandbox.Config) { c.WriteTimeout = 500 * time.Millisecond })
	r := sb.Do(req{Method: "PUT", Path: "/_sandbox/snapshot", Header: map[string]string{"Content-Type": "application/json"}, Body: snap.Body})
	require.Equal(t, http.StatusServiceUnavailable, r.Status, "%.300s", r.Body)
	assert.Equal(t, float64(-9509), r.JSON(t)["code"])
	assert.Contains(t, r.JSON(t)["msg"], "nothing was changed")
	requireNothingLoaded(t, sb)
	again := sb.Do(req{Method: "POST", Path: "/_sandbox/fixtures", Body: `{"users":[{"key":"alice","name":"x"}]}`})
	assert.Equal(t, http.StatusConflict, again.Status, "the demo data is still there: %.300s", again.Body)
}
