package auth

import (
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/clock"
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

func countCodes(t *testing.T, db *store.DB) (stored, pending int) {
	t.Helper()
	require.NoError(t, db.View(func(tx *store.Tx) error {
		if _, err := tx.GetMeta(pendingCodesKey, &pending); err != nil {
			return err
		}
		return tx.Scan(codesBucket, nil, func(_, _ []byte) (bool, error) { stored++; return true, nil })
	}))
	return stored, pending
}

// r04UnusedCodesExpireAndAreCapped (TestRules/R04_unused_codes_expire_and_are_capped): authorize calls leave codes behind
// only until they expire, and never more than the cap at once.
func r04UnusedCodesExpireAndAreCapped(t *testing.T) {
	start := time.Date(2026, 1, 1, 9, 0, 0, 0, kakao.KST)
	db, err := store.Open(filepath.Join(t.TempDir(), "a.db"), store.Options{NoSync: true})
	require.NoError(t, err)
	defer db.Close()
	c := clock.New(db, start, time.Now, slog.New(slog.DiscardHandler))
	db.SetClock(c.Now)
	s := NewService(db, c)
	s.maxPendingCodes = 25
	require.NoError(t, db.UpdateAlone(func(tx *store.Tx) error {
		if err := c.Init(tx); err != nil {
			return err
		}
		if _, err := PutUser(tx, UserParams{Key: "u", Name: "사용자"}); err != nil {
			return err
		}
		_, err := PutApp(tx, AppParams{Key: "a", Name: "A", RestAPIKey: "k", RedirectURIs: []string{"http://localhost/cb"}})
		return err
	}))
	require.NoError(t, c.Load())
	r := AuthorizeRequest{ClientID: "k", RedirectURI: "http://localhost/cb", ResponseType: "code"}

	var codes []string
	for range 25 {
		code, err := s.Approve(r, "u")
		require.NoError(t, err)
		codes = append(codes, code)
	}
	_, err = s.Approve(r, "u")
	require.ErrorIs(t, err, kakao.ErrTooManyCodes)

	_, err = s.Exchange(TokenRequest{GrantType: "authorization_code", ClientID: "k", RedirectURI: "http://localhost/cb", Code: codes[0]})
	require.NoError(t, err)
	stored, pending := countCodes(t, db)
	assert.Equal(t, 24, stored, "an exchanged code is gone")
	assert.Equal(t, 24, pending)
	_, err = s.Approve(r, "u")
	require.NoError(t, err, "and leaves room for another")

	happened, err := c.Advance(start.Add(CodeLifetime + time.Second))
	require.NoError(t, err)
	assert.Empty(t, happened, "expiring codes is no news")
	stored, pending = countCodes(t, db)
	assert.Zero(t, stored, "unused codes are deleted when they expire")
	assert.Zero(t, pending)
}

// r08ClientSecretsAreStoredHashed (TestRules/R08_client_secrets_are_stored_hashed): the data file never holds a client
// secret in clear, and the token endpoint still checks it.
func r08ClientSecretsAreStoredHashed(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "s.db"), store.Options{NoSync: true})
	require.NoError(t, err)
	defer db.Close()
	require.NoError(t, db.UpdateAlone(func(tx *store.Tx) error {
		_, err := PutApp(tx, AppParams{Key: "a", Name: "A", RestAPIKey: "k", ClientSecret: "very-secret-value"})
		return err
	}))
	require.NoError(t, db.View(func(tx *store.Tx) error {
		return tx.Scan(appsBucket, nil, func(_, v []byte) (bool, error) {
			assert.NotContains(t, string(v), "very-secret-value")
			return true, nil
		})
	}))
	var app App
	require.NoError(t, db.View(func(tx *store.Tx) (err error) { app, err = FindApp(tx, "a"); return err }))
	assert.NoError(t, app.CheckSecret("very-secret-value"))
	assert.ErrorIs(t, app.CheckSecret("wrong"), kakao.ErrKOE010ClientSecret)
	assert.ErrorIs(t, app.CheckSecret(""), kakao.ErrKOE010ClientSecret)
}
