package clock

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// TestMoveSetsTheMode: a move's Frozen sets the mode before it runs
// anything, so the mode holds (in the file too) when the move stops short;
// a running clock follows the wall from where it stood.
func TestMoveSetsTheMode(t *testing.T) {
	start := time.Date(2026, 1, 1, 9, 0, 0, 0, kakao.KST)
	wall := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	real := func() time.Time { return wall }
	path := t.TempDir() + "/mode.db"
	open := func() (*store.DB, *Clock) {
		db, err := store.Open(path, store.Options{NoSync: true})
		require.NoError(t, err)
		c := New(db, start, real, slog.New(slog.DiscardHandler))
		db.SetClock(c.Now)
		kind := Register(c, "test.expiring", expiring.String, func(*store.Tx, expiring) (string, error) { return "expired", nil })
		require.NoError(t, db.UpdateAlone(func(tx *store.Tx) error {
			var s state
			if ok, err := tx.GetMeta(stateKey, &s); ok || err != nil {
				return err
			}
			if err := c.Init(tx); err != nil {
				return err
			}
			for i := range 3 {
				if err := kind.Schedule(tx, start.Add(time.Duration(i+1)*time.Hour), expiring{N: i}); err != nil {
					return err
				}
			}
			return nil
		}))
		require.NoError(t, c.Load())
		return db, c
	}
	db, c := open()
	run, freeze := false, true

	r, err := c.Move(context.Background(), Move{Frozen: &run})
	require.NoError(t, err)
	assert.Empty(t, r.Happened)
	assert.False(t, c.Frozen())
	wall = wall.Add(90 * time.Minute)
	assert.Equal(t, start.Add(90*time.Minute), c.Now(), "running from where it stood")
	happened, err := c.RunDue()
	require.NoError(t, err)
	assert.Len(t, happened, 1, "real time reached the first effect")

	r, err = c.Move(context.Background(), Move{Frozen: &freeze})
	require.NoError(t, err)
	wall = wall.Add(time.Hour)
	assert.Equal(t, start.Add(90*time.Minute), c.Now(), "frozen: the wall passes, the clock does not")

	// Running again, to 3h, when the client has gone away: it stops before
	// the second effect, and the clock runs from where it stood, in the
	// file too.
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	r, err = c.Move(gone, Move{To: start.Add(3 * time.Hour), Frozen: &run})
	require.NoError(t, err)
	require.ErrorIs(t, r.Stopped, context.Canceled)
	assert.Equal(t, start.Add(90*time.Minute), c.Now())
	assert.False(t, c.Frozen(), "the mode holds when the move stops short")
	require.NoError(t, db.Close())
	db, c = open()
	defer db.Close()
	assert.False(t, c.Frozen())
	wall = wall.Add(time.Minute)
	assert.Equal(t, start.Add(91*time.Minute), c.Now())
}
