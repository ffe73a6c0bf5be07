package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"
	"time"

	jsoniter "github.com/json-iterator/go"
	bolt "go.etcd.io/bbolt"
)

// codec encodes and decodes every stored value as encoding/json does, with
// two differences that only make it faster: names match exactly (we wrote
// them; a case-insensitive lookup allocated a lowered copy for every field)
// and times are read and written without the reflection round trip of
// their JSON methods (codec_time.go). jsoniter is the module's one fast
// codec, as the snapshot and fixture readers need its options.
var codec = func() jsoniter.API {
	api := jsoniter.Config{EscapeHTML: true, SortMapKeys: true, ValidateJsonRawMessage: true, CaseSensitive: true}.Froze()
	api.RegisterExtension(timeExtension)
	return api
}()

// Tx is one transaction. Values are JSON; keys are bytes, usually Key(id).
type Tx struct {
	tx      *bolt.Tx
	now     time.Time
	pending *pending // UpdateBulk's writes not yet in bbolt; nil otherwise
}

// Now is the sandbox time of the transaction, read once as it began.
func (t *Tx) Now() time.Time { return t.now }

// At is the same transaction seen at another time: a clock effect happens at
// its due time, and a reset's fixtures load at the configured start.
func (t *Tx) At(now time.Time) *Tx { return &Tx{tx: t.tx, now: now, pending: t.pending} }

// OnCommit runs fn once the transaction has committed, and never if it rolls
// back (a batch that runs a writer again starts a new transaction): for
// counting what was written without counting what was undone.
func (t *Tx) OnCommit(fn func()) { t.tx.OnCommit(fn) }

// Key encodes an id big-endian, so keys sort in id order.
func Key(id uint64) []byte {
	k := make([]byte, 8)
	binary.BigEndian.PutUint64(k, id)
	return k
}

// Keys joins parts into one composite key.
func Keys(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// ID decodes the first eight bytes of a key made by Key.
func ID(k []byte) uint64 { return binary.BigEndian.Uint64(k[:8]) }

// raw is the value at key as tx sees it: its buffered write first, then
// the bucket's; nil when absent.
func (t *Tx) raw(bucket string, key []byte) []byte {
	if raw, ok := t.buffered(bucket, key); ok {
		return raw
	}
	if b := t.tx.Bucket([]byte(bucket)); b != nil {
		return b.Get(key)
	}
	return nil
}

// Get decodes the value at key into v and reports whether it was there.
func (t *Tx) Get(bucket string, key []byte, v any) (bool, error) {
	raw := t.raw(bucket, key)
	if raw == nil {
		return false, nil
	}
	if err := codec.Unmarshal(raw, v); err != nil {
		return false, fmt.Errorf("store: decode %s/%x: %w", bucket, key, err)
	}
	return true, nil
}

// Has reports whether key is present.
func (t *Tx) Has(bucket string, key []byte) bool { return t.raw(bucket, key) != nil }

// Put stores v as JSON at key.
func (t *Tx) Put(bucket string, key []byte, v any) error {
	return t.put(bucket, key, v, bolt.DefaultFillPercent)
}

// PutDense is Put for buckets whose keys mostly grow (sequences, times):
// little is ever inserted between existing keys, so pages are filled
// completely. With Put's half-full pages such a bucket takes twice the space.
func (t *Tx) PutDense(bucket string, key []byte, v any) error {
	return t.put(bucket, key, v, 1.0)
}

func (t *Tx) put(bucket string, key []byte, v any, fill float64) error {
	raw, err := codec.Marshal(v)
	if err != nil {
		return fmt.Errorf("store: encode %s: %w", bucket, err)
	}
	return t.putRaw(bucket, key, raw, fill)
}

// putRaw stores a value already encoded.
func (t *Tx) putRaw(bucket string, key, raw []byte, fill float64) error {
	if t.pending != nil {
		// A bulk transaction gives bbolt every bucket's keys in order, at
		// its flush, so its pages can be full: half-full ones doubled a 100k
		// load's file and its writing.
		fill = 1.0
	}
	if t.buffer(bucket, key, raw, fill) {
		return nil
	}
	b, err := t.tx.CreateBucketIfNotExists([]byte(bucket))
	if err != nil {
		return err
	}
	b.FillPercent = fill
	return b.Put(key, raw)
}

// Delete removes key; a missing key is not an error.
func (t *Tx) Delete(bucket string, key []byte) error {
	if t.buffer(bucket, key, nil, bolt.DefaultFillPercent) {
		return nil
	}
	b := t.tx.Bucket([]byte(bucket))
	if b == nil {
		return nil
	}
	return b.Delete(key)
}

// NextID returns the bucket's next sequence number, starting at 1.
func (t *Tx) NextID(bucket string) (uint64, error) {
	b, err := t.tx.CreateBucketIfNotExists([]byte(bucket))
	if err != nil {
		return 0, err
	}
	return b.NextSequence()
}

// BumpID makes sure later NextID calls return ids above id, for entities
// whose ids are fixed by a fixture.
func (t *Tx) BumpID(bucket string, id uint64) error {
	b, err := t.tx.CreateBucketIfNotExists([]byte(bucket))
	if err != nil {
		return err
	}
	if b.Sequence() < id {
		return b.SetSequence(id)
	}
	return nil
}

// Scan calls fn for each key with the given prefix, in key order, until fn
// returns false or an error. The key and value are only valid inside fn.
func (t *Tx) Scan(bucket string, prefix []byte, fn func(k, v []byte) (bool, error)) error {
	if err := t.flush(bucket); err != nil {
		return err
	}
	b := t.tx.Bucket([]byte(bucket))
	if b == nil {
		return nil
	}
	c := b.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		more, err := fn(k, v)
		if err != nil || !more {
			return err
		}
	}
	return nil
}

// First returns a copy of the first key in bucket (nil when empty) and decodes its value into v.
func (t *Tx) First(bucket string, v any) ([]byte, error) {
	if err := t.flush(bucket); err != nil {
		return nil, err
	}
	b := t.tx.Bucket([]byte(bucket))
	if b == nil {
		return nil, nil
	}
	k, raw := b.Cursor().First()
	if k == nil {
		return nil, nil
	}
	if err := codec.Unmarshal(raw, v); err != nil {
		return nil, fmt.Errorf("store: decode %s/%x: %w", bucket, k, err)
	}
	return bytes.Clone(k), nil
}

// SetMeta and GetMeta keep small named values beside the schema version.
func (t *Tx) SetMeta(name string, v any) error { return t.Put(string(metaBucket), []byte(name), v) }

// GetMeta reads a value stored by SetMeta.
func (t *Tx) GetMeta(name string, v any) (bool, error) {
	return t.Get(string(metaBucket), []byte(name), v)
}

// Wipe deletes every bucket but the schema version and the meta values named
// in keep, for a reset.
func (t *Tx) Wipe(keep ...string) error {
	if err := t.flushAll(); err != nil { // so nothing buffered outlives the wipe
		return err
	}
	var names [][]byte
	if err := t.tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
		if !bytes.Equal(name, metaBucket) {
			names = append(names, bytes.Clone(name))
		}
		return nil
	}); err != nil {
		return err
	}
	for _, n := range names {
		if err := t.tx.DeleteBucket(n); err != nil {
			return err
		}
	}
	// Collect first: bbolt forbids changing a bucket inside its ForEach.
	meta := t.tx.Bucket(metaBucket)
	var keys [][]byte
	if err := meta.ForEach(func(k, _ []byte) error {
		if !bytes.Equal(k, schemaVersionKey) && !slices.Contains(keep, string(k)) {
			keys = append(keys, bytes.Clone(k))
		}
		return nil
	}); err != nil {
		return err
	}
	for _, k := range keys {
		if err := meta.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

const namesBucket = "names"

// SetName records that name refers to id among entities of kind, so fixtures
// and control calls can refer to entities by their keys. The id is written
// as the JSON number Put would write, without the codec: a 100k load
// writes three quarters of a million names and reads as many.
func (t *Tx) SetName(kind, name string, id uint64) error {
	return t.putRaw(namesBucket, nameKey(kind, name), strconv.AppendUint(nil, id, 10), bolt.DefaultFillPercent)
}

// LookupName finds the id recorded by SetName.
func (t *Tx) LookupName(kind, name string) (uint64, bool, error) {
	key := nameKey(kind, name)
	raw := t.raw(namesBucket, key)
	if raw == nil {
		return 0, false, nil
	}
	id, err := strconv.ParseUint(string(raw), 10, 64)
	if err != nil {
		return 0, false, fmt.Errorf("store: decode %s/%s: %w", namesBucket, key, err)
	}
	return id, true, nil
}

func nameKey(kind, name string) []byte {
	k := make([]byte, 0, len(kind)+1+len(name))
	return append(append(append(k, kind...), '/'), name...)
}
