package auth

import (
	"encoding/json"
	"slices"
	"time"

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

// Logout ends every Kakao Login access and refresh token the user holds for
// the token's app; the connection stays.
func (s *Service) Logout(id Identity) error {
	return s.db.Update(func(tx *store.Tx) error { return endLoginTokens(tx, id.AppID, id.UserID) })
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
// for an app. Both are stored under hashes, so they are found by a scan.
func endLoginTokens(tx *store.Tx, appID, userID uint64) error {
	for _, bucket := range []string{tokensBucket, refreshBucket} {
		var doomed [][]byte
		err := tx.Scan(bucket, nil, func(k, v []byte) (bool, error) {
			var g struct { // the fields a Token and a refresh share
				Type     TokenType `json:"type"`
				Business bool      `json:"business"`
				AppID    uint64    `json:"appId"`
				UserID   uint64    `json:"userId"`
			}
			if err := json.Unmarshal(v, &g); err != nil {
				return false, err
			}
			if g.AppID == appID && g.UserID == userID && g.Type != Business && !g.Business {
				doomed = append(doomed, slices.Clone(k))
			}
			return true, nil
		})
		if err != nil {
			return err
		}
		for _, k := range doomed {
			if err := tx.Delete(bucket, k); err != nil {
				return err
			}
		}
	}
	return nil
}
