package store

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Count answers what a scan of every bucket counts, from the pages' own
// counts: small buckets stored inline, large ones over many pages, and the
// meta bucket without the schema version.
func TestCountIsWhatAScanCounts(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "count.db"), Options{NoSync: true})
	require.NoError(t, err)
	defer db.Close()
	require.NoError(t, db.UpdateAlone(func(tx *Tx) error {
		for i := range 5000 {
			if err := tx.Put("many", Key(uint64(i)), map[string]int{"i": i}); err != nil {
				return err
			}
		}
		if err := tx.Put("one", Key(1), "x"); err != nil {
			return err
		}
		return tx.SetMeta("who", "me")
	}))
	require.NoError(t, db.View(func(tx *Tx) error {
		buckets, err := tx.Buckets()
		require.NoError(t, err)
		scanned := 0
		for _, b := range buckets {
			require.NoError(t, tx.ScanRaw(b.Name, func(_, _ []byte) error { scanned++; return nil }))
		}
		n, entries, err := tx.Count()
		require.NoError(t, err)
		assert.Equal(t, len(buckets), n)
		assert.Equal(t, scanned, entries)
		assert.Equal(t, 5000+1+1, entries)
		return nil
	}))
}
