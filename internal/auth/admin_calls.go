package auth

import (
	"slices"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// Admin-key calls (docs/kakao-api.md §10.4): a server holding the app's
// admin key acts on any user connected to the app, named by target_id.

// AuthenticateAdmin finds the app whose admin key is key (rule H01). The
// error never repeats the key: it is a secret, and errors reach the journal.
func (s *Service) AuthenticateAdmin(key string) (App, error) {
	var a App
	err := s.db.View(func(tx *store.Tx) error {
		var ok bool
		var err error
		a, ok, err = appByAdminKey(tx, key)
		if err == nil && !ok {
			err = kakao.ErrAdminKeyNotFound
		}
		return err
	})
	return a, err
}

// AdminTarget is the user an admin-key call names, as an identity holding
// what the user's connection to the app consented to: the same consent rules
// as the user's own token (T07). A user who is not connected, or does not
// exist, is -101.
func (s *Service) AdminTarget(app App, userID uint64) (Identity, error) {
	var id Identity
	err := s.db.View(func(tx *store.Tx) error {
		c, err := connectionOf(tx, app.ID, userID)
		if err != nil {
			return err
		}
		id.At = tx.Now()
		id.Token = Token{Type: Login, UserID: userID, AppID: app.ID, Scopes: c.Scopes, IssuedAt: c.ConnectedAt}
		ok, err := tx.Get(usersBucket, store.Key(userID), &id.User)
		if err == nil && !ok {
			err = errNotLinked(userID, app.ID) // a connection without its user: to Kakao, not linked
		}
		return err
	})
	return id, err
}

// AdminLogout ends every Kakao Login token the user holds for the app, on
// every device (§10.4); the connection stays.
func (s *Service) AdminLogout(app App, userID uint64) error {
	return s.db.Update(func(tx *store.Tx) error {
		if _, err := connectionOf(tx, app.ID, userID); err != nil {
			return err
		}
		return endLoginTokens(tx, app.ID, userID)
	})
}

// AdminUnlink unlinks the user from the app. The app asked for it, so no
// unlink webhook is sent (§10.1 "not sent when", rule H02).
func (s *Service) AdminUnlink(app App, userID uint64) error {
	return s.db.Update(func(tx *store.Tx) error {
		if _, err := connectionOf(tx, app.ID, userID); err != nil {
			return err
		}
		return RemoveLink(tx, app.ID, userID)
	})
}

// connectionOf reads the user's connection to the app, -101 when there is
// none: to an admin-key call, a user who does not exist is not linked either.
func connectionOf(tx *store.Tx, appID, userID uint64) (Connection, error) {
	var c Connection
	ok, err := tx.Get(connectionsBucket, connectionKey(appID, userID), &c)
	if err == nil && !ok {
		err = errNotLinked(userID, appID)
	}
	return c, err
}

// IDPage is a page of GET /v1/user/ids: the ids, and the first id of the
// pages before and after it (0: none), each read in its own order.
type IDPage struct {
	IDs    []uint64
	Before uint64 // the page before, in the opposite order
	After  uint64 // the page after, in the same order
}

// UserIDs pages through the users connected to the app in id order (desc:
// descending), from the id from on, inclusive (0: from the first).
func (s *Service) UserIDs(app App, from uint64, desc bool, limit int) (IDPage, error) {
	var all []uint64 // ascending: the bucket's keys are big-endian
	err := s.db.View(func(tx *store.Tx) error {
		return tx.Scan(connectionsBucket, store.Key(app.ID), func(k, _ []byte) (bool, error) {
			all = append(all, store.ID(k[8:]))
			return true, nil
		})
	})
	if err != nil {
		return IDPage{}, err
	}
	if desc {
		slices.Reverse(all)
	}
	start := 0
	if from != 0 {
		start = slices.IndexFunc(all, func(id uint64) bool { return !desc && id >= from || desc && id <= from })
		if start < 0 {
			start = len(all)
		}
	}
	end := min(start+limit, len(all))
	p := IDPage{IDs: slices.Clone(all[start:end])}
	if start > 0 {
		p.Before = all[start-1]
	}
	if end < len(all) {
		p.After = all[end]
	}
	return p, nil
}
