package clock

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

const effectsBucket = "clock.effects"

// queued is an effect waiting in the queue: its kind and the payload its
// handler reads. Its due time is in its key, not repeated in the value.
type queued struct {
	Kind    string          `json:"k"`
	Payload json.RawMessage `json:"p"`
	Due     time.Time       `json:"-"`
}

// Happened reports one effect that ran, or failed and was set aside.
type Happened struct {
	At          time.Time
	Kind        string
	Ref         string
	Description string
	Failed      bool
}

// handler applies a queued effect's payload inside tx, whose Now is the due
// time, and names what the payload refers to.
type handler struct {
	run func(tx *store.Tx, payload json.RawMessage) (string, error)
	ref func(payload json.RawMessage) string
	// check decodes a payload strictly, as a snapshot's is read (rule R10).
	check func(payload json.RawMessage) error
	// batched: consecutive due effects of the kind may share a transaction.
	batched bool
}

// Kind is a registered sort of effect whose payload is a P.
type Kind[P any] struct {
	c    *Clock
	name string
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
	c.handlers[name] = handler{
		run: func(tx *store.Tx, payload json.RawMessage) (string, error) {
			var p P
			if err := json.Unmarshal(payload, &p); err != nil {
				return "", fmt.Errorf("payload: %w", err)
			}
			return h(tx, p)
		},
		ref: func(payload json.RawMessage) string {
			var p P
			if json.Unmarshal(payload, &p) != nil {
				return string(payload)
			}
			return ref(p)
		},
		check: func(payload json.RawMessage) error {
			var p P
			return store.Decode(payload, &p)
		},
	}
	return Kind[P]{c: c, name: name}
}

// MaxBatch is how many consecutive due effects of a batched kind one
// transaction runs at most: one commit instead of many (an hourly effect
// over a 30-day advance), with a bounded transaction. A day of hours: at
// 1,000 ad accounts, 96 was no faster (docs/performance.md).
var MaxBatch = 24

// Batched lets consecutive due effects of this kind, with nothing else due
// between them, run in one transaction, up to MaxBatch: for a frequent
// effect whose commits cost more than its work. Each still runs at its due
// time, in order, and is reported and counted on its own; a stop or the cap
// falls between effects as ever, and the ones run so far commit together.
// Call it before the first Load.
func (k Kind[P]) Batched() Kind[P] {
	if k.c.loaded.Load() {
		panic("clock: effect kind " + k.name + " batched after Load")
	}
	h := k.c.handlers[k.name]
	h.batched = true
	k.c.handlers[k.name] = h
	return k
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
	return k.c.schedule(tx, queued{Kind: k.name, Due: due, Payload: payload})
}

func (c *Clock) schedule(tx *store.Tx, e queued) error {
	seq, err := tx.NextID(effectsBucket)
	if err != nil {
		return err
	}
	if err := tx.PutDense(effectsBucket, effectKey(e.Due, seq), e); err != nil {
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

// dueOf reads the due time back out of a key made by effectKey.
func dueOf(k []byte) time.Time {
	return time.Unix(int64(binary.BigEndian.Uint64(k)^1<<63), int64(binary.BigEndian.Uint32(k[8:]))).In(kakao.KST)
}

// first is the earliest queued effect, with its key; nil when none is queued.
func first(tx *store.Tx) ([]byte, queued, error) {
	var e queued
	k, err := tx.First(effectsBucket, &e)
	if k != nil {
		e.Due = dueOf(k)
	}
	return k, e, err
}

// ref names what e applies to, for people; "" for a kind no one registered.
func (c *Clock) ref(e queued) string {
	if h, ok := c.handlers[e.Kind]; ok {
		return h.ref(e.Payload)
	}
	return ""
}

// HasDue is a cheap check for whether RunDue has work to do now.
func (c *Clock) HasDue() bool {
	due := c.nextDue.Load()
	return due != nil && !due.After(c.Now())
}

// RunDue runs every effect that is due at the current time. It does not wait
// behind an advance, which runs them itself: a request arriving meanwhile
// goes on at once.
func (c *Clock) RunDue() ([]Happened, error) {
	if !c.lockRun() {
		return nil, nil
	}
	defer c.runMu.Unlock()
	ctx, done := c.runner(context.Background())
	defer done()
	r, err := c.runUntil(ctx, c.Now(), 0, nil)
	return r.Happened, err
}

// lockRun takes the runners' turn, unless an advance holds or wants it.
func (c *Clock) lockRun() bool {
	for !c.runMu.TryLock() {
		if c.advancing.Load() > 0 {
			return false
		}
		time.Sleep(time.Millisecond) // a runner of real time's effects: short
	}
	return true
}

// runUntil runs due effects one transaction each, so a crash loses none and
// repeats none, except that consecutive effects of a batched kind share one
// (up to MaxBatch). It reads the queue itself rather than trusting nextDue,
// which is only a hint. An effect that fails is set aside (failedBucket) in a
// transaction of its own and reported, so one bad effect never holds up the
// ones behind it; when it failed inside a batch, the effects before it run
// again, as a batch that stops short of it. Caller holds runMu.
//
// It stops short, with r.Stopped saying why, when ctx ends or once it has
// run max effects (0: no cap), but only with an effect still due: each stop
// falls between two effects. record, when not nil, runs inside each effect's
// transaction with its due time, so the clock's reading commits with the
// effect (rule R11).
func (c *Clock) runUntil(ctx context.Context, until time.Time, max int, record func(tx *store.Tx, due time.Time) error) (Result, error) {
	var r Result
	defer c.refreshNextDue()
	type done struct {
		kind string
		h    *Happened
	}
	limit := 0 // > 0: the batch before an effect that failed inside it
	for {
		var ran []done
		var failed, stopped error
		var key []byte
		var kind string
		update := c.db.UpdateAlone
		if c.batchNext() {
			// A batch's writes go to bbolt in key order at its end: an
			// hourly effect's keys interleave with the previous hour's,
			// and bbolt shifts a page's keys for each one put between them.
			update = c.db.UpdateBulk
		}
		err := update(func(tx *store.Tx) error {
			ran, failed, stopped, key = nil, nil, nil, nil
			for {
				k, e, err := first(tx)
				if err != nil || k == nil || e.Due.After(until) {
					return err
				}
				if len(ran) > 0 && !c.joins(ran[0].kind, e.Kind, len(ran), limit) {
					return nil
				}
				if ctx.Err() != nil || max > 0 && r.Ran+len(ran) >= max {
					if len(ran) == 0 {
						stopped = ErrCapReached
						if ctx.Err() != nil {
							stopped = context.Cause(ctx)
						}
					}
					return nil
				}
				key, kind = k, e.Kind
				if err := tx.Delete(effectsBucket, k); err != nil {
					return err
				}
				at := e.Due.In(kakao.KST)
				desc, err := c.apply(tx.At(at), e)
				if err != nil {
					failed = err
					return err // roll back whatever the effect half did
				}
				if record != nil {
					if err := record(tx, at); err != nil {
						return err
					}
				}
				d := done{kind: e.Kind}
				if desc != "" {
					d.h = &Happened{At: at, Kind: e.Kind, Ref: c.ref(e), Description: desc}
				}
				ran = append(ran, d)
			}
		})
		switch {
		case stopped != nil:
			r.Stopped = stopped
			return r, nil
		case failed != nil && len(ran) > 0:
			limit = len(ran) // all rolled back: those before it again, then it alone
			continue
		case failed != nil:
			h, err := c.setAside(key, failed)
			if err != nil {
				return r, err
			}
			if h != nil {
				c.ran(kind, EffectFailed)
				r.Happened = append(r.Happened, *h)
			}
			r.Ran++
			limit = 0
			continue
		case err != nil || len(ran) == 0:
			return r, err
		}
		limit = 0
		for _, d := range ran {
			if d.h == nil {
				c.ran(d.kind, EffectMoot)
			} else {
				c.ran(d.kind, EffectApplied)
				r.Happened = append(r.Happened, *d.h)
			}
			r.Ran++
		}
	}
}

// batchNext says whether the first queued effect is of a batched kind.
func (c *Clock) batchNext() bool {
	var batched bool
	err := c.db.View(func(tx *store.Tx) error {
		k, e, err := first(tx)
		batched = k != nil && c.handlers[e.Kind].batched
		return err
	})
	return err == nil && batched
}

// joins says whether an effect of kind next may join a batch of n effects
// of kind first, within its bound (limit, when > 0, else MaxBatch).
func (c *Clock) joins(first, next string, n, limit int) bool {
	bound := MaxBatch
	if limit > 0 {
		bound = limit
	}
	return next == first && c.handlers[first].batched && n < bound
}

// apply runs an effect's handler.
// A handler that panics is a sandbox bug: its effect fails (rolled back and
// set aside, logged with its kind) rather than taking the background
// ticker, and with it the process, down.
func (c *Clock) apply(tx *store.Tx, e queued) (desc string, err error) {
	h, ok := c.handlers[e.Kind]
	if !ok {
		return "", fmt.Errorf("no handler is registered for its kind")
	}
	defer func() {
		if p := recover(); p != nil {
			desc, err = "", fmt.Errorf("sandbox bug: the %s effect panicked: %v", e.Kind, p)
		}
	}()
	return h.run(tx, e.Payload)
}

// failedBucket keeps effects that could not run, with why, for a person to see.
const failedBucket = "clock.failed"

type setAside struct {
	Kind    string          `json:"kind"`
	Due     time.Time       `json:"due"`
	Ref     string          `json:"ref"`
	Payload json.RawMessage `json:"payload"`
	Error   string          `json:"error"`
}

// setAside moves the effect at key out of the queue, with the error it met.
func (c *Clock) setAside(key []byte, cause error) (*Happened, error) {
	var h *Happened
	err := c.db.UpdateAlone(func(tx *store.Tx) error {
		var e queued
		ok, err := tx.Get(effectsBucket, key, &e)
		if err != nil || !ok {
			return err
		}
		if err := tx.Delete(effectsBucket, key); err != nil {
			return err
		}
		due, ref := dueOf(key), c.ref(e)
		h = &Happened{At: due, Kind: e.Kind, Ref: ref, Failed: true, Description: fmt.Sprintf("could not run, set aside: %v", cause)}
		return tx.Put(failedBucket, key, setAside{Kind: e.Kind, Due: due, Ref: ref, Payload: e.Payload, Error: cause.Error()})
	})
	if h != nil {
		c.logger.Error("clock effect set aside", "kind", h.Kind, "ref", h.Ref, "due", h.At, "err", cause)
	}
	return h, err
}

// refreshNextDue reads the earliest due time into the hint. A schedule that
// commits meanwhile may have lowered it; that lower time is kept.
func (c *Clock) refreshNextDue() error {
	cur := c.nextDue.Load()
	return c.db.View(func(tx *store.Tx) error {
		k, e, err := first(tx)
		if err != nil {
			return err
		}
		var seen *time.Time
		if k != nil {
			seen = &e.Due
		}
		c.nextDue.CompareAndSwap(cur, seen)
		return nil
	})
}
