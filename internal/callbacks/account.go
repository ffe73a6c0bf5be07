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
	App    string // key, id or REST API key
	Event  string // short name or URI
	Issuer string // the SET's iss: the sandbox's kauth issuer
	Test   bool   // webhook-test: a sample sent, nothing changed (§10.5)
}

// Sent says what an event did: the event and the deliveries queued (none
// when the app does not subscribe to it).
type Sent struct {
	Event      auth.AccountEvent
	URI        string
	Deliveries []uint64
}

// TriggerAccountEvent applies the event's state change on Kakao's side and
// queues its SET to the app's account-status webhook when the app
// subscribes to the event, in one transaction.
func (s *Service) TriggerAccountEvent(e AccountEvent) (Sent, error) {
	ev, ok := auth.ParseAccountEvent(e.Event)
	if !ok || ev == auth.EventUserUnlinked {
		return Sent{}, kakao.Invalid("event", "%q is not an account event the sandbox triggers (account-disabled, account-enabled, tokens-revoked, sessions-revoked, credential-change, user-profile-changed; an unlink is POST /_sandbox/users/{userId}/unlink)", e.Event)
	}
	fault, err := s.Fault(webhook.KindAccountStatus)
	if err != nil {
		return Sent{}, err
	}
	out := Sent{Event: ev, URI: ev.URI()}
	err = s.db.Update(func(tx *store.Tx) error {
		u, err := auth.FindUser(tx, e.User)
		if err != nil {
			return err
		}
		a, err := auth.FindApp(tx, e.App)
		if err != nil {
			return kakao.Invalid("appId", "no app %q", e.App)
		}
		if !auth.Connected(tx, a.ID, u.ID) {
			// Kakao sends an app events only about users linked to it.
			return kakao.Invalid("appId", "user %d is not linked to app %q: sign in through the app first", u.ID, a.Name)
		}
		if !e.Test {
			if err := applyEvent(tx, ev, a.ID, u.ID); err != nil {
				return err
			}
		}
		set := auth.SET{Issuer: e.Issuer, App: a, UserID: u.ID, Event: ev}
		if e.Test { // the console's tool sends whatever the subscription
			if a.Webhooks.URL(webhook.KindAccountStatus) == "" {
				return kakao.Invalid("kind", "app %q has no accountStatus webhook set (PUT /_sandbox/apps/{appId}/webhooks)", a.Name)
			}
			out.Deliveries, err = s.queueSET(tx, a, set, fault, cause(ev, u.ID, true))
			return err
		}
		out.Deliveries, err = s.QueueSET(tx, a, set, fault, cause(ev, u.ID, false))
		return err
	})
	return out, err
}

func cause(ev auth.AccountEvent, user uint64, test bool) string {
	if test {
		return fmt.Sprintf("webhook test: %s of user %d", ev, user)
	}
	return fmt.Sprintf("%s of user %d", ev, user)
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
// account-status webhook, when the app subscribes to the event; the one
// place a SET is sent from (account events and Kakao-side unlinks). fault
// is the scenario's (Fault), decided before tx.
func (s *Service) QueueSET(tx *store.Tx, a auth.App, set auth.SET, fault *scenarios.Webhook, why string) ([]uint64, error) {
	if !a.Webhooks.Subscribed(string(set.Event)) {
		return nil, nil
	}
	return s.queueSET(tx, a, set, fault, why)
}

func (s *Service) queueSET(tx *store.Tx, a auth.App, set auth.SET, fault *scenarios.Webhook, why string) ([]uint64, error) {
	bodies, err := signedSETs(tx, set, fault)
	if err != nil {
		return nil, err
	}
	header := map[string]string{"Content-Type": "application/secevent+jwt", "Accept": "application/json"}
	var ids []uint64
	for _, body := range bodies {
		id, err := s.hooks.Queue(tx, a.Webhooks, webhook.Request{AppID: a.ID, Kind: webhook.KindAccountStatus,
			Method: "POST", URL: a.Webhooks.AccountStatus.URL, Header: header, Body: []byte(body), Cause: why})
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}
