package sandbox

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/clock"
	"github.com/kakao-sandbox/kakao-sandbox/internal/snapshot"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
)

// Binary snapshots (rule D04): the data file itself, copied from one read
// transaction while the sandbox serves, and swapped back in whole once it
// passes the checks a start makes. Unlike a JSON snapshot it keeps the
// clock as stored: a running clock goes on as though the time between the
// save and the load had passed.

// SnapshotBinary copies the data file, consistently, from one read
// transaction into a spool file beside it (removed once read) and answers
// it as it is written, with its size. The transaction lasts as long as the
// disk takes to write the copy, never as long as a slow client reads it:
// a swap waiting for it would hold every request back (rule D04). Closing
// the answer before its end stops the copy. The copy's digest is kept
// (servedSnapshots), once it is written whole.
func (s *Sandbox) SnapshotBinary() (io.ReadCloser, int64, error) {
	sp, err := newSpool(filepath.Dir(s.db.Path()), sidePattern(s.db.Path(), sideSave))
	if err != nil {
		return nil, 0, err
	}
	removed := os.Remove(sp.f.Name()) == nil // gone with its last handle, where the system allows
	h := sha256.New()
	sp.tee = h
	sized := make(chan int64, 1)
	var counts RestoreReport
	copied := s.db.ViewFrom(func(tx *store.Tx) error {
		sized <- tx.Size()
		_, err := tx.WriteTo(sp)
		if err == nil {
			counts, err = countOf(tx) // once written: the client need not wait for it
		}
		return err
	})
	ended := make(chan struct{})
	go func() {
		err := <-copied
		if err == nil { // before the end is read: a client may send it straight back
			s.served.add([sha256.Size]byte(h.Sum(nil)), counts)
		}
		sp.end(err)
		close(ended)
	}()
	// closer says why the copy fell short (a full disk), unless the client
	// stopped reading first.
	closer := func() error {
		sp.abandon()
		<-ended
		err := sp.f.Close()
		if !removed {
			os.Remove(sp.f.Name())
		}
		if errors.Is(sp.err, errSpoolAbandoned) {
			return err
		}
		return errors.Join(sp.err, err)
	}
	select {
	case size := <-sized:
		return spoolAnswer{sp.reader(), closer}, size, nil
	case <-ended:
	}
	select { // ended so soon, it may have run all the same
	case size := <-sized:
		return spoolAnswer{sp.reader(), closer}, size, nil
	default:
		return nil, 0, closer()
	}
}

// spoolAnswer is a spool file read to a client; closing it lets go of it.
type spoolAnswer struct {
	io.Reader
	close func() error
}

func (a spoolAnswer) Close() error { return a.close() }

// servedSnapshots are the digests (SHA-256) of the last binary snapshots
// this sandbox saved. Such a file is a consistent copy of a state the
// sandbox served: it passed the checks when it was opened or loaded, and
// changed since only through the domain's own rules, so loading the same
// bytes back needs no checks again (rule D04: they take seconds at 100k
// ad accounts). Any other file, one byte changed or saved by another
// process, is checked whole.
// Their counts are kept with them, for the restore's answer: counting 2.9
// million entries again after the swap took a tenth of a second or more.
type servedSnapshots struct {
	mu     sync.Mutex
	served []servedSnapshot // newest last
}

type servedSnapshot struct {
	sum    [sha256.Size]byte
	counts RestoreReport
}

// maxServed bounds the digests kept: 32 bytes and two counts each.
const maxServed = 16

func (d *servedSnapshots) add(sum [sha256.Size]byte, counts RestoreReport) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.served) == maxServed {
		d.served = d.served[1:]
	}
	d.served = append(d.served, servedSnapshot{sum, counts})
}

// find answers the counts of the snapshot whose digest is sum, if served.
func (d *servedSnapshots) find(sum [sha256.Size]byte) (RestoreReport, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	i := slices.IndexFunc(d.served, func(s servedSnapshot) bool { return s.sum == sum })
	if i < 0 {
		return RestoreReport{}, false
	}
	return d.served[i].counts, true
}

// errRestoreCame stops the fixture loads a snapshot load finds running.
var errRestoreCame = errors.New("a snapshot load came")

// RestoreBinary replaces the data file with the bbolt file read from r:
// written beside the data file, checked (CheckBinary) unless it is a
// snapshot this sandbox saved (servedSnapshots), then swapped in between
// transactions (store.DB.Replace). A refused file is a *snapshot.Refused,
// and nothing changes. The log says where the time went.
func (s *Sandbox) RestoreBinary(ctx context.Context, r io.Reader) (RestoreReport, error) {
	t0 := time.Now()
	h := sha256.New()
	tmp, err := s.spoolBeside(io.TeeReader(r, h), sideRestore, syncLater) // fsynced once checked
	if err != nil {
		return RestoreReport{}, err
	}
	defer os.Remove(tmp) // renamed away when swapped in
	t1 := time.Now()
	report, saved := s.served.find([sha256.Size]byte(h.Sum(nil)))
	if saved && s.db.Synced() {
		err = syncFile(tmp)
	} else if !saved {
		report, err = checkBinary(tmp, func(*store.DB) kinds { return s.kinds() }, s.cfg.Now(), s.db.Synced())
	}
	if err != nil {
		return RestoreReport{}, err
	}
	if err := ctx.Err(); err != nil {
		return RestoreReport{}, &store.Stopped{Cause: context.Cause(ctx)}
	}
	t2 := time.Now()
	s.loads.stop(errRestoreCame)
	if err := s.swapIn(tmp); err != nil {
		return RestoreReport{}, err
	}
	s.limiter.Clear() // the counts belonged to the state that is gone
	s.logger.Info("binary snapshot loaded", "entries", report.Entries, "saved_here", saved, "receive_ms", t1.Sub(t0).Milliseconds(),
		"check_ms", t2.Sub(t1).Milliseconds(), "swap_ms", time.Since(t2).Milliseconds())
	report.Now = s.clock.Now()
	return report, nil
}

// spoolBeside writes r to a new file beside the data file, so it can be
// renamed over it; sync says how it reaches the disk when the data file
// fsyncs (not at all otherwise).
func (s *Sandbox) spoolBeside(r io.Reader, side string, sync spoolSync) (string, error) {
	if !s.db.Synced() {
		sync = noSync
	}
	return spoolFrom(r, filepath.Dir(s.db.Path()), sidePattern(s.db.Path(), side), sync)
}

// swapIn puts the checked file at path in place of the data file, keeping
// the meta values named by keep, and reloads what is kept in memory: the
// clock and its next effect, the scenarios and their counts. The webhook
// sender stops first (its calls in flight finish and are recorded in the
// old file) and starts again over the new file's outbox.
func (s *Sandbox) swapIn(path string, keep ...string) error {
	s.swaps.Lock()
	defer s.swaps.Unlock()
	defer s.webhooks.Start()
	// Once no copy is in flight: a slow one would hold the clock and the
	// sender stopped meanwhile.
	err := s.db.AfterCopies(func() error {
		s.webhooks.Close()
		return s.clock.Restart(func() error { return s.db.Replace(path, keep...) })
	})
	if err != nil {
		return err
	}
	if err := s.registry.Reload(); err != nil {
		return err
	}
	s.applied() // the state is the file's, not the start-up settings'
	return nil
}

// CheckBinary runs on a binary snapshot the checks a data file passes at
// start (store.Open: bbolt's consistency check, the schema, every bucket
// known, every value JSON; then every value read as its owner reads it, and
// every balance against its ledger) and answers what it holds. The file may
// be changed on the way as opening changes one (an older schema migrated).
// A refusal is a *snapshot.Refused saying what failed.
func CheckBinary(path string) (RestoreReport, error) {
	return checkBinary(path, offlineKinds, time.Now(), false)
}

// checkBinary is CheckBinary with the kinds a sandbox knows and its real
// clock; sync fsyncs the file once checked, for a data file that fsyncs.
func checkBinary(path string, kindsOf func(*store.DB) kinds, real time.Time, sync bool) (RestoreReport, error) {
	db, err := store.Open(path, store.Options{NoSync: true})
	if err != nil {
		return RestoreReport{}, refusedFile(err)
	}
	k := kindsOf(db)
	var r RestoreReport
	err = db.UpdateAlone(func(tx *store.Tx) error {
		if err := clock.Resume(tx, real); err != nil {
			return &snapshot.Refused{Why: err.Error()}
		}
		return nil
	})
	if err == nil {
		err = checkParallel(db, k, &r)
	}
	err = errors.Join(err, db.Close())
	if err == nil && sync {
		err = syncFile(path)
	}
	var refused *snapshot.Refused
	if err != nil && !errors.As(err, &refused) {
		err = refusedFile(err)
	}
	return r, err
}

// checkParallel reads every value as its owner does (checkValues) in one
// read transaction and the ledgers and counts in another, at once: each
// reads the whole file.
func checkParallel(db *store.DB, k kinds, r *RestoreReport) error {
	ledgers := make(chan error, 1)
	go func() {
		ledgers <- db.View(func(tx *store.Tx) (err error) {
			if err := ledgersMatch(tx); err != nil {
				return err
			}
			*r, err = countOf(tx)
			return err
		})
	}()
	err := db.View(func(tx *store.Tx) error {
		problems, err := checkValues(tx, k)
		if err == nil && len(problems) > 0 {
			err = &snapshot.Refused{Why: fmt.Sprintf("%d stored values this build cannot serve, the first: %s", len(problems), problems[0])}
		}
		return err
	})
	// A value refused is said before a ledger, which may not decode.
	return errors.Join(err, <-ledgers)
}

// refusedFile says why a file failed store.Open's checks, as a refusal of
// the snapshot rather than of a --data file.
func refusedFile(err error) error {
	if why, ok := store.Refusal(err); ok {
		return &snapshot.Refused{Why: "the file " + why}
	}
	if errors.Is(err, store.ErrCorrupt) {
		return &snapshot.Refused{Why: "the file is damaged: " + err.Error()}
	}
	return err
}

// ledgersMatch refuses a state in which a balance is not its ledger (rule W15).
func ledgersMatch(tx *store.Tx) error {
	_, bad, err := wallet.Verify(tx)
	if err != nil {
		return &snapshot.Refused{Why: fmt.Sprintf("the wallets cannot be read: %v", err)}
	}
	if len(bad) == 0 {
		return nil
	}
	lines := make([]string, len(bad))
	for i, m := range bad {
		lines[i] = m.String()
	}
	return &snapshot.Refused{Why: fmt.Sprintf("%d wallets do not match their ledger (rule W15): %s", len(bad), strings.Join(lines, "; "))}
}

// countOf counts the buckets and entries a file holds.
func countOf(tx *store.Tx) (r RestoreReport, err error) {
	r.Buckets, r.Entries, err = tx.Count()
	return r, err
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	return errors.Join(f.Sync(), f.Close())
}

// SaveBinary copies the data file of a sandbox no one serves to file,
// consistently and fsynced, after the checks a start makes: what it copies
// loads again.
func SaveBinary(data, file string) (RestoreReport, error) {
	if _, err := os.Stat(data); err != nil {
		return RestoreReport{}, fmt.Errorf("no data file to save: %w", err)
	}
	db, err := store.Open(data, store.Options{})
	if err != nil {
		return RestoreReport{}, err
	}
	err = db.CopyFile(file, true)
	if err = errors.Join(err, db.Close()); err != nil {
		os.Remove(file)
		return RestoreReport{}, err
	}
	r, err := CheckBinary(file)
	if err != nil {
		os.Remove(file)
	}
	return r, err
}

// LoadBinary replaces a data file no sandbox serves with a copy of the
// binary snapshot at file, once the copy passes the checks (CheckBinary);
// refused, data is left as it was.
func LoadBinary(file, data string) (RestoreReport, error) {
	src, err := os.Open(file)
	if err != nil {
		return RestoreReport{}, fmt.Errorf("cannot read the snapshot: %w", err)
	}
	defer src.Close()
	return LoadBinaryFrom(src, data)
}

// LoadBinaryFrom is LoadBinary of the binary snapshot r reads (standard
// input): written beside data first, then checked there.
func LoadBinaryFrom(r io.Reader, data string) (RestoreReport, error) {
	if err := notServed(data); err != nil {
		return RestoreReport{}, err
	}
	tmp, err := spoolFrom(r, filepath.Dir(data), filepath.Base(data)+".load-*", syncLater)
	if err != nil {
		return RestoreReport{}, fmt.Errorf("cannot copy the snapshot beside %s: %w", data, err)
	}
	defer os.Remove(tmp)                                            // renamed away once loaded
	report, err := checkBinary(tmp, offlineKinds, time.Now(), true) // fsynced once checked
	if err != nil {
		return RestoreReport{}, err
	}
	if err := os.Rename(tmp, data); err != nil {
		return RestoreReport{}, err
	}
	return report, nil
}

// notServed refuses a data file another process holds open (a sandbox
// serving it): renamed over, the file would be lost to that sandbox. A
// missing or damaged file is fine to load over.
func notServed(data string) error {
	if _, err := os.Stat(data); err != nil {
		return nil
	}
	db, err := store.Open(data, store.Options{NoSync: true})
	if err == nil {
		return db.Close()
	}
	if _, refused := store.Refusal(err); refused || errors.Is(err, store.ErrCorrupt) {
		return nil
	}
	return err
}

// startFromSnapshot makes a new data file at data from a copy of the
// binary snapshot at file (Config.FromSnapshot).
func startFromSnapshot(file, data string) error {
	if _, err := os.Stat(data); err == nil {
		return fmt.Errorf("sandbox: the data file %s exists: a start from a snapshot makes a new one; remove it or give another", data)
	}
	if _, err := LoadBinary(file, data); err != nil {
		var refused *snapshot.Refused
		if errors.As(err, &refused) {
			return fmt.Errorf("sandbox: the snapshot %s is refused: %s", file, refused.Why)
		}
		return fmt.Errorf("sandbox: the snapshot %s: %w", file, err)
	}
	return nil
}
