package httpapi

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/auth"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/kakao"
)

// consentUsers caps the users the consent page offers.
const consentUsers = 50

// handleAuthorize handles GET /oauth/business/authorize and GET /oauth/authorize.
func (s *Server) handleAuthorize(business bool) handler {
	return func(c *gin.Context) (int, any, error) {
		r := auth.AuthorizeRequest{
			Business: business, ClientID: c.Query("client_id"), RedirectURI: c.Query("redirect_uri"),
			ResponseType: c.Query("response_type"), Scopes: splitList(c.Query("scope")), State: c.Query("state"),
			ResourceIDs: splitList(c.Query("resource_ids")),
		}
		a, err := s.Auth.CheckAuthorize(r)
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
		return page(http.StatusOK, consentPage, consentView{Authorization: a, Users: users, Approve: approveLink(c.Request.URL)})
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
	return page(http.StatusBadRequest, errorPage, ke)
}

func redirect(c *gin.Context, location string) (int, any, error) {
	c.Header("Location", location)
	return http.StatusFound, rawBody{}, nil
}

func page(status int, t *template.Template, data any) (int, any, error) {
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return 0, nil, err
	}
	return status, rawBody{contentType: "text/html; charset=utf-8", data: buf.Bytes()}, nil
}

// approveLink is this very request with sandbox_user=KEY added by the page.
func approveLink(u *url.URL) string {
	q := u.Query()
	q.Del("sandbox_user")
	return u.Path + "?" + q.Encode() + "&sandbox_user="
}

func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' })
}

type consentView struct {
	auth.Authorization
	Users   []auth.User
	Approve string
}

var consentPage = template.Must(template.New("consent").Parse(`<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>kakao-sandbox · 동의하기</title>
<style>body{font-family:sans-serif;max-width:32rem;margin:3rem auto;color:#191919}
.note{background:#fee500;padding:.5rem .75rem;border-radius:6px}
a.user{display:block;margin:.4rem 0;padding:.6rem .8rem;border:1px solid #ccc;border-radius:6px;color:inherit;text-decoration:none}
a.user:hover{background:#f5f5f5}</style></head>
<body>
<p class="note">kakao-sandbox: there is no Kakao account login here. Choose who signs in; one click approves.</p>
<h1>{{.App.Name}}</h1>
<p>{{if .Business}}비즈니스 인증{{else}}카카오 로그인{{end}} · 요청한 동의 항목:</p>
<ul id="scopes">{{range .Scopes}}<li>{{.}}</li>{{else}}<li>(none)</li>{{end}}</ul>
{{if .ResourceIDs}}<p>대상: {{range .ResourceIDs}}<code>{{.}}</code> {{end}}</p>{{end}}
<h2>동의하고 계속하기</h2>
{{range .Users}}<a class="user" href="{{$.Approve}}{{if .Key}}{{.Key}}{{else}}{{.ID}}{{end}}">{{.Name}} <small>({{if .Key}}{{.Key}}{{else}}{{.ID}}{{end}})</small></a>
{{else}}<p>No users: load a fixture with users first.</p>{{end}}
</body></html>`))

var errorPage = template.Must(template.New("error").Parse(`<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>kakao-sandbox · {{.KOE}}</title>
<style>body{font-family:sans-serif;max-width:32rem;margin:3rem auto;color:#191919}</style></head>
<body><h1>{{if .KOE}}{{.KOE}}{{else}}{{.OAuthError}}{{end}}</h1>
<p id="error">{{.OAuthError}}: {{.Msg}}</p>
<p>kakao-sandbox could not send this error to the app's redirect URI.</p>
</body></html>`))

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
			RefreshToken: form.Get("refresh_token"), Refreshable: s.BusinessTokenRefresh,
		})
		if err != nil {
			return 0, nil, err
		}
		return http.StatusOK, tokenResponse(issued), nil
	}
}

type tokenBody struct {
	AccessToken           string `json:"access_token"`
	TokenType             string `json:"token_type"`
	RefreshToken          string `json:"refresh_token,omitempty"`
	ExpiresIn             int64  `json:"expires_in,omitempty"`
	Scope                 string `json:"scope,omitempty"`
	RefreshTokenExpiresIn int64  `json:"refresh_token_expires_in,omitempty"`
}

func tokenResponse(i auth.Issued) tokenBody {
	return tokenBody{AccessToken: i.AccessToken, TokenType: "bearer", RefreshToken: i.RefreshToken, ExpiresIn: i.ExpiresIn,
		Scope: strings.Join(i.Scopes, " "), RefreshTokenExpiresIn: i.RefreshTokenExpiresIn}
}

// handleTokenInfo handles GET /v1/business/tokeninfo and GET /v1/user/access_token_info (T04).
func (s *Server) handleTokenInfo(c *gin.Context) (int, any, error) {
	return http.StatusOK, s.Auth.Info(identity(c)), nil
}
