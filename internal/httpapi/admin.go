package httpapi

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
)

// adminCookie carries the admin token for a browser, which cannot send an
// Authorization header on a link or a page load: the dashboard sets it from
// ?token= once, and its pages and its fetch calls to the control plane send
// it from then on. SameSite=Strict keeps other sites' pages from using it.
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
	http.SetCookie(c.Writer, &http.Cookie{Name: adminCookie, Value: s.adminCookieValue(), Path: "/_sandbox/",
		HttpOnly: true, SameSite: http.SameSiteStrictMode})
	return nil
}

// adminCookieValue is the token's SHA-256 in hex: any token fits a cookie,
// and the cookie jar never holds the token itself.
func (s *Server) adminCookieValue() string {
	sum := sha256.Sum256([]byte(s.AdminToken))
	return hex.EncodeToString(sum[:])
}

func (s *Server) isAdminToken(tok string) bool {
	return tok != "" && subtle.ConstantTimeCompare([]byte(tok), []byte(s.AdminToken)) == 1
}
