// Package clock is sandbox time: real time plus a persisted offset, or frozen
// at an instant, always in KST. It also owns the queue of effects that fall
// due at a time (a virtual account expiring, free cash expiring) and runs
// them in time order as time reaches them, each in its own transaction.
//
// It uses store and kakao only; domain packages register the effects they
// schedule, so clock never imports them. Rate limits use real time, not this.
package clock

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/store"
)

const (
	stateKey      = "clock"
	effectsBucket = "clock.effects"
)

// state is what survives a restart.
type state struct {
	Frozen bool          `json:"frozen"`
	At     time.Time     `json:"at,omitzero"` // the frozen instant
	Offset time.Duration `json:"offset"`      // added to real time when not frozen
}

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

// Clock is the sandbox's time source.
type Clock struct {
	db    *store.DB
	real  func() time.Time
	start time.Time // zero: real time

	mu    sync.RWMutex
	state state

	handlers map[string]run
	loaded   atomic.Bool  // kinds are registered before the first Load
	nextDue  atomic.Int64 // unix nanos of the earliest queued effect, MaxInt64 if none
	runMu    sync.Mutex   // one runner at a time keeps effects in order
}

// New makes a clock over db, and makes it the time every transaction on db
// reads. start, when not zero, freezes a new data file's clock at that
// instant; an existing file keeps its own time, because sandbox time never
// goes backward for a data file. real is the wall clock (time.Now).
func New(db *store.DB, start time.Time, real func() time.Time) *Clock {
	c := &Clock{db: db, real: real, start: start, handlers: map[string]run{}}
	c.nextDue.Store(math.MaxInt64)
	db.SetClock(c.Now)
	return c
}

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

// Schedule queues an effect of this kind at due, inside the caller's transaction.
func (k Kind[P]) Schedule(tx *store.Tx, due time.Time, p P) error {
	payload, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("clock: effect %s: %w", k.name, err)
	}
	return k.c.schedule(tx, queued{Kind: k.name, Due: due, Ref: k.ref(p), Payload: payload})
}

// Init writes the configured starting state into a new (or wiped) data file.
func (c *Clock) Init(tx *store.Tx) error {
	var s state
	ok, err := tx.GetMeta(stateKey, &s)
	if err != nil || ok {
		return err
	}
	if !c.start.IsZero() {
		s = state{Frozen: true, At: c.start}
	}
	return tx.SetMeta(stateKey, s)
}

// Load reads the persisted state and the earliest due effect.
func (c *Clock) Load() error {
	c.loaded.Store(true)
	err := c.db.View(func(tx *store.Tx) error {
		var s state
		if _, err := tx.GetMeta(stateKey, &s); err != nil {
			return err
		}
		c.mu.Lock()
		c.state = s
		c.mu.Unlock()
		return nil
	})
	if err != nil {
		return err
	}
	return c.refreshNextDue()
}

// Now is the current sandbox time in KST.
func (c *Clock) Now() time.Time {
	c.mu.RLock()
	s := c.state
	c.mu.RUnlock()
	if s.Frozen {
		return s.At.In(kakao.KST)
	}
	return c.real().Add(s.Offset).In(kakao.KST)
}

// Frozen reports whether time only moves by Advance.
func (c *Clock) Frozen() bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.state.Frozen
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
	due := e.Due.UnixNano()
	for {
		cur := c.nextDue.Load()
		if due >= cur || c.nextDue.CompareAndSwap(cur, due) {
			return nil
		}
	}
}

// effectKey orders effects by due time, then by scheduling order.
func effectKey(due time.Time, seq uint64) []byte {
	return store.Keys(store.Key(uint64(due.UnixNano())), store.Key(seq))
}

// HasDue is a cheap check for whether RunDue has work to do now.
func (c *Clock) HasDue() bool { return c.nextDue.Load() <= c.Now().UnixNano() }

// RunDue runs every effect that is due at the current time.
func (c *Clock) RunDue() ([]Happened, error) {
	c.runMu.Lock()
	defer c.runMu.Unlock()
	return c.runUntil(c.Now())
}

// ErrBackward refuses to move sandbox time backward.
var ErrBackward = errors.New("sandbox time never moves backward")

// Advance moves sandbox time forward to `to`, running every effect that falls
// due on the way, in time order, and reports what happened.
func (c *Clock) Advance(to time.Time) ([]Happened, error) {
	c.runMu.Lock()
	defer c.runMu.Unlock()
	now := c.Now()
	if to.Before(now) {
		return nil, fmt.Errorf("%w: %s is before the sandbox time %s", ErrBackward, to.Format(time.RFC3339), now.Format(time.RFC3339))
	}
	happened, err := c.runUntil(to)
	if err != nil {
		return happened, err
	}
	c.mu.Lock()
	next := c.state
	if next.Frozen {
		next.At = to
	} else {
		next.Offset += to.Sub(now)
	}
	c.mu.Unlock()
	if err := c.db.UpdateAlone(func(tx *store.Tx) error { return tx.SetMeta(stateKey, next) }); err != nil {
		return happened, err
	}
	c.mu.Lock()
	c.state = next
	c.mu.Unlock()
	return happened, nil
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
			desc, err := apply(tx.At(e.Due.In(kakao.KST)), e.Payload)
			if err != nil {
				return fmt.Errorf("clock: effect %s %s: %w", e.Kind, e.Ref, err)
			}
			if desc != "" {
				h = &Happened{At: e.Due.In(kakao.KST), Kind: e.Kind, Ref: e.Ref, Description: desc}
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
			c.nextDue.Store(math.MaxInt64)
		} else {
			c.nextDue.Store(int64(store.ID(k)))
		}
		return nil
	})
}

// ParseDuration is time.ParseDuration plus whole days, which is how people
// move a calendar: "7d", "1d12h", "90m".
func ParseDuration(s string) (time.Duration, error) {
	days, rest, ok := strings.Cut(s, "d")
	if !ok {
		return time.ParseDuration(s)
	}
	n, err := strconv.Atoi(days)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("clock: bad duration %q", s)
	}
	d := time.Duration(n) * 24 * time.Hour
	if rest == "" {
		return d, nil
	}
	more, err := time.ParseDuration(rest)
	if err != nil {
		return 0, fmt.Errorf("clock: bad duration %q", s)
	}
	return d + more, nil
}
