package httpapi

import (
	"net"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/auth"
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
)

// OpenID Connect as Kakao serves it (T08): discovery and the JWKS on kauth,
// the OIDC user info on kapi, and a control call that rotates the key. The
// tables merge into kauth's, kapi's and the control plane's.

func (s *Server) oidcKauthRoutes() routes {
	return routes{
		"getOpenIDConfiguration": s.handleOpenIDConfiguration,
		"getJWKS":                s.handleJWKS,
	}
}

func (s *Server) oidcKapiRoutes() routes {
	return routes{"getOIDCUserInfo": s.handleOIDCUserInfo}
}

func (s *Server) oidcControlRoutes() routes {
	return routes{"rotateSigningKey": s.handleRotateSigningKey}
}

// handleOpenIDConfiguration handles GET /.well-known/openid-configuration.
func (s *Server) handleOpenIDConfiguration(c *gin.Context) (int, any, error) {
	return http.StatusOK, newDiscoveryBody(s.issuer(c)), nil
}

// handleJWKS handles GET /.well-known/jwks.json.
func (s *Server) handleJWKS(*gin.Context) (int, any, error) {
	keys, err := s.Auth.VerificationKeys()
	return http.StatusOK, newJWKSBody(keys), err
}

// handleOIDCUserInfo handles GET /v1/oidc/userinfo.
func (s *Server) handleOIDCUserInfo(c *gin.Context) (int, any, error) {
	info, err := s.Auth.UserInfo(identity(c), false)
	return http.StatusOK, newOIDCUserInfoBody(info), err
}

// handleRotateSigningKey handles POST /_sandbox/oidc/rotate-key.
func (s *Server) handleRotateSigningKey(*gin.Context) (int, any, error) {
	keys, err := s.Auth.RotateSigningKey()
	return http.StatusOK, newJWKSBody(keys), err
}

// issuer is the OpenID Connect issuer as the client reached the sandbox, so
// that discovery's issuer and the ID token's iss match the URL a relying
// party was configured with: --issuer when set; Kakao's own for a request
// to a Kakao host on its default port (a hosts entry or a network alias with
// --tls, sandboxtest's Client), since that is what such a client has written
// in; otherwise the request's scheme (X-Forwarded-Proto behind a proxy) and
// Host, port included, so that discovery's endpoints lead back here.
func (s *Server) issuer(c *gin.Context) string {
	if s.Issuer != "" {
		return strings.TrimRight(s.Issuer, "/")
	}
	host := c.Request.Host
	name, port := host, ""
	if h, p, err := net.SplitHostPort(host); err == nil {
		name, port = h, p
	}
	if kakao.IsHost(name) && (port == "" || port == "443") {
		return auth.KakaoIssuer
	}
	return requestOrigin(c)
}

// requestOrigin is the scheme (X-Forwarded-Proto behind a proxy) and Host,
// port included, the request came to: links in an answer lead back here.
func requestOrigin(c *gin.Context) string {
	scheme := "http"
	if c.Request.TLS != nil {
		scheme = "https"
	}
	if p, _, _ := strings.Cut(c.Request.Header.Get("X-Forwarded-Proto"), ","); p == "http" || p == "https" {
		scheme = p
	}
	return scheme + "://" + c.Request.Host
}
