package store

import (
	"errors"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOnCommitCountsOnlyWhatCommits: concurrent writers share batches, and a
// batch with a failing writer runs the others again; each committed writer's
// OnCommit runs exactly once, and a failed one's never.
func TestOnCommitCountsOnlyWhatCommits(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "c.db"), Options{})
	require.NoError(t, err)
	defer db.Close()
	refused := errors.New("refused")
	var committed, failed atomic.Int64
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := db.Update(func(tx *Tx) error {
				tx.OnCommit(func() { committed.Add(1) })
				if i%5 == 0 {
					return refused
				}
				return tx.Put("c", Key(uint64(i)), i)
			})
			if err != nil {
				failed.Add(1)
			}
		}()
	}
	wg.Wait()
	assert.EqualValues(t, 20, failed.Load())
	assert.EqualValues(t, 80, committed.Load())
	require.NoError(t, db.View(func(tx *Tx) error {
		tx.OnCommit(func() { committed.Add(1) })
		return nil
	}))
	assert.EqualValues(t, 80, committed.Load(), "a read transaction commits nothing")
}
