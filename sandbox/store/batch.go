package store

import (
	"errors"
	"fmt"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// batcher shares one commit, and so one fsync, among concurrent writers, as
// bbolt's DB.Batch does. It is bbolt's algorithm kept here for one reason:
// bbolt runs a batch on a timer's goroutine, where a panic from a damaged
// page cannot be recovered by the caller and ends the process. Here the
// batch runs guarded, and each caller gets an error wrapping ErrCorrupt.
type batcher struct {
	db       *bolt.DB
	gate     *gate
	maxDelay time.Duration
	maxSize  int

	mu      sync.Mutex
	pending *batch
}

type batch struct {
	b     *batcher
	timer *time.Timer
	start sync.Once
	calls []batchCall
}

type batchCall struct {
	fn  func(*bolt.Tx) error
	err chan<- error
}

// errAlone tells a caller to run its function in a transaction of its own:
// it failed inside a batch, and must not take the others down with it.
var errAlone = errors.New("store: run alone")

// do runs fn in a batch, or alone if it failed in one. fn may run twice.
func (b *batcher) do(fn func(*bolt.Tx) error) error {
	errc := make(chan error, 1)
	b.mu.Lock()
	if b.pending == nil || len(b.pending.calls) >= b.maxSize {
		b.pending = &batch{b: b}
		b.pending.timer = time.AfterFunc(b.maxDelay, b.pending.trigger)
	}
	b.pending.calls = append(b.pending.calls, batchCall{fn: fn, err: errc})
	if len(b.pending.calls) >= b.maxSize {
		go b.pending.trigger()
	}
	b.mu.Unlock()
	err := <-errc
	if errors.Is(err, errAlone) {
		// In the caller's goroutine: a bug's panic reaches the caller's own
		// recovery, damaged data becomes ErrCorrupt.
		err = b.gate.write(func() error { return guard(func() error { return b.db.Update(fn) }) })
	}
	return err
}

func (bt *batch) trigger() { bt.start.Do(bt.run) }

// run commits the batch. A function that fails (or panics) is taken out and
// its caller told to run it alone; the rest are retried together.
func (bt *batch) run() {
	bt.b.mu.Lock()
	bt.timer.Stop()
	if bt.b.pending == bt {
		bt.b.pending = nil
	}
	bt.b.mu.Unlock()
	for len(bt.calls) > 0 {
		failed := -1
		err := bt.b.gate.write(func() error {
			return guardAll(func() error {
				return bt.b.db.Update(func(tx *bolt.Tx) error {
					for i, c := range bt.calls {
						if err := callCaught(c.fn, tx); err != nil {
							failed = i
							return err
						}
					}
					return nil
				})
			})
		})
		if failed >= 0 {
			c := bt.calls[failed]
			bt.calls[failed], bt.calls = bt.calls[len(bt.calls)-1], bt.calls[:len(bt.calls)-1]
			c.err <- errAlone
			continue
		}
		for _, c := range bt.calls {
			c.err <- err
		}
		return
	}
}

// callCaught runs one caller's function inside the batch; its panic, whatever
// the cause, only sends it to run alone, where the caller sees it.
func callCaught(fn func(*bolt.Tx) error, tx *bolt.Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: panic: %v", errAlone, p)
		}
	}()
	return fn(tx)
}
