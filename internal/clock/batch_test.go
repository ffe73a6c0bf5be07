package clock

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// hourly is a test effect of a batched kind, queued an hour apart, with a
// one-off effect of another kind among them.
type hourly struct {
	N int `json:"n"`
}

func (h hourly) String() string { return fmt.Sprint(h.N) }

// batchLog is what the test effects saw: each effect's number and the
// sandbox time it ran at, and for each, how many effects had run when its
// transaction committed (more than its own number: it shared one).
type batchLog struct {
	ran       []string
	committed []int
	applied   int
}

// openBatched queues n hourly effects from an hour after start, and a
// "once" effect at start+onceAt hours (0: none). fail names an effect that
// fails; stop is called as effect N runs.
func openBatched(t *testing.T, batched bool, n, onceAt, fail int, stop func(int)) (*store.DB, *Clock, *batchLog, time.Time) {
	t.Helper()
	start := time.Date(2026, 3, 1, 9, 0, 0, 0, kakao.KST)
	db, c := openClock(t, start)
	log := &batchLog{}
	handle := func(tx *store.Tx, h hourly) (string, error) {
		if h.N == fail {
			return "", errors.New("broken")
		}
		log.applied++
		log.ran = append(log.ran, fmt.Sprintf("%d@%s", h.N, tx.Now().Format("15")))
		tx.OnCommit(func() { log.committed = append(log.committed, log.applied) })
		if err := tx.Put("test.hourly", []byte{byte(h.N)}, tx.Now()); err != nil {
			return "", err
		}
		if stop != nil {
			stop(h.N)
		}
		if h.N%3 == 0 {
			return "", nil // moot: no Happened
		}
		return "ran", nil
	}
	kind := Register(c, "test.hourly", hourly.String, handle)
	if batched {
		kind = kind.Batched()
	}
	once := Register(c, "test.once", hourly.String, handle)
	require.NoError(t, db.UpdateAlone(func(tx *store.Tx) error {
		if err := c.Init(tx); err != nil {
			return err
		}
		for i := 1; i <= n; i++ {
			if err := kind.Schedule(tx, start.Add(time.Duration(i)*time.Hour), hourly{N: i}); err != nil {
				return err
			}
		}
		if onceAt > 0 {
			return once.Schedule(tx, start.Add(time.Duration(onceAt)*time.Hour), hourly{N: 100})
		}
		return nil
	}))
	require.NoError(t, c.Load())
	return db, c, log, start
}

// Consecutive effects of a batched kind share transactions, and an advance
// reports, counts and orders them exactly as one transaction each would.
func TestBatchedEffectsRunAsOneEach(t *testing.T) {
	defer func(n int) { MaxBatch = n }(MaxBatch)
	MaxBatch = 4
	var results [2]Result
	var logs [2]*batchLog
	for i, batched := range []bool{false, true} {
		_, c, log, start := openBatched(t, batched, 10, 5, 0, nil)
		var outcomes []string
		c.OnEffect(func(kind, outcome string) { outcomes = append(outcomes, kind+" "+outcome) })
		r, err := c.Move(context.Background(), Move{To: start.Add(12 * time.Hour)})
		require.NoError(t, err)
		require.Nil(t, r.Stopped)
		assert.Equal(t, 11, r.Ran)
		assert.Len(t, outcomes, 11)
		results[i], logs[i] = r, log
	}
	assert.Equal(t, results[0].Happened, results[1].Happened)
	assert.Equal(t, logs[0].ran, logs[1].ran)
	assert.Equal(t, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, logs[0].committed, "one transaction each")
	// 1–4 (the bound), 5 alone before the other kind due at the same hour,
	// which runs alone, then 6–9 and 10.
	assert.Equal(t, []int{4, 4, 4, 4, 5, 6, 10, 10, 10, 10, 11}, logs[1].committed)
}

// An effect that fails inside a batch is set aside alone; the ones before
// it commit, the ones after it run, as without batching.
func TestBatchedEffectFailsAlone(t *testing.T) {
	db, c, log, start := openBatched(t, true, 6, 0, 4, nil)
	r, err := c.Move(context.Background(), Move{To: start.Add(7 * time.Hour)})
	require.NoError(t, err)
	assert.Equal(t, 6, r.Ran)
	assert.Equal(t, []string{"1@10", "2@11", "3@12", "1@10", "2@11", "3@12", "5@14", "6@15"}, log.ran, "1–3 ran again after 4 failed in their batch")
	assert.Equal(t, []int{6, 6, 6, 8, 8}, log.committed)
	require.Len(t, r.Happened, 4, "3 and 6 were moot")
	assert.True(t, r.Happened[2].Failed)
	assert.Equal(t, "4", r.Happened[2].Ref)
	var stored int
	require.NoError(t, db.View(func(tx *store.Tx) error {
		return tx.Scan("test.hourly", nil, func(_, _ []byte) (bool, error) { stored++; return true, nil })
	}))
	assert.Equal(t, 5, stored, "nothing of the failed effect, nothing twice")
}

// The cap and a stop fall between effects inside a batch: what ran commits
// with the clock's reading at the last of them (rules R09, R11).
func TestBatchStopsBetweenEffects(t *testing.T) {
	// The cap is reached by effects that repeat, which Move's count misses.
	_, c, log, start := openBatched(t, true, 10, 0, 0, nil)
	c.runMu.Lock()
	r, err := c.runUntil(context.Background(), start.Add(11*time.Hour), 3, nil)
	c.runMu.Unlock()
	require.NoError(t, err)
	assert.ErrorIs(t, r.Stopped, ErrCapReached)
	assert.Equal(t, 3, r.Ran)
	assert.Equal(t, []int{3, 3, 3}, log.committed)

	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	_, c, log, start = openBatched(t, true, 10, 0, 0, func(n int) {
		if n == 2 {
			cancel(errors.New("write timeout near"))
		}
	})
	r, err = c.Move(ctx, Move{To: start.Add(11 * time.Hour)})
	require.NoError(t, err)
	assert.EqualError(t, r.Stopped, "write timeout near")
	assert.Equal(t, 2, r.Ran)
	assert.Equal(t, []int{2, 2}, log.committed)
	assert.Equal(t, start.Add(2*time.Hour), c.Now())
}
