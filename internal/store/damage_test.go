package store

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"
)

// goodFile writes a data file through the store: n things, each a JSON
// object, in bucket "things".
func goodFile(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "good.db")
	db, err := Open(path, Options{NoSync: true})
	require.NoError(t, err)
	require.NoError(t, db.UpdateAlone(func(tx *Tx) error {
		for i := range n {
			id, err := tx.NextID("things")
			if err != nil {
				return err
			}
			if err := tx.Put("things", Key(id), map[string]any{"n": i, "name": fmt.Sprintf("thing %d, padded to fill pages", i)}); err != nil {
				return err
			}
		}
		return nil
	}))
	require.NoError(t, db.Close())
	return path
}

// rootPage finds where a bucket's root page starts in the file.
func rootPage(t *testing.T, path, bucket string) int64 {
	t.Helper()
	b, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	require.NoError(t, err)
	defer b.Close()
	var at int64
	require.NoError(t, b.View(func(tx *bolt.Tx) error {
		bk := tx.Bucket([]byte(bucket))
		require.NotNil(t, bk)
		require.NotZero(t, bk.Root(), "the bucket has pages of its own")
		at = int64(bk.Root()) * int64(b.Info().PageSize)
		return nil
	}))
	return at
}

// damaged writes a damaged copy of path into a new file.
func damaged(t *testing.T, path string, damage func(data []byte) []byte) string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	out := filepath.Join(t.TempDir(), "damaged.db")
	require.NoError(t, os.WriteFile(out, damage(data), 0o600))
	return out
}

// refused checks Open's refusal says what is wrong, where, and the way out.
func refused(t *testing.T, path string, why string) {
	t.Helper()
	db, err := Open(path, Options{})
	if !assert.Error(t, err, "a damaged file is refused") {
		db.Close()
		return
	}
	assert.Contains(t, err.Error(), path)
	assert.Contains(t, err.Error(), why)
	assert.Contains(t, err.Error(), "start with another --data file, or delete it to begin again from the fixtures")
}

func r07DamagedFilesAreRefused(t *testing.T) {
	good := goodFile(t, 2000)
	t.Run("R07_empty_file_is_not_refilled", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "empty.db")
		require.NoError(t, os.WriteFile(path, nil, 0o600))
		refused(t, path, "is empty (0 bytes)")
		_, err := Open(path, Options{})
		assert.ErrorIs(t, err, ErrCorrupt)
		info, err := os.Stat(path)
		require.NoError(t, err)
		assert.Zero(t, info.Size(), "the file is left as it was")
	})
	t.Run("R07_truncated", func(t *testing.T) {
		for _, frac := range []int{2, 4, 10} {
			path := damaged(t, good, func(d []byte) []byte { return d[:len(d)/frac] })
			refused(t, path, "is cut short")
		}
		refused(t, damaged(t, good, func(d []byte) []byte { return d[:1000] }), "bbolt cannot read its header")
	})
	t.Run("R07_zeroed_page", func(t *testing.T) {
		root := rootPage(t, good, "things")
		path := damaged(t, good, func(d []byte) []byte {
			clear(d[root : root+4096])
			return d
		})
		refused(t, path, "is damaged")
		_, err := Open(path, Options{})
		assert.ErrorIs(t, err, ErrCorrupt)
	})
	t.Run("R07_zeroed_header", func(t *testing.T) {
		refused(t, damaged(t, good, func(d []byte) []byte { clear(d[:2*4096]); return d }), "bbolt cannot read its header")
	})
	t.Run("R07_flipped_bits_in_values", func(t *testing.T) {
		path := damaged(t, good, func(d []byte) []byte {
			// Every copy of a field name, live or in a freed page, gets one
			// bit flipped: '"' becomes '#', and no JSON reader takes it.
			for i := bytes.Index(d, []byte(`"name"`)); i >= 0; {
				d[i] ^= 1
				next := bytes.Index(d[i+1:], []byte(`"name"`))
				if next < 0 {
					break
				}
				i += 1 + next
			}
			return d
		})
		refused(t, path, "is not the JSON the sandbox wrote")
	})
	t.Run("R07_foreign_bbolt_file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "foreign.db")
		b, err := bolt.Open(path, 0o600, nil)
		require.NoError(t, err)
		require.NoError(t, b.Update(func(tx *bolt.Tx) error {
			bk, err := tx.CreateBucket([]byte("someone-else"))
			if err != nil {
				return err
			}
			return bk.Put([]byte("k"), []byte("not json"))
		}))
		require.NoError(t, b.Close())
		refused(t, path, "not a kakao-sandbox data file")
	})
	t.Run("R07_not_a_bbolt_file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "notes.db")
		require.NoError(t, os.WriteFile(path, bytes.Repeat([]byte("not a database\n"), 1000), 0o600))
		refused(t, path, "not a kakao-sandbox data file")
	})
	t.Run("the good file opens", func(t *testing.T) {
		db, err := Open(good, Options{})
		require.NoError(t, err)
		require.NoError(t, db.Close())
	})
}

// r07RandomDamageNeverPanics (TestRules/R07_random_damage_never_panics) damages copies at random (a fixed seed):
// each is refused at open, or reads and writes on it succeed or fail with
// an error. A panic would end the test binary; a hang fails the test.
func r07RandomDamageNeverPanics(t *testing.T) {
	good := goodFile(t, 1500)
	orig, err := os.ReadFile(good)
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(7, 11))
	outcomes := map[string]int{}
	for trial := range 150 {
		data := bytes.Clone(orig)
		switch trial % 3 {
		case 0:
			data = data[:rng.IntN(len(data))]
		case 1:
			at := rng.IntN(len(data) - 4096)
			clear(data[at : at+4096])
		case 2:
			for range 8 {
				data[rng.IntN(len(data))] ^= 1 << rng.IntN(8)
			}
		}
		path := filepath.Join(t.TempDir(), "random.db")
		require.NoError(t, os.WriteFile(path, data, 0o600))
		db, err := Open(path, Options{})
		if err != nil {
			assert.Contains(t, err.Error(), "--data", "trial %d: %v", trial, err)
			outcomes["refused"]++
			continue
		}
		done := make(chan error, 1)
		go func() {
			err := db.View(func(tx *Tx) error {
				return tx.Scan("things", nil, func(k, v []byte) (bool, error) { return true, nil })
			})
			done <- errors.Join(err, db.Update(func(tx *Tx) error { return tx.Put("things", Key(1), "changed") }), db.Close())
		}()
		select {
		case err := <-done:
			if err != nil {
				outcomes["error: "+err.Error()]++
			} else {
				outcomes["accepted (damage outside live pages)"]++
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("trial %d: reading a damaged file that passed the check hangs", trial)
		}
	}
	t.Log(outcomes)
	assert.Greater(t, outcomes["refused"], 100, "most damage is found at open")
}

// r07DamageWhileServingIsAnError (TestRules/R07_damage_while_serving_is_an_error) damages the file under an open store:
// the read that meets it is an error wrapping ErrCorrupt, not a panic, and
// the store then stops, answering at once, and closes without waiting.
func r07DamageWhileServingIsAnError(t *testing.T) {
	path := goodFile(t, 2000)
	root := rootPage(t, path, "things")
	db, err := Open(path, Options{})
	require.NoError(t, err)

	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteAt(make([]byte, 4096), root)
	require.NoError(t, err)
	require.NoError(t, f.Close())

	err = db.View(func(tx *Tx) error {
		return tx.Scan("things", nil, func(k, v []byte) (bool, error) { return true, nil })
	})
	require.ErrorIs(t, err, ErrCorrupt)
	assert.Contains(t, err.Error(), "bbolt failed reading it")

	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			assert.ErrorIs(t, db.Update(func(tx *Tx) error { return tx.Put("other", Key(1), 1) }), ErrCorrupt)
		}()
	}
	wg.Wait()
	assert.ErrorIs(t, db.UpdateAlone(func(tx *Tx) error { return nil }), ErrCorrupt)
	assert.ErrorIs(t, db.View(func(tx *Tx) error { return nil }), ErrCorrupt, "the store has stopped")
	assert.ErrorIs(t, db.Close(), ErrCorrupt)
	refused(t, path, "is damaged")
}

// A panic of our own inside a transaction is a bug, not damaged data: it
// goes on up to the caller (and the HTTP layer's recovery logs its stack),
// and the store carries on.
func TestPanicsOfOursAreNotCorruption(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "s.db"), Options{})
	require.NoError(t, err)
	defer db.Close()
	assert.PanicsWithValue(t, "a bug", func() { _ = db.View(func(*Tx) error { panic("a bug") }) })
	assert.PanicsWithValue(t, "a bug", func() { _ = db.UpdateAlone(func(*Tx) error { panic("a bug") }) })
	assert.Panics(t, func() { _ = db.Update(func(*Tx) error { panic("a bug") }) })
	require.NoError(t, db.Update(func(tx *Tx) error { return tx.Put("things", Key(1), 1) }), "the store carries on")
	require.NoError(t, db.View(func(tx *Tx) error {
		assert.True(t, tx.Has("things", Key(1)))
		return nil
	}))
}
