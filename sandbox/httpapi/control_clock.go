package httpapi

import (
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/clock"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/kakao"
)

// handleGetClock handles GET /_sandbox/clock.
func (s *Server) handleGetClock(*gin.Context) (int, any, error) {
	return http.StatusOK, s.clockBody(), nil
}

// handleAdvanceClock handles POST /_sandbox/clock/advance.
func (s *Server) handleAdvanceClock(c *gin.Context) (int, any, error) {
	var req struct {
		Duration string `json:"duration"`
		To       string `json:"to"`
	}
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	var to time.Time
	switch {
	case (req.Duration == "") == (req.To == ""):
		return 0, nil, kakao.Invalid("body", "give exactly one of duration (like 72h) and to (RFC 3339)")
	case req.Duration != "":
		d, err := clock.ParseDuration(req.Duration)
		if err != nil || d < 0 {
			return 0, nil, kakao.Invalid("body.duration", "%q is not a non-negative duration like 7d, 72h or 90m", req.Duration)
		}
		to = s.Clock.Now().Add(d)
	default:
		t, err := time.Parse(time.RFC3339, req.To)
		if err != nil {
			return 0, nil, kakao.Invalid("body.to", "%q is not an RFC 3339 time like 2026-01-08T09:00:00+09:00", req.To)
		}
		to = t
	}
	happened, err := s.Clock.Advance(to)
	if errors.Is(err, clock.ErrBackward) {
		return 0, nil, kakao.Invalid("body.to", "%v", err)
	}
	return http.StatusOK, advanceBody{clockBody: s.clockBody(), Happened: newHappenedBodies(happened)}, err
}

func (s *Server) clockBody() clockBody {
	return clockBody{Now: s.Clock.Now(), Frozen: s.Clock.Frozen()}
}
