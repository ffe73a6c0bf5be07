package httpapi

import (
	"strings"

	"github.com/kakao-sandbox/kakao-sandbox/internal/auth"
)

// tokenBody is the token endpoints' answer, and the control plane's mint
// answers the same (docs/test-data.md). scope is always present, empty or not,
// and refresh_token_expires_in comes with every refresh token (T10).
type tokenBody struct {
	AccessToken           string `json:"access_token"`
	TokenType             string `json:"token_type"`
	IDToken               string `json:"id_token,omitempty"` // OpenID Connect (T08)
	RefreshToken          string `json:"refresh_token,omitempty"`
	ExpiresIn             int64  `json:"expires_in,omitempty"` // left out for a token that never expires
	Scope                 string `json:"scope"`
	RefreshTokenExpiresIn int64  `json:"refresh_token_expires_in,omitempty"`
}

// newTokenBody is the one place a token answer is built.
func newTokenBody(i auth.Issued) tokenBody {
	return tokenBody{AccessToken: i.AccessToken, TokenType: "bearer", IDToken: i.IDToken, RefreshToken: i.RefreshToken, ExpiresIn: i.ExpiresIn,
		Scope: strings.Join(i.Scopes, " "), RefreshTokenExpiresIn: i.RefreshTokenExpiresIn}
}

// consentView is what pages/consent.html shows.
type consentView struct {
	auth.Authorization
	Users   []auth.User
	Approve string // this request's URL, ending in sandbox_user=
	Cancel  string // this request's URL with sandbox_cancel=true
}
