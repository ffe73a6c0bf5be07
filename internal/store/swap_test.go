package store

import (
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fileWith makes a data file at path holding meta name = v.
func fileWith(t *testing.T, path, name string, v any) {
	t.Helper()
	db, err := Open(path, Options{NoSync: true})
	require.NoError(t, err)
	require.NoError(t, db.Update(func(tx *Tx) error { return tx.SetMeta(name, v) }))
	require.NoError(t, db.Close())
}

func metaOf(t *testing.T, db *DB, name string) (v string) {
	t.Helper()
	require.NoError(t, db.View(func(tx *Tx) error { _, err := tx.GetMeta(name, &v); return err }))
	return v
}

// Replace swaps a file in between transactions: one in flight finishes on
// the old file first, one that comes meanwhile runs on the new one, and
// the meta values it is told to keep come along.
func TestReplaceWaitsForTransactionsInFlight(t *testing.T) {
	dir := t.TempDir()
	path, src := filepath.Join(dir, "live.db"), filepath.Join(dir, "new.db")
	fileWith(t, path, "who", "old")
	fileWith(t, src, "who", "new")
	db, err := Open(path, Options{})
	require.NoError(t, err)
	defer db.Close()
	require.NoError(t, db.Update(func(tx *Tx) error { return tx.SetMeta("keep", "kept") }))

	inside, release := make(chan struct{}), make(chan struct{})
	var committed atomic.Bool
	wrote := make(chan error, 1)
	go func() {
		wrote <- db.UpdateAlone(func(tx *Tx) error {
			close(inside)
			<-release
			return tx.SetMeta("who", "written before the swap")
		})
		committed.Store(true)
	}()
	<-inside
	replaced := make(chan error, 1)
	go func() {
		err := db.Replace(src, "keep")
		assert.True(t, committed.Load(), "the swap waited for the write in flight")
		replaced <- err
	}()
	close(release)
	require.NoError(t, <-wrote)
	require.NoError(t, <-replaced)
	assert.Equal(t, "new", metaOf(t, db, "who"), "the new file whole: the write in flight went with the old one")
	assert.Equal(t, "kept", metaOf(t, db, "keep"))
	assert.NoFileExists(t, src)
	assert.NoFileExists(t, path+".replaced")
	require.NoError(t, db.Update(func(tx *Tx) error { return tx.SetMeta("who", "after") }))
	assert.Equal(t, "after", metaOf(t, db, "who"))
}

// A file bbolt cannot open is not swapped in: the old one is put back and
// served, and src is left where it was.
func TestReplaceWithABadFileKeepsTheOld(t *testing.T) {
	dir := t.TempDir()
	path, src := filepath.Join(dir, "live.db"), filepath.Join(dir, "bad.db")
	fileWith(t, path, "who", "old")
	require.NoError(t, os.WriteFile(src, []byte("not a bbolt file, not at all, not even its header"), 0o600))
	db, err := Open(path, Options{})
	require.NoError(t, err)
	defer db.Close()
	require.Error(t, db.Replace(src))
	assert.Equal(t, "old", metaOf(t, db, "who"))
	assert.FileExists(t, src)
	require.NoError(t, db.Update(func(tx *Tx) error { return tx.SetMeta("who", "still writable") }))
}

func TestMagic(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	fileWith(t, path, "who", "x")
	head, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.True(t, Magic(head))
	assert.False(t, Magic(head[:19]))
	assert.False(t, Magic([]byte(`{"format":"kakao-sandbox.snapshot","version":1}`)))
}

// A swap waits for a long copy (ViewFrom) without holding back the
// transactions that come meanwhile: they run on the old file until the
// copy ends, then the swap runs. Before, a waiting swap held them all
// until the copy ended (a slow download, the start-up copy). (Reads only:
// a write that grows bbolt's memory map waits for every reader anyway.)
func TestReplaceWaitingForACopyHoldsNothingBack(t *testing.T) {
	dir := t.TempDir()
	path, src := filepath.Join(dir, "live.db"), filepath.Join(dir, "new.db")
	fileWith(t, path, "who", "old")
	fileWith(t, src, "who", "new")
	db, err := Open(path, Options{NoSync: true})
	require.NoError(t, err)
	defer db.Close()

	release := make(chan struct{})
	copied := db.ViewFrom(func(tx *Tx) error { <-release; return nil })
	replaced := make(chan error, 1)
	go func() { replaced <- db.AfterCopies(func() error { return db.Replace(src) }) }()
	// Reads for a while, so the swap is surely waiting during some: each
	// must be answered while the copy still runs.
	for until := time.Now().Add(200 * time.Millisecond); time.Now().Before(until); {
		read := make(chan string, 1)
		go func() { read <- metaOf(t, db, "who") }()
		select {
		case who := <-read:
			assert.Equal(t, "old", who, "the copy holds the swap back")
		case <-time.After(10 * time.Second):
			close(release)
			t.Fatal("a read waited for the swap, which waits for the copy")
		}
	}
	select {
	case err := <-replaced:
		t.Fatalf("the swap ran under a copy: %v", err)
	default:
	}
	close(release)
	require.NoError(t, <-copied)
	require.NoError(t, <-replaced)
	assert.Equal(t, "new", metaOf(t, db, "who"))
}
