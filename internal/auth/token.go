package auth

import (
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// The token endpoints: a code for tokens (PKCE checked, an ID token for an
// OpenID Connect login), or a refresh.

// TokenRequest is the form of /oauth/token or /oauth/business/token.
type TokenRequest struct {
	Business     bool
	GrantType    string
	ClientID     string
	ClientSecret string
	RedirectURI  string
	Code         string
	RefreshToken string
	CodeVerifier string
	// Issuer is the ID token's iss: the sandbox's own URL as the client
	// reached it (T08).
	Issuer string
	// Refreshable gives business tokens a lifetime and a refresh token, for
	// clients that expect them (docs/kakao-api.md §5.1 conflict).
	Refreshable bool
}

// Issued is a token just created: the only time its text is known. The
// token endpoints and the control plane's mint answer it alike.
type Issued struct {
	AccessToken           string
	Scopes                []string
	ExpiresIn             int64 // 0: never expires
	RefreshToken          string
	RefreshTokenExpiresIn int64
	IDToken               string // OpenID Connect (T08); "" without it
}

const refreshBucket = "auth.refreshTokens"

// refresh is a refresh token, stored under its hash.
type refresh struct {
	grant
	ExpiresAt time.Time `json:"expiresAt"`
}

// Exchange runs the token endpoint: a code for tokens, or a refresh.
func (s *Service) Exchange(r TokenRequest) (Issued, error) {
	var out Issued
	err := s.db.Update(func(tx *store.Tx) error {
		now := tx.Now()
		if r.GrantType != "authorization_code" && r.GrantType != "refresh_token" {
			return kakao.ErrUnsupportedGrantType.With("grant_type %q is not supported; use authorization_code or refresh_token", r.GrantType)
		}
		app, err := appByRestKey(tx, r.ClientID)
		if err != nil {
			return err
		}
		if err := app.CheckSecret(r.ClientSecret); err != nil {
			return err
		}
		if r.GrantType == "refresh_token" {
			out, err = s.refresh(tx, app, r, now)
		} else {
			out, err = s.redeem(tx, app, r, now)
		}
		return err
	})
	return out, err
}

func (s *Service) redeem(tx *store.Tx, app App, r TokenRequest, now time.Time) (Issued, error) {
	var c code
	ok, err := tx.Get(codesBucket, hashToken(r.Code), &c)
	if err != nil {
		return Issued{}, err
	}
	if !ok || c.AppID != app.ID || c.Business != r.Business || !now.Before(c.ExpiresAt) {
		return Issued{}, kakao.ErrKOE320CodeNotFound
	}
	if r.RedirectURI != c.RedirectURI {
		return Issued{}, kakao.ErrKOE303RedirectMismatch
	}
	if err := c.verify(r.CodeVerifier); err != nil {
		return Issued{}, err
	}
	if err := refuseDisabled(tx, c.UserID); err != nil {
		return Issued{}, err
	}
	if err := dropCode(tx, hashToken(r.Code)); err != nil { // single use
		return Issued{}, err
	}
	// Login tokens always expire; business tokens only behind the switch.
	expiring := !c.Business || r.Refreshable
	out, err := s.issueAccess(tx, c.grant, expiring, now)
	if err == nil && expiring {
		out, err = s.issueRefresh(tx, c.grant, out, now)
	}
	if err != nil {
		return Issued{}, err
	}
	out.IDToken, err = s.idToken(tx, app, c.grant, idTokenFor{Issuer: r.Issuer, Nonce: c.Nonce, Now: now})
	return out, err
}

func (s *Service) refresh(tx *store.Tx, app App, r TokenRequest, now time.Time) (Issued, error) {
	var old refresh
	ok, err := tx.Get(refreshBucket, hashToken(r.RefreshToken), &old)
	if err != nil {
		return Issued{}, err
	}
	if !ok || old.AppID != app.ID || old.Business != r.Business || !now.Before(old.ExpiresAt) {
		return Issued{}, kakao.ErrKOE322RefreshToken
	}
	if err := refuseDisabled(tx, old.UserID); err != nil {
		return Issued{}, err
	}
	out, err := s.issueAccess(tx, old.grant, true, now)
	if err == nil && old.ExpiresAt.Sub(now) < RefreshRotationWindow {
		// Inside its last month the refresh token is replaced, and stops working.
		if err = tx.Delete(refreshBucket, hashToken(r.RefreshToken)); err == nil {
			out, err = s.issueRefresh(tx, old.grant, out, now)
		}
	}
	if err != nil {
		return Issued{}, err
	}
	// Kakao's refresh answer carries a renewed ID token for an OIDC login
	// (docs/kakao-api.md §5.3); no nonce, as no authorize request came with it.
	out.IDToken, err = s.idToken(tx, app, old.grant, idTokenFor{Issuer: r.Issuer, Now: now})
	return out, err
}

func (s *Service) issueAccess(tx *store.Tx, g grant, expires bool, now time.Time) (Issued, error) {
	typ := Login
	if g.Business {
		typ = Business
	}
	text := newTokenText()
	t := Token{Type: typ, UserID: g.UserID, AppID: g.AppID, Scopes: g.Scopes, ResourceIDs: g.ResourceIDs, IssuedAt: now, Session: g.Session}
	out := Issued{AccessToken: text, Scopes: g.Scopes}
	if expires {
		t.ExpiresAt = now.Add(AccessLifetime)
		out.ExpiresIn = int64(AccessLifetime.Seconds())
	}
	return out, tx.Put(tokensBucket, hashToken(text), t)
}

func (s *Service) issueRefresh(tx *store.Tx, g grant, out Issued, now time.Time) (Issued, error) {
	text := newTokenText()
	out.RefreshToken, out.RefreshTokenExpiresIn = text, int64(RefreshLifetime.Seconds())
	return out, tx.Put(refreshBucket, hashToken(text), refresh{grant: g, ExpiresAt: now.Add(RefreshLifetime)})
}
