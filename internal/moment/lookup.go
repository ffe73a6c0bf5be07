package moment

import "github.com/kakao-sandbox/kakao-sandbox/internal/store"

// AdAccountExists says whether an ad account is stored, deleted ones too:
// package ads checks that what it stores below one names a real one (rule
// R10).
func AdAccountExists(tx *store.Tx, id uint64) (bool, error) {
	var a AdAccount
	return tx.Get(adAccountsBucket, store.Key(id), &a)
}
