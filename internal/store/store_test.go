package store

import (
	"encoding/binary"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"
)

func TestNewerSchemaIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	b, err := bolt.Open(path, 0o600, nil)
	require.NoError(t, err)
	require.NoError(t, b.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucket(metaBucket)
		if err != nil {
			return err
		}
		v := make([]byte, 8)
		binary.BigEndian.PutUint64(v, SchemaVersion+1)
		return meta.Put(schemaVersionKey, v)
	}))
	require.NoError(t, b.Close())
	_, err = Open(path, Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), fmt.Sprintf("schema version %d", SchemaVersion+1))
	assert.Contains(t, err.Error(), "--data", "the message says the way out")
}

func TestRoundTripAndWipe(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	db, err := Open(path, Options{})
	require.NoError(t, err)
	require.NoError(t, db.Update(func(tx *Tx) error {
		id, err := tx.NextID("things")
		if err != nil {
			return err
		}
		if err := tx.SetName("thing", "a", id); err != nil {
			return err
		}
		return tx.Put("things", Key(id), map[string]int{"n": 7})
	}))
	require.NoError(t, db.Close())

	db, err = Open(path, Options{})
	require.NoError(t, err)
	defer db.Close()
	require.NoError(t, db.View(func(tx *Tx) error {
		id, ok, err := tx.LookupName("thing", "a")
		require.True(t, ok)
		var v map[string]int
		found, err2 := tx.Get("things", Key(id), &v)
		assert.True(t, found)
		assert.Equal(t, 7, v["n"])
		return errorsJoin(err, err2)
	}))
	require.NoError(t, db.UpdateAlone(func(tx *Tx) error { return tx.Wipe() }))
	require.NoError(t, db.View(func(tx *Tx) error {
		assert.False(t, tx.Has("things", Key(1)))
		return nil
	}))
	db.Close()
	db, err = Open(path, Options{})
	require.NoError(t, err, "the schema version survives a wipe")
	db.Close()
}

func errorsJoin(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
