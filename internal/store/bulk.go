package store

import (
	"maps"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
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

// pendingBucket is one bucket's writes. Keys mostly come in key order,
// within a few interleaved sequences (ids; a document's names, kind by
// kind): each sequence is a sorted run, where a read finds its key by
// binary search and a write that sorts after the run's last key is
// appended, with no map. Past maxRuns runs (keys in no order: token
// hashes), the runs become one list with a map of its keys, sorted at the
// flush. (A map of every key cost a quarter of a 100k load's CPU:
// docs/performance.md, rule D03.)
type pendingBucket struct {
	fill   float64
	runs   [][]bufferedWrite // each sorted; nil once index is built
	writes []bufferedWrite   // once index is built: every write, in no order
	index  map[string]int    // key → its place in writes
}

// maxRuns bounds the runs a read may look through.
const maxRuns = 16

type bufferedWrite struct {
	key string
	raw []byte // nil: deleted
}

// find is key's write, or nil. It stays valid until the next write.
func (pb *pendingBucket) find(key []byte) *bufferedWrite {
	if pb.index != nil {
		if i, ok := pb.index[string(key)]; ok {
			return &pb.writes[i]
		}
		return nil
	}
	for r := len(pb.runs) - 1; r >= 0; r-- { // the newest first
		if w := findIn(pb.runs[r], key); w != nil {
			return w
		}
	}
	return nil
}

// findIn finds key in a sorted run.
func findIn(run []bufferedWrite, key []byte) *bufferedWrite {
	k := unsafe.String(unsafe.SliceData(key), len(key)) // only compared: a copy cost a 100k load 0.2 GB
	if k < run[0].key || k > run[len(run)-1].key {
		return nil
	}
	// An id's place, when the ids have no gaps, as a new file's do.
	if len(key) == 8 && len(run[0].key) == 8 {
		if i := ID(key) - ID(keyBytes(run[0].key)); i < uint64(len(run)) && run[i].key == k {
			return &run[i]
		}
	}
	if i, ok := slices.BinarySearchFunc(run, k, func(w bufferedWrite, k string) int { return strings.Compare(w.key, k) }); ok {
		return &run[i]
	}
	return nil
}

// add keeps a write of a key not yet written: at the end of the run whose
// last key is the greatest below it, else in a run of its own, else, past
// maxRuns, in the one list.
func (pb *pendingBucket) add(w bufferedWrite) {
	if pb.index == nil {
		best := -1
		for r, run := range pb.runs {
			if last := run[len(run)-1].key; last < w.key && (best < 0 || last > pb.runs[best][len(pb.runs[best])-1].key) {
				best = r
			}
		}
		switch {
		case best >= 0:
			pb.runs[best] = append(pb.runs[best], w)
			return
		case len(pb.runs) < maxRuns:
			pb.runs = append(pb.runs, []bufferedWrite{w})
			return
		}
		pb.writes = slices.Concat(pb.runs...)
		pb.runs = nil
		pb.index = make(map[string]int, 2*len(pb.writes))
		for i, w := range pb.writes {
			pb.index[w.key] = i
		}
	}
	pb.index[w.key] = len(pb.writes)
	pb.writes = append(pb.writes, w)
}

// sorted is every write in key order, for the flush: runs that do not
// overlap (a document's names, kind by kind) are put one after another;
// anything else is sorted.
func (pb *pendingBucket) sorted() []bufferedWrite {
	if pb.index == nil && len(pb.runs) == 1 {
		return pb.runs[0]
	}
	if pb.index == nil {
		slices.SortFunc(pb.runs, func(x, y []bufferedWrite) int { return strings.Compare(x[0].key, y[0].key) })
		pb.writes = slices.Concat(pb.runs...)
		disjoint := true
		for r := 1; r < len(pb.runs); r++ {
			prev := pb.runs[r-1]
			disjoint = disjoint && prev[len(prev)-1].key < pb.runs[r][0].key
		}
		if disjoint {
			return pb.writes
		}
	}
	slices.SortFunc(pb.writes, func(x, y bufferedWrite) int { return strings.Compare(x.key, y.key) })
	return pb.writes
}

// UpdateBulk is UpdateAlone for writes of many entries (fixture loads,
// resets). Reads inside fn see its writes as usual.
func (db *DB) UpdateBulk(fn func(tx *Tx) error) error {
	defer bulkGC.enter()()
	var t BulkTimes
	before := db.txStats()
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
	after := db.txStats()
	t.Spill = after.GetSpillTime() - before.GetSpillTime()
	t.Write = after.GetWriteTime() - before.GetWriteTime()
	db.lastBulk.Store(&t)
	return err
}

// txStats is bbolt's transaction statistics, read between swaps (Replace
// changes db.bolt).
func (db *DB) txStats() bolt.TxStats {
	db.swap.RLock()
	defer db.swap.RUnlock()
	return db.bolt.Stats().TxStats
}

// bulkGC raises the garbage collector's target while any bulk write runs
// (files of one process write in bulk at once in tests). Everything a bulk
// write makes stays live until its commit (the buffered writes, bbolt's
// nodes): collecting each time the heap doubles only marks the same growing
// heap again and again. A memory limit (serve sets one) still bounds it.
var bulkGC = gcTarget{percent: 400}

type gcTarget struct {
	percent int
	mu      sync.Mutex
	writers int
	before  int // the target the first writer found
}

// enter raises the target and returns what lowers it again, when the
// last writer leaves.
func (g *gcTarget) enter() func() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.writers++; g.writers == 1 {
		g.before = debug.SetGCPercent(g.percent)
	}
	return func() {
		g.mu.Lock()
		defer g.mu.Unlock()
		if g.writers--; g.writers == 0 {
			debug.SetGCPercent(g.before)
		}
	}
}

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
	if w := pb.find(key); w != nil {
		return w.raw, true
	}
	return nil, false
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
	if w := pb.find(key); w != nil {
		w.raw = raw
		return true
	}
	pb.add(bufferedWrite{key: string(key), raw: raw})
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
	writes := pb.sorted()
	if b == nil {
		if !slices.ContainsFunc(writes, func(w bufferedWrite) bool { return w.raw != nil }) {
			return nil // only deletions, in a bucket that was never made
		}
		var err error
		if b, err = t.tx.CreateBucket([]byte(bucket)); err != nil {
			return err
		}
	}
	b.FillPercent = pb.fill
	for _, w := range writes {
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
