package auth

import (
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// Account events on Kakao's side (H03, docs/kakao-api.md §10.2) change what
// a user can do before the account-status webhook tells the app: revoked
// tokens stop working, a disabled account cannot sign in until it is
// enabled. The functions take the caller's transaction, so the change and
// the SET it sends are written together.

const disabledBucket = "auth.disabledAccounts"

// disabled is a Kakao account disabled on Kakao's side, and since when.
type disabled struct {
	Since time.Time `json:"since"`
}

func init() {
	store.RegisterShape(store.Values[disabled](disabledBucket, 8, -1, nil))
}

// DisableAccount disables the user's Kakao account: every app's sign-in
// refuses it (KOE026) until EnableAccount. Tokens already issued keep
// working until they expire or are revoked, as the two are separate events
// on Kakao's side (docs/guesses.md).
func DisableAccount(tx *store.Tx, userID uint64) error {
	if tx.Has(disabledBucket, store.Key(userID)) {
		return nil
	}
	return tx.Put(disabledBucket, store.Key(userID), disabled{Since: tx.Now()})
}

// EnableAccount lets a disabled account sign in again.
func EnableAccount(tx *store.Tx, userID uint64) error {
	return tx.Delete(disabledBucket, store.Key(userID))
}

// AccountDisabled reports whether the user's account is disabled.
func AccountDisabled(tx *store.Tx, userID uint64) bool {
	return tx.Has(disabledBucket, store.Key(userID))
}

// RevokeTokens ends the user's Kakao Login access and refresh tokens for
// the app, as a tokens-revoked event does; the connection stays.
func RevokeTokens(tx *store.Tx, appID, userID uint64) error {
	return endLoginTokens(tx, appID, userID)
}

// Connected reports whether the user is linked to the app.
func Connected(tx *store.Tx, appID, userID uint64) bool {
	return tx.Has(connectionsBucket, connectionKey(appID, userID))
}

// refuseDisabled is the sign-in check: consent, code and refresh.
func refuseDisabled(tx *store.Tx, userID uint64) error {
	if AccountDisabled(tx, userID) {
		return kakao.ErrKOE026AccountDisabled
	}
	return nil
}
