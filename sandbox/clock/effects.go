package clock

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/store"
)

const effectsBucket = "clock.effects"

// queued is an effect waiting in the queue. Ref names what it applies to,
// for people; Payload is what its handler reads.
type queued struct {
	Kind    string          `json:"kind"`
	Due     time.Time       `json:"due"`
	Ref     string          `json:"ref"`
	Payload json.RawMessage `json:"payload"`
}

// Happened reports one effect that ran.
type Happened struct {
	At          time.Time
	Kind        string
	Ref         string
	Description string
}

// run applies a queued effect's payload inside tx, whose Now is the due time.
type run func(tx *store.Tx, payload json.RawMessage) (string, error)

// Kind is a registered sort of effect whose payload is a P.
type Kind[P any] struct {
	c    *Clock
	name string
	ref  func(P) string
}

// Register makes name an effect kind: h applies it, inside a transaction
// whose Now is the due time, and describes what happened ("" when the effect
// no longer applies: a paid virtual account does not expire). h may schedule
// the kind again, for effects that repeat. ref names what an effect applies
// to, for the advance report.
//
// Register every kind before the first Load: a queued effect of a kind that
// is not registered yet could otherwise fall due with no one to run it.
func Register[P any](c *Clock, name string, ref func(P) string, h func(tx *store.Tx, p P) (string, error)) Kind[P] {
	if c.loaded.Load() {
		panic("clock: effect kind " + name + " registered after Load")
	}
	if _, dup := c.handlers[name]; dup {
		panic("clock: effect kind " + name + " registered twice")
	}
	c.handlers[name] = func(tx *store.Tx, payload json.RawMessage) (string, error) {
		var p P
		if err := json.Unmarshal(payload, &p); err != nil {
			return "", fmt.Errorf("payload: %w", err)
		}
		return h(tx, p)
	}
	return Kind[P]{c: c, name: name, ref: ref}
}

// Schedule queues an effect of this kind at due, inside the caller's
// transaction. An effect due after MaxTime is not queued: sandbox time never
// gets there, so it could never fall due.
func (k Kind[P]) Schedule(tx *store.Tx, due time.Time, p P) error {
	if due.After(MaxTime) {
		return nil
	}
	payload, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("clock: effect %s: %w", k.name, err)
	}
	return k.c.schedule(tx, queued{Kind: k.name, Due: due, Ref: k.ref(p), Payload: payload})
}

func (c *Clock) schedule(tx *store.Tx, e queued) error {
	seq, err := tx.NextID(effectsBucket)
	if err != nil {
		return err
	}
	if err := tx.Put(effectsBucket, effectKey(e.Due, seq), e); err != nil {
		return err
	}
	// Too early is harmless if the transaction rolls back: RunDue finds
	// nothing and recomputes it.
	due := e.Due
	for {
		cur := c.nextDue.Load()
		if cur != nil && !due.Before(*cur) || c.nextDue.CompareAndSwap(cur, &due) {
			return nil
		}
	}
}

// effectKey orders effects by due time, then by scheduling order, for every
// time a time.Time can hold: whole seconds with the sign bit flipped (so
// negative ones sort first), nanoseconds, then the sequence.
func effectKey(due time.Time, seq uint64) []byte {
	k := make([]byte, 8+4+8)
	binary.BigEndian.PutUint64(k, uint64(due.Unix())^1<<63)
	binary.BigEndian.PutUint32(k[8:], uint32(due.Nanosecond()))
	binary.BigEndian.PutUint64(k[12:], seq)
	return k
}

// HasDue is a cheap check for whether RunDue has work to do now.
func (c *Clock) HasDue() bool {
	due := c.nextDue.Load()
	return due != nil && !due.After(c.Now())
}

// RunDue runs every effect that is due at the current time.
func (c *Clock) RunDue() ([]Happened, error) {
	c.runMu.Lock()
	defer c.runMu.Unlock()
	return c.runUntil(c.Now())
}

// runUntil runs due effects one transaction each, so a crash loses none and
// repeats none. It reads the queue itself rather than trusting nextDue, which
// is only a hint. Caller holds runMu.
func (c *Clock) runUntil(until time.Time) ([]Happened, error) {
	var happened []Happened
	defer c.refreshNextDue()
	for {
		var h *Happened
		ran := false
		err := c.db.UpdateAlone(func(tx *store.Tx) error {
			h, ran = nil, false
			var e queued
			k, err := tx.First(effectsBucket, &e)
			if err != nil || k == nil || e.Due.After(until) {
				return err
			}
			ran = true
			if err := tx.Delete(effectsBucket, k); err != nil {
				return err
			}
			apply, ok := c.handlers[e.Kind]
			if !ok {
				return fmt.Errorf("clock: effect %s %s: no handler registered for its kind", e.Kind, e.Ref)
			}
			at := e.Due.In(kakao.KST)
			desc, err := apply(tx.At(at), e.Payload)
			if err != nil {
				return fmt.Errorf("clock: effect %s %s: %w", e.Kind, e.Ref, err)
			}
			if desc != "" {
				h = &Happened{At: at, Kind: e.Kind, Ref: e.Ref, Description: desc}
			}
			return nil
		})
		if err != nil || !ran {
			return happened, err
		}
		if h != nil {
			happened = append(happened, *h)
		}
	}
}

func (c *Clock) refreshNextDue() error {
	return c.db.View(func(tx *store.Tx) error {
		var e queued
		k, err := tx.First(effectsBucket, &e)
		if err != nil {
			return err
		}
		if k == nil {
			c.nextDue.Store(nil)
		} else {
			c.nextDue.Store(&e.Due)
		}
		return nil
	})
}
