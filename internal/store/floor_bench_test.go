package store

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// floorFrom names a data file a fixture load made, for BenchmarkFloor
// (rule D03: the load's time against bbolt's own for the same writes):
//
//	go test ./internal/store -run '^$' -bench Floor -benchtime 1x -floor-from /tmp/x/loaded.db
var (
	floorFrom = flag.String("floor-from", "", "a data file whose keys and values BenchmarkFloor writes again")
	floorSkip = flag.String("floor-skip", "", "buckets BenchmarkFloor leaves out, comma-separated: what fewer keys would save")
)

// BenchmarkFloor is the floor of a fixture load: bbolt alone writing the
// same keys and values, read from a file a load made, into a new file in
// one transaction, bucket by bucket in key order with full pages, opened as
// Open opens a new large file, commit and fsync included. Reading the file
// is not timed.
func BenchmarkFloor(b *testing.B) {
	if *floorFrom == "" {
		b.Skip("run with -floor-from FILE")
	}
	type bucket struct {
		name       []byte
		keys, vals [][]byte
	}
	var buckets []bucket
	var keys, size int
	src, err := bolt.Open(*floorFrom, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	err = src.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, bk *bolt.Bucket) error {
			if slices.Contains(strings.Split(*floorSkip, ","), string(name)) {
				return nil
			}
			bu := bucket{name: bytes.Clone(name)}
			err := bk.ForEach(func(k, v []byte) error {
				bu.keys, bu.vals = append(bu.keys, bytes.Clone(k)), append(bu.vals, bytes.Clone(v))
				keys, size = keys+1, size+len(k)+len(v)
				return nil
			})
			buckets = append(buckets, bu)
			return err
		})
	})
	src.Close()
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d buckets, %d keys, %.0f MB of keys and values", len(buckets), keys, float64(size)/1e6)
	dir := b.TempDir()
	b.ResetTimer()
	for range b.N {
		path := filepath.Join(dir, "floor.db")
		cpu := cpuTime()
		start := time.Now()
		db, err := bolt.Open(path, 0o600, &bolt.Options{FreelistType: bolt.FreelistMapType, InitialMmapSize: largeMmapSize})
		if err != nil {
			b.Fatal(err)
		}
		db.AllocSize = allocSize
		var puts time.Duration
		err = db.Update(func(tx *bolt.Tx) error {
			for _, bu := range buckets {
				bk, err := tx.CreateBucket(bu.name)
				if err != nil {
					return err
				}
				bk.FillPercent = 1.0
				for i, k := range bu.keys {
					if err := bk.Put(k, bu.vals[i]); err != nil {
						return err
					}
				}
			}
			puts = time.Since(start)
			return nil
		})
		total := time.Since(start)
		cpu = cpuTime() - cpu
		if err == nil {
			err = db.Close()
		}
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		info, _ := os.Stat(path)
		os.Remove(path)
		b.StartTimer()
		b.ReportMetric(puts.Seconds(), "puts-s")
		b.ReportMetric(total.Seconds(), "total-s")
		b.ReportMetric(cpu.Seconds(), "cpu-s")
		b.ReportMetric(float64(info.Size())/1e6, "file-MB")
	}
}

// cpuTime is the CPU time the process has spent so far, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
