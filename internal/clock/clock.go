// Package clock is sandbox time: running from a base instant at the pace of
// real time, or frozen at an instant, always in KST and always inside
// [MinTime, MaxTime]. It also owns the queue of effects that fall due at a
// time (a virtual account expiring, free cash expiring) and runs them in
// time order as time reaches them, each in its own transaction.
//
// It uses store and kakao only; domain packages register the effects they
// schedule, so clock never imports them. Rate limits use real time, not this.
package clock

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// The range sandbox time lives in (rule R05). The upper end leaves every
// lifetime the sandbox computes from it (ten-year tokens, virtual accounts,
// free cash to the end of a day) far inside the years that JSON and bbolt
// keys can hold, so no arithmetic on sandbox time can overflow.
var (
	MinTime = time.Date(1970, 1, 1, 0, 0, 0, 0, kakao.KST)
	MaxTime = time.Date(9001, 1, 1, 0, 0, 0, 0, kakao.KST)
)

var (
	// ErrBackward refuses to move sandbox time backward.
	ErrBackward = errors.New("sandbox time never moves backward")
	// ErrOutOfRange refuses a time outside [MinTime, MaxTime].
	ErrOutOfRange = fmt.Errorf("sandbox time runs from %s to %s", MinTime.Format(time.RFC3339), MaxTime.Format(time.RFC3339))
)

// InRange checks t against the range sandbox time lives in.
func InRange(t time.Time) error {
	if t.Before(MinTime) || t.After(MaxTime) {
		return fmt.Errorf("%w: %s is outside it", ErrOutOfRange, t.In(kakao.KST).Format(time.RFC3339))
	}
	return nil
}

const stateKey = "clock"

// state is what survives a restart. Running time is At plus the real time
// since Since, so no offset grows with the distance advanced.
type state struct {
	Frozen bool      `json:"frozen"`
	At     time.Time `json:"at"`             // the frozen instant, or the sandbox time at Since
	Since  time.Time `json:"since,omitzero"` // the wall instant At was the sandbox time, when running
}

// Clock is the sandbox's time source.
type Clock struct {
	db     *store.DB
	real   func() time.Time
	start  time.Time // zero: real time
	logger *slog.Logger
	ran    func(kind, outcome string) // see OnEffect

	mu    sync.RWMutex
	state state

	handlers map[string]handler
	loaded   atomic.Bool               // kinds are registered before the first Load
	nextDue  atomic.Pointer[time.Time] // the earliest queued effect's due time; nil if none
	runMu    sync.Mutex                // one runner at a time keeps effects in order

	// The runner holding runMu can be stopped after its current effect
	// (advance.go): by a restart, which waits for the turn, and by Stop.
	stopMu     sync.Mutex
	stopRun    context.CancelCauseFunc // the runner's; nil when none runs
	restarting int                     // restarts waiting for the turn: runners stop at once
	stopping   bool                    // Stop was called: every later runner stops at once
	advancing  atomic.Int32            // advances holding or waiting for the turn
}

// New makes a clock over db. start, when not zero, freezes a new data
// file's clock at that instant; an existing file keeps its own time, because
// sandbox time never goes backward for a data file. real is the wall clock
// (time.Now). Effects that fail are logged to logger. The caller makes c.Now
// the time of db's transactions.
func New(db *store.DB, start time.Time, real func() time.Time, logger *slog.Logger) *Clock {
	return &Clock{db: db, real: real, start: start, logger: logger, handlers: map[string]handler{}, ran: func(string, string) {}}
}

// What became of an effect the clock ran, as OnEffect reports it.
const (
	EffectApplied = "applied" // it changed something
	EffectMoot    = "moot"    // it no longer applied: a paid virtual account does not expire
	EffectFailed  = "failed"  // it could not run and was set aside
)

// OnEffect tells ran about every effect the clock runs, by kind, once its
// outcome is committed: the composition root counts them for /metrics, so
// this package needs no metrics library. Call it before serving.
func (c *Clock) OnEffect(ran func(kind, outcome string)) { c.ran = ran }

// Init writes the configured starting state into a new (or wiped) data file.
func (c *Clock) Init(tx *store.Tx) error {
	var s state
	ok, err := tx.GetMeta(stateKey, &s)
	if err != nil || ok {
		return err
	}
	if c.start.IsZero() {
		now := c.real()
		s = state{At: now, Since: now}
	} else {
		s = state{Frozen: true, At: c.start}
	}
	return tx.SetMeta(stateKey, s)
}

// Load reads the persisted state and the earliest due effect.
func (c *Clock) Load() error {
	c.loaded.Store(true)
	return c.load()
}

// Restart runs fill, which wipes the data file and writes a new starting
// state (Init), and loads that state, with every runner and advance held off
// so none can store the old time over the new one.
//
// A running advance stops after its current effect (ErrReset), so a restart
// never waits for more than one effect.
func (c *Clock) Restart(fill func() error) error {
	c.stopMu.Lock()
	c.restarting++
	if c.stopRun != nil {
		c.stopRun(ErrReset)
	}
	c.stopMu.Unlock()
	c.runMu.Lock()
	c.stopMu.Lock()
	c.restarting--
	c.stopMu.Unlock()
	defer c.runMu.Unlock()
	if err := fill(); err != nil {
		return err
	}
	c.nextDue.Store(nil)
	return c.load()
}

func (c *Clock) load() error {
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
	return s.now(c.real()).In(kakao.KST)
}

// now is the sandbox time at the wall instant real. A running clock stops
// at MaxTime: real time alone never carries it out of the range.
func (s state) now(real time.Time) time.Time {
	if s.Frozen {
		return s.At
	}
	t := s.At.Add(real.Sub(s.Since))
	if t.After(MaxTime) {
		return MaxTime
	}
	return t
}

// Frozen reports whether time only moves by Advance.
func (c *Clock) Frozen() bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.state.Frozen
}
