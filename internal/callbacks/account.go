package callbacks

import (
	"fmt"

	"github.com/kakao-sandbox/kakao-sandbox/internal/auth"
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/scenarios"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
	"github.com/kakao-sandbox/kakao-sandbox/internal/webhook"
)

// AccountEvent is a POST /_sandbox/users/{userId}/account-events.
type AccountEvent struct {
	User   string // key or id
	App    uint64
	Event  string // short name or URI
	Issuer string // the SET's iss: the sandbox's kauth issuer
}

// Sent says what an event did: the event and the deliveries queued (none
// when the app does not subscribe to it).
type Sent struct {
	Event      auth.AccountEvent
	URI        string
	Deliveries []uint64
}

// parseEvent takes the account events a trigger may send.
func parseEvent(name string) (auth.AccountEvent, error) {
	ev, ok := auth.ParseAccountEvent(name)
	if !ok || ev == auth.EventUserUnlinked {
		return "", kakao.Invalid("event", "%q is not an account event the sandbox triggers (account-disabled, account-enabled, tokens-revoked, sessions-revoked, credential-change, user-profile-changed; an unlink is POST /_sandbox/users/{userId}/unlink)", name)
	}
	return ev, nil
}

// TriggerAccountEvent applies the event's state change on Kakao's side and
// queues its SET to the app's account-status webhook when the app
// subscribes to the event, in one transaction.
func (s *Service) TriggerAccountEvent(e AccountEvent) (Sent, error) {
	ev, err := parseEvent(e.Event)
	if err != nil {
		return Sent{}, err
	}
	var will bool
	if err := s.read(func(tx *store.Tx) error {
		a, _, err := linked(tx, e.App, e.User)
		will = err == nil && a.Webhooks.Subscribed(string(ev))
		return err
	}); err != nil {
		return Sent{}, err
	}
	fault, err := s.Fault(webhook.KindAccountStatus, will)
	if err != nil {
		return Sent{}, err
	}
	out := Sent{Event: ev, URI: ev.URI()}
	err = s.db.Update(func(tx *store.Tx) error {
		out.Deliveries = nil // a batch may run this again
		a, u, err := linked(tx, e.App, e.User)
		if err != nil {
			return err
		}
		if err := applyEvent(tx, ev, a.ID, u.ID); err != nil {
			return err
		}
		out.Deliveries, err = s.QueueSET(tx, a, auth.SET{Issuer: e.Issuer, App: a, UserID: u.ID, Event: ev}, fault,
			fmt.Sprintf("%s of user %d", ev, u.ID))
		return err
	})
	return out, err
}

// linked is auth.Linked for a user named by id or fixture key (the
// account-event trigger takes either).
func linked(tx *store.Tx, appID uint64, userRef string) (auth.App, auth.User, error) {
	u, err := auth.FindUser(tx, userRef)
	if err != nil {
		return auth.App{}, auth.User{}, err
	}
	return auth.Linked(tx, appID, u.ID)
}

// applyEvent is the event's state change where it has one in the sandbox
// (docs/webhooks.md "Account status"): sessions, credentials and profile
// changes happen at Kakao, which the sandbox does not model.
func applyEvent(tx *store.Tx, ev auth.AccountEvent, appID, userID uint64) error {
	switch ev {
	case auth.EventAccountDisabled:
		return auth.DisableAccount(tx, userID)
	case auth.EventAccountEnabled:
		return auth.EnableAccount(tx, userID)
	case auth.EventTokensRevoked:
		return auth.RevokeTokens(tx, appID, userID)
	}
	return nil
}

// QueueSET composes the SET of one event and queues it to the app's
// account-status webhook, when the app subscribes to the event: the one
// place a SET is sent from (account events and Kakao-side unlinks). fault
// is the scenario's (Fault), decided before tx.
func (s *Service) QueueSET(tx *store.Tx, a auth.App, set auth.SET, fault *scenarios.Webhook, why string) ([]uint64, error) {
	if !a.Webhooks.Subscribed(string(set.Event)) {
		return nil, nil
	}
	rs, err := setRequests(tx, a, set, fault, why)
	if err != nil {
		return nil, err
	}
	return s.queue(tx, a, rs)
}

// setRequests are the deliveries of one SET: itself, or as a scenario
// corrupts or repeats it. Without a URL set they are previews.
func setRequests(tx *store.Tx, a auth.App, set auth.SET, fault *scenarios.Webhook, why string) ([]webhook.Request, error) {
	bodies, err := signedSETs(tx, set, fault)
	if err != nil {
		return nil, err
	}
	out := make([]webhook.Request, 0, len(bodies))
	for _, body := range bodies {
		out = append(out, wrongKey(webhook.Request{AppID: a.ID, Kind: webhook.KindAccountStatus, Method: "POST",
			URL: a.Webhooks.URL(webhook.KindAccountStatus), Body: []byte(body), Cause: why,
			Header: webhook.Headers(a.AdminKey, map[string]string{"Content-Type": "application/secevent+jwt", "Accept": "application/json"})}, fault))
	}
	return out, nil
}

// queue queues each request in tx and answers their ids.
func (s *Service) queue(tx *store.Tx, a auth.App, rs []webhook.Request) ([]uint64, error) {
	var ids []uint64
	for _, r := range rs {
		id, err := s.hooks.Queue(tx, a.Webhooks, r)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}
