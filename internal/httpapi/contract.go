package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// contractRoutes serve the OpenAPI document itself.
func (s *Server) contractRoutes() routes {
	return routes{"getOpenAPIDocument": s.handleOpenAPIDocument}
}

// handleOpenAPIDocument handles GET /openapi.yaml.
func (s *Server) handleOpenAPIDocument(*gin.Context) (int, any, error) {
	return http.StatusOK, rawBody{contentType: "application/yaml", data: s.Spec.Raw}, nil
}
