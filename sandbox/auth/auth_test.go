package auth

import (
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/clock"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/store"
)

// TestAuthenticateCacheFollowsWrites: Authenticate keeps identities between
// calls, and every write to tokens or users, a reset's wipe and the clock
// passing a token's expiry are seen by the very next call.
func TestAuthenticateCacheFollowsWrites(t *testing.T) {
	start := time.Date(2026, 1, 1, 9, 0, 0, 0, kakao.KST)
	db, err := store.Open(filepath.Join(t.TempDir(), "a.db"), store.Options{NoSync: true})
	require.NoError(t, err)
	defer db.Close()
	c := clock.New(db, start, time.Now, slog.New(slog.DiscardHandler))
	db.SetClock(c.Now)
	s := NewService(db, c)
	update := func(fn func(tx *store.Tx) error) { t.Helper(); require.NoError(t, db.UpdateAlone(fn)) }
	mint := func(tx *store.Tx, p MintParams) error { _, err := Mint(tx, p); return err }
	update(func(tx *store.Tx) error {
		if err := c.Init(tx); err != nil {
			return err
		}
		if _, err := PutUser(tx, UserParams{Key: "u", ID: 7, Name: "사용자"}); err != nil {
			return err
		}
		_, err := PutApp(tx, AppParams{Key: "a", Name: "A", RestAPIKey: "k", BizApp: true, ConsentItems: []string{"x", "y"}})
		return err
	})
	require.NoError(t, c.Load())
	update(func(tx *store.Tx) error {
		return mint(tx, MintParams{Token: "tok", User: "u", App: "a", Type: Business, Scopes: []string{"x"}, ExpiresIn: 3600})
	})

	id, err := s.Authenticate("tok")
	require.NoError(t, err)
	assert.Equal(t, "사용자", id.User.Name)
	assert.Equal(t, start, id.At)
	again, err := s.Authenticate("tok")
	require.NoError(t, err)
	assert.Equal(t, id, again, "answered the same from the cache")

	update(func(tx *store.Tx) error { _, err := PutUser(tx, UserParams{Key: "u", ID: 7, Name: "새 이름"}); return err })
	id, err = s.Authenticate("tok")
	require.NoError(t, err)
	assert.Equal(t, "새 이름", id.User.Name, "a user replaced is seen at once")

	update(func(tx *store.Tx) error {
		if err := ReplaceToken(tx, "tok"); err != nil {
			return err
		}
		return mint(tx, MintParams{Token: "tok", User: "u", App: "a", Type: Business, Scopes: []string{"x", "y"}, ExpiresIn: 3600})
	})
	id, err = s.Authenticate("tok")
	require.NoError(t, err)
	assert.Equal(t, []string{"x", "y"}, id.Scopes, "a token minted again is seen at once")

	_, err = c.Advance(start.Add(30 * time.Minute))
	require.NoError(t, err)
	id, err = s.Authenticate("tok")
	require.NoError(t, err)
	assert.Equal(t, start.Add(30*time.Minute), id.At, "the time of each call")
	assert.EqualValues(t, 1800, id.ExpiresIn())
	_, err = c.Advance(start.Add(time.Hour))
	require.NoError(t, err)
	_, err = s.Authenticate("tok")
	assert.ErrorIs(t, err, kakao.ErrTokenExpired, "expiry is checked on every call")

	update(func(tx *store.Tx) error {
		return mint(tx, MintParams{Token: "other", User: "u", App: "a", Type: Business})
	})
	_, err = s.Authenticate("other")
	require.NoError(t, err)
	update(func(tx *store.Tx) error { return tx.Wipe() })
	_, err = s.Authenticate("other")
	assert.ErrorIs(t, err, kakao.ErrTokenNotFound, "a wipe forgets every token")

	update(func(tx *store.Tx) error {
		if _, err := PutUser(tx, UserParams{Key: "u", ID: 7, Name: "사용자"}); err != nil {
			return err
		}
		if _, err := PutApp(tx, AppParams{Key: "a", Name: "A", RestAPIKey: "k"}); err != nil {
			return err
		}
		return mint(tx, MintParams{Token: "third", User: "u", App: "a", Type: Login})
	})
	_, err = s.Authenticate("third")
	require.NoError(t, err)
	// A write batch that fails is rolled back: it changes nothing, and the
	// cache keeps answering.
	assert.Error(t, db.Update(func(tx *store.Tx) error {
		if err := ReplaceToken(tx, "third"); err != nil {
			return err
		}
		return kakao.ErrConflict
	}))
	_, err = s.Authenticate("third")
	assert.NoError(t, err)
}
