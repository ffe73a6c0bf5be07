package httpapi

import (
	"maps"
	"net/http"

	"github.com/gin-gonic/gin"
)

// kapiRoutes are Kakao's REST API host (kapi.kakao.com).
func (s *Server) kapiRoutes() routes {
	rs := routes{
		"getBusinessTokenInfo": s.handleTokenInfo,
		"getAccessTokenInfo":   s.handleTokenInfo,
		"getUserMe":            s.handleUserMe,
		"postUserMe":           s.handleUserMe,
		"logoutUser":           s.handleLogout,
		"unlinkUser":           s.handleUnlink,
		"getUserIds":           s.handleUserIDs,
	}
	maps.Copy(rs, s.oidcKapiRoutes())
	return rs
}

// handleTokenInfo handles GET /v1/business/tokeninfo and GET /v1/user/access_token_info (T04).
func (s *Server) handleTokenInfo(c *gin.Context) (int, any, error) {
	return http.StatusOK, newTokenInfoBody(identity(c)), nil
}
