package callbacks

import (
	"fmt"

	"github.com/kakao-sandbox/kakao-sandbox/internal/auth"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
	"github.com/kakao-sandbox/kakao-sandbox/internal/webhook"
)

// KakaoUnlink is an unlink on Kakao's side (the user deleted their account,
// disconnected the app in Kakao's settings, …; referrer says which): the
// connection and the user's tokens for the app go, and in the same
// transaction the unlink webhook is queued where the app has one, and the
// user-unlinked SET where it subscribes (its reason the referrer type). It
// answers the deliveries queued. An unlink the app calls sends neither
// (§10.1, rule H02).
func (s *Service) KakaoUnlink(userID, appID uint64, referrer, issuer string) ([]uint64, error) {
	if err := webhook.CheckReferrerType("referrerType", referrer); err != nil {
		return nil, err
	}
	var unlinks, sets bool
	if err := s.read(func(tx *store.Tx) error {
		a, _, err := auth.Linked(tx, appID, userID)
		unlinks = err == nil && a.Webhooks.URL(webhook.KindUnlink) != ""
		sets = err == nil && a.Webhooks.Subscribed(string(auth.EventUserUnlinked))
		return err
	}); err != nil {
		return nil, err
	}
	unlinkFault, err := s.Fault(webhook.KindUnlink, unlinks)
	if err != nil {
		return nil, err
	}
	setFault, err := s.Fault(webhook.KindAccountStatus, sets)
	if err != nil {
		return nil, err
	}
	var queued []uint64
	err = s.db.Update(func(tx *store.Tx) error {
		queued = nil // a batch may run this again
		a, u, err := auth.Linked(tx, appID, userID)
		if err != nil {
			return err
		}
		if err := auth.RemoveLink(tx, a.ID, u.ID); err != nil {
			return err
		}
		if a.Webhooks.Unlink != nil {
			r := webhook.UnlinkRequest(a.Webhooks, a.ID, a.AdminKey, u.ID, referrer, fmt.Sprintf("unlink of user %d (%s)", u.ID, referrer))
			ids, err := s.queue(tx, a, Faulty(r, unlinkFault))
			if err != nil {
				return err
			}
			queued = append(queued, ids...)
		}
		set := auth.SET{Issuer: issuer, App: a, UserID: u.ID, Event: auth.EventUserUnlinked, Reason: referrer}
		ids, err := s.QueueSET(tx, a, set, setFault, fmt.Sprintf("user-unlinked of user %d (%s)", u.ID, referrer))
		queued = append(queued, ids...)
		return err
	})
	return queued, err
}

// TestUnlink sends a sample unlink webhook for a user linked to the app,
// changing nothing (Kakao's console tool, §10.5). Without an unlink webhook
// set, nothing is queued and the request is only previewed.
func (s *Service) TestUnlink(appID, userID uint64, referrer string) (r webhook.Request, queued uint64, err error) {
	if referrer == "" {
		referrer = webhook.TestReferrerType
	}
	if err := webhook.CheckReferrerType("referrerType", referrer); err != nil {
		return r, 0, err
	}
	err = s.db.Update(func(tx *store.Tx) error {
		a, u, err := auth.Linked(tx, appID, userID)
		if err != nil {
			return err
		}
		set := a.Webhooks
		if set.Unlink == nil { // the console's request preview
			set.Unlink = &webhook.UnlinkSetting{Method: "POST"}
		}
		r = webhook.UnlinkRequest(set, a.ID, a.AdminKey, u.ID, referrer, "webhook test")
		r, queued, err = s.sendSample(tx, a, r)
		return err
	})
	return r, queued, err
}
