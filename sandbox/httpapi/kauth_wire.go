package httpapi

import (
	"strings"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/auth"
)

// tokenBody is the token endpoints' answer, and the control plane's mint
// answers the same (DESIGN.md §7).
type tokenBody struct {
	AccessToken           string `json:"access_token"`
	TokenType             string `json:"token_type"`
	RefreshToken          string `json:"refresh_token,omitempty"`
	ExpiresIn             int64  `json:"expires_in,omitempty"` // left out for a token that never expires
	Scope                 string `json:"scope,omitempty"`
	RefreshTokenExpiresIn int64  `json:"refresh_token_expires_in,omitempty"`
}

// newTokenBody is the one place a token answer is built.
func newTokenBody(i auth.Issued) tokenBody {
	return tokenBody{AccessToken: i.AccessToken, TokenType: "bearer", RefreshToken: i.RefreshToken, ExpiresIn: i.ExpiresIn,
		Scope: strings.Join(i.Scopes, " "), RefreshTokenExpiresIn: i.RefreshTokenExpiresIn}
}

// mintBody is the control plane's mint: the token answer, with scope always
// present, empty or not (DESIGN.md §7).
type mintBody struct {
	tokenBody
	Scope string `json:"scope"`
}

func newMintBody(i auth.Issued) mintBody {
	b := newTokenBody(i)
	return mintBody{tokenBody: b, Scope: b.Scope}
}

// consentView is what pages/consent.html shows.
type consentView struct {
	auth.Authorization
	Users   []auth.User
	Approve string // this request's URL, ending in sandbox_user=
	Cancel  string // this request's URL with sandbox_cancel=true
}
