package auth

import (
	"fmt"

	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// What the auth buckets and meta values hold, for the checks every door
// into the state passes (rule R10): snapshots and kakao-sandbox check.
func init() {
	store.RegisterShape(store.Entities(usersBucket, func(u *User) uint64 { return u.ID }, nil))
	store.RegisterShape(store.Entities(appsBucket, func(a *App) uint64 { return a.ID }, nil))
	hashed := func(key []byte) error { // the SHA-256 of a token or code, in hex
		for _, b := range key {
			if !('0' <= b && b <= '9' || 'a' <= b && b <= 'f') {
				return fmt.Errorf("the key is not the hex SHA-256 a token is stored under")
			}
		}
		return nil
	}
	store.RegisterShape(store.Values(tokensBucket, 64, -1, func(key []byte, t *Token) error {
		if err := hashed(key); err != nil {
			return err
		}
		return store.OneOf("type", t.Type, Business, Login)
	}))
	store.RegisterShape(store.Values(refreshBucket, 64, -1, func(key []byte, _ *refresh) error { return hashed(key) }))
	store.RegisterShape(store.Values(codesBucket, 64, -1, func(key []byte, _ *code) error { return hashed(key) }))
	store.RegisterShape(store.Values[Connection](connectionsBucket, 16, -1, nil))
	store.RegisterMeta(pendingCodesKey, func(v []byte) error {
		var n int
		if err := store.Decode(v, &n); err != nil {
			return err
		}
		if n < 0 {
			return fmt.Errorf("%d pending codes", n)
		}
		return nil
	})
	store.RegisterMeta(SigningKeysMeta, func(v []byte) error {
		var ks signingKeys
		if err := store.Decode(v, &ks); err != nil {
			return err
		}
		if !ks.Current.Valid() || ks.Current.IsPublic() {
			return fmt.Errorf("the current signing key is not a private key")
		}
		return nil
	})
}
