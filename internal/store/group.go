package store

import (
	"errors"
	"fmt"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// group commits concurrent writers together: the first writer to arrive
// commits at once, and everyone who arrives while a commit is in flight is
// committed in the next one, in one transaction and one fsync. Unlike
// bbolt's Batch, nobody waits on a timer: alone, a write costs one commit;
// under load, a commit carries everyone who queued behind the one before.
//
// As with bbolt's Batch, a function that fails is taken out and the rest run
// again, so a function may run more than once: it must only touch its tx and
// variables it assigns afresh on every run. One that panics is taken out too,
// and its caller runs it alone (UpdateAlone), so the panic reaches that
// caller, not the writer who happened to lead. The commit runs guarded: bbolt's
// panic on damaged data is an error wrapping ErrCorrupt (guard.go).
type group struct {
	db *DB

	mu      sync.Mutex
	queue   []*write
	leading bool // a writer is committing a batch
}

type write struct {
	fn   func(*Tx) error
	done chan error    // the outcome of fn's commit
	lead chan struct{} // this writer is to commit the queue
}

// update queues fn and waits for the commit that carries it. The writer who
// finds no one committing commits the whole queue, itself included, then
// hands the next batch to the first writer who queued meanwhile: each
// leader commits one batch and returns, so no writer waits on others'.
func (g *group) update(fn func(*Tx) error) error {
	w := &write{fn: fn, done: make(chan error, 1), lead: make(chan struct{}, 1)}
	g.mu.Lock()
	g.queue = append(g.queue, w)
	if !g.leading {
		g.leading = true
		w.lead <- struct{}{}
	}
	g.mu.Unlock()
	select {
	case err := <-w.done:
		return g.alone(w, err)
	case <-w.lead:
	}
	g.mu.Lock()
	batch := g.queue
	g.queue = nil
	g.mu.Unlock()
	g.commit(batch)
	g.mu.Lock()
	if len(g.queue) > 0 {
		g.queue[0].lead <- struct{}{}
	} else {
		g.leading = false
	}
	g.mu.Unlock()
	return g.alone(w, <-w.done)
}

// alone runs a write whose function panicked inside a batch on its own, in
// its caller's goroutine, where the panic belongs.
func (g *group) alone(w *write, err error) error {
	if errors.Is(err, errAlone) {
		return g.db.UpdateAlone(w.fn)
	}
	return err
}

// errAlone tells a writer its function panicked inside a batch.
var errAlone = errors.New("store: run alone")

// commit runs batch in one transaction. A write whose function fails is
// answered with its error and taken out, and the transaction is run again
// without it, so one bad write never fails the others.
func (g *group) commit(batch []*write) {
	for len(batch) > 0 {
		failed := -1
		var failure error
		err := g.db.write(func() error {
			return guardAll(func() error {
				return g.db.bolt.Update(func(btx *bolt.Tx) error {
					for i, w := range batch {
						if err := callCaught(w.fn, g.db.tx(btx)); err != nil {
							failed, failure = i, err
							return err
						}
					}
					return nil
				})
			})
		})
		if failed < 0 {
			for _, w := range batch {
				w.done <- err // nil, or the commit's own failure for all
			}
			return
		}
		batch[failed].done <- failure
		batch = append(batch[:failed:failed], batch[failed+1:]...)
	}
}

// callCaught runs one writer's function inside a batch; a panic, whatever
// its cause, only sends that writer to run alone.
func callCaught(fn func(*Tx) error, tx *Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: panic: %v", errAlone, p)
		}
	}()
	return fn(tx)
}
