package clock

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// expiring is a test effect: it marks an account expired, in the data file,
// with the time it ran, as a virtual account's expiry does.
type expiring struct {
	N int `json:"n"`
}

func (e expiring) String() string { return "" }

// openExpiring is a frozen clock at start with n accounts expiring an hour
// apart from an hour after start (every one of them at once when sameTime),
// and a hook the handler calls after marking one.
func openExpiring(t *testing.T, path string, start time.Time, n int, sameTime bool, after func(int)) (*store.DB, *Clock) {
	t.Helper()
	db, err := store.Open(path, store.Options{NoSync: true})
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	c := New(db, start, time.Now, slog.New(slog.DiscardHandler))
	db.SetClock(c.Now)
	kind := Register(c, "test.expiring", expiring.String, func(tx *store.Tx, e expiring) (string, error) {
		if err := tx.Put("test.expired", []byte{byte(e.N >> 8), byte(e.N)}, tx.Now()); err != nil {
			return "", err
		}
		if after != nil {
			after(e.N)
		}
		return "expired", nil
	})
	require.NoError(t, db.UpdateAlone(func(tx *store.Tx) error {
		var s state
		if ok, err := tx.GetMeta(stateKey, &s); ok || err != nil {
			return err // an existing file keeps its queue
		}
		if err := c.Init(tx); err != nil {
			return err
		}
		for i := range n {
			due := start.Add(time.Hour)
			if !sameTime {
				due = start.Add(time.Duration(i+1) * time.Hour)
			}
			if err := kind.Schedule(tx, due, expiring{N: i}); err != nil {
				return err
			}
		}
		return nil
	}))
	require.NoError(t, c.Load())
	return db, c
}

// expiredAt reads when each marked account expired.
func expiredAt(t *testing.T, db *store.DB) []time.Time {
	t.Helper()
	var out []time.Time
	require.NoError(t, db.View(func(tx *store.Tx) error {
		return tx.Scan("test.expired", nil, func(k, v []byte) (bool, error) {
			var at time.Time
			ok, err := tx.Get("test.expired", k, &at)
			out = append(out, at)
			return ok, err
		})
	}))
	return out
}

// r11ACancelledAdvanceCommitsTheClockWithItsEffects (TestRules/R11_a_cancelled_advance_commits_the_clock_with_its_effects):
// an advance cancelled after some effects leaves the clock, in memory and in
// the data file, at the last effect it ran, never behind one; a reopened
// file reads that time, and advancing again runs the rest, each once.
func r11ACancelledAdvanceCommitsTheClockWithItsEffects(t *testing.T) {
	start := time.Date(2026, 1, 1, 9, 0, 0, 0, kakao.KST)
	path := t.TempDir() + "/r11.db"
	ctx, cancel := context.WithCancel(context.Background())
	db, c := openExpiring(t, path, start, 30, false, func(n int) {
		if n == 9 {
			cancel() // the client goes away while the tenth effect runs
		}
	})
	r, err := c.Move(ctx, Move{By: &Step{Days: 30}})
	require.NoError(t, err)
	require.ErrorIs(t, r.Stopped, context.Canceled)
	assert.Equal(t, 10, r.Ran, "it stops after its current effect")
	assert.Equal(t, start.Add(10*time.Hour), c.Now(), "the clock reads the last effect's due time")
	applied := expiredAt(t, db)
	require.Len(t, applied, 10)
	for _, at := range applied {
		assert.False(t, at.After(c.Now()), "no effect ahead of the clock")
	}

	// The file says the same as memory: as after a crash, a reopen reads it.
	require.NoError(t, db.Close())
	db, c = openExpiring(t, path, start, 30, false, nil)
	assert.Equal(t, start.Add(10*time.Hour), c.Now(), "a restart resumes where the advance stopped")
	happened, err := c.Advance(start.AddDate(0, 0, 30))
	require.NoError(t, err)
	assert.Len(t, happened, 20, "the rest run, once each")
	assert.Len(t, expiredAt(t, db), 30)
	assert.Equal(t, start.AddDate(0, 0, 30), c.Now())
}

// r09AdvanceRefusesBeyondTheCap (TestRules/R09_advance_refuses_beyond_the_cap): more queued
// effects than the cap are refused up front, naming how far one call may go,
// with nothing changed; that far is accepted; more than the cap due at one
// instant run up to the cap, so time always goes on.
func r09AdvanceRefusesBeyondTheCap(t *testing.T) {
	start := time.Date(2026, 1, 1, 9, 0, 0, 0, kakao.KST)
	db, c := openExpiring(t, t.TempDir()+"/cap.db", start, 12, false, nil)
	_, err := c.Move(context.Background(), Move{By: &Step{Days: 1}, MaxEffects: 5})
	var tooMany *TooManyEffects
	require.ErrorAs(t, err, &tooMany)
	assert.Equal(t, TooManyEffects{Due: 12, Max: 5, Before: start.Add(6 * time.Hour)}, *tooMany)
	assert.Contains(t, err.Error(), "12 effects are due on the way, more than the 5 one advance may run; advance in smaller steps")
	assert.Equal(t, start, c.Now())
	assert.Empty(t, expiredAt(t, db))
	r, err := c.Move(context.Background(), Move{To: tooMany.Before.Add(-time.Nanosecond), MaxEffects: 5})
	require.NoError(t, err)
	assert.Nil(t, r.Stopped)
	assert.Equal(t, 5, r.Ran)

	db, c = openExpiring(t, t.TempDir()+"/once.db", start, 12, true, nil)
	r, err = c.Move(context.Background(), Move{By: &Step{Days: 1}, MaxEffects: 5})
	require.NoError(t, err)
	require.ErrorIs(t, r.Stopped, ErrCapReached)
	assert.Equal(t, 5, r.Ran)
	assert.Equal(t, start.Add(time.Hour), c.Now())
	for range 2 {
		r, err = c.Move(context.Background(), Move{By: &Step{Days: 1}, MaxEffects: 5})
		require.NoError(t, err)
	}
	assert.Nil(t, r.Stopped, "the third call runs the last two and arrives")
	assert.Len(t, expiredAt(t, db), 12)
}

// r09ARestartStopsARunningAdvance (TestRules/R09_a_restart_stops_a_running_advance): a reset
// (Restart) waits for one effect, not for the advance.
func r09ARestartStopsARunningAdvance(t *testing.T) {
	start := time.Date(2026, 1, 1, 9, 0, 0, 0, kakao.KST)
	running := make(chan struct{})
	var once bool
	db, c := openExpiring(t, t.TempDir()+"/restart.db", start, 2000, false, func(int) {
		if !once {
			once = true
			close(running)
		}
		time.Sleep(time.Millisecond)
	})
	type moved struct {
		r   Result
		err error
	}
	done := make(chan moved, 1)
	go func() {
		r, err := c.Move(context.Background(), Move{By: &Step{Days: 365}})
		done <- moved{r, err}
	}()
	<-running
	began := time.Now()
	require.NoError(t, c.Restart(func() error {
		return db.UpdateAlone(func(tx *store.Tx) error {
			if err := tx.Wipe(); err != nil {
				return err
			}
			return c.Init(tx)
		})
	}))
	assert.Less(t, time.Since(began), time.Second)
	m := <-done
	require.NoError(t, m.err)
	assert.ErrorIs(t, m.r.Stopped, ErrReset)
	assert.Less(t, m.r.Ran, 2000)

	c.Stop()
	m.r, m.err = c.Move(context.Background(), Move{By: &Step{Days: 1}})
	require.NoError(t, m.err)
	assert.True(t, m.r.Stopped == nil || errors.Is(m.r.Stopped, ErrStopping), "after Stop, nothing runs")
}
