package auth

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// A sign-in stored before sign-ins were named (no Session) still ends whole
// on a logout with its token: its refresh token stops working, as every
// logout ended it then; a named sign-in of the same user stays.
func TestLogoutOfAnUnnamedSignIn(t *testing.T) {
	db, s := newService(t)

	var old, named Issued
	require.NoError(t, db.Update(func(tx *store.Tx) error {
		a, err := PutApp(tx, AppParams{Key: "a", Name: "A", RestAPIKey: "ka"})
		if err != nil {
			return err
		}
		u, err := PutUser(tx, UserParams{Key: "u", Name: "U"})
		if err != nil {
			return err
		}
		sign := func(session string) (Issued, error) {
			g := grant{AppID: a.ID, UserID: u.ID, Session: session}
			out, err := s.issueAccess(tx, g, true, tx.Now())
			if err == nil {
				out, err = s.issueRefresh(tx, g, out, tx.Now())
			}
			return out, err
		}
		if old, err = sign(""); err == nil {
			named, err = sign("named")
		}
		return err
	}))
	refresh := func(text string) error {
		_, err := s.Exchange(TokenRequest{GrantType: "refresh_token", ClientID: "ka", RefreshToken: text})
		return err
	}

	id, err := s.Authenticate(old.AccessToken)
	require.NoError(t, err)
	require.NoError(t, s.Logout(id))
	_, err = s.Authenticate(old.AccessToken)
	assert.ErrorIs(t, err, kakao.ErrTokenNotFound)
	assert.ErrorIs(t, refresh(old.RefreshToken), kakao.ErrKOE322RefreshToken, "its refresh token ends with it")
	_, err = s.Authenticate(named.AccessToken)
	assert.NoError(t, err, "a named sign-in of the user stays")
	assert.NoError(t, refresh(named.RefreshToken))
}
