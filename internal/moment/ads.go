package moment

import (
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// For package ads, which acts on what lies below an ad account inside its
// own transactions.

// Authorize applies rule V05 to a caller acting on an ad account's
// campaigns, ad groups or creatives, inside tx.
func Authorize(tx *store.Tx, c Caller, adAccountID uint64) (AdAccount, Role, error) {
	return authorize(tx, c, adAccountID)
}

// StandingIn is an ad account's standing inside tx: the one definition of
// out of balance that ad account views and ad delivery share (rule M07).
func StandingIn(tx *store.Tx, adAccountID uint64) (Standing, bool, error) {
	var a AdAccount
	ok, err := tx.Get(adAccountsBucket, store.Key(adAccountID), &a)
	if err != nil || !ok {
		return Standing{}, ok, err
	}
	st, err := standing(tx, a)
	return st, true, err
}
