package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/metrics"
)

// metricsRoutes serve the sandbox's Prometheus metrics.
func (s *Server) metricsRoutes() routes {
	return routes{"getMetrics": s.handleMetrics}
}

// handleMetrics handles GET /metrics: the counters in the Prometheus text
// format. The admin guard applies, as to the control plane.
func (s *Server) handleMetrics(*gin.Context) (int, any, error) {
	data, err := s.Metrics.Exposition()
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, rawBody{contentType: metrics.ContentType, data: data}, nil
}
