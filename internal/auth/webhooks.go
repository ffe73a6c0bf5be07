package auth

import (
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
