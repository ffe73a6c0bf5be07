package sandbox

import (
	"os"
	"syscall"
)

// startWriteback asks the kernel to start writing n bytes at off of f to
// disk without waiting for them (sync_file_range's SYNC_FILE_RANGE_WRITE),
// so the fsync that follows a large write finds most of it written.
func startWriteback(f *os.File, off, n int64) {
	const syncFileRangeWrite = 2
	_ = syscall.SyncFileRange(int(f.Fd()), off, n, syncFileRangeWrite)
}

// dropRange frees n bytes at off of f, keeping its size (a hole punched):
// dirty pages there are let go of, not written.
func dropRange(f *os.File, off, n int64) {
	const punchHole, keepSize = 0x02, 0x01
	_ = syscall.Fallocate(int(f.Fd()), punchHole|keepSize, off, n)
}
