package auth

import (
	"encoding/json"

	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// EachApp calls fn with every app in id order, inside tx: the channel
// webhook goes to every app a Talk Channel is connected to.
func EachApp(tx *store.Tx, fn func(App) error) error {
	return tx.Scan(appsBucket, nil, func(_, v []byte) (bool, error) {
		var a App
		if err := json.Unmarshal(v, &a); err != nil {
			return false, err
		}
		return true, fn(a)
	})
}
