package sandbox

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/auth"
	"github.com/kakao-sandbox/kakao-sandbox/internal/fixtures"
	"github.com/kakao-sandbox/kakao-sandbox/internal/httpapi"
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/scenarios"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// The life of a data file: initialised once with the starting fixtures,
// reset to them (or to nothing) on request, filled further by fixture loads.

const initializedKey = "initialized"

// initialize fills a new data file: the clock's starting state and the
// initial fixtures (doc, parsed from them once by Open), in one transaction.
// It runs after newDomain has registered every effect kind, and loads the
// clock last. It says whether the file was new.
func (s *Sandbox) initialize(doc *fixtures.Document) (filled bool, err error) {
	s.startup.counts = doc.Counts()
	err = s.db.UpdateBulk(func(tx *store.Tx) error {
		var done bool
		if ok, err := tx.GetMeta(initializedKey, &done); ok || err != nil {
			return err
		}
		filled = true
		ids, err := s.fill(context.Background(), tx, doc)
		if err == nil {
			s.keepIDs(ids)
		}
		return err
	})
	if err != nil {
		return false, fmt.Errorf("sandbox: initialize %s: %w", s.db.Path(), err)
	}
	return filled, s.clock.Load()
}

// fill writes the clock's starting state and a fixture document (nil: none)
// into tx. The clock's state is written but not loaded yet, so the load is
// timed by the configured start, not by whatever time the file had. It stops
// (a *store.Stopped) when ctx ends.
func (s *Sandbox) fill(ctx context.Context, tx *store.Tx, doc *fixtures.Document) (fixtures.IDs, error) {
	if err := s.clock.Init(tx); err != nil {
		return nil, err
	}
	ids := fixtures.IDs{}
	if doc != nil {
		var err error
		if ids, err = s.domain.loader.Load(ctx, tx.At(s.startTime()), doc, false); err != nil {
			return nil, err
		}
	}
	return ids, tx.SetMeta(initializedKey, true)
}

// startTime is the sandbox time of a new or reset data file.
func (s *Sandbox) startTime() time.Time {
	if !s.cfg.Clock.IsZero() {
		return s.cfg.Clock.In(kakao.KST)
	}
	return s.cfg.Now().In(kakao.KST)
}

// ResetReport is what a reset put in place: which fixture set, how many
// entries of each list it holds, and their ids.
type ResetReport = httpapi.ResetReport

// The fixture sets a reset goes back to.
const (
	ResetBuiltinDemo = "builtin-demo" // the embedded demo data, whatever --fixtures says
	ResetStartup     = "startup"      // what the sandbox started with: --fixtures, else the demo
	ResetEmpty       = "empty"        // nothing
)

// Reset wipes all state and loads a fixture set (ResetBuiltinDemo,
// ResetStartup, ResetEmpty; "" is ResetStartup), with the clock as
// configured at start; withIDs asks for the ids of what it loaded. The
// start-up state is restored from a copy (reset_copy.go, rule D05); the
// others are loaded. It stops every running fixture load first (they
// roll back), rather than wait behind them; when ctx ends before the fill
// is done, nothing is reset (rule R09).
func (s *Sandbox) Reset(ctx context.Context, name string, withIDs bool) (ResetReport, error) {
	if name == "" {
		name = ResetStartup
	}
	if name == ResetStartup {
		r, ok, err := s.resetFromCopy(ctx, withIDs)
		if ok {
			if err != nil {
				return ResetReport{}, err
			}
			s.limiter.Clear() // calls made before the reset count against nothing after it
			return r, s.activateConfigured()
		}
	}
	var source []byte
	switch name {
	case ResetBuiltinDemo:
		source = fixtures.Demo
	case ResetStartup:
		source = s.initial
	case ResetEmpty:
	default:
		return ResetReport{}, kakao.Invalid("fixtures", "%q is none of %s, %s and %s", name, ResetBuiltinDemo, ResetStartup, ResetEmpty)
	}
	var doc *fixtures.Document // nil: nothing to load
	loaded := (&fixtures.Document{}).Counts()
	if source != nil {
		var err error
		if doc, err = fixtures.Parse(source); err != nil {
			return ResetReport{}, err
		}
		loaded = doc.Counts()
	}
	s.loads.stop(errResetCame)
	var ids fixtures.IDs
	err := s.clock.Restart(func() error {
		return s.db.UpdateBulk(func(tx *store.Tx) (err error) {
			// The ID token signing key outlives a reset, as relying parties cache it (T08).
			if err := tx.Wipe(auth.SigningKeysMeta); err != nil {
				return err
			}
			ids, err = s.fill(ctx, tx, doc)
			return err
		})
	})
	if err != nil {
		return ResetReport{}, err
	}
	if err := s.registry.Reload(); err != nil {
		return ResetReport{}, err
	}
	s.applied()       // the clock restarted at --clock, the fixtures reloaded
	s.limiter.Clear() // calls made before the reset count against nothing after it
	return ResetReport{Fixtures: name, Loaded: loaded, IDs: ids}, s.activateConfigured()
}

// activateConfigured switches on the scenarios named at start, globally; one
// already on keeps its counts (rule D08).
func (s *Sandbox) activateConfigured() error {
	for _, name := range s.cfg.Scenarios {
		if err := s.registry.KeepActive(name, scenarios.Scope{Kind: scenarios.Global}); err != nil {
			return fmt.Errorf("sandbox: --scenario %s: %w", name, err)
		}
	}
	return nil
}

// LoadFixtures loads a document on top of the state, all or nothing, at the
// current sandbox time. It stops, loading nothing, when ctx ends or a reset
// comes (a *store.Stopped, rule R09).
func (s *Sandbox) LoadFixtures(ctx context.Context, doc *fixtures.Document, replace bool) (fixtures.IDs, error) {
	ctx, done := s.loads.track(ctx)
	defer done()
	var ids fixtures.IDs
	err := s.db.UpdateBulk(func(tx *store.Tx) (err error) {
		ids, err = s.domain.loader.Load(ctx, tx, doc, replace)
		return err
	})
	return ids, err
}

// errResetCame stops the fixture loads a reset finds running.
var errResetCame = errors.New("a reset came")

// loads are the fixture loads running, so a reset can stop them.
type loads struct {
	mu      sync.Mutex
	next    int
	running map[int]context.CancelCauseFunc
}

// track registers a load; done ends its context and forgets it.
func (l *loads) track(ctx context.Context) (_ context.Context, done func()) {
	ctx, cancel := context.WithCancelCause(ctx)
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.running == nil {
		l.running = map[int]context.CancelCauseFunc{}
	}
	l.next++
	id := l.next
	l.running[id] = cancel
	return ctx, func() {
		l.mu.Lock()
		delete(l.running, id)
		l.mu.Unlock()
		cancel(nil)
	}
}

// stop ends every running load's context with cause.
func (l *loads) stop(cause error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, cancel := range l.running {
		cancel(cause)
	}
}
