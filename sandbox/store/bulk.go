package store

import (
	"bytes"
	"maps"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// Why a bulk transaction buffers its writes: bbolt splits a bucket's pages
// only at commit, so inside one transaction every key put into a bucket
// lands in one in-memory node, and a key that does not sort last shifts all
// the keys after it. Names ("user/…", "wallet/…") and token hashes arrive
// in no useful order, which made a 100k-entry load quadratic (minutes).
// Buffered, each bucket's writes are put once, in key order, before commit.

// pending holds a bulk transaction's writes not yet given to bbolt. A key
// that sorts after every key of its bucket costs bbolt nothing (ids, which
// grow): it goes straight in, and only the others wait.
type pending struct {
	buckets map[string]*pendingBucket
	last    map[string][]byte // each bucket's greatest key in bbolt, once asked
}

type pendingBucket struct {
	fill float64
	vals map[string][]byte // nil: deleted
}

// UpdateBulk is UpdateAlone for writes of many entries (fixture loads,
// resets). Reads inside fn see its writes as usual.
func (db *DB) UpdateBulk(fn func(tx *Tx) error) error {
	return db.UpdateAlone(func(tx *Tx) error {
		tx.pending = &pending{buckets: map[string]*pendingBucket{}, last: map[string][]byte{}}
		if err := fn(tx); err != nil {
			return err
		}
		return tx.flushAll()
	})
}

// buffered is what the transaction holds for key: (value, true) when it was
// written, (nil, true) when deleted, (nil, false) when bbolt has the answer.
func (t *Tx) buffered(bucket string, key []byte) ([]byte, bool) {
	if t.pending == nil {
		return nil, false
	}
	pb := t.pending.buckets[bucket]
	if pb == nil {
		return nil, false
	}
	v, ok := pb.vals[string(key)]
	return v, ok
}

// buffer keeps a write for later and reports whether it did; a write it
// does not keep goes to bbolt at once.
func (t *Tx) buffer(bucket string, key, raw []byte, fill float64) bool {
	if t.pending == nil {
		return false
	}
	pb := t.pending.buckets[bucket]
	waiting := false
	if pb != nil {
		_, waiting = pb.vals[string(key)]
	}
	if !waiting && raw != nil && t.sortsLast(bucket, key) {
		return false
	}
	if pb == nil {
		pb = &pendingBucket{fill: bolt.DefaultFillPercent, vals: map[string][]byte{}}
		t.pending.buckets[bucket] = pb
	}
	if raw != nil {
		pb.fill = fill
	}
	pb.vals[string(key)] = raw
	return true
}

// sortsLast reports whether key sorts after every key bbolt has in bucket,
// and if so takes it as the new greatest, as the caller is about to put it.
func (t *Tx) sortsLast(bucket string, key []byte) bool {
	last, known := t.pending.last[bucket]
	if !known {
		if b := t.tx.Bucket([]byte(bucket)); b != nil {
			k, _ := b.Cursor().Last()
			last = bytes.Clone(k)
		}
	}
	if last != nil && bytes.Compare(key, last) <= 0 {
		t.pending.last[bucket] = last
		return false
	}
	t.pending.last[bucket] = bytes.Clone(key)
	return true
}

// flush gives bucket's buffered writes to bbolt in key order, before
// anything reads the bucket in order (Scan, First).
func (t *Tx) flush(bucket string) error {
	if t.pending == nil {
		return nil
	}
	pb := t.pending.buckets[bucket]
	if pb == nil {
		return nil
	}
	delete(t.pending.buckets, bucket)
	delete(t.pending.last, bucket) // the flush may put greater keys
	b := t.tx.Bucket([]byte(bucket))
	if b == nil {
		if !slices.ContainsFunc(slices.Collect(maps.Values(pb.vals)), func(v []byte) bool { return v != nil }) {
			return nil // only deletions, in a bucket that was never made
		}
		var err error
		if b, err = t.tx.CreateBucket([]byte(bucket)); err != nil {
			return err
		}
	}
	return putSorted(b, pb)
}

func putSorted(b *bolt.Bucket, pb *pendingBucket) error {
	b.FillPercent = pb.fill
	keys := make([]string, 0, len(pb.vals))
	for k := range pb.vals {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		var err error
		if v := pb.vals[k]; v == nil {
			err = b.Delete([]byte(k))
		} else {
			err = b.Put([]byte(k), v)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (t *Tx) flushAll() error {
	if t.pending == nil {
		return nil
	}
	for _, name := range slices.Sorted(maps.Keys(t.pending.buckets)) {
		if err := t.flush(name); err != nil {
			return err
		}
	}
	return nil
}
