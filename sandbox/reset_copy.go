package sandbox

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/auth"
	"github.com/kakao-sandbox/kakao-sandbox/internal/fixtures"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// A reset to the start-up state restores a copy of the data file as the
// start-up fill left it, rather than loading the fixtures again (rule D05):
// a file copy and a swap, bounded by the disk at any size. The copy lives in
// a new directory beside the data file, removed when the sandbox closes (a
// sandbox without --data keeps its file in a temporary directory, removed
// with it). A new
// data file is copied as Open filled it; an existing one, whose start-up
// state was never in it, gets its copy at the first reset, filled afresh
// into a file of its own.

// startupCopy is the kept start-up state.
type startupCopy struct {
	mu    sync.Mutex
	dir   string       // its directory; "" until made
	ready <-chan error // the copy Open started, until it is done
	// ids are the fill's, for a reset asked for ids (?ids=true); kept only
	// for a document up to largeFixtures: a larger one's would stay in
	// memory for good, so such a reset loads the document again.
	ids fixtures.IDs
	// counts are the start-up document's, which a reset answers.
	counts map[string]int
}

const startupName = "startup.db"

func (c *startupCopy) file() string { return filepath.Join(c.dir, startupName) }

// remove deletes the copy and its directory.
func (c *startupCopy) remove() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ready != nil {
		<-c.ready
		c.ready = nil
	}
	if c.dir != "" {
		os.RemoveAll(c.dir)
		c.dir = ""
	}
}

// startupDir makes the copy's directory beside the data file.
func (s *Sandbox) startupDir() (string, error) {
	return os.MkdirTemp(filepath.Dir(s.db.Path()), sidePattern(s.db.Path(), sideStartup))
}

// keepIDs keeps a start-up fill's ids when the document is small.
func (s *Sandbox) keepIDs(ids fixtures.IDs) {
	if len(s.initial) <= largeFixtures {
		s.startup.ids = ids
	}
}

// keepStartup starts copying the data file as Open filled it, from a read
// transaction begun now: the copy is the start-up state whatever is
// written while it runs, and the start does not wait for it.
func (s *Sandbox) keepStartup() error {
	dir, err := s.startupDir()
	if err != nil {
		return err
	}
	s.startup.dir = dir
	path := s.startup.file()
	s.startup.ready = s.db.ViewFrom(func(tx *store.Tx) error { return tx.WriteFile(path, false) })
	return nil
}

// startupFile is the kept copy's path, made now if there is none: waited
// for if Open's copy is still running, filled afresh if the data file was
// not new at start or Open's copy failed. Call with s.startup.mu held.
func (s *Sandbox) startupFile(ctx context.Context) (string, error) {
	c := &s.startup
	if c.ready != nil {
		err := <-c.ready
		c.ready = nil
		if err != nil {
			s.logger.Warn("the copy of the start-up state failed; the next reset fills one afresh", "err", err)
			os.RemoveAll(c.dir)
			c.dir = ""
		}
	}
	if c.dir != "" {
		return c.file(), nil
	}
	dir, err := s.startupDir()
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, startupName)
	if err := s.fillFresh(ctx, path); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	c.dir = dir
	return path, nil
}

// fillFresh fills a new file at path with the start-up fixtures as a new
// data file is filled, with the clock as configured at start.
func (s *Sandbox) fillFresh(ctx context.Context, path string) error {
	doc, err := fixtures.Parse(s.initial)
	if err != nil {
		return err
	}
	db, err := store.Open(path, store.Options{NoSync: true, Large: len(s.initial) > largeFixtures})
	if err != nil {
		return err
	}
	start := s.startTime()
	db.SetClock(func() time.Time { return start })
	err = db.UpdateBulk(func(tx *store.Tx) error {
		ids, err := s.fill(ctx, tx, doc)
		if err == nil {
			s.keepIDs(ids)
		}
		return err
	})
	return errors.Join(err, db.Close())
}

// resetFromCopy is a reset to the start-up state from the kept copy: it is
// copied beside the data file and swapped in, the ID token signing keys
// carried over (rule T08). ok is false when the copy cannot answer (ids
// asked of a large document): then the caller loads the fixtures.
func (s *Sandbox) resetFromCopy(ctx context.Context, withIDs bool) (r ResetReport, ok bool, err error) {
	s.startup.mu.Lock()
	defer s.startup.mu.Unlock()
	if withIDs && s.startup.ids == nil && len(s.initial) > largeFixtures {
		return ResetReport{}, false, nil
	}
	src, err := s.startupFile(ctx)
	if err != nil {
		return ResetReport{}, true, err
	}
	f, err := os.Open(src)
	if err != nil {
		return ResetReport{}, true, err
	}
	tmp, err := s.spoolBeside(f, sideReset, syncNow)
	f.Close()
	if err != nil {
		return ResetReport{}, true, err
	}
	defer os.Remove(tmp) // renamed away when swapped in
	if err := ctx.Err(); err != nil {
		return ResetReport{}, true, &store.Stopped{Cause: context.Cause(ctx)}
	}
	s.loads.stop(errResetCame)
	if err := s.swapIn(tmp, auth.SigningKeysMeta); err != nil {
		return ResetReport{}, true, err
	}
	r = ResetReport{Fixtures: ResetStartup, Loaded: s.startup.counts}
	if withIDs {
		r.IDs = s.startup.ids
	}
	return r, true, nil
}
