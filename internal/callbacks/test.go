package callbacks

import (
	"github.com/kakao-sandbox/kakao-sandbox/internal/auth"
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
	"github.com/kakao-sandbox/kakao-sandbox/internal/webhook"
)

// Kakao's console test tool (§10.5) for the account-status and channel
// webhooks (the unlink webhook's is TestUnlink): a sample sent whatever the
// subscription, nothing changed and no scenario applied; without the
// webhook set, only previewed (queued 0). The account-status sample needs a
// user linked to the app; the channel sample takes any user (one not linked
// is sent as an open_id) and any channel, connected to the app or not.

// TestAccountStatus sends a sample SET of event for the user.
func (s *Service) TestAccountStatus(appID, userID uint64, event, issuer string) (r webhook.Request, queued uint64, err error) {
	// The test tool samples user-unlinked too (a receiver most needs to
	// rehearse it), with Kakao's commonest reason; the trigger does not.
	set := auth.SET{Issuer: issuer, Event: auth.EventUserUnlinked, Reason: webhook.TestReferrerType}
	if ev, ok := auth.ParseAccountEvent(event); !ok || ev != auth.EventUserUnlinked {
		if set.Event, err = parseEvent(event); err != nil {
			return r, 0, err
		}
		set.Reason = ""
	}
	err = s.db.Update(func(tx *store.Tx) error {
		a, u, err := auth.Linked(tx, appID, userID)
		if err != nil {
			return err
		}
		set.App, set.UserID = a, u.ID
		rs, err := setRequests(tx, a, set, nil, "webhook test: "+string(set.Event))
		if err != nil {
			return err
		}
		r, queued, err = s.sendSample(tx, a, rs[0])
		return err
	})
	return r, queued, err
}

// TestChannel sends a sample channel webhook of the user and channel.
func (s *Service) TestChannel(appID, userID uint64, channel, event string) (r webhook.Request, queued uint64, err error) {
	if err := checkChannelEvent(event); err != nil {
		return r, 0, err
	}
	if channel == "" {
		return r, 0, kakao.Invalid("channelId", "kind channel needs the channel's id or key")
	}
	err = s.db.Update(func(tx *store.Tx) error {
		a, err := auth.GetApp(tx, appID)
		if err != nil {
			return err
		}
		u, err := auth.GetUser(tx, userID)
		if err != nil {
			return err
		}
		ch, err := findChannel(tx, channel)
		if err != nil {
			return err
		}
		rs, err := channelRequests(tx, a, ch, u.ID, event, nil, "webhook test: channel "+event)
		if err != nil {
			return err
		}
		r, queued, err = s.sendSample(tx, a, rs[0])
		return err
	})
	return r, queued, err
}

// sendSample queues r when its webhook is set, and only previews it
// otherwise.
func (s *Service) sendSample(tx *store.Tx, a auth.App, r webhook.Request) (webhook.Request, uint64, error) {
	if r.URL == "" {
		return r, 0, nil
	}
	r.Test = true
	id, err := s.hooks.Queue(tx, a.Webhooks, r)
	return r, id, err
}
