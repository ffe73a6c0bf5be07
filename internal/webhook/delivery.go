package webhook

import (
	"fmt"
	"net/url"
	"slices"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// Outcome is how a delivery stands: queued until the sender ends it.
type Outcome string

const (
	OutcomeQueued    Outcome = "queued"    // not yet answered as Kakao requires; more attempts to come
	OutcomeDelivered Outcome = "delivered" // an attempt got the status Kakao requires
	OutcomeFailed    Outcome = "failed"    // every attempt failed
	OutcomeDisabled  Outcome = "disabled"  // not sent: the app's webhook was disabled after failures
)

// Outcomes lists every outcome, for labels and filters.
var Outcomes = []Outcome{OutcomeQueued, OutcomeDelivered, OutcomeFailed, OutcomeDisabled}

// Delivery is one entry of the delivery log: the request as sent and every
// attempt. Outcome is stored once the sender ends the delivery (it is the
// sender's decision, not derivable later: the retry policy is configurable);
// empty means queued.
type Delivery struct {
	ID       uint64    `json:"id"`
	AppID    uint64    `json:"appId"`
	Kind     Kind      `json:"kind"`
	Cause    string    `json:"cause"`
	Test     bool      `json:"test,omitempty"` // the test tool's sample (Request.Test)
	Request  Sent      `json:"request"`
	QueuedAt time.Time `json:"queuedAt"`
	Attempts []Attempt `json:"attempts"`
	Outcome  Outcome   `json:"outcome,omitempty"`
}

// Sent is the request as it goes on the wire. The admin key is stored in
// clear, as the app's is (it must be sent); the log masks it.
type Sent struct {
	Method string            `json:"method"`
	URL    string            `json:"url"`
	Header map[string]string `json:"header"`
	Body   string            `json:"body"`
}

// Attempt is one call: when, what came back (0: no answer) and how long
// it took, or why it failed.
type Attempt struct {
	At        time.Time `json:"at"`
	Status    int       `json:"status"`
	LatencyMS int64     `json:"latencyMs"`
	Error     string    `json:"error,omitempty"`
}

// Standing is the delivery's outcome: queued until the sender ended it.
func (d *Delivery) Standing() Outcome {
	if d.Outcome == "" {
		return OutcomeQueued
	}
	return d.Outcome
}

// due is an outbox entry: the delivery (by key) is next attempted at At,
// wall time.
type due struct {
	At time.Time `json:"at"`
}

// health is an app's webhook of one kind: deliveries failed in a row since
// the last success or save of the settings, and whether it is disabled.
type health struct {
	FailedInARow int  `json:"failedInARow"`
	Disabled     bool `json:"disabled"`
}

const (
	deliveriesBucket = "webhook.deliveries" // Key(id) → Delivery: the log
	outboxBucket     = "webhook.outbox"     // Key(id) → due: deliveries still to attempt
	healthBucket     = "webhook.health"     // Key(appID)+kind → health
)

func healthKey(app uint64, k Kind) []byte { return store.Keys(store.Key(app), []byte(k)) }

func (s *Service) disabled(tx *store.Tx, app uint64, k Kind) (bool, error) {
	var h health
	_, err := tx.Get(healthBucket, healthKey(app, k), &h)
	return h.Disabled, err
}

// Enable forgets the failures of every webhook of app: saving the
// settings re-enables them, as setting [사용함] does in Kakao's console.
func (s *Service) Enable(tx *store.Tx, app uint64) error {
	for _, k := range Kinds {
		if err := tx.Delete(healthBucket, healthKey(app, k)); err != nil {
			return err
		}
	}
	return nil
}

// Retarget ends, as disabled (not sent again), app's deliveries still
// waiting for an attempt whose URL is no longer the app's setting of their
// kind: saving the settings calls it, so a retry never goes to a URL the
// app removed or replaced (rule H06: only the settings' URLs are called).
func (s *Service) Retarget(tx *store.Tx, app uint64, set Settings) error {
	return s.halt(tx, func(d *Delivery) bool {
		return d.AppID == app && !sameTarget(set.URL(d.Kind), d.Request.URL)
	})
}

// halt ends the outbox's deliveries that stop selects as disabled: their
// attempts so far stay in the log, and none comes after. One in flight
// meanwhile is sent, but its attempt is not recorded (record leaves an
// ended delivery as it is).
func (s *Service) halt(tx *store.Tx, stop func(*Delivery) bool) error {
	var keys [][]byte
	if err := tx.Scan(outboxBucket, nil, func(k, _ []byte) (bool, error) {
		keys = append(keys, append([]byte(nil), k...))
		return true, nil
	}); err != nil {
		return err
	}
	for _, k := range keys {
		var d Delivery
		ok, err := tx.Get(deliveriesBucket, k, &d)
		if err != nil {
			return err
		}
		if ok && (d.Outcome != "" || !stop(&d)) {
			continue
		}
		if err := tx.Delete(outboxBucket, k); err != nil { // !ok: a stray entry, nothing to send
			return err
		}
		if !ok {
			continue
		}
		d.Outcome = OutcomeDisabled
		if err := tx.Put(deliveriesBucket, k, &d); err != nil {
			return err
		}
		tx.OnCommit(func() { s.counted(d.Kind, d.Outcome) })
	}
	return nil
}

// Disabled lists the kinds of app's webhooks disabled after failures.
func (s *Service) Disabled(tx *store.Tx, app uint64) ([]Kind, error) {
	var out []Kind
	for _, k := range Kinds {
		d, err := s.disabled(tx, app, k)
		if err != nil {
			return nil, err
		}
		if d {
			out = append(out, k)
		}
	}
	return out, nil
}

// sameTarget reports whether sent is the setting's URL, plus the query a
// GET adds: same scheme, host and path, and every parameter of the setting.
func sameTarget(setting, sent string) bool {
	a, err1 := url.Parse(setting)
	b, err2 := url.Parse(sent)
	if err1 != nil || err2 != nil || a.Scheme != b.Scheme || a.Host != b.Host || a.Path != b.Path {
		return false
	}
	have := b.Query()
	for k, vs := range a.Query() {
		for _, v := range vs {
			if !slices.Contains(have[k], v) {
				return false
			}
		}
	}
	return true
}

func init() {
	store.RegisterShape(store.Entities(deliveriesBucket, func(d *Delivery) uint64 { return d.ID }, func(d *Delivery) error {
		if err := store.OneOf("kind", d.Kind, Kinds...); err != nil || d.Outcome == "" {
			return err
		}
		return store.OneOf("outcome", d.Outcome, OutcomeDelivered, OutcomeFailed, OutcomeDisabled)
	}))
	store.RegisterShape(store.Values[due](outboxBucket, 8, -1, nil))
	store.RegisterShape(store.Values(healthBucket, 0, -1, func(key []byte, _ *health) error {
		if len(key) <= 8 {
			return fmt.Errorf("the key is not an app id and a kind")
		}
		return store.OneOf("kind", Kind(key[8:]), Kinds...)
	}))
}
