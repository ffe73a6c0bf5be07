package httpapi

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/journal"
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
)

// handleListRequests handles GET /_sandbox/requests.
func (s *Server) handleListRequests(c *gin.Context) (int, any, error) {
	f := journal.Filter{Operation: c.Query("operation"), Status: queryInt(c, "status", 0), Code: queryInt(c, "code", 0),
		Fields: map[string]string{}}
	f.UserID, _ = strconv.ParseUint(c.Query("user"), 10, 64)
	f.AdAccount, _ = strconv.ParseUint(c.Query("adAccount"), 10, 64)
	if since := c.Query("since"); since != "" {
		t, err := time.Parse(time.RFC3339Nano, since)
		if err != nil {
			return 0, nil, kakao.Invalid("query since", "%q is not an RFC 3339 time", since)
		}
		f.Since = t
	}
	for k, vs := range c.Request.URL.Query() {
		if field, ok := strings.CutPrefix(k, "body."); ok && len(vs) > 0 {
			f.Fields[field] = vs[0]
		}
	}
	entries, total := s.Journal.Find(f, queryInt(c, "limit", 100))
	if c.Query("count") == "true" {
		return http.StatusOK, countBody{Count: total}, nil
	}
	return http.StatusOK, newRequestsBody(entries, total), nil
}

// handleClearRequests handles DELETE /_sandbox/requests.
func (s *Server) handleClearRequests(*gin.Context) (int, any, error) {
	return http.StatusOK, clearedBody{Cleared: s.Journal.Clear()}, nil
}
