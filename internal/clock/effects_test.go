package clock

import (
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

func openClock(t *testing.T, start time.Time) (*store.DB, *Clock) {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "clock.db"), store.Options{NoSync: true})
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	c := New(db, start, time.Now, slog.New(slog.DiscardHandler))
	db.SetClock(c.Now)
	return db, c
}

type invoice struct {
	Group uint64 `json:"group"`
	Month string `json:"month"`
}

func (i invoice) String() string { return fmt.Sprintf("%d/%s", i.Group, i.Month) }

// TestRepeatingEffect: a handler reads its typed payload, runs at its due
// time (tx.Now), and schedules the next occurrence, as the KakaoCloud
// calendar's monthly charge will.
func TestRepeatingEffect(t *testing.T) {
	start := time.Date(2026, 1, 1, 9, 0, 0, 0, kakao.KST)
	db, c := openClock(t, start)
	var monthly Kind[invoice]
	var seen []string
	monthly = Register(c, "test.monthly", invoice.String, func(tx *store.Tx, p invoice) (string, error) {
		seen = append(seen, p.Month+"@"+tx.Now().Format(time.RFC3339))
		next := tx.Now().AddDate(0, 1, 0)
		return "charged " + p.Month, monthly.Schedule(tx, next, invoice{Group: p.Group, Month: next.Format("2006-01")})
	})
	require.NoError(t, db.UpdateAlone(func(tx *store.Tx) error {
		if err := c.Init(tx); err != nil {
			return err
		}
		first := time.Date(2026, 1, 10, 0, 0, 0, 0, kakao.KST)
		return monthly.Schedule(tx, first, invoice{Group: 7, Month: "2026-01"})
	}))
	require.NoError(t, c.Load())

	happened, err := c.Advance(start.AddDate(0, 3, 0))
	require.NoError(t, err)
	require.Len(t, happened, 3)
	assert.Equal(t, []string{"2026-01@2026-01-10T00:00:00+09:00", "2026-02@2026-02-10T00:00:00+09:00", "2026-03@2026-03-10T00:00:00+09:00"}, seen)
	assert.Equal(t, "7/2026-02", happened[1].Ref)
	assert.Equal(t, "charged 2026-03", happened[2].Description)
	assert.False(t, c.HasDue(), "April's is queued, not due")

	happened, err = c.Advance(start.AddDate(0, 4, 0))
	require.NoError(t, err)
	require.Len(t, happened, 1, "the chain goes on across advances")
	assert.Equal(t, "7/2026-04", happened[0].Ref)
}

func TestRegisterAfterLoadPanics(t *testing.T) {
	_, c := openClock(t, time.Date(2026, 1, 1, 0, 0, 0, 0, kakao.KST))
	noop := func(*store.Tx, invoice) (string, error) { return "", nil }
	Register(c, "test.early", invoice.String, noop)
	assert.Panics(t, func() { Register(c, "test.early", invoice.String, noop) }, "a kind is registered once")
	require.NoError(t, c.Load())
	assert.Panics(t, func() { Register(c, "test.late", invoice.String, noop) }, "kinds come before the first Load")
}

// TestTransactionsReadTheClock: every transaction on the clock's data file
// sees the sandbox time, read once as it began.
func TestTransactionsReadTheClock(t *testing.T) {
	start := time.Date(2026, 5, 1, 9, 0, 0, 0, kakao.KST)
	db, c := openClock(t, start)
	require.NoError(t, db.UpdateAlone(c.Init))
	require.NoError(t, c.Load())
	require.NoError(t, db.View(func(tx *store.Tx) error {
		assert.True(t, tx.Now().Equal(start))
		return nil
	}))
	_, err := c.Advance(start.Add(36 * time.Hour))
	require.NoError(t, err)
	require.NoError(t, db.Update(func(tx *store.Tx) error {
		assert.True(t, tx.Now().Equal(start.Add(36*time.Hour)))
		return nil
	}))
}

// r05FarEffectsAreNotDue (TestRules/R05_far_effects_are_not_due): an effect due past 2262 (where nanoseconds
// since 1970 overflow) is not due today, so requests do not run the queue.
func r05FarEffectsAreNotDue(t *testing.T) {
	start := time.Date(2026, 1, 1, 9, 0, 0, 0, kakao.KST)
	db, c := openClock(t, start)
	far := Register(c, "test.far", invoice.String, func(*store.Tx, invoice) (string, error) { return "ran", nil })
	require.NoError(t, db.UpdateAlone(c.Init))
	require.NoError(t, c.Load())
	for _, year := range []int{2300, 2600, 8999} {
		require.NoError(t, db.Update(func(tx *store.Tx) error {
			return far.Schedule(tx, time.Date(year, 12, 31, 0, 0, 0, 0, kakao.KST), invoice{Month: fmt.Sprint(year)})
		}))
		assert.False(t, c.HasDue(), "%d is not due in 2026", year)
	}
	happened, err := c.Advance(time.Date(2601, 1, 1, 0, 0, 0, 0, kakao.KST))
	require.NoError(t, err)
	require.Len(t, happened, 2)
	assert.Equal(t, "0/2300", happened[0].Ref)
	assert.Equal(t, "0/2600", happened[1].Ref)
	assert.False(t, c.HasDue())
}

// r05AFailingEffectIsSetAside (TestRules/R05_a_failing_effect_is_set_aside): an effect whose handler fails, or whose
// kind no build registers any more, is moved aside and reported, and the
// effects behind it still run; the queue never sticks on it.
func r05AFailingEffectIsSetAside(t *testing.T) {
	start := time.Date(2026, 1, 1, 9, 0, 0, 0, kakao.KST)
	db, c := openClock(t, start)
	kind := Register(c, "test.maybe", invoice.String, func(tx *store.Tx, p invoice) (string, error) {
		if err := tx.SetMeta("touched-"+p.Month, true); err != nil {
			return "", err
		}
		if p.Month == "bad" {
			return "", fmt.Errorf("no such group")
		}
		return "ran " + p.Month, nil
	})
	require.NoError(t, db.UpdateAlone(func(tx *store.Tx) error {
		if err := c.Init(tx); err != nil {
			return err
		}
		for i, month := range []string{"bad", "good"} {
			if err := kind.Schedule(tx, start.Add(time.Duration(i+1)*time.Hour), invoice{Month: month}); err != nil {
				return err
			}
		}
		return c.schedule(tx, queued{Kind: "test.gone", Due: start.Add(90 * time.Minute), Payload: []byte(`{}`)})
	}))
	require.NoError(t, c.Load())
	happened, err := c.Advance(start.Add(3 * time.Hour))
	require.NoError(t, err)
	require.Len(t, happened, 3)
	assert.True(t, happened[0].Failed)
	assert.Contains(t, happened[0].Description, "no such group")
	assert.True(t, happened[1].Failed)
	assert.Contains(t, happened[1].Description, "no handler")
	assert.False(t, happened[2].Failed)
	assert.Equal(t, "ran good", happened[2].Description)
	assert.False(t, c.HasDue())
	aside := rolledBackAndSetAside(t, db)
	assert.Equal(t, "no such group", aside.Error)
}

// rolledBackAndSetAside asserts that what the first failed effect wrote
// (the meta value touched-bad) was rolled back, and returns what was set
// aside for it.
func rolledBackAndSetAside(t *testing.T, db *store.DB) setAside {
	t.Helper()
	var aside setAside
	require.NoError(t, db.View(func(tx *store.Tx) error {
		var touched bool
		ok, err := tx.GetMeta("touched-bad", &touched)
		assert.False(t, ok, "what the failed effect wrote was rolled back")
		_, err2 := tx.First(failedBucket, &aside)
		return errors.Join(err, err2)
	}))
	return aside
}
