package store

import (
	"errors"
	"fmt"
	"sync"
)

// errStopped answers every transaction after one met damaged data.
var errStopped = fmt.Errorf("%w: the store stopped when an earlier transaction met damaged data; stop the sandbox, and the check at start will say what is wrong", ErrCorrupt)

// gate is the way into bbolt while serving. Once a transaction meets
// damaged data, bbolt's locks may be held for good (a panic in a rollback
// leaves the writer lock held, one while a transaction starts the meta
// lock), and a caller that went on into bbolt could wait forever; so the
// gate stops, and every later transaction is answered errStopped at once.
// It also lets one write at a time into bbolt, so a writer queued behind a
// lock that will never come back waits here, where it is told instead.
type gate struct {
	turn     chan struct{} // holds a token while a write is in bbolt
	stopped  chan struct{} // closed when writes stop
	stopOnce sync.Once
	disk     diskState
}

func newGate() *gate {
	return &gate{turn: make(chan struct{}, 1), stopped: make(chan struct{})}
}

// write runs one bbolt write transaction (do) in turn. Damaged data met by
// it stops every later write, and the turn is never given back: bbolt's
// lock behind it may be gone for good. A panic of ours (a bug) gives the
// turn back on its way up: bbolt rolled its transaction back.
func (g *gate) write(do func() error) (err error) {
	select {
	case g.turn <- struct{}{}:
	case <-g.stopped:
		return errStopped
	}
	defer func() {
		if errors.Is(err, ErrCorrupt) {
			g.stop()
			return
		}
		<-g.turn
	}()
	if g.isStopped() {
		return errStopped
	}
	if err := g.disk.injected(); err != nil {
		return g.disk.after(err)
	}
	return g.disk.after(do())
}

// read runs one bbolt read transaction (do), unless the gate has stopped.
func (g *gate) read(do func() error) error {
	if g.isStopped() {
		return errStopped
	}
	err := do()
	if errors.Is(err, ErrCorrupt) {
		g.stop()
	}
	return err
}

func (g *gate) stop() { g.stopOnce.Do(func() { close(g.stopped) }) }

func (g *gate) isStopped() bool {
	select {
	case <-g.stopped:
		return true
	default:
		return false
	}
}
