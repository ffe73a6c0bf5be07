package store

import (
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"syscall"
)

// ErrDiskFull wraps a write that failed because the disk holding the data
// file is full (ENOSPC) or the user's quota is spent (EDQUOT). The error
// wraps the system's too, so errors.Is(err, syscall.ENOSPC) holds. Nothing
// was written: bbolt rolled the transaction back.
var ErrDiskFull = errors.New("the disk holding the data file is full")

// diskState remembers the last write's failure for lack of space, until a
// write succeeds again, so health can say why writes fail (rule R13).
type diskState struct {
	full  atomic.Pointer[error] // the last disk-full failure; nil once a write succeeds
	fault atomic.Pointer[error] // InjectWriteFault's error
}

// diskErrno is the system's error for lack of space that err is, if it is
// one. bbolt wraps some of its errors as text ("file sync error: %s"), so
// the text counts too.
func diskErrno(err error) (syscall.Errno, bool) {
	for _, e := range []syscall.Errno{syscall.ENOSPC, syscall.EDQUOT} {
		if errors.Is(err, e) || strings.Contains(err.Error(), e.Error()) {
			return e, true
		}
	}
	return 0, false
}

// after notes the outcome of one write transaction and returns its error,
// marked as ErrDiskFull, and wrapping the system's error, when the disk was
// full.
func (d *diskState) after(err error) error {
	if err == nil {
		d.full.Store(nil)
		return nil
	}
	errno, full := diskErrno(err)
	if !full || errors.Is(err, ErrDiskFull) {
		return err
	}
	if errors.Is(err, errno) {
		err = fmt.Errorf("%w: %w", ErrDiskFull, err)
	} else {
		err = fmt.Errorf("%w: %w (%w)", ErrDiskFull, err, errno)
	}
	d.full.Store(&err)
	return err
}

// DiskFull is the last write's failure for lack of space, or nil if there
// was none since the last write that succeeded.
func (db *DB) DiskFull() error {
	if p := db.gate.disk.full.Load(); p != nil {
		return *p
	}
	return nil
}

// InjectWriteFault makes every write transaction fail with err, as if bbolt
// had met it writing the file, until it is called with nil. It is for tests
// of what a full disk does (say, syscall.ENOSPC) without filling one.
func (db *DB) InjectWriteFault(err error) {
	if err == nil {
		db.gate.disk.fault.Store(nil)
		return
	}
	db.gate.disk.fault.Store(&err)
}

// injected is the error InjectWriteFault set, if any.
func (d *diskState) injected() error {
	if p := d.fault.Load(); p != nil {
		return fmt.Errorf("write: %w", *p)
	}
	return nil
}
