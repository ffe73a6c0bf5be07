package store

import (
	"bytes"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Raw access, for snapshots: a snapshot is every bucket as it is stored,
// so it needs no knowledge of what the buckets hold.

// MetaBucket holds the schema version and the values SetMeta keeps.
const MetaBucket = "meta"

// BucketInfo is a bucket's name and its sequence (NextID's last answer).
type BucketInfo struct {
	Name     string
	Sequence uint64
}

// Buckets lists every bucket, in name order.
func (t *Tx) Buckets() ([]BucketInfo, error) {
	var all []BucketInfo
	err := t.tx.ForEach(func(name []byte, b *bolt.Bucket) error {
		all = append(all, BucketInfo{Name: string(name), Sequence: b.Sequence()})
		return nil
	})
	return all, err
}

// ScanRaw calls fn for every key and value of bucket, in key order, but the
// schema version, which belongs to the file rather than its state. The key
// and value are only valid inside fn.
func (t *Tx) ScanRaw(bucket string, fn func(k, v []byte) error) error {
	return t.Scan(bucket, nil, func(k, v []byte) (bool, error) {
		if bucket == MetaBucket && bytes.Equal(k, schemaVersionKey) {
			return true, nil
		}
		return true, fn(k, v)
	})
}

// PutRaw stores a value already encoded as JSON, compacted. It refuses a
// value that is not JSON, a key already there and the schema version, so a
// snapshot can neither write what no sandbox reads nor say one thing twice.
func (t *Tx) PutRaw(bucket string, key, value []byte) error {
	if bucket == MetaBucket && bytes.Equal(key, schemaVersionKey) {
		return fmt.Errorf("%s/%s is the data file's own schema version, not state: it is the snapshot's \"schema\"", bucket, key)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, value); err != nil {
		return fmt.Errorf("the value is not JSON: %v", err)
	}
	b, err := t.tx.CreateBucketIfNotExists([]byte(bucket))
	if err != nil {
		return err
	}
	if b.Get(key) != nil {
		return fmt.Errorf("the key is there twice")
	}
	return b.Put(key, compact.Bytes())
}

// SetSequence creates bucket if it is missing and sets its sequence.
func (t *Tx) SetSequence(bucket string, seq uint64) error {
	b, err := t.tx.CreateBucketIfNotExists([]byte(bucket))
	if err != nil {
		return err
	}
	return b.SetSequence(seq)
}

// Count is how many buckets there are and how many entries they hold but
// the schema version (what ScanRaw would call fn for), read from the
// pages' own counts without reading a key: over 2.9 million keys a scan
// took a third of a second of a restore (rule D04).
func (t *Tx) Count() (buckets, entries int, err error) {
	if err := t.flushAll(); err != nil {
		return 0, 0, err
	}
	err = t.tx.ForEach(func(name []byte, b *bolt.Bucket) error {
		buckets++
		entries += b.Stats().KeyN
		if bytes.Equal(name, metaBucket) && b.Get(schemaVersionKey) != nil {
			entries--
		}
		return nil
	})
	return buckets, entries, err
}
