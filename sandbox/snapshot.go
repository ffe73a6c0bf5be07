package sandbox

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/ads"
	"github.com/kakao-sandbox/kakao-sandbox/internal/clock"
	"github.com/kakao-sandbox/kakao-sandbox/internal/httpapi"
	"github.com/kakao-sandbox/kakao-sandbox/internal/review"
	"github.com/kakao-sandbox/kakao-sandbox/internal/scenarios"
	"github.com/kakao-sandbox/kakao-sandbox/internal/snapshot"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// RestoreReport is what a snapshot load put in place.
type RestoreReport = httpapi.RestoreReport

// Snapshot writes the whole state to w (rule D02), from one read
// transaction, so it is consistent however requests go on meanwhile.
func (s *Sandbox) Snapshot(w io.Writer) error {
	return s.db.View(func(tx *store.Tx) error { return snapshot.Write(tx, w, s.cfg.Now()) })
}

// Restore replaces the whole state with a snapshot, all or nothing, and
// reloads what is kept in memory: the clock and the scenarios. As after a
// reset, runners and advances wait until the clock has read its new state.
// It stops, changing nothing, when ctx ends or a reset comes (a
// *store.Stopped, rule R09).
func (s *Sandbox) Restore(ctx context.Context, doc *snapshot.Document) (RestoreReport, error) {
	ctx, done := s.loads.track(ctx)
	defer done()
	err := s.clock.Restart(func() error {
		return s.db.UpdateAlone(func(tx *store.Tx) error { return restore(ctx, tx, doc, s.cfg.Now(), s.kinds()) })
	})
	if err != nil {
		return RestoreReport{}, err
	}
	if err := s.registry.Reload(); err != nil {
		return RestoreReport{}, err
	}
	s.applied()       // the state is the snapshot's, not the start-up settings'
	s.webhooks.Wake() // deliveries the snapshot holds queued are sent
	return reportOf(doc, s.clock.Now()), nil
}

// restore writes a snapshot into tx and refuses it, before anything is
// committed, if the sandbox could not serve it (rule R10): a value that is
// not its bucket's type or an id past its sequence (snapshot.Apply), no
// clock or one out of range, an effect or review of a kind k has not
// registered, scenarios that do not parse, shadow a shipped one or pass
// the caps, an ads tree whose references do not hold, a balance that is
// not its ledger.
func restore(ctx context.Context, tx *store.Tx, doc *snapshot.Document, real time.Time, k kinds) error {
	if err := snapshot.Apply(ctx, tx, doc); err != nil {
		return err
	}
	if err := clock.Resume(tx, real); err != nil {
		return &snapshot.Refused{Why: err.Error()}
	}
	if err := k.check(tx); err != nil {
		return &snapshot.Refused{Why: err.Error()}
	}
	if err := scenarios.Check(tx); err != nil {
		return &snapshot.Refused{Why: err.Error()}
	}
	if err := ads.Check(tx); err != nil {
		return &snapshot.Refused{Why: err.Error()}
	}
	if err := ledgersMatch(tx); err != nil {
		return err
	}
	return tx.SetMeta(initializedKey, true) // a later start keeps it rather than filling it with fixtures
}

func reportOf(doc *snapshot.Document, now time.Time) RestoreReport {
	r := RestoreReport{Buckets: len(doc.Buckets), Now: now}
	for _, b := range doc.Buckets {
		r.Entries += len(b.Entries)
	}
	return r
}

// SaveSnapshot writes the snapshot of a data file that no sandbox is
// serving. The file must exist: saving creates nothing.
func SaveSnapshot(path string, w io.Writer) error {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("no data file to save: %w", err)
	}
	db, err := store.Open(path, store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	return db.View(func(tx *store.Tx) error { return snapshot.Write(tx, w, time.Now()) })
}

// LoadSnapshot replaces the state of a data file that no sandbox is serving
// with a snapshot, all or nothing; a missing file is created, and removed
// again if the snapshot is refused, so a failed load leaves no file behind.
func LoadSnapshot(path string, data []byte) (RestoreReport, error) {
	doc, err := snapshot.Read(data)
	if err != nil {
		return RestoreReport{}, err
	}
	_, statErr := os.Stat(path)
	db, err := store.Open(path, store.Options{Large: len(data) > largeFixtures})
	if err != nil {
		return RestoreReport{}, err
	}
	defer db.Close()
	k := offlineKinds(db)
	if err := db.UpdateAlone(func(tx *store.Tx) error { return restore(context.Background(), tx, doc, time.Now(), k) }); err != nil {
		if os.IsNotExist(statErr) {
			db.Close()
			os.Remove(path)
		}
		return RestoreReport{}, err
	}
	if err := k.clock.Load(); err != nil {
		return RestoreReport{}, err
	}
	return reportOf(doc, k.clock.Now()), nil
}

// kinds are the effect and review kinds the domain registered on a clock
// and a review registry: stored effects and reviews must be of them.
type kinds struct {
	clock   *clock.Clock
	reviews *review.Registry
}

func (s *Sandbox) kinds() kinds { return kinds{clock: s.clock, reviews: s.domain.reviews} }

// check refuses effects and reviews of other kinds, or with payloads not
// their kind's (rule R10).
func (k kinds) check(tx *store.Tx) error {
	if err := k.clock.CheckEffects(tx); err != nil {
		return err
	}
	return k.reviews.CheckReviews(tx)
}

// offlineKinds are the kinds over a data file no sandbox serves, every one
// registered as Open registers them, so offline loads and checks know the
// kinds a serving sandbox knows.
func offlineKinds(db *store.DB) kinds {
	c := clock.New(db, time.Time{}, time.Now, nil)
	d := newDomain(db, c, Config{}.withDefaults(), func(string) {})
	return kinds{clock: c, reviews: d.reviews}
}

// The meta value lifecycle.go keeps (rule R10).
func init() {
	store.RegisterMeta(initializedKey, func(v []byte) error {
		var done bool
		return store.Decode(v, &done)
	})
}
