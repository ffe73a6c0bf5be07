package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// wayOut is what to do about a file the sandbox refuses.
const wayOut = "start with another --data file, or delete it to begin again from the fixtures"

// refusal is why a data file is not used, with the way out.
type refusal struct {
	path, why string
	err       error // ErrCorrupt and what bbolt said, or nil
}

func (r *refusal) Error() string { return r.path + " " + r.why + ": " + wayOut }
func (r *refusal) Unwrap() error { return r.err }

func refuse(path, why string, err error) error { return &refusal{path: path, why: why, err: err} }

// Open opens or creates the data file at path. An existing file is checked
// before the sandbox trusts it (rule R07), first read-only: an empty file,
// one bbolt cannot open, one cut short, one of another schema or none, one
// holding values no sandbox wrote, and one whose pages do not hold together
// (bbolt's own consistency check) are all refused, with the way out.
func Open(path string, opts Options) (*DB, error) {
	info, err := os.Stat(path)
	exists := err == nil
	if exists && info.IsDir() {
		return nil, fmt.Errorf("%s is a directory: give --data a file's path, like %s", path, filepath.Join(path, "kakao-sandbox.db"))
	}
	if exists && info.Mode().IsRegular() && info.Size() == 0 {
		// A crash while creating it, or a file made by something else: refilling
		// it with the demo data would hide either.
		return nil, refuse(path, "is empty (0 bytes)", ErrCorrupt)
	}
	if exists {
		if err := readThrough(path); err != nil {
			return nil, err
		}
	}
	h, err := openWritable(path, opts.NoSync, !exists && opts.Large)
	if err != nil {
		return nil, err
	}
	db := &DB{bolt: h.bolt, file: h.file, path: path, now: time.Now, gate: newGate(), opts: opts}
	db.writers.db = db
	if exists {
		err = guardAll(func() error { return h.bolt.View(func(tx *bolt.Tx) error { return consistent(path, tx) }) })
	}
	if err == nil {
		err = guardAll(func() error { return h.bolt.Update(func(tx *bolt.Tx) error { return writeSchema(path, tx) }) })
	}
	if err != nil {
		h.close(err)
		return nil, refusedOr(path, err)
	}
	return db, nil
}

// largeMmapSize is address space, not memory: mapped this large from the
// start, a file is not remapped as it grows. Each remap inside a write
// copies every node the transaction touched out of the map, which took two
// of the nine seconds of a 100k-entry fixture load (rule D03). Only a new
// file that will be large gets it: mapped past its end, a truncated file
// would not be refused, and bbolt would grow a small file by AllocSize
// rather than to its mapped size.
const largeMmapSize = 1 << 30

// handle is an open bbolt file and bbolt's own file handle on it.
type handle struct {
	bolt *bolt.DB
	file *os.File
}

// openWritable opens the data file at path for serving, as Open and a
// swap's reopen both do; newLarge maps a new file for a large fill at once.
func openWritable(path string, noSync, newLarge bool) (*handle, error) {
	opts := &bolt.Options{Timeout: 2 * time.Second, NoSync: noSync, FreelistType: bolt.FreelistMapType}
	if newLarge {
		opts.InitialMmapSize = largeMmapSize
	}
	h, err := openBolt(path, opts)
	if err != nil {
		return nil, err
	}
	// Grow the file 1 MiB at a time: bbolt's 16 MiB (and its doubling up to
	// that) leaves a sandbox's file up to half empty.
	h.bolt.AllocSize = allocSize
	return h, nil
}

// openBolt opens the file with bbolt, turning what bbolt says about a
// damaged file, or a panic while it reads one, into a refusal.
func openBolt(path string, opts *bolt.Options) (*handle, error) {
	h := &handle{}
	opts.OpenFile = func(name string, flag int, perm os.FileMode) (*os.File, error) {
		f, err := os.OpenFile(name, flag, perm)
		h.file = f
		return f, err
	}
	err := guardAll(func() (err error) {
		h.bolt, err = bolt.Open(path, 0o600, opts)
		return err
	})
	switch {
	case err == nil:
		return h, nil
	case errors.Is(err, ErrCorrupt):
		h.close(err)
		return nil, refuse(path, "is damaged: "+detail(err), err)
	case errors.Is(err, bolterrors.ErrTimeout):
		return nil, fmt.Errorf("%s is locked by another process (a sandbox serving it, or kakao-sandbox check): stop that one, or start with another --data file", path)
	case errors.Is(err, bolterrors.ErrInvalid), errors.Is(err, bolterrors.ErrVersionMismatch), errors.Is(err, bolterrors.ErrChecksum):
		return nil, refuse(path, fmt.Sprintf("is damaged or not a kakao-sandbox data file: bbolt cannot read its header (%v)", err), errors.Join(ErrCorrupt, err))
	}
	// bbolt answers a file too small to hold its own header with a bare error.
	if info, statErr := os.Stat(path); statErr == nil && info.Size() < 4*4096 {
		return nil, refuse(path, fmt.Sprintf("is damaged or not a kakao-sandbox data file: bbolt cannot read it (%v)", err), errors.Join(ErrCorrupt, err))
	}
	// The operating system's error names the path already: say it once.
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("cannot create %s: its directory %s does not exist", path, filepath.Dir(path))
		}
	}
	return nil, fmt.Errorf("cannot open %s: %w", path, err)
}

// close lets go of a file. If bbolt panicked reading it (err is a
// corruption), bbolt may hold a lock its Close would wait for, and its
// memory map keeps the file's lock alive past closing the handle: then the
// lock is released by hand and only the handle is closed.
func (h *handle) close(err error) {
	if h.bolt != nil && !errors.As(err, new(corruption)) {
		_ = guardAll(h.bolt.Close)
		return
	}
	if h.file != nil {
		unlock(h.file)
		h.file.Close()
	}
}

// refusedOr keeps a refusal as it is and makes any other damage one.
func refusedOr(path string, err error) error {
	var r *refusal
	if errors.As(err, &r) {
		return err
	}
	if errors.Is(err, ErrCorrupt) {
		return refuse(path, "is damaged: "+detail(err), err)
	}
	return fmt.Errorf("open %s: %w", path, err)
}

// readThrough reads an existing file read-only before bbolt opens it for
// writing: its size against its header, its schema, then every page bbolt
// can reach and every value. Reading every page here, guarded, first, also
// keeps a page that points outside the file from faulting later inside
// bbolt's consistency check, which runs on a goroutine of bbolt's own where
// no fault can be recovered. Its cost is in docs/performance.md.
func readThrough(path string) error {
	h, err := openBolt(path, &bolt.Options{Timeout: 2 * time.Second, ReadOnly: true})
	if err != nil {
		return err
	}
	info, err := h.file.Stat()
	if err == nil {
		err = guardAll(func() error {
			return h.bolt.View(func(tx *bolt.Tx) error {
				if tx.Size() > info.Size() {
					return refuse(path, fmt.Sprintf("is cut short: it is %d bytes, but its own header says %d", info.Size(), tx.Size()), ErrCorrupt)
				}
				if err := readSchema(path, tx); err != nil {
					return err
				}
				return readAll(path, tx)
			})
		})
	}
	h.close(err)
	if err != nil {
		return refusedOr(path, err)
	}
	return nil
}

// readSchema refuses a file of another schema version, or of none.
func readSchema(path string, tx *bolt.Tx) error {
	meta := tx.Bucket(metaBucket)
	if meta == nil {
		foreign := false
		_ = tx.ForEach(func([]byte, *bolt.Bucket) error { foreign = true; return nil })
		if foreign {
			return refuse(path, "has no kakao-sandbox schema version: it is not a kakao-sandbox data file", nil)
		}
		return nil // bbolt's empty file, as a crash right after creating it leaves: writeSchema fills it in
	}
	raw := meta.Get(schemaVersionKey)
	if len(raw) != 8 {
		return refuse(path, "has no readable schema version: it is damaged or not a kakao-sandbox data file", ErrCorrupt)
	}
	if v := binary.BigEndian.Uint64(raw); v != SchemaVersion {
		return refuse(path, fmt.Sprintf("has schema version %d; this build reads version %d", v, SchemaVersion), nil)
	}
	return nil
}

// readAll reads every key and value: values are JSON (Tx.Put writes nothing
// else), the schema version is eight bytes, and every key is found again by
// a seek, which also reads every key in the branch pages above it.
func readAll(path string, tx *bolt.Tx) error {
	return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
		c, seek := b.Cursor(), b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			switch {
			case v == nil:
				return refuse(path, fmt.Sprintf("holds a nested bucket %q/%q, which no sandbox writes: it is damaged or not a kakao-sandbox data file", name, k), ErrCorrupt)
			case bytes.Equal(name, metaBucket) && bytes.Equal(k, schemaVersionKey):
			case !json.Valid(v):
				return refuse(path, fmt.Sprintf("is damaged: the value at %s/%x is not the JSON the sandbox wrote", name, k), ErrCorrupt)
			}
			if found, _ := seek.Seek(k); !bytes.Equal(found, k) {
				return refuse(path, fmt.Sprintf("is damaged: the key %s/%x is out of order", name, k), ErrCorrupt)
			}
		}
		return nil
	})
}

// consistent runs bbolt's consistency check: every page reachable once or
// free, none both, keys in order. The channel is drained to the end, so the
// checker's goroutine always finishes.
func consistent(path string, tx *bolt.Tx) error {
	var first error
	n := 0
	for err := range tx.Check(bolt.WithKVStringer(shortHex{})) {
		if first == nil {
			first = err
		}
		n++
	}
	if first == nil {
		return nil
	}
	return refuse(path, fmt.Sprintf("is damaged: bbolt's consistency check found %d problems, the first: %v", n, first), ErrCorrupt)
}

// shortHex prints the first bytes of a key or value in the check's
// messages. bbolt's own prints all of it, and a damaged length can make
// "all of it" run past the end of the file, into a fault on the checker's
// goroutine.
type shortHex struct{}

func (shortHex) KeyToString(k []byte) string   { return shortHexString(k) }
func (shortHex) ValueToString(v []byte) string { return shortHexString(v) }

func shortHexString(b []byte) string {
	if len(b) > 16 {
		return fmt.Sprintf("%x… (%d bytes)", b[:16], len(b))
	}
	return fmt.Sprintf("%x", b)
}

// writeSchema gives a new file its schema version.
func writeSchema(path string, tx *bolt.Tx) error {
	if err := readSchema(path, tx); err != nil {
		return err
	}
	if tx.Bucket(metaBucket) != nil {
		return nil
	}
	meta, err := tx.CreateBucket(metaBucket)
	if err != nil {
		return err
	}
	return meta.Put(schemaVersionKey, Key(SchemaVersion))
}

// Refusal is why Open refused a file, without its path or the way out a
// --data file needs: for a file that is not the sandbox's own yet (a
// binary snapshot being checked). ok is false for any other error.
func Refusal(err error) (why string, ok bool) {
	var r *refusal
	if !errors.As(err, &r) {
		return "", false
	}
	return r.why, true
}
