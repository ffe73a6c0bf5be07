package store

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type thing struct {
	ID   uint64 `json:"id"`
	Name string `json:"name"`
	key  string
}

func (th *thing) EntityRef() (string, *uint64) { return th.key, &th.ID }

// TestSaveAndResolve: ids are assigned or fixed, and an entity is found by
// the key it was saved under or by its decimal id.
func TestSaveAndResolve(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "e.db"), Options{NoSync: true})
	require.NoError(t, err)
	defer db.Close()
	things := Kind{Name: "thing", Bucket: "test.things"}
	require.NoError(t, db.Update(func(tx *Tx) error {
		fixed := thing{ID: 40, Name: "fixed", key: "fixed-key"}
		require.NoError(t, tx.Save(things, &fixed))
		next := thing{Name: "assigned"}
		require.NoError(t, tx.Save(things, &next))
		assert.EqualValues(t, 41, next.ID, "assigned above the fixed id")
		var back thing
		ok, err := tx.Get(things.Bucket, Key(41), &back)
		require.NoError(t, err)
		assert.True(t, ok)
		assert.Equal(t, next, back, "the stored value carries the assigned id")

		for ref, want := range map[string]uint64{"fixed-key": 40, "40": 40, "41": 41} {
			id, ok, err := tx.Resolve(things, ref)
			require.NoError(t, err)
			assert.True(t, ok, ref)
			assert.Equal(t, want, id, ref)
		}
		for _, ref := range []string{"42", "nobody", "", "-1"} {
			_, ok, err := tx.Resolve(things, ref)
			require.NoError(t, err)
			assert.False(t, ok, ref)
		}
		return nil
	}))
}
