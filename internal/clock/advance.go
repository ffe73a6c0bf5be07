package clock

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// An advance does bounded work (rule R09) and moves time and state together
// (rule R11):
//   - it counts the queued effects it would run first, and refuses when they
//     are more than its cap (TooManyEffects), naming how far it could go;
//   - it stops after its current effect when its context ends (the client
//     went away, the write timeout is near), when a restart wants the turn
//     (ErrReset), when the server stops (Stop), or once it has run its cap
//     of effects, which effects that repeat (monthly calendars) can reach
//     although the count said less;
//   - each effect's transaction also stores the clock's reading, its due
//     time at least, so whatever stops it (a crash too) leaves the clock
//     reading at least the due time of every effect applied; the final write
//     moves it to the target.

var (
	// ErrTooManyEffects is wrapped by *TooManyEffects.
	ErrTooManyEffects = errors.New("too many effects for one advance")
	// ErrCapReached stops an advance that ran its cap of effects.
	ErrCapReached = errors.New("it ran as many effects as one advance may")
	// ErrReset stops an advance that a reset (or a snapshot load) waits for.
	ErrReset = errors.New("a reset or snapshot load replaced the state")
	// ErrStopping stops an advance while the server shuts down.
	ErrStopping = errors.New("the server is shutting down")
)

// TooManyEffects refuses an advance whose queued effects are more than its
// cap, before it runs any.
type TooManyEffects struct {
	Due    int       // queued effects due by the target
	Max    int       // the cap
	Before time.Time // an advance to a time before this runs at most Max of them
}

func (e *TooManyEffects) Error() string {
	return fmt.Sprintf("%d effects are due on the way, more than the %d one advance may run; advance in smaller steps: to before %s runs at most %d",
		e.Due, e.Max, e.Before.In(kakao.KST).Format(time.RFC3339Nano), e.Max)
}

func (e *TooManyEffects) Unwrap() error { return ErrTooManyEffects }

// Move is one advance: to a time (To), or by a step from the sandbox time as
// it begins (By, when not nil), or nowhere (To zero and By nil), running at
// most MaxEffects (0: no cap). Frozen, when not nil, sets the clock's mode
// as the move begins: true freezes it at the sandbox time, false lets it run
// from there at the pace of real time; the move then goes on in that mode.
type Move struct {
	To         time.Time
	By         *Step
	Frozen     *bool
	MaxEffects int
}

// Result is what an advance did.
type Result struct {
	Happened []Happened // the effects that changed something, or failed
	Ran      int        // the effects run: applied, moot or set aside
	Target   time.Time  // where it was going
	// Stopped is nil when the clock reached Target; otherwise why it
	// stopped short (ErrCapReached, ErrReset, ErrStopping, or the
	// context's cause), with the clock at the last effect it ran.
	Stopped error
}

// Advance moves sandbox time forward to `to`, running every effect that falls
// due on the way, in time order, and reports what happened.
func (c *Clock) Advance(to time.Time) ([]Happened, error) {
	r, err := c.Move(context.Background(), Move{To: to})
	return r.Happened, err
}

// AdvanceBy moves sandbox time forward by step, counted from the sandbox
// time as the advance begins (so a running clock's step is never short).
func (c *Clock) AdvanceBy(step Step) ([]Happened, error) {
	r, err := c.Move(context.Background(), Move{By: &step})
	return r.Happened, err
}

// Move advances the clock as m says, stopping short when ctx ends (see
// above). Refusals (ErrBackward, ErrOutOfRange, *TooManyEffects) change
// nothing; a stop is not an error but r.Stopped.
func (c *Clock) Move(ctx context.Context, m Move) (Result, error) {
	c.advancing.Add(1) // requests do not wait for it to run what is due: it does
	defer c.advancing.Add(-1)
	c.runMu.Lock()
	defer c.runMu.Unlock()
	ctx, done := c.runner(ctx)
	defer done()

	c.mu.RLock()
	s := c.state
	c.mu.RUnlock()
	real := c.real()
	now := s.now(real).In(kakao.KST)
	to := m.To
	switch {
	case m.By != nil:
		to = m.By.From(now)
	case to.IsZero():
		to = now
	}
	if err := InRange(to); err != nil {
		return Result{}, err
	}
	if to.Before(now) {
		return Result{}, fmt.Errorf("%w: %s is before the sandbox time %s", ErrBackward, to.In(kakao.KST).Format(time.RFC3339), now.Format(time.RFC3339))
	}
	if m.MaxEffects > 0 {
		if err := c.countDue(to, m.MaxEffects); err != nil {
			return Result{}, err
		}
	}
	if m.Frozen != nil && *m.Frozen != s.Frozen {
		var err error
		if s, err = c.setMode(*m.Frozen, now, real); err != nil {
			return Result{}, err
		}
	}
	// Each effect stores the reading it brings the clock to: a frozen clock
	// at the effect's due time, a running one at the later of that and its
	// own reading, from that wall instant on. Never back: a clock that
	// reads later than an effect's due time (a running clock catching up)
	// keeps its reading.
	at := s
	record := func(tx *store.Tx, due time.Time) error {
		w := c.real()
		next := state{Frozen: at.Frozen, At: at.now(w)}
		if due.After(next.At) {
			next.At = due
		}
		if !next.Frozen {
			next.Since = w
		}
		if err := tx.SetMeta(stateKey, next); err != nil {
			return err
		}
		tx.OnCommit(func() {
			at = next
			c.mu.Lock()
			c.state = next
			c.mu.Unlock()
		})
		return nil
	}
	r, err := c.runUntil(ctx, to, m.MaxEffects, record)
	r.Target = to.In(kakao.KST)
	if err != nil || r.Stopped != nil {
		return r, err
	}
	next := state{Frozen: s.Frozen, At: to}
	if !s.Frozen {
		next.Since = real
	}
	if err := c.db.UpdateAlone(func(tx *store.Tx) error { return tx.SetMeta(stateKey, next) }); err != nil {
		return r, err
	}
	c.mu.Lock()
	c.state = next
	c.mu.Unlock()
	return r, nil
}

// setMode stores the clock's new mode, from the sandbox time now at the
// wall instant real, before a move runs anything, so the mode holds even
// when the move stops short. Caller holds runMu.
func (c *Clock) setMode(frozen bool, now, real time.Time) (state, error) {
	next := state{Frozen: frozen, At: now}
	if !frozen {
		next.Since = real
	}
	if err := c.db.UpdateAlone(func(tx *store.Tx) error { return tx.SetMeta(stateKey, next) }); err != nil {
		return state{}, err
	}
	c.mu.Lock()
	c.state = next
	c.mu.Unlock()
	return next, nil
}

// countDue refuses an advance from now to `to` whose queued effects are
// more than max, when a smaller step could run some: when more than max are
// due at the first instant, the advance runs them up to the cap instead, so
// time can always go on. The queue is keyed by due time, so this reads keys
// only, up to `to`.
func (c *Clock) countDue(to time.Time, max int) error {
	var n int
	var first, nth time.Time // the due times of the first effect and of effect max+1
	err := c.db.View(func(tx *store.Tx) error {
		return tx.Scan(effectsBucket, nil, func(k, _ []byte) (bool, error) {
			due := dueOf(k)
			if due.After(to) {
				return false, nil
			}
			n++
			switch n {
			case 1:
				first = due
			case max + 1:
				nth = due
			}
			return true, nil
		})
	})
	if err != nil || n <= max || !nth.After(first) {
		return err
	}
	return &TooManyEffects{Due: n, Max: max, Before: nth}
}

// runner makes the context of the runner that holds runMu: a restart or
// Stop cancels it, after its current effect. done releases it.
func (c *Clock) runner(parent context.Context) (ctx context.Context, done func()) {
	ctx, cancel := context.WithCancelCause(parent)
	c.stopMu.Lock()
	defer c.stopMu.Unlock()
	switch {
	case c.stopping:
		cancel(ErrStopping)
	case c.restarting > 0:
		cancel(ErrReset)
	}
	c.stopRun = cancel
	return ctx, func() {
		c.stopMu.Lock()
		c.stopRun = nil
		c.stopMu.Unlock()
		cancel(nil)
	}
}

// Stop stops a running advance after its current effect, and every later
// one at once: the server is shutting down. Advances answer how far they got.
func (c *Clock) Stop() {
	c.stopMu.Lock()
	defer c.stopMu.Unlock()
	c.stopping = true
	if c.stopRun != nil {
		c.stopRun(ErrStopping)
	}
}
