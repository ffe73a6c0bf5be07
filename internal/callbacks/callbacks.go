// Package callbacks composes what Kakao's side does and then tells an app,
// each state change and its deliveries in one transaction (H02, H03, H04,
// H06; docs/webhooks.md): an unlink (the unlink webhook and the
// user-unlinked SET), an account event (a Security Event Token to the
// account-status webhook) and a Talk Channel being added or blocked (the
// channel webhook); the console test tool's samples of the three (test.go,
// unlink.go); and saving an app's webhook settings, which re-enables them
// and retargets their retries (settings.go).
//
// It uses auth (users, apps, the state changes, SETs), wallet (Talk
// Channels), webhook (the outbox) and scenarios (faults put in deliveries);
// it must not import Gin or httpapi.
package callbacks

import (
	"github.com/kakao-sandbox/kakao-sandbox/internal/scenarios"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
	"github.com/kakao-sandbox/kakao-sandbox/internal/webhook"
)

// Service triggers Kakao-side events.
type Service struct {
	db        *store.DB
	hooks     *webhook.Service
	scenarios *scenarios.Registry // nil: no faults
}

// New is the service; sc may be nil.
func New(db *store.DB, hooks *webhook.Service, sc *scenarios.Registry) *Service {
	return &Service{db: db, hooks: hooks, scenarios: sc}
}

// Fault is what the active webhook scenarios do to the next delivery of
// kind, nil for nothing. It counts the scenario's match, which writes the
// data file, so it runs before the transaction that queues the delivery,
// and only when will says a delivery of kind is coming (read beforehand):
// a trigger refused, or one that sends nothing, uses up no scenario.
func (s *Service) Fault(kind webhook.Kind, will bool) (*scenarios.Webhook, error) {
	if !will {
		return nil, nil
	}
	return s.scenarios.DecideWebhook(string(kind))
}

// read runs f in a read transaction: the checks a trigger makes before it
// decides its faults (Fault), made again in its own transaction.
func (s *Service) read(f func(tx *store.Tx) error) error { return s.db.View(f) }
