// Package store owns the bbolt file: opening it with a schema version, typed
// JSON get and put, sequences, and transactions that batch concurrent writers.
// A damaged file is refused at open, and damaged data met while serving is an
// error wrapping ErrCorrupt, never a panic (rule R07).
//
// It knows no domain: buckets are named by the packages that use them and are
// created on first write. It must not import any other sandbox package.
package store

import (
	"errors"
	"os"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
)

// SchemaVersion is the layout this build reads and writes. A file written by
// another build is refused rather than misread. Version 2: clock effects carry
// typed JSON payloads.
const SchemaVersion = 3

var (
	metaBucket       = []byte(MetaBucket)
	schemaVersionKey = []byte("schemaVersion")
)

// Options tune durability against throughput.
type Options struct {
	// NoSync skips fsync: fast, but a machine crash (not a process crash) can lose writes.
	NoSync bool
	// Large says a new file is about to be filled with much data (a large
	// fixture document), so it is mapped large at once (largeMmapSize).
	Large bool
}

// allocSize is how much the data file grows by once it is past it.
const allocSize = 1 << 20

// DB is one open data file.
type DB struct {
	bolt    *bolt.DB
	file    *os.File // bbolt's handle on the file
	path    string
	now     func() time.Time
	writers group
	gate    *gate
	opts    Options
	// swap is held shared by every bbolt transaction and alone by Replace,
	// so a file is swapped in between transactions, never under one
	// (swap.go).
	swap sync.RWMutex
	// copies is held shared by each long copy of the file (ViewFrom) and
	// alone around a swap (AfterCopies): a swap waits for a copy without
	// holding every other transaction back meanwhile.
	copies sync.RWMutex
	// lastBulk is where the last UpdateBulk's time went (LastBulk).
	lastBulk atomic.Pointer[BulkTimes]
}

// Close closes the file. After a transaction met damaged data it only lets
// go of the file and its lock: bbolt's own Close could wait forever for a
// lock the damaged transaction never gave back. (The file stays mapped
// until the process ends.)
func (db *DB) Close() error {
	db.swap.Lock()
	defer db.swap.Unlock()
	if db.gate.isStopped() {
		unlock(db.file)
		return errors.Join(errStopped, db.file.Close())
	}
	return db.bolt.Close()
}

// Path is the file's location.
func (db *DB) Path() string { return db.path }

// Synced reports whether every commit is fsynced before it returns, bbolt's
// default; false when opened with Options.NoSync.
func (db *DB) Synced() bool { return !db.opts.NoSync }

// SetClock makes every transaction read the time from now, once, as it
// starts (the sandbox clock; time.Now until set). Call before serving.
func (db *DB) SetClock(now func() time.Time) { db.now = now }

// Update runs fn in a write transaction that concurrent callers share, so
// they share one fsync (group.go): fn may run more than once, and must only
// touch tx and variables it assigns afresh on every run. Damaged data met on
// the way is an error wrapping ErrCorrupt, and stops later writes.
func (db *DB) Update(fn func(tx *Tx) error) error { return db.writers.update(fn) }

// UpdateAlone runs fn in its own write transaction, for large or rare writes
// (fixture loads, resets) that should not be retried inside a batch.
func (db *DB) UpdateAlone(fn func(tx *Tx) error) error {
	return db.write(func() error {
		return guard(func() error { return db.bolt.Update(func(btx *bolt.Tx) error { return fn(db.tx(btx)) }) })
	})
}

// write runs one bbolt write transaction (do) in the gate's turn, between
// swaps (swap.go).
func (db *DB) write(do func() error) error {
	db.swap.RLock()
	defer db.swap.RUnlock()
	return db.gate.write(do)
}

// View runs fn in a read transaction. Damaged data met on the way is an
// error wrapping ErrCorrupt.
func (db *DB) View(fn func(tx *Tx) error) error {
	db.swap.RLock()
	defer db.swap.RUnlock()
	return db.gate.read(func() error {
		return guard(func() error { return db.bolt.View(func(btx *bolt.Tx) error { return fn(db.tx(btx)) }) })
	})
}

// tx starts a transaction's view of time: read once, so every rule checked
// and every timestamp written inside it agree.
func (db *DB) tx(btx *bolt.Tx) *Tx { return &Tx{tx: btx, now: db.now()} }
