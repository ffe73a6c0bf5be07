//go:build unix

package store

import (
	"os"
	"syscall"
)

// unlock releases bbolt's flock on f, which a live memory map of the file
// would otherwise keep after f is closed.
func unlock(f *os.File) { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }
