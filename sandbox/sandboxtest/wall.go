package sandboxtest

import (
	"sync"
	"time"
)

// Wall is a fake wall clock for the rate limiter, which runs on real time:
// tests move it explicitly, so "two calls in the same second" never depends
// on how fast the machine is.
type Wall struct {
	mu sync.Mutex
	t  time.Time
}

// NewWall starts a wall clock at an arbitrary fixed instant.
func NewWall() *Wall { return &Wall{t: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)} }

// Now is the wall clock's time.
func (w *Wall) Now() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.t
}

// Advance moves the wall clock forward.
func (w *Wall) Advance(d time.Duration) {
	w.mu.Lock()
	w.t = w.t.Add(d)
	w.mu.Unlock()
}
