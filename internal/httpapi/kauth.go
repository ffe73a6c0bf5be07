package httpapi

import (
	"maps"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/auth"
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
)

// kauthRoutes are Kakao's OAuth host (kauth.kakao.com).
func (s *Server) kauthRoutes() routes {
	rs := routes{
		"authorizeBusiness":  s.handleAuthorize(true),
		"authorizeLogin":     s.handleAuthorize(false),
		"issueBusinessToken": s.handleToken(true),
		"issueToken":         s.handleToken(false),
	}
	maps.Copy(rs, s.oidcKauthRoutes())
	return rs
}

// consentUsers caps the users the consent page offers.
const consentUsers = 50

// handleAuthorize handles GET /oauth/business/authorize and GET /oauth/authorize.
func (s *Server) handleAuthorize(business bool) handler {
	return func(c *gin.Context) (int, any, error) {
		r := auth.AuthorizeRequest{
			Business: business, ClientID: c.Query("client_id"), RedirectURI: c.Query("redirect_uri"),
			ResponseType: c.Query("response_type"), Scopes: splitList(c.Query("scope")), State: c.Query("state"),
			ResourceIDs: splitList(c.Query("resource_ids")), CodeChallenge: c.Query("code_challenge"),
			CodeChallengeMethod: c.Query("code_challenge_method"), Nonce: c.Query("nonce"),
		}
		a, err := s.Auth.CheckAuthorize(r)
		if err == nil && c.Query("sandbox_cancel") == "true" {
			return redirect(c, auth.DeniedRedirect(r))
		}
		if err == nil && c.Query("sandbox_user") != "" {
			var code string
			if code, err = s.Auth.Approve(r, c.Query("sandbox_user")); err == nil {
				return redirect(c, auth.RedirectWith(r.RedirectURI, url.Values{"code": {code}, "state": {r.State}}))
			}
		}
		if err != nil {
			return s.authorizeError(c, r, err)
		}
		users, err := s.Auth.ConsentUsers(consentUsers)
		if err != nil {
			return 0, nil, err
		}
		return s.page(http.StatusOK, "consent.html", consentView{Authorization: a, Users: users,
			Approve: approveLink(c.Request.URL), Cancel: cancelLink(c.Request.URL)})
	}
}

// authorizeError sends an error to a redirect URI the app registered, and
// shows it on a page otherwise, as Kakao does.
func (s *Server) authorizeError(c *gin.Context, r auth.AuthorizeRequest, err error) (int, any, error) {
	ke, ok := kakao.As(err)
	if !ok || ke.Shape != kakao.ShapeAuth {
		return 0, nil, err
	}
	callOf(c).warnings = append(callOf(c).warnings, ke.KOE+": "+ke.Msg)
	if auth.RedirectTrusted(err) {
		return redirect(c, auth.RedirectWith(r.RedirectURI, url.Values{"error": {ke.OAuthError}, "error_description": {ke.Msg}, "state": {r.State}}))
	}
	return s.page(http.StatusBadRequest, "authorize-error.html", ke)
}

// redirect answers 302 with no body and no Content-Type, as Kakao's do.
func redirect(c *gin.Context, location string) (int, any, error) {
	c.Header("Location", location)
	return http.StatusFound, rawBody{bare: true}, nil
}

// approveLink is this very request with sandbox_user=KEY added by the page.
func approveLink(u *url.URL) string {
	q := u.Query()
	q.Del("sandbox_user")
	q.Del("sandbox_cancel")
	return u.Path + "?" + q.Encode() + "&sandbox_user="
}

// cancelLink is this very request, cancelled: the consent page's Cancel.
func cancelLink(u *url.URL) string {
	q := u.Query()
	q.Del("sandbox_user")
	q.Set("sandbox_cancel", "true")
	return u.Path + "?" + q.Encode()
}

func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' })
}

// handleToken handles POST /oauth/business/token and POST /oauth/token.
func (s *Server) handleToken(business bool) handler {
	return func(c *gin.Context) (int, any, error) {
		form, err := url.ParseQuery(string(callOf(c).body))
		if err != nil {
			return 0, nil, kakao.AuthInvalid("the form cannot be parsed: %v", err)
		}
		issued, err := s.Auth.Exchange(auth.TokenRequest{
			Business: business, GrantType: form.Get("grant_type"), ClientID: form.Get("client_id"),
			ClientSecret: form.Get("client_secret"), RedirectURI: form.Get("redirect_uri"), Code: form.Get("code"),
			RefreshToken: form.Get("refresh_token"), CodeVerifier: form.Get("code_verifier"),
			Issuer: s.issuer(c), Refreshable: s.BusinessTokenRefresh,
		})
		if err != nil {
			return 0, nil, err
		}
		return http.StatusOK, newTokenBody(issued), nil
	}
}

// checkClientAuth runs before validation on a token endpoint (T10): Kakao
// takes client credentials as form fields only (client_secret_post), so
// HTTP Basic, the default of many OAuth libraries, and a JSON body get an
// error that says what to send instead of a missing client_id.
func checkClientAuth(c *gin.Context, cl *call) error {
	if cl.op.ClientAuth == "" {
		return nil
	}
	scheme, _, _ := strings.Cut(strings.TrimSpace(c.Request.Header.Get("Authorization")), " ")
	if strings.EqualFold(scheme, "Basic") {
		return kakao.ErrKOE010BasicAuth
	}
	if len(cl.body) > 0 {
		if mt, _, _ := mime.ParseMediaType(c.Request.Header.Get("Content-Type")); mt != "application/x-www-form-urlencoded" {
			return kakao.ErrAuthFormOnly.With("the token endpoint takes a form, not %s: send Content-Type application/x-www-form-urlencoded "+
				"with grant_type, client_id, client_secret, code, ... as form fields", orNone(mt))
		}
	}
	return nil
}

func orNone(contentType string) string {
	if contentType == "" {
		return "a body without Content-Type"
	}
	return contentType
}
