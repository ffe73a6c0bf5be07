package httpapi

import (
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/clock"
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
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
	var happened []clock.Happened
	var err error
	field := "body.duration"
	switch {
	case (req.Duration == "") == (req.To == ""):
		return 0, nil, kakao.Invalid("body", "give exactly one of duration (like 72h) and to (RFC 3339)")
	case req.Duration != "":
		step, perr := clock.ParseStep(req.Duration)
		if perr != nil {
			return 0, nil, kakao.Invalid(field, "%v", perr)
		}
		happened, err = s.Clock.AdvanceBy(step)
	default:
		field = "body.to"
		to, perr := time.Parse(time.RFC3339, req.To)
		if perr != nil {
			return 0, nil, kakao.Invalid(field, "%q is not an RFC 3339 time like 2026-01-08T09:00:00+09:00", req.To)
		}
		happened, err = s.Clock.Advance(to)
	}
	if errors.Is(err, clock.ErrBackward) || errors.Is(err, clock.ErrOutOfRange) {
		return 0, nil, kakao.Invalid(field, "%v", err)
	}
	return http.StatusOK, advanceBody{clockBody: s.clockBody(), Happened: newHappenedBodies(happened)}, err
}

func (s *Server) clockBody() clockBody {
	return clockBody{Now: s.Clock.Now(), Frozen: s.Clock.Frozen()}
}
