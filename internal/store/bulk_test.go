package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A bulk transaction buffers its writes; reads inside it
// see them, Scan and First see them in order, and a failed one leaves nothing.
func TestBulkWritesReadLikeOthers(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "bulk.db"), Options{NoSync: true})
	require.NoError(t, err)
	defer db.Close()
	require.NoError(t, db.Update(func(tx *Tx) error { return tx.Put("b", []byte("m"), "before") }))

	require.NoError(t, db.UpdateBulk(func(tx *Tx) error {
		for _, k := range []string{"z", "a", "q", "m"} { // after, before, between, over
			require.NoError(t, tx.Put("b", []byte(k), "v-"+k))
		}
		require.NoError(t, tx.Delete("b", []byte("q")))
		var v string
		ok, err := tx.Get("b", []byte("m"), &v)
		require.NoError(t, err)
		assert.True(t, ok)
		assert.Equal(t, "v-m", v)
		assert.False(t, tx.Has("b", []byte("q")), "deleted in the same transaction")
		assert.True(t, tx.At(tx.Now()).Has("b", []byte("a")), "a copy at another time shares the writes")
		var keys []string
		require.NoError(t, tx.Scan("b", nil, func(k, _ []byte) (bool, error) { keys = append(keys, string(k)); return true, nil }))
		assert.Equal(t, []string{"a", "m", "z"}, keys)
		require.NoError(t, tx.Put("b", []byte("c"), "after the scan"))
		k, err := tx.First("b", &v)
		require.NoError(t, err)
		assert.Equal(t, "a", string(k))
		return nil
	}))
	var got []string
	require.NoError(t, db.View(func(tx *Tx) error {
		return tx.Scan("b", nil, func(k, v []byte) (bool, error) { got = append(got, fmt.Sprintf("%s=%s", k, v)); return true, nil })
	}))
	assert.Equal(t, []string{`a="v-a"`, `c="after the scan"`, `m="v-m"`, `z="v-z"`}, got)

	failed := errors.New("no")
	require.ErrorIs(t, db.UpdateBulk(func(tx *Tx) error {
		require.NoError(t, tx.Put("b", []byte("b"), "never"))
		require.NoError(t, tx.Put("other", []byte("x"), "never"))
		return failed
	}), failed)
	require.NoError(t, db.View(func(tx *Tx) error {
		assert.False(t, tx.Has("b", []byte("b")))
		assert.False(t, tx.Has("other", []byte("x")))
		return nil
	}))
}

// No write of a bulk transaction reaches bbolt before its bucket is
// flushed, not even one that sorts last when it is made: a later one may
// sort before it, and bbolt would shift every key put before (a generated
// document's "adAccount/…" names arriving after its "user/…" ones took
// minutes). So each bucket gets its keys in one sorted pass.
func TestBulkWritesWaitForTheirFlush(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "bulk.db"), Options{NoSync: true})
	require.NoError(t, err)
	defer db.Close()
	require.NoError(t, db.UpdateBulk(func(tx *Tx) error {
		for i := range 100 {
			require.NoError(t, tx.Put("names", fmt.Appendf(nil, "user/%03d", i), i))
		}
		for i := range 100 {
			require.NoError(t, tx.Put("names", fmt.Appendf(nil, "adAccount/%03d", i), i))
		}
		assert.Nil(t, tx.tx.Bucket([]byte("names")), "nothing is in bbolt yet")
		return nil
	}))
	require.NoError(t, db.View(func(tx *Tx) error {
		assert.Equal(t, 200, tx.tx.Bucket([]byte("names")).Stats().KeyN)
		return nil
	}))
}

// A bulk write's buffer keeps keys in sorted runs while they come in a few
// sequences, and in one list with a map past maxRuns of them: whatever the
// order, a read inside sees the last write of its key, and the file holds
// each key's last write. Ids with gaps, names of interleaved kinds, keys
// written again and deleted, and hashes in no order each take another path.
func TestBulkWritesInAnyOrder(t *testing.T) {
	orders := map[string]func(i int) []byte{
		"ids without gaps":   func(i int) []byte { return Key(uint64(1000 + i)) },
		"ids with gaps":      func(i int) []byte { return Key(uint64(1000 + 3*i)) },
		"interleaved kinds":  func(i int) []byte { return fmt.Appendf(nil, "%c/%05d", "uwaco"[i%5], i) },
		"ids then the start": func(i int) []byte { return Key(uint64((i*7 + 500) % 700)) },
		"no order":           func(i int) []byte { return fmt.Appendf(nil, "%08x", uint32(i)*2654435761) },
	}
	for name, key := range orders {
		t.Run(name, func(t *testing.T) {
			db, err := Open(filepath.Join(t.TempDir(), "bulk.db"), Options{NoSync: true})
			require.NoError(t, err)
			defer db.Close()
			want := map[string]int{}
			require.NoError(t, db.UpdateBulk(func(tx *Tx) error {
				for i := range 700 {
					k := key(i)
					require.NoError(t, tx.Put("b", k, i))
					want[string(k)] = i
					if i%7 == 3 { // again, with another value
						require.NoError(t, tx.Put("b", key(i/2), -i))
						want[string(key(i/2))] = -i
					}
					if i%11 == 5 {
						require.NoError(t, tx.Delete("b", key(i/3)))
						delete(want, string(key(i/3)))
					}
				}
				for i := range 700 {
					var v int
					ok, err := tx.Get("b", key(i), &v)
					require.NoError(t, err)
					w, in := want[string(key(i))]
					require.Equal(t, in, ok, "%x", key(i))
					assert.Equal(t, w, v)
				}
				return nil
			}))
			got := map[string]int{}
			var last []byte
			require.NoError(t, db.View(func(tx *Tx) error {
				return tx.Scan("b", nil, func(k, v []byte) (bool, error) {
					require.Less(t, string(last), string(k), "in order, once each")
					last = append(last[:0], k...)
					var n int
					require.NoError(t, codec.Unmarshal(v, &n))
					got[string(k)] = n
					return true, nil
				})
			}))
			assert.Equal(t, want, got)
		})
	}
}

// Bulk writes of two files at once leave the collector's target as they
// found it, whichever ends first.
func TestBulkWritesRestoreTheCollectorsTarget(t *testing.T) {
	before := debug.SetGCPercent(debug.SetGCPercent(-1))
	defer debug.SetGCPercent(before)
	debug.SetGCPercent(77)
	exitA := bulkGC.enter()
	exitB := bulkGC.enter()
	assert.Equal(t, bulkGC.percent, debug.SetGCPercent(bulkGC.percent))
	exitA()
	assert.Equal(t, bulkGC.percent, debug.SetGCPercent(bulkGC.percent), "while one still writes")
	exitB()
	assert.Equal(t, 77, debug.SetGCPercent(77))
}
