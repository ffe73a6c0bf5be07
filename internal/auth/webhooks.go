package auth

import (
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
	"github.com/kakao-sandbox/kakao-sandbox/internal/webhook"
)

// The app and user records Kakao's side reads when it calls an app back:
// its webhook settings (the console's [앱] > [웹훅]) and who is linked to
// it (§10.1). The calls themselves are internal/callbacks'.

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

// SetWebhooks replaces app id's webhook settings in tx; the caller checks
// them first (webhook.Settings.Validate) and deals with their deliveries.
func SetWebhooks(tx *store.Tx, id uint64, set webhook.Settings) error {
	a, err := GetApp(tx, id)
	if err != nil {
		return err
	}
	a.Webhooks = set
	return tx.Put(appsBucket, store.Key(id), &a)
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
