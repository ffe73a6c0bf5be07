package store

import (
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// BenchmarkWriters compares group commit with bbolt's Batch (2 ms, the
// delay the sandbox used) for 32 concurrent writers, each commit fsync'd:
//
//	go test ./sandbox/store -run '^$' -bench Writers
func BenchmarkWriters(b *testing.B) {
	write := func(tx *Tx, i uint64) error {
		return tx.PutDense("bench", Key(i), "a virtual account's worth of bytes, more or less, to write")
	}
	run := func(b *testing.B, update func(db *DB, i uint64) error) {
		db, err := Open(filepath.Join(b.TempDir(), "w.db"), Options{})
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		var seq atomic.Uint64
		b.SetParallelism(16) // 32 writers on 2 cores
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := update(db, seq.Add(1)); err != nil {
					b.Error(err)
				}
			}
		})
	}
	b.Run("group", func(b *testing.B) {
		run(b, func(db *DB, i uint64) error { return db.Update(func(tx *Tx) error { return write(tx, i) }) })
	})
	b.Run("bboltBatch2ms", func(b *testing.B) {
		run(b, func(db *DB, i uint64) error {
			db.bolt.MaxBatchDelay = 2 * time.Millisecond
			return db.bolt.Batch(func(btx *bolt.Tx) error { return write(db.tx(btx), i) })
		})
	})
}
