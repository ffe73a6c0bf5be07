package store

import (
	"maps"
	"runtime/debug"
	"slices"
	"strings"
	"time"
	"unsafe"

	bolt "go.etcd.io/bbolt"
)

// Why a bulk transaction buffers its writes: bbolt splits a bucket's pages
// only at commit, so inside one transaction every key put into a bucket
// lands in one in-memory node, and a key that does not sort last shifts all
// the keys after it. Names ("user/…", "wallet/…") and token hashes arrive
// in no useful order, which made a 100k-entry load quadratic (minutes).
// Buffered, each bucket's writes are put once, in key order, before commit.
// Every write waits, even one that sorts last when it is made: a later one
// may sort before it (a generated document's "adAccount/…" names after its
// "user/…" ones took five minutes to put in front of them).

// pending holds a bulk transaction's writes not yet given to bbolt.
type pending struct {
	buckets map[string]*pendingBucket
}

// pendingBucket is one bucket's writes, in the order their keys first
// came. Most buckets' keys come in key order (ids): while they do, writes
// is sorted, a read finds its key by binary search and a write that sorts
// last is appended, with no map. The first key out of order builds index,
// and the writes are sorted at the flush. (A map of every key cost a
// quarter of a 100k load's CPU: docs/performance.md, rule D03.)
type pendingBucket struct {
	fill   float64
	writes []bufferedWrite
	index  map[string]int // key → its place in writes; nil while writes is sorted
}

type bufferedWrite struct {
	key string
	raw []byte // nil: deleted
}

// find is the place of key in writes, and whether it is there.
func (pb *pendingBucket) find(key []byte) (int, bool) {
	if pb.index != nil {
		i, ok := pb.index[string(key)]
		return i, ok
	}
	// An id's place, when the ids so far have no gaps, as a new file's do.
	if len(key) == 8 && len(pb.writes) > 0 && len(pb.writes[0].key) == 8 {
		if i := ID(key) - ID(keyBytes(pb.writes[0].key)); i < uint64(len(pb.writes)) && pb.writes[i].key == string(key) {
			return int(i), true
		}
	}
	return slices.BinarySearchFunc(pb.writes, key, func(w bufferedWrite, k []byte) int { return strings.Compare(w.key, string(k)) })
}

// UpdateBulk is UpdateAlone for writes of many entries (fixture loads,
// resets). Reads inside fn see its writes as usual.
func (db *DB) UpdateBulk(fn func(tx *Tx) error) error {
	// Everything a bulk write makes stays live until its commit (the
	// buffered writes, bbolt's nodes): collecting as the heap doubles only
	// marks the same growing heap again and again.
	defer debug.SetGCPercent(debug.SetGCPercent(bulkGCPercent))
	var t BulkTimes
	before := db.bolt.Stats().TxStats
	start := time.Now()
	err := db.UpdateAlone(func(tx *Tx) error {
		tx.pending = &pending{buckets: map[string]*pendingBucket{}}
		if err := fn(tx); err != nil {
			return err
		}
		t.Fill = time.Since(start)
		err := tx.flushAll()
		t.Flush = time.Since(start) - t.Fill
		return err
	})
	t.Total = time.Since(start)
	after := db.bolt.Stats().TxStats
	t.Spill = after.GetSpillTime() - before.GetSpillTime()
	t.Write = after.GetWriteTime() - before.GetWriteTime()
	db.lastBulk.Store(&t)
	return err
}

// bulkGCPercent is the garbage collector's target during a bulk write; a
// memory limit (serve sets one) still bounds it.
var bulkGCPercent = 400

// BulkTimes is where the last UpdateBulk's time went, for the fixture
// load's measurements (rule D03, docs/performance.md): fn's own work, giving
// the buffered writes to bbolt, bbolt's spill of its nodes into pages, and
// its writing of them (fsync included). Total covers the rest of the commit
// and waiting for the gate too.
type BulkTimes struct {
	Fill, Flush, Spill, Write, Total time.Duration
}

// LastBulk is where the last UpdateBulk's time went (zero before one).
func (db *DB) LastBulk() BulkTimes {
	if t := db.lastBulk.Load(); t != nil {
		return *t
	}
	return BulkTimes{}
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
	i, ok := pb.find(key)
	if !ok {
		return nil, false
	}
	return pb.writes[i].raw, true
}

// buffer keeps a write for later and reports whether it did: it does in
// a bulk transaction.
func (t *Tx) buffer(bucket string, key, raw []byte, fill float64) bool {
	if t.pending == nil {
		return false
	}
	pb := t.pending.buckets[bucket]
	if pb == nil {
		pb = &pendingBucket{fill: bolt.DefaultFillPercent}
		t.pending.buckets[bucket] = pb
	}
	if raw != nil {
		pb.fill = fill
	}
	n := len(pb.writes)
	if pb.index == nil && (n == 0 || string(key) > pb.writes[n-1].key) {
		pb.writes = append(pb.writes, bufferedWrite{key: string(key), raw: raw})
		return true
	}
	if i, ok := pb.find(key); ok {
		pb.writes[i].raw = raw
		return true
	}
	if pb.index == nil { // the first key out of order
		pb.index = make(map[string]int, 2*n)
		for i, w := range pb.writes {
			pb.index[w.key] = i
		}
	}
	k := string(key)
	pb.index[k] = n
	pb.writes = append(pb.writes, bufferedWrite{key: k, raw: raw})
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
	b := t.tx.Bucket([]byte(bucket))
	if b == nil {
		if !slices.ContainsFunc(pb.writes, func(w bufferedWrite) bool { return w.raw != nil }) {
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
	if pb.index != nil {
		slices.SortFunc(pb.writes, func(x, y bufferedWrite) int { return strings.Compare(x.key, y.key) })
	}
	for _, w := range pb.writes {
		var err error
		if w.raw == nil {
			err = b.Delete(keyBytes(w.key))
		} else {
			err = b.Put(keyBytes(w.key), w.raw)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// keyBytes is key's bytes without a copy: bbolt only reads a key it is
// given, and copies it for itself (a copy here cost a 100k load 2.9
// million allocations).
func keyBytes(key string) []byte { return unsafe.Slice(unsafe.StringData(key), len(key)) }

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
