package kakao

import "net/http"

// kauth errors (docs/kakao-api.md §2.4): `{"error","error_description","error_code"}`.
// On the authorize page they are shown or sent to a trusted redirect URI.

func authErr(status int, oauth, koe, desc string, source Source) *Error {
	return &Error{Status: status, Shape: ShapeAuth, OAuthError: oauth, KOE: koe, Msg: desc, Source: source}
}

var (
	ErrKOE101UnknownApp       = authErr(http.StatusBadRequest, "invalid_client", "KOE101", "invalid client_id: no app has this REST API key", SourceKakao)
	ErrKOE028RedirectURI      = authErr(http.StatusBadRequest, "invalid_request", "KOE028", "redirect_uri is not registered for this app", SourceKakao)
	ErrKOE123NotBizApp        = authErr(http.StatusBadRequest, "invalid_request", "KOE123", "the app is not a Biz app", SourceKakao)
	ErrKOE201ResponseType     = authErr(http.StatusBadRequest, "invalid_request", "KOE201", "unsupported response_type; only code is supported", SourceKakao)
	ErrKOE232ConsentItem      = authErr(http.StatusBadRequest, "invalid_scope", "KOE232", "a consent item is not allowed for this app", SourceKakao)
	ErrKOE233ResourceIDs      = authErr(http.StatusBadRequest, "invalid_request", "KOE233", "moment_create needs resource_ids (moment:<adAccountId> or moment:*)", SourceKakao)
	ErrKOE320CodeNotFound     = authErr(http.StatusBadRequest, "invalid_grant", "KOE320", "authorization code not found", SourceKakao)
	ErrKOE010ClientSecret     = authErr(http.StatusUnauthorized, "invalid_client", "KOE010", "bad client credentials", SourceKakao)
	ErrKOE303RedirectMismatch = authErr(http.StatusBadRequest, "invalid_grant", "KOE303", "redirect_uri mismatch", SourceKakao)
	ErrKOE322RefreshToken     = authErr(http.StatusBadRequest, "invalid_grant", "KOE322", "expired_or_invalid_refresh_token", SourceKakao)
	// T09: Kakao publishes no PKCE code; the code cannot be redeemed, so KOE320.
	ErrKOE320PKCE = authErr(http.StatusBadRequest, "invalid_grant", "KOE320", "code_verifier does not match the code_challenge the authorization code was issued with", SourceKakao)
	// T10: Kakao's discovery lists client_secret_post only.
	ErrKOE010BasicAuth = authErr(http.StatusUnauthorized, "invalid_client", "KOE010",
		"HTTP Basic client authentication is not supported (token_endpoint_auth_methods_supported: client_secret_post): send client_id and client_secret as form fields in the body, and no Authorization header", SourceKakao)
	ErrAuthFormOnly = authErr(http.StatusBadRequest, "invalid_request", "",
		"the token endpoint takes a form: send Content-Type application/x-www-form-urlencoded with grant_type, client_id, client_secret, code, ... as form fields, not JSON", SourceSandbox)
	ErrUnsupportedGrantType = authErr(http.StatusBadRequest, "unsupported_grant_type", "", "grant_type must be authorization_code or refresh_token", SourceSandbox)
	ErrAuthInvalidRequest   = authErr(http.StatusBadRequest, "invalid_request", "", "invalid request", SourceSandbox)
	ErrSandboxNoSuchUser    = authErr(http.StatusBadRequest, "invalid_request", "", "sandbox_user names no user", SourceSandbox)
	// R04: codes waiting to be exchanged are capped.
	ErrTooManyCodes = authErr(http.StatusTooManyRequests, "temporarily_unavailable", "",
		"10,000 authorization codes are waiting to be exchanged: exchange them, or let them expire (10 minutes of sandbox time)", SourceSandbox)
)

// T05: the token lacks a business consent item the API needs.
var ErrInsufficientScope = kakaoErr(http.StatusForbidden, -402, "insufficient scopes.")

// MissingScopes is ErrInsufficientScope listing what is missing.
func MissingScopes(scopes []string) *Error {
	e := ErrInsufficientScope.refine()
	e.RequiredScopes = scopes
	return e
}

// AuthInvalid is a kauth invalid_request naming the parameter.
func AuthInvalid(format string, args ...any) *Error {
	return ErrAuthInvalidRequest.With(format, args...)
}
