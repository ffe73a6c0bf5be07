// Package review holds requests that Kakao's staff would review by hand: a
// business information change, a tax invoice correction (rule W10), a
// KakaoCloud dedicated account (B07). In the sandbox they stay PENDING until
// the control plane approves or rejects them; approval applies the request.
//
// A domain package registers each sort of request with the function that
// applies it, as it registers clock effects; review knows nothing of what a
// request means. It uses store and kakao only.
package review

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

const reviewsBucket = "review.reviews"

// Status is where a review stands.
type Status string

const (
	Pending  Status = "PENDING"
	Approved Status = "APPROVED"
	Rejected Status = "REJECTED"
)

// Review is one request waiting for, or given, a decision.
type Review struct {
	ID          uint64          `json:"id"`
	Kind        string          `json:"kind"`
	Subject     string          `json:"subject"` // what it is about, for people: "wallet 3, tax invoice 2026-10"
	Request     json.RawMessage `json:"request"` // the kind's payload
	Status      Status          `json:"status"`
	RequestedBy uint64          `json:"requestedBy,omitempty"`
	RequestedAt time.Time       `json:"requestedAt"`
	DecidedAt   *time.Time      `json:"decidedAt,omitempty"`
	Note        string          `json:"note,omitempty"`    // the reviewer's words
	Outcome     string          `json:"outcome,omitempty"` // what approval did
}

type applier func(tx *store.Tx, payload json.RawMessage) (string, error)

// Registry knows every kind of review and how to apply it.
type Registry struct {
	db    *store.DB
	kinds map[string]applier
	// checks decode each kind's payload strictly, as a snapshot's is read
	// (rule R10).
	checks map[string]func(payload json.RawMessage) error
}

// NewRegistry makes an empty registry over db.
func NewRegistry(db *store.DB) *Registry {
	return &Registry{db: db, kinds: map[string]applier{}, checks: map[string]func(json.RawMessage) error{}}
}

// Kind is a registered sort of review whose payload is a P.
type Kind[P any] struct{ name string }

// Register makes name a kind of review: apply runs, inside the approving
// transaction, when staff approve one, and says what it did. An error from
// apply leaves the review pending.
func Register[P any](r *Registry, name string, apply func(tx *store.Tx, p P) (string, error)) Kind[P] {
	if _, dup := r.kinds[name]; dup {
		panic("review: kind " + name + " registered twice")
	}
	r.kinds[name] = func(tx *store.Tx, payload json.RawMessage) (string, error) {
		var p P
		if err := json.Unmarshal(payload, &p); err != nil {
			return "", fmt.Errorf("review %s payload: %w", name, err)
		}
		return apply(tx, p)
	}
	r.checks[name] = func(payload json.RawMessage) error {
		var p P
		return store.Decode(payload, &p)
	}
	return Kind[P]{name: name}
}

// Submit files a request for review inside the caller's transaction.
func (k Kind[P]) Submit(tx *store.Tx, by uint64, subject string, p P) (Review, error) {
	payload, err := json.Marshal(p)
	if err != nil {
		return Review{}, err
	}
	id, err := tx.NextID(reviewsBucket)
	if err != nil {
		return Review{}, err
	}
	rv := Review{ID: id, Kind: k.name, Subject: subject, Request: payload, Status: Pending, RequestedBy: by, RequestedAt: tx.Now()}
	return rv, tx.Put(reviewsBucket, store.Key(id), rv)
}

// Pending lists the kind's pending reviews, oldest first.
func (k Kind[P]) Pending(tx *store.Tx) ([]P, error) {
	var out []P
	err := scan(tx, func(rv Review) error {
		if rv.Kind != k.name || rv.Status != Pending {
			return nil
		}
		var p P
		if err := json.Unmarshal(rv.Request, &p); err != nil {
			return err
		}
		out = append(out, p)
		return nil
	})
	return out, err
}

// List lists reviews, oldest first; status "" lists all.
func (r *Registry) List(status Status) ([]Review, error) {
	var out []Review
	err := r.db.View(func(tx *store.Tx) error {
		return scan(tx, func(rv Review) error {
			if status == "" || rv.Status == status {
				out = append(out, rv)
			}
			return nil
		})
	})
	return out, err
}

// Decide approves (applying the request) or rejects a pending review.
func (r *Registry) Decide(id uint64, approve bool, note string) (Review, error) {
	var rv Review
	err := r.db.Update(func(tx *store.Tx) (err error) {
		rv, err = r.DecideIn(tx, id, approve, note)
		return err
	})
	return rv, err
}

// DecideIn is Decide inside the caller's transaction: a clock effect that
// decides for the staff (a creative approved after a delay) uses it.
func (r *Registry) DecideIn(tx *store.Tx, id uint64, approve bool, note string) (Review, error) {
	rv, ok, err := Get(tx, id)
	if err != nil {
		return rv, err
	}
	if !ok {
		return rv, kakao.ErrNotFound.With("no review %d", id)
	}
	if rv.Status != Pending {
		return rv, kakao.ErrReviewDecided.With("요청 %d은 이미 %s 상태입니다.", id, rv.Status)
	}
	rv.Status, rv.Note = Rejected, note
	if approve {
		apply, ok := r.kinds[rv.Kind]
		if !ok {
			return rv, fmt.Errorf("review %d: kind %q is not registered", id, rv.Kind)
		}
		if rv.Outcome, err = apply(tx, rv.Request); err != nil {
			return rv, err
		}
		rv.Status = Approved
	}
	now := tx.Now()
	rv.DecidedAt = &now
	return rv, tx.Put(reviewsBucket, store.Key(id), rv)
}

// Get reads one review inside the caller's transaction; a domain reads its
// own requests' outcome from it rather than keeping a copy.
func Get(tx *store.Tx, id uint64) (Review, bool, error) {
	var rv Review
	ok, err := tx.Get(reviewsBucket, store.Key(id), &rv)
	return rv, ok, err
}

func scan(tx *store.Tx, fn func(Review) error) error {
	return tx.Scan(reviewsBucket, nil, func(_, v []byte) (bool, error) {
		var rv Review
		if err := json.Unmarshal(v, &rv); err != nil {
			return false, err
		}
		return true, fn(rv)
	})
}
