package auth

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// A user who approves an app through Kakao Login is connected (linked) to
// it: Kakao's user info reports when (connected_at), logout ends the user's
// tokens for the app, and unlink also ends the connection, so the next
// approval connects anew. Business authorization connects nobody: Kakao shows
// its consent on every request and has its own token deletion.

const connectionsBucket = "auth.connections"

// Connection is a user linked to an app.
type Connection struct {
	ConnectedAt time.Time `json:"connectedAt"`
	// Scopes are every Kakao Login consent item the user has agreed to for the app.
	Scopes []string `json:"scopes,omitempty"`
}

func connectionKey(appID, userID uint64) []byte {
	return store.Keys(store.Key(appID), store.Key(userID))
}

// connect records the user's approval of the app: the first one connects
// them, later ones add consent items.
func connect(tx *store.Tx, appID, userID uint64, scopes []string) error {
	var c Connection
	ok, err := tx.Get(connectionsBucket, connectionKey(appID, userID), &c)
	if err != nil {
		return err
	}
	if !ok {
		c.ConnectedAt = tx.Now()
	}
	for _, s := range scopes {
		if !slices.Contains(c.Scopes, s) {
			c.Scopes = append(c.Scopes, s)
		}
	}
	return tx.Put(connectionsBucket, connectionKey(appID, userID), c)
}

// ConnectionOf reads the connection behind a token; ok is false when the
// user is not connected to the token's app.
func (s *Service) ConnectionOf(id Identity) (c Connection, ok bool, err error) {
	err = s.db.View(func(tx *store.Tx) error {
		ok, err = tx.Get(connectionsBucket, connectionKey(id.AppID, id.UserID), &c)
		return err
	})
	return c, ok, err
}

// Logout ends the token and the rest of its sign-in: every access and
// refresh token issued from the same authorization code (Session). Kakao
// ends only the token a logout comes with, and its refresh token (§10.4);
// the user's other devices stay signed in. The connection stays. A token
// stored before sign-ins were named has none: it ends with the unnamed
// refresh tokens of its user for the app, one of which is its own.
func (s *Service) Logout(id Identity) error {
	return s.db.Update(func(tx *store.Tx) error {
		if !tx.Has(tokensBucket, id.key) { // another logout ended it since it was read
			return kakao.ErrTokenNotFound
		}
		if err := tx.Delete(tokensBucket, id.key); err != nil {
			return err
		}
		return endTokens(tx, func(bucket string, t tokenOwner) bool {
			if id.Session != "" {
				return t.Session == id.Session
			}
			return bucket == refreshBucket && t.Session == "" && t.AppID == id.AppID && t.UserID == id.UserID && !t.Business
		})
	})
}

// Unlink logs the user out of the app and ends the connection: a later
// approval connects anew, with a new connected_at and only the consent
// items approved then.
func (s *Service) Unlink(id Identity) error {
	return s.db.Update(func(tx *store.Tx) error { return RemoveLink(tx, id.AppID, id.UserID) })
}

// RemoveLink ends the user's tokens for the app and the connection, in tx:
// what every unlink does, whoever asks for it.
func RemoveLink(tx *store.Tx, appID, userID uint64) error {
	if err := endLoginTokens(tx, appID, userID); err != nil {
		return err
	}
	return tx.Delete(connectionsBucket, connectionKey(appID, userID))
}

// endLoginTokens deletes the user's Kakao Login tokens and refresh tokens
// for an app, on every device.
func endLoginTokens(tx *store.Tx, appID, userID uint64) error {
	return endTokens(tx, func(_ string, t tokenOwner) bool {
		return t.AppID == appID && t.UserID == userID && t.Type != Business && !t.Business
	})
}

// tokenOwner is the fields a Token and a refresh share.
type tokenOwner struct {
	Type     TokenType `json:"type"`
	Business bool      `json:"business"`
	AppID    uint64    `json:"appId"`
	UserID   uint64    `json:"userId"`
	Session  string    `json:"session"`
}

// endTokens deletes the access and refresh tokens doomed names, by bucket.
// Both are stored under hashes, so they are found by a scan.
func endTokens(tx *store.Tx, doomed func(bucket string, t tokenOwner) bool) error {
	for _, bucket := range []string{tokensBucket, refreshBucket} {
		var keys [][]byte
		err := tx.Scan(bucket, nil, func(k, v []byte) (bool, error) {
			var t tokenOwner
			if err := json.Unmarshal(v, &t); err != nil {
				return false, err
			}
			if doomed(bucket, t) {
				keys = append(keys, slices.Clone(k))
			}
			return true, nil
		})
		if err != nil {
			return err
		}
		for _, k := range keys {
			if err := tx.Delete(bucket, k); err != nil {
				return err
			}
		}
	}
	return nil
}
