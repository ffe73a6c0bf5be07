package sandbox

import (
	"errors"
	"io"
	"os"
	"sync"
)

// spool is a file one goroutine writes while others read it as it grows:
// a binary snapshot is copied from its read transaction into one as fast
// as the disk takes it, and sent to a client from it as fast as the client
// reads, so a slow client never holds the transaction (rule D04).
type spool struct {
	f       *os.File
	mu      sync.Mutex
	grew    *sync.Cond
	written int64
	ended   bool
	err     error // why the writing ended early
	stopped bool  // no one reads it any more: the writing should stop
	// tee sees every byte written, as it is written (a digest): in series,
	// which measured faster than a reader of its own behind the writer.
	tee io.Writer
	// writeback, for a file that will be fsynced, starts its writing to disk
	// every writebackStep bytes (written up to handed).
	writeback bool
	handed    int64
}

// writebackStep is how much is written between two starts of writeback.
const writebackStep = 8 << 20

// errSpoolAbandoned ends a copy no one reads any more.
var errSpoolAbandoned = errors.New("the copy is no longer read")

// newSpool makes a new file in dir (os.CreateTemp's pattern).
func newSpool(dir, pattern string) (*spool, error) {
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, err
	}
	s := &spool{f: f}
	s.grew = sync.NewCond(&s.mu)
	return s, nil
}

// Write appends p and wakes the readers.
func (s *spool) Write(p []byte) (int, error) {
	n, err := s.f.Write(p)
	if s.tee != nil {
		s.tee.Write(p[:n])
	}
	s.mu.Lock()
	s.written += int64(n)
	written := s.written
	s.grew.Broadcast()
	if err == nil && s.stopped {
		err = errSpoolAbandoned
	}
	s.mu.Unlock()
	if s.writeback && written-s.handed >= writebackStep { // only the writer touches handed
		startWriteback(s.f, s.handed, written-s.handed)
		s.handed = written
	}
	return n, err
}

// ReadFrom copies r in large writes: a reader's small ones (bbolt's 32 KiB)
// would each be a system call and a wake-up.
func (s *spool) ReadFrom(r io.Reader) (int64, error) {
	return io.CopyBuffer(struct{ io.Writer }{s}, r, make([]byte, 1<<20))
}

// end says the writing is over; err is why it stopped short, or nil.
func (s *spool) end(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ended, s.err = true, err
	s.grew.Broadcast()
}

// abandon makes the writer's next Write fail, if it is still writing.
func (s *spool) abandon() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopped = true
}

// reader reads the file from its start, waiting for what is not written
// yet; at the end it answers io.EOF, or why the writing stopped short.
// What it has read is dropped from the file as it goes (its only reader):
// the disk need not write back pages no one will read again.
func (s *spool) reader() io.Reader { return &spoolReader{s: s} }

type spoolReader struct {
	s       *spool
	off     int64
	dropped int64 // up to here
}

func (r *spoolReader) Read(p []byte) (int, error) {
	s := r.s
	s.mu.Lock()
	for s.written == r.off && !s.ended {
		s.grew.Wait()
	}
	avail, err := s.written-r.off, s.err
	s.mu.Unlock()
	if err != nil {
		return 0, err
	}
	if avail == 0 {
		return 0, io.EOF
	}
	n, err := s.f.ReadAt(p[:min(int64(len(p)), avail)], r.off)
	r.off += int64(n)
	if r.off-r.dropped >= writebackStep {
		dropRange(s.f, r.dropped, r.off-r.dropped)
		r.dropped = r.off
	}
	if err == io.EOF && n > 0 { // ReadAt says so at the file's end, written or not
		err = nil
	}
	return n, err
}

// spoolSync is what spoolFrom does for a file that must reach the disk.
type spoolSync int

const (
	noSync    spoolSync = iota
	syncLater           // the caller fsyncs it: its writing to disk starts as it is written
	syncNow             // and spoolFrom fsyncs it
)

// spoolFrom writes r whole to a new file in dir and answers its path.
func spoolFrom(r io.Reader, dir, pattern string, sync spoolSync) (string, error) {
	s, err := newSpool(dir, pattern)
	if err != nil {
		return "", err
	}
	s.writeback = sync != noSync
	_, err = s.ReadFrom(r)
	if err == nil && sync == syncNow {
		err = s.f.Sync()
	}
	if err = errors.Join(err, s.f.Close()); err != nil {
		os.Remove(s.f.Name())
		return "", err
	}
	return s.f.Name(), nil
}
