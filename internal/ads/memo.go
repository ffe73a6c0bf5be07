package ads

import (
	"bytes"

	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// memo keeps entities decoded from the exact bytes they were stored as, so
// each hour of delivery decodes only what changed since the last one: the
// same bytes always decode to the same value, so a hit is never stale (not
// even after a rollback). Only the hourly effect uses it, and bbolt runs one
// write transaction at a time; it is dropped as a batch of hours commits.
type memo[T any] struct {
	m    map[uint64]*decoded[T]
	hour int64 // the hour being delivered: entries not used in it are dropped
}

type decoded[T any] struct {
	raw  []byte
	v    T
	used int64
}

// decode returns the value raw holds, decoding it only when the bytes
// stored for id changed. The value is shared: callers must not change it.
func (m *memo[T]) decode(id uint64, raw []byte) (T, error) {
	d, ok := m.m[id]
	if !ok || !bytes.Equal(d.raw, raw) {
		var v T
		if err := store.Decode(raw, &v); err != nil {
			return v, err
		}
		if m.m == nil {
			m.m = map[uint64]*decoded[T]{}
		}
		d = &decoded[T]{raw: bytes.Clone(raw), v: v}
		m.m[id] = d
	}
	d.used = m.hour
	return d.v, nil
}

// read brings the memo up to date with every entry of bucket, for an hour:
// one pass of a cursor costs less than a seek for each entity it needs.
// What is no longer stored (deleted, a reset's) is dropped.
func (m *memo[T]) read(tx *store.Tx, bucket string, hour int64) error {
	m.hour = hour
	if err := tx.Scan(bucket, nil, func(k, raw []byte) (bool, error) {
		_, err := m.decode(store.ID(k), raw)
		return err == nil, err
	}); err != nil {
		return err
	}
	m.drop()
	return nil
}

// drop forgets what the memo's hour did not use.
func (m *memo[T]) drop() {
	for id, d := range m.m {
		if d.used != m.hour {
			delete(m.m, id)
		}
	}
}

// get is id's value as read this hour; ok is false when none is stored.
func (m *memo[T]) get(id uint64) (v T, ok bool) {
	d, ok := m.m[id]
	if !ok || d.used != m.hour {
		return v, false
	}
	return d.v, true
}

// memos are the delivery's memos, one per entity kind.
type memos struct {
	creatives memo[Creative]
	adGroups  memo[AdGroup]
	campaigns memo[Campaign]
}

// read reads the ad groups and campaigns for an hour; the creatives are
// read as the hour scans them.
func (ms *memos) read(tx *store.Tx, hour int64) error {
	if err := ms.adGroups.read(tx, adGroupsBucket, hour); err != nil {
		return err
	}
	ms.creatives.drop() // those the last hour did not scan
	ms.creatives.hour = hour
	return ms.campaigns.read(tx, campaignsBucket, hour)
}
