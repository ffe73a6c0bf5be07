package auth

import (
	"crypto/subtle"
	"slices"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// adminKeys names apps by the SHA-256 of their admin key, like restAPIKeys
// by REST API key: the app holds the key, the index need not repeat it.
const adminKeys = "app.adminKey"

// checkAppKeys refuses an admin key another app holds, a malformed channel
// list and webhook settings Kakao's console would not save, before PutApp
// stores anything.
func checkAppKeys(tx *store.Tx, a App) error {
	if err := a.Webhooks.Validate(); err != nil {
		return err
	}
	if a.AdminKey != "" {
		if other, ok, err := appByAdminKey(tx, a.AdminKey); err != nil {
			return err
		} else if ok && other.ID != a.ID {
			return kakao.Invalid("adminKey", "app %q already has this admin key: admin keys are unique", other.Name)
		}
	}
	for i, c := range a.Channels {
		if c == "" {
			return kakao.Invalid("channels", "entry %d is empty: give a channel public id", i)
		}
		if slices.Contains(a.Channels[:i], c) {
			return kakao.Invalid("channels", "%q is listed twice", c)
		}
	}
	return nil
}

// appByAdminKey finds the app whose admin key is key. The index may still
// name an app whose key was since replaced, so the app's own key decides.
func appByAdminKey(tx *store.Tx, key string) (App, bool, error) {
	var a App
	id, ok, err := tx.LookupName(adminKeys, string(hashToken(key)))
	if err == nil && ok {
		ok, err = tx.Get(appsBucket, store.Key(id), &a)
	}
	if err != nil || !ok || subtle.ConstantTimeCompare([]byte(a.AdminKey), []byte(key)) != 1 {
		return App{}, false, err
	}
	return a, true, nil
}
