package store

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAFullDiskIsMarkedAndRemembered: a write that fails for lack of space,
// as the file's own error or as bbolt's text of it, is ErrDiskFull and
// wraps the system's error; DiskFull says so until a write succeeds.
func TestAFullDiskIsMarkedAndRemembered(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "d.db"), Options{NoSync: true})
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	put := func() error { return db.Update(func(tx *Tx) error { return tx.Put("b", Key(1), 1) }) }
	require.NoError(t, put())
	require.NoError(t, db.DiskFull())
	for _, fault := range []error{
		&fs.PathError{Op: "write", Path: "d.db", Err: syscall.ENOSPC},
		fmt.Errorf("file sync error: %s", syscall.ENOSPC), // bbolt's grow
		&fs.PathError{Op: "write", Path: "d.db", Err: syscall.EDQUOT},
	} {
		db.InjectWriteFault(fault)
		err := put()
		assert.ErrorIs(t, err, ErrDiskFull, "%v", fault)
		assert.True(t, errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT), "%v", err)
		assert.ErrorIs(t, db.DiskFull(), ErrDiskFull)
		assert.ErrorIs(t, db.UpdateAlone(func(tx *Tx) error { return tx.Put("b", Key(2), 2) }), ErrDiskFull)
		db.InjectWriteFault(nil)
		require.NoError(t, put())
		assert.NoError(t, db.DiskFull(), "a write that succeeds clears it")
	}
	db.InjectWriteFault(errors.New("some other failure"))
	assert.NotErrorIs(t, put(), ErrDiskFull)
	assert.NoError(t, db.DiskFull())
}
