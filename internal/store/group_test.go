package store

import (
	"errors"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGroupCommit: many concurrent writers all land, each exactly once; a
// writer whose function fails gets its own error and takes no one down.
func TestGroupCommit(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "g.db"), Options{})
	require.NoError(t, err)
	defer db.Close()
	refused := errors.New("refused")
	var wg sync.WaitGroup
	errs := make([]error, 200)
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = db.Update(func(tx *Tx) error {
				if i%10 == 0 {
					if err := tx.Put("group", Key(uint64(1000+i)), "half-written"); err != nil {
						return err
					}
					return refused
				}
				return tx.Put("group", Key(uint64(i)), i)
			})
		}()
	}
	wg.Wait()
	require.NoError(t, db.View(func(tx *Tx) error {
		n := 0
		err := tx.Scan("group", nil, func(k, _ []byte) (bool, error) {
			assert.Less(t, ID(k), uint64(1000), "a failed write leaves nothing")
			n++
			return true, nil
		})
		assert.Equal(t, 180, n)
		return err
	}))
	for i, err := range errs {
		if i%10 == 0 {
			assert.ErrorIs(t, err, refused, i)
		} else {
			assert.NoError(t, err, i)
		}
	}
}
