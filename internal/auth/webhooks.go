package auth

import (
	"fmt"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
	"github.com/kakao-sandbox/kakao-sandbox/internal/webhook"
)

// What Kakao's side does to an app that calls the app back: its webhook
// settings (the console's [앱] > [웹훅]) and an unlink Kakao makes (§10.1),
// each change and the deliveries it causes in one transaction (rule H06).

// GetApp reads the app with id, by id only (FindApp tries fixture keys
// first, and a key may be digits), or the not found naming it.
func GetApp(tx *store.Tx, id uint64) (App, error) {
	var a App
	ok, err := tx.Get(appsBucket, store.Key(id), &a)
	if err == nil && !ok {
		err = kakao.ErrNotFound.With("no app %d", id)
	}
	return a, err
}

// AppWebhooks reads app id's webhook settings and the kinds disabled after
// failures.
func (s *Service) AppWebhooks(hooks *webhook.Service, id uint64) (set webhook.Settings, disabled []webhook.Kind, err error) {
	err = s.db.View(func(tx *store.Tx) error {
		a, err := GetApp(tx, id)
		if err == nil {
			set = a.Webhooks
			disabled, err = hooks.Disabled(tx, id)
		}
		return err
	})
	return set, disabled, err
}

// SetAppWebhooks replaces app id's webhook settings, all or nothing, and
// re-enables its webhooks, as saving them in Kakao's console does; a
// delivery waiting for a retry to a URL no longer set ends, not sent.
func (s *Service) SetAppWebhooks(hooks *webhook.Service, id uint64, set webhook.Settings) error {
	if err := set.Validate(); err != nil {
		return err
	}
	return s.db.Update(func(tx *store.Tx) error {
		a, err := GetApp(tx, id)
		if err != nil {
			return err
		}
		a.Webhooks = set
		if err := tx.Put(appsBucket, store.Key(id), &a); err != nil {
			return err
		}
		if err := hooks.Enable(tx, id); err != nil {
			return err
		}
		return hooks.Retarget(tx, id, set) // no retry goes to a URL no longer set (H06)
	})
}

// KakaoUnlink is an unlink on Kakao's side (the user deleted their account,
// disconnected the app in Kakao's settings, …, referrer says which): the
// connection and the user's tokens for the app go, and the unlink webhook
// is queued in the same transaction, when the app has one. It answers the
// deliveries queued. An unlink the app calls (Unlink) sends none (§10.1).
// x adds what the events part sends with it (nil fields: nothing).
func (s *Service) KakaoUnlink(hooks *webhook.Service, userID, appID uint64, referrer string, x UnlinkExtras) (queued []uint64, err error) {
	if err := webhook.CheckReferrerType("referrerType", referrer); err != nil {
		return nil, err
	}
	err = s.db.Update(func(tx *store.Tx) error {
		queued = nil // a batch may run this again
		a, u, err := Linked(tx, appID, userID)
		if err != nil {
			return err
		}
		if err := unlink(tx, a.ID, u.ID); err != nil {
			return err
		}
		if a.Webhooks.Unlink != nil {
			cause := fmt.Sprintf("unlink of user %d (%s)", u.ID, referrer)
			r := webhook.UnlinkRequest(a.Webhooks, a.ID, a.AdminKey, u.ID, referrer, cause)
			rs := []webhook.Request{r}
			if x.Shape != nil {
				rs = x.Shape(r)
			}
			for _, r := range rs {
				id, err := hooks.Queue(tx, a.Webhooks, r)
				if err != nil {
					return err
				}
				queued = append(queued, id)
			}
		}
		if x.After == nil {
			return nil
		}
		more, err := x.After(tx, a, u.ID, referrer) // the user-unlinked SET, where subscribed
		queued = append(queued, more...)
		return err
	})
	return queued, err
}

// UnlinkExtras are what the events part adds to a Kakao-side unlink, in its
// transaction (callbacks.Service.UnlinkExtras).
type UnlinkExtras struct {
	// Shape turns the unlink webhook into what is queued: a scenario's
	// wrong admin key or duplicates.
	Shape func(webhook.Request) []webhook.Request
	// After queues more once the connection is gone: the account-status
	// webhook's user-unlinked SET.
	After func(tx *store.Tx, a App, userID uint64, referrer string) ([]uint64, error)
}

// TestUnlinkWebhook sends app id a sample unlink webhook for a user linked
// to it, changing nothing (Kakao's console tool, §10.5). Without an unlink
// webhook set, nothing is queued and the request is only previewed.
func (s *Service) TestUnlinkWebhook(hooks *webhook.Service, appID, userID uint64, referrer string) (r webhook.Request, queued uint64, err error) {
	if err := webhook.CheckReferrerType("referrerType", referrer); err != nil {
		return r, 0, err
	}
	err = s.db.Update(func(tx *store.Tx) error {
		a, u, err := Linked(tx, appID, userID)
		if err != nil {
			return err
		}
		set := a.Webhooks
		if set.Unlink == nil { // the console's request preview
			set.Unlink = &webhook.UnlinkSetting{Method: "POST"}
		}
		r = webhook.UnlinkRequest(set, a.ID, a.AdminKey, u.ID, referrer, "webhook test")
		if a.Webhooks.Unlink == nil {
			return nil
		}
		r.Test = true
		queued, err = hooks.Queue(tx, a.Webhooks, r)
		return err
	})
	return r, queued, err
}

// Linked reads the app and the user, who must be linked to it: Kakao tells
// an app only about its own users (-101 otherwise). Both are read by id.
func Linked(tx *store.Tx, appID, userID uint64) (App, User, error) {
	a, err := GetApp(tx, appID)
	if err != nil {
		return App{}, User{}, err
	}
	u, err := GetUser(tx, userID)
	if err != nil {
		return App{}, User{}, err
	}
	if !Connected(tx, a.ID, u.ID) {
		return App{}, User{}, errNotLinked(u.ID, a.ID)
	}
	return a, u, nil
}

// errNotLinked is Kakao's -101 for a user the app has not linked.
func errNotLinked(userID, appID uint64) error {
	return kakao.ErrUserNotLinked.With("user %d is not linked to app %d: the user signs in through the app first", userID, appID)
}
