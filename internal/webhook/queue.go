package webhook

import (
	"fmt"
	"net/http"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// Kind is which webhook a delivery is.
type Kind string

const (
	KindUnlink        Kind = "unlink"        // §10.1
	KindAccountStatus Kind = "accountStatus" // §10.2
	KindChannel       Kind = "channel"       // §10.3
)

// Kinds lists every kind, for labels and filters.
var Kinds = []Kind{KindUnlink, KindAccountStatus, KindChannel}

// Request is one call the sandbox makes to an app, as it will be sent.
type Request struct {
	AppID  uint64
	Kind   Kind
	Method string            // GET or POST
	URL    string            // with the query for GET
	Header map[string]string // as sent: Authorization, Content-Type, X-Kakao-Resource-ID, User-Agent…
	Body   []byte
	Cause  string // for the log: "unlink of user 3 (UNLINK_FROM_APPS)", "webhook test"
	// Test marks the console test tool's sample (§10.5): sent even to a
	// disabled webhook, and its failure does not count towards disabling.
	Test bool
}

// Success reports whether status is the answer Kakao requires of kind
// (rule H05, docs/kakao-api.md §10): the unlink webhook 200 exactly, the
// channel webhook any 2xx, the account-status webhook 202 (the status
// §10.2 names; other 2xx are failures: the sandbox's reading, docs/guesses.md).
func Success(k Kind, status int) bool {
	switch k {
	case KindUnlink:
		return status == http.StatusOK
	case KindChannel:
		return status >= 200 && status < 300
	case KindAccountStatus:
		return status == http.StatusAccepted
	}
	return false
}

// Queue stores r in the outbox in tx (same transaction as its cause) and
// wakes the sender after commit. It refuses a URL that is not the app's
// setting for r.Kind (settings passed in by the caller, who read the app in
// the same tx). It only writes: it never waits on the network.
func (s *Service) Queue(tx *store.Tx, settings Settings, r Request) (uint64, error) {
	if err := r.check(settings); err != nil {
		return 0, err
	}
	d := Delivery{
		AppID: r.AppID, Kind: r.Kind, Cause: r.Cause, Test: r.Test, QueuedAt: time.Now().UTC(),
		Request: Sent{Method: r.Method, URL: r.URL, Header: r.Header, Body: string(r.Body)},
	}
	disabled, err := s.disabled(tx, r.AppID, r.Kind)
	if err != nil {
		return 0, err
	}
	if disabled && !r.Test {
		// Kakao's [일시 중지]: nothing is sent until the settings are saved again
		d.Outcome = OutcomeDisabled
	}
	if d.ID, err = tx.NextID(deliveriesBucket); err != nil {
		return 0, err
	}
	if err := tx.Put(deliveriesBucket, store.Key(d.ID), &d); err != nil {
		return 0, err
	}
	if err := forget(tx, d.ID); err != nil {
		return 0, err
	}
	if d.Outcome == OutcomeDisabled {
		tx.OnCommit(func() { s.counted(d.Kind, d.Outcome) })
		return d.ID, nil
	}
	if err := tx.Put(outboxBucket, store.Key(d.ID), &due{At: d.QueuedAt}); err != nil {
		return 0, err
	}
	tx.OnCommit(func() { s.counted(d.Kind, OutcomeQueued); s.Wake() })
	return d.ID, nil
}

// check is what Queue refuses: a programming error in the caller, never a
// client's (the caller builds r from the settings it passes).
func (r Request) check(settings Settings) error {
	switch {
	case r.AppID == 0:
		return fmt.Errorf("webhook: a delivery needs an app")
	case settings.URL(r.Kind) == "":
		return fmt.Errorf("webhook: app %d has no %s webhook set", r.AppID, r.Kind)
	case r.Method != http.MethodGet && r.Method != http.MethodPost:
		return fmt.Errorf("webhook: method %q", r.Method)
	case !sameTarget(settings.URL(r.Kind), r.URL):
		// rule H06: only the URLs in the app's settings are called
		return fmt.Errorf("webhook: %s is not app %d's %s webhook URL", r.URL, r.AppID, r.Kind)
	}
	return nil
}

// LogSize is how many deliveries the log keeps: each new one forgets those
// LogSize or more before it, once ended, so the data file does not grow
// without end (a delivery still queued then stays until the sender ends it,
// and goes with the next one queued after that).
const LogSize = 10_000

func forget(tx *store.Tx, newest uint64) error {
	if newest <= LogSize {
		return nil
	}
	// The oldest come first: the ones still queued when their turn came
	// (few), then the one LogSize before newest.
	var old [][]byte
	err := tx.Scan(deliveriesBucket, nil, func(k, _ []byte) (bool, error) {
		if store.ID(k) > newest-LogSize {
			return false, nil
		}
		if !tx.Has(outboxBucket, k) {
			old = append(old, append([]byte(nil), k...))
		}
		return true, nil
	})
	for _, k := range old {
		if err == nil {
			err = tx.Delete(deliveriesBucket, k)
		}
	}
	return err
}
