// Package store owns the bbolt file: opening it with a schema version, typed
// JSON get and put, sequences, and transactions that batch concurrent writers.
//
// It knows no domain: buckets are named by the packages that use them and are
// created on first write. It must not import any other sandbox package.
package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// SchemaVersion is the layout this build reads and writes. A file written by
// another build is refused rather than misread. Version 2: clock effects carry
// typed JSON payloads.
const SchemaVersion = 2

var (
	metaBucket       = []byte("meta")
	schemaVersionKey = []byte("schemaVersion")
)

// Options tune durability against throughput.
type Options struct {
	// NoSync skips fsync: fast, but a machine crash (not a process crash) can lose writes.
	NoSync bool
}

// allocSize is how much the data file grows by once it is past it.
const allocSize = 1 << 20

// DB is one open data file.
type DB struct {
	bolt    *bolt.DB
	path    string
	now     func() time.Time
	writers group
}

// Open opens or creates the data file at path.
func Open(path string, opts Options) (*DB, error) {
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 2 * time.Second, NoSync: opts.NoSync, FreelistType: bolt.FreelistMapType})
	if err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, fmt.Errorf("open %s: the file is locked by another process", path)
		}
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	// Grow the file 1 MiB at a time: bbolt's 16 MiB (and its doubling up to
	// that) leaves a sandbox's file up to half empty.
	b.AllocSize = allocSize
	db := &DB{bolt: b, path: path, now: time.Now}
	db.writers.db = db
	if err := db.checkSchema(); err != nil {
		b.Close()
		return nil, err
	}
	return db, nil
}

func (db *DB) checkSchema() error {
	return db.bolt.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(metaBucket)
		if err != nil {
			return err
		}
		raw := meta.Get(schemaVersionKey)
		if raw == nil {
			return meta.Put(schemaVersionKey, Key(SchemaVersion))
		}
		if v := binary.BigEndian.Uint64(raw); v != SchemaVersion {
			return fmt.Errorf("%s has schema version %d; this build reads version %d: start with a new --data file, or delete this one to begin again from the fixtures", db.path, v, SchemaVersion)
		}
		return nil
	})
}

// Close closes the file.
func (db *DB) Close() error { return db.bolt.Close() }

// Path is the file's location.
func (db *DB) Path() string { return db.path }

// SetClock makes every transaction read the time from now, once, as it
// starts (the sandbox clock; time.Now until set). Call before serving.
func (db *DB) SetClock(now func() time.Time) { db.now = now }

// Update runs fn in a write transaction that concurrent callers share, so
// they share one fsync (group.go): fn may run more than once, and must only
// touch tx and variables it assigns afresh on every run.
func (db *DB) Update(fn func(tx *Tx) error) error { return db.writers.update(fn) }

// UpdateAlone runs fn in its own write transaction, for large or rare writes
// (fixture loads, resets) that should not be retried inside a batch.
func (db *DB) UpdateAlone(fn func(tx *Tx) error) error {
	return db.bolt.Update(func(btx *bolt.Tx) error { return fn(db.tx(btx)) })
}

// View runs fn in a read transaction.
func (db *DB) View(fn func(tx *Tx) error) error {
	return db.bolt.View(func(btx *bolt.Tx) error { return fn(db.tx(btx)) })
}

// tx starts a transaction's view of time: read once, so every rule checked
// and every timestamp written inside it agree.
func (db *DB) tx(btx *bolt.Tx) *Tx { return &Tx{tx: btx, now: db.now()} }
