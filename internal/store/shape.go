package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"sync"

	jsoniter "github.com/json-iterator/go"
	bolt "go.etcd.io/bbolt"
)

// Shapes: what each bucket holds, registered by the package that owns the
// bucket (in its init), so every door into the state that does not go
// through the domain's own code — a snapshot, a file made by another build
// or by hand — is read as the owner reads it (rule R10): every value
// decodes into its Go type strictly, as fixtures are read, every id is
// below its bucket's sequence, and the sequence is below MaxSequence.

// MaxSequence is the highest sequence a bucket may hold, and so the highest
// id: far beyond any state (2^53, the largest integer a JavaScript client
// reads exactly), and far from the 2^64 at which the next id would wrap to 0.
const MaxSequence = 1 << 53

// Shape is what one bucket holds.
type Shape struct {
	Bucket string
	// KeyLen is the length every key has (0: any length).
	KeyLen int
	// IDAt is the offset in the key of the 8-byte id the bucket's own
	// sequence handed out, which must be 1 to the sequence; -1: none.
	IDAt int
	// IDOf, when set, reads that id from a key instead (ok false: none).
	IDOf func(key []byte) (id uint64, ok bool)
	// Value decodes one value strictly and checks it; key is its key. nil:
	// the bucket holds no entries, only a sequence that numbers something.
	Value func(key, value []byte) error
}

var (
	shapesMu sync.RWMutex
	shapes   = map[string]Shape{}
	metas    = map[string]func(value []byte) error{}
)

// RegisterShape says what bucket s.Bucket holds. Each bucket is registered
// once, by its owner.
func RegisterShape(s Shape) {
	shapesMu.Lock()
	defer shapesMu.Unlock()
	if _, dup := shapes[s.Bucket]; dup || s.Bucket == MetaBucket {
		panic("store: bucket " + s.Bucket + " registered twice")
	}
	shapes[s.Bucket] = s
}

// RegisterMeta says what the meta value name holds (SetMeta's names).
func RegisterMeta(name string, value func(value []byte) error) {
	shapesMu.Lock()
	defer shapesMu.Unlock()
	if _, dup := metas[name]; dup {
		panic("store: meta value " + name + " registered twice")
	}
	metas[name] = value
}

// Entities is the shape of a bucket of T keyed by Key(id), whose value
// names the same id; check (nil: none) is the owner's domain check.
func Entities[T any](bucket string, id func(*T) uint64, check func(*T) error) Shape {
	return Shape{Bucket: bucket, KeyLen: 8, IDAt: 0, Value: func(key, value []byte) error {
		var v T
		if err := Decode(value, &v); err != nil {
			return err
		}
		if got := id(&v); got != ID(key) {
			return fmt.Errorf("the value's id is %d, its key's %d", got, ID(key))
		}
		if check != nil {
			return check(&v)
		}
		return nil
	}}
}

// Values is the shape of a bucket of T with keys of keyLen bytes (0: any)
// and the id its sequence numbers at idAt (-1: none); check may be nil.
func Values[T any](bucket string, keyLen, idAt int, check func(key []byte, v *T) error) Shape {
	return Shape{Bucket: bucket, KeyLen: keyLen, IDAt: idAt, Value: func(key, value []byte) error {
		var v T
		if err := Decode(value, &v); err != nil {
			return err
		}
		if check != nil {
			return check(key, &v)
		}
		return nil
	}}
}

// Sequence is the shape of a bucket that holds no entries, only a sequence
// numbering things kept elsewhere.
func Sequence(bucket string) Shape { return Shape{Bucket: bucket, IDAt: -1} }

// Decode reads a stored value into v as fixtures are read: a field v does
// not have or a value of another type is refused. value is one JSON value
// (PutRaw and Open have checked it is). It reads what encoding/json reads,
// three times as fast: start-up reads every value with it.
func Decode(value []byte, v any) error {
	it := strictJSON.BorrowIterator(value)
	defer strictJSON.ReturnIterator(it)
	it.ReadVal(v)
	if it.Error == nil || it.Error == io.EOF { // a number ends at the end of its input
		return nil
	}
	// encoding/json says what is wrong more plainly.
	dec := json.NewDecoder(bytes.NewReader(value))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	return it.Error
}

// strictJSON reads names and times exactly as the store's codec does: a
// value this check took must read the same when the sandbox reads it.
var strictJSON = func() jsoniter.API {
	api := jsoniter.Config{DisallowUnknownFields: true, ValidateJsonRawMessage: true, CaseSensitive: true}.Froze()
	api.RegisterExtension(timeExtension)
	return api
}()

// Checker checks buckets entry by entry against their registered shapes.
type Checker struct {
	bucket string
	shape  Shape
	known  bool
	maxID  uint64
}

// Bucket starts the check of a bucket, refusing one no package registered.
func (c *Checker) Bucket(name string) error {
	shapesMu.RLock()
	s, ok := shapes[name]
	shapesMu.RUnlock()
	c.bucket, c.shape, c.known, c.maxID = name, s, ok || name == MetaBucket, 0
	if !c.known {
		return fmt.Errorf("bucket %q is not one this build keeps", name)
	}
	return nil
}

// Entry checks one key and value of the current bucket.
func (c *Checker) Entry(key, value []byte) error {
	if c.bucket == MetaBucket {
		if bytes.Equal(key, schemaVersionKey) {
			return nil
		}
		shapesMu.RLock()
		check, ok := metas[string(key)]
		shapesMu.RUnlock()
		if !ok {
			return fmt.Errorf("%q is not a value this build keeps", key)
		}
		return check(value)
	}
	s := c.shape
	if s.Value == nil {
		return fmt.Errorf("the bucket holds no entries, only a sequence")
	}
	if s.KeyLen > 0 && len(key) != s.KeyLen {
		return fmt.Errorf("the key is %d bytes, not %d", len(key), s.KeyLen)
	}
	id, hasID := uint64(0), false
	switch {
	case s.IDOf != nil:
		id, hasID = s.IDOf(key)
	case s.IDAt >= 0 && len(key) >= s.IDAt+8:
		id, hasID = binary.BigEndian.Uint64(key[s.IDAt:]), true
	}
	if hasID {
		if id == 0 {
			return fmt.Errorf("id 0 is not an id: ids start at 1")
		}
		c.maxID = max(c.maxID, id)
	}
	return s.Value(key, value)
}

// Done ends the bucket: its ids are at most its sequence, which is at most
// MaxSequence.
func (c *Checker) Done(sequence uint64) error {
	if sequence > MaxSequence {
		return fmt.Errorf("sequence %d is above %d, the most there can be", sequence, uint64(MaxSequence))
	}
	if c.maxID > sequence {
		return fmt.Errorf("id %d is above the sequence %d: the next new entry would take an id in use", c.maxID, sequence)
	}
	return nil
}

// Problem is a stored value check refuses: where, and why.
type Problem struct {
	Bucket string
	Key    []byte
	Why    string
}

func (p Problem) String() string {
	if p.Key == nil {
		return fmt.Sprintf("bucket %q: %s", p.Bucket, p.Why)
	}
	return fmt.Sprintf("bucket %q key %s: %s", p.Bucket, KeyText(p.Key), p.Why)
}

// KeyText is a key as a snapshot names it: text when printable, hex otherwise.
func KeyText(k []byte) string {
	for _, b := range k {
		if b < 0x20 || b >= 0x7f {
			return fmt.Sprintf("%x", k)
		}
	}
	return string(k)
}

// CheckShapes reads every stored value of tx as its owner would, and
// reports the first limit problems (0: all), bucket by bucket in name order.
func (t *Tx) CheckShapes(limit int) ([]Problem, error) {
	if err := t.flushAll(); err != nil {
		return nil, err
	}
	var out []Problem
	add := func(p Problem) bool {
		out = append(out, p)
		return limit > 0 && len(out) >= limit
	}
	var names []string
	_ = t.tx.ForEach(func(name []byte, _ *bolt.Bucket) error { names = append(names, string(name)); return nil })
	sort.Strings(names)
	for _, name := range names {
		var c Checker
		if err := c.Bucket(name); err != nil {
			if add(Problem{Bucket: name, Why: "not a bucket this build keeps"}) {
				return out, nil
			}
			continue
		}
		b := t.tx.Bucket([]byte(name))
		cur := b.Cursor()
		full := false
		for k, v := cur.First(); k != nil; k, v = cur.Next() {
			if err := c.Entry(k, v); err != nil {
				if full = add(Problem{Bucket: name, Key: bytes.Clone(k), Why: err.Error()}); full {
					break
				}
			}
		}
		if full {
			return out, nil
		}
		if err := c.Done(b.Sequence()); err != nil && add(Problem{Bucket: name, Why: err.Error()}) {
			return out, nil
		}
	}
	return out, nil
}

// The names fixtures gave, kind/name → id: store's own bucket.
func init() {
	RegisterShape(Values[uint64](namesBucket, 0, -1, func(key []byte, id *uint64) error {
		if !bytes.Contains(key, []byte("/")) || *id == 0 {
			return fmt.Errorf("a name is kind/name and refers to an id from 1")
		}
		return nil
	}))
}

// Owned is the shape of a bucket of T keyed by Key(owner) then Key(id),
// where the bucket's sequence numbers id and the value names both.
func Owned[T any](bucket string, owner, id func(*T) uint64, check func(*T) error) Shape {
	return Values[T](bucket, 16, 8, func(key []byte, v *T) error {
		if o, i := owner(v), id(v); o != ID(key) || i != ID(key[8:]) {
			return fmt.Errorf("the value names %d/%d, its key %d/%d", o, i, ID(key), ID(key[8:]))
		}
		if check != nil {
			return check(v)
		}
		return nil
	})
}

// OneOf refuses a value that is none of the allowed ones.
func OneOf[S ~string](what string, v S, allowed ...S) error {
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	return fmt.Errorf("%s %q is none of %v", what, v, allowed)
}
