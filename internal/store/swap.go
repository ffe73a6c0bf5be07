package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// Binary snapshots (rule D04): the data file itself is the snapshot. A copy
// is written from one read transaction while writers go on; a checked file
// is swapped in between transactions: Replace waits for those in flight,
// and those that arrive meanwhile wait for it, so every transaction sees
// the old file whole or the new one whole.

// Magic is how a bbolt file begins: its first page's meta, whose magic
// number sits at byte 16, little-endian on every platform the sandbox ships
// for. A body that starts otherwise is not a binary snapshot.
func Magic(head []byte) bool {
	const at, magic = 16, 0xED0CDAED
	return len(head) >= at+4 && uint32(head[at])|uint32(head[at+1])<<8|uint32(head[at+2])<<16|uint32(head[at+3])<<24 == magic
}

// Size is the file's size as this transaction sees it: what WriteTo writes.
func (t *Tx) Size() int64 { return t.tx.Size() }

// WriteTo writes a consistent copy of the whole file as this transaction
// sees it (bbolt's Tx.WriteTo).
func (t *Tx) WriteTo(w io.Writer) (int64, error) { return t.tx.WriteTo(w) }

// Replace puts the data file at src, which the caller has checked (opened
// with Open, which refuses a damaged file and migrates an older schema, and
// closed), in place of this one, under the same path: it waits for the
// transactions in flight, holds the new ones back, closes the file, renames
// src over it and opens it. The meta values named by keep are carried over
// from the old file (a reset keeps the ID token signing keys). If the new
// file cannot be opened, the old one is put back and src is left as it was.
// It runs inside AfterCopies: a copy still in flight would hold the swap,
// and with it every transaction that comes meanwhile, until the copy ended.
func (db *DB) Replace(src string, keep ...string) error {
	db.swap.Lock()
	defer db.swap.Unlock()
	if db.gate.isStopped() {
		return errStopped
	}
	kept, err := db.readMeta(keep)
	if err != nil {
		return err
	}
	if err := db.bolt.Close(); err != nil {
		return errors.Join(fmt.Errorf("close %s: %w", db.path, err), db.reopen())
	}
	backup := db.path + ReplacedSuffix
	if err := os.Rename(db.path, backup); err != nil {
		return errors.Join(err, db.reopen())
	}
	undo := func(why error) error {
		_ = os.Rename(db.path, src)
		return errors.Join(why, os.Rename(backup, db.path), db.reopen())
	}
	if err := os.Rename(src, db.path); err != nil {
		return errors.Join(err, os.Rename(backup, db.path), db.reopen())
	}
	if err := db.reopen(); err != nil {
		return undo(err)
	}
	if err := db.writeMeta(kept); err != nil {
		_ = db.bolt.Close()
		return undo(err)
	}
	if !db.opts.NoSync {
		syncDir(filepath.Dir(db.path)) // the rename outlives a machine crash
	}
	return removeLater(backup)
}

// ReplacedSuffix names the data file Replace renames away, beside it, until
// the new one is in place: found after a crash, the swap was cut between
// its renames, and it may be the only copy of the state before it.
const ReplacedSuffix = ".replaced"

// AfterCopies runs fn once no long copy (ViewFrom) is in flight, with none
// starting until fn returns. A swap (Replace) runs inside it, so what the
// caller stops before a swap (the clock, the webhook sender) is not held
// stopped while a slow copy ends.
func (db *DB) AfterCopies(fn func() error) error {
	db.copies.Lock()
	defer db.copies.Unlock()
	return fn()
}

// removeLater removes the file at path now, and frees its blocks on
// another goroutine: unlinking a large file frees its extents as it goes,
// a tenth of a second for a 378 MiB file, which a swap need not wait for.
// Held open, the file is only unnamed; its last close frees it. Windows
// removes no open file: there it is closed first.
func removeLater(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return os.Remove(path)
	}
	if err := os.Remove(path); err != nil {
		f.Close()
		return os.Remove(path)
	}
	go f.Close()
	return nil
}

// reopen opens the file at db.path again, as Open left it configured.
func (db *DB) reopen() error {
	h, err := openWritable(db.path, db.opts.NoSync, false)
	if err != nil {
		return err
	}
	db.bolt, db.file = h.bolt, h.file
	return nil
}

// readMeta reads the meta values named by keys; one not there is left out.
func (db *DB) readMeta(keys []string) (map[string][]byte, error) {
	kept := map[string][]byte{}
	err := guardAll(func() error {
		return db.bolt.View(func(tx *bolt.Tx) error {
			meta := tx.Bucket(metaBucket)
			for _, k := range keys {
				if v := meta.Get([]byte(k)); v != nil {
					kept[k] = append([]byte(nil), v...)
				}
			}
			return nil
		})
	})
	return kept, err
}

// writeMeta writes values read by readMeta, in one transaction.
func (db *DB) writeMeta(kept map[string][]byte) error {
	if len(kept) == 0 {
		return nil
	}
	return guardAll(func() error {
		return db.bolt.Update(func(tx *bolt.Tx) error {
			meta := tx.Bucket(metaBucket)
			for k, v := range kept {
				if err := meta.Put([]byte(k), v); err != nil {
					return err
				}
			}
			return nil
		})
	})
}

// ViewFrom runs fn in a read transaction and returns once fn is running:
// fn sees the file as it was then, whatever is written meanwhile, and the
// returned channel answers fn's error. For a long copy that must not hold
// up what follows it (bbolt lets writers go on beside a reader, and a swap
// waits for it without holding the others back: DB.copies). One that comes
// while a swap waits or runs begins on the new file.
func (db *DB) ViewFrom(fn func(tx *Tx) error) <-chan error {
	started, done := make(chan struct{}), make(chan error, 1)
	go func() {
		db.copies.RLock()
		defer db.copies.RUnlock()
		once := false
		done <- db.View(func(tx *Tx) error {
			once = true
			close(started)
			return fn(tx)
		})
		if !once {
			close(started)
		}
	}()
	<-started
	return done
}

// WriteFile writes the whole file as tx sees it to dst, fsynced when sync.
func (t *Tx) WriteFile(dst string, sync bool) error {
	if err := t.tx.CopyFile(dst, 0o600); err != nil || !sync {
		return err
	}
	f, err := os.Open(dst)
	if err != nil {
		return err
	}
	return errors.Join(f.Sync(), f.Close())
}

// CopyFile writes a consistent copy of the file to dst, fsynced when sync.
func (db *DB) CopyFile(dst string, sync bool) error {
	return db.View(func(tx *Tx) error { return tx.WriteFile(dst, sync) })
}

// syncDir fsyncs a directory, so a rename in it is on disk.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}
