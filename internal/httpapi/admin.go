package httpapi

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
)

// adminCookie carries the admin token for a browser, which cannot send an
// Authorization header on a link or a page load: the dashboard sets it from
// ?token= once, and its pages and its fetch calls to the control plane send
// it from then on. SameSite=Strict keeps other sites' pages from using it;
// pages on another port of the same host are the same site, though, and
// site.go refuses them (rule R12).
const adminCookie = "kakao_sandbox_admin"

// admitAdmin lets a control-plane call through with the admin token as
// Authorization: Bearer, as the dashboard's cookie, or, on a dashboard page,
// as ?token=, which sets the cookie.
func (s *Server) admitAdmin(c *gin.Context) error {
	if tok, ok := bearer(c.Request.Header.Get("Authorization")); ok && s.isAdminToken(tok) {
		return nil
	}
	if ck, err := c.Request.Cookie(adminCookie); err == nil && subtle.ConstantTimeCompare([]byte(ck.Value), []byte(s.adminCookieValue())) == 1 {
		return nil
	}
	if !strings.HasPrefix(c.Request.URL.Path, dashboardPrefix) {
		return kakao.ErrAdminToken
	}
	if !s.isAdminToken(c.Query("token")) {
		return kakao.ErrAdminToken.With("the dashboard needs the admin token: open %s?token=<admin token> once, and a cookie keeps it", dashboardPrefix)
	}
	// Secure over HTTPS; an expiry; the rest of rule R12 is site.go's.
	http.SetCookie(c.Writer, &http.Cookie{Name: adminCookie, Value: s.adminCookieValue(), Path: "/_sandbox/",
		MaxAge: int(AdminCookieMaxAge / time.Second), HttpOnly: true, Secure: overHTTPS(c.Request), SameSite: http.SameSiteStrictMode})
	return nil
}

// AdminCookieMaxAge is how long the dashboard's cookie lasts
// (docs/security.md); a restart ends it sooner (cookieKey).
const AdminCookieMaxAge = 7 * 24 * time.Hour

// adminCookieValue is an HMAC-SHA256 of the token under the process's own
// random key, in hex: any token fits a cookie, the cookie jar never holds
// the token, and its value cannot be computed from a guessed token.
func (s *Server) adminCookieValue() string {
	mac := hmac.New(sha256.New, s.cookieKey[:])
	mac.Write([]byte(s.AdminToken))
	return hex.EncodeToString(mac.Sum(nil))
}

func (s *Server) isAdminToken(tok string) bool {
	return tok != "" && subtle.ConstantTimeCompare([]byte(tok), []byte(s.AdminToken)) == 1
}

// overHTTPS: the request came over TLS, here or (X-Forwarded-Proto) at a
// proxy in front.
func overHTTPS(r *http.Request) bool {
	p, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Proto"), ",")
	return r.TLS != nil || strings.TrimSpace(p) == "https"
}
