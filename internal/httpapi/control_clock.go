package httpapi

import (
	"context"
	"errors"
	"fmt"
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

// errWriteTimeout stops an advance whose answer would otherwise miss the
// server's write timeout.
var errWriteTimeout = errors.New("the server's write timeout (--write-timeout) was near")

// handleAdvanceClock handles POST /_sandbox/clock/advance. The advance is
// bounded (rule R09): more queued effects than the cap is a -2 naming the
// count, the cap and how far one call may go; it stops after its current
// effect when the client goes away, the write timeout nears, a reset comes
// or the server shuts down, and then answers 200 with "stopped" and the
// clock where it got to (rule R11).
func (s *Server) handleAdvanceClock(c *gin.Context) (int, any, error) {
	var req struct {
		Duration string `json:"duration"`
		To       string `json:"to"`
	}
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	m := clock.Move{MaxEffects: s.MaxAdvanceEffects}
	field := "body.duration"
	switch {
	case (req.Duration == "") == (req.To == ""):
		return 0, nil, kakao.Invalid("body", "give exactly one of duration (like 72h) and to (RFC 3339)")
	case req.Duration != "":
		step, perr := clock.ParseStep(req.Duration)
		if perr != nil {
			return 0, nil, kakao.Invalid(field, "%v", perr)
		}
		m.By = &step
	default:
		field = "body.to"
		to, perr := time.Parse(time.RFC3339, req.To)
		if perr != nil {
			return 0, nil, kakao.Invalid(field, "%q is not an RFC 3339 time like 2026-01-08T09:00:00+09:00", req.To)
		}
		m.To = to
	}
	return s.moveClock(c, m, field)
}

// handleSetClock handles PUT /_sandbox/clock: it freezes the clock or lets
// it run (frozen), and moves it forward to a time (at), as an advance does,
// the mode set first; at alone keeps the mode. Never back (rule R05).
func (s *Server) handleSetClock(c *gin.Context) (int, any, error) {
	var req struct {
		At     string `json:"at"`
		Frozen *bool  `json:"frozen"`
	}
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	if req.At == "" && req.Frozen == nil {
		return 0, nil, kakao.Invalid("body", "give at (RFC 3339), frozen (true or false), or both")
	}
	m := clock.Move{MaxEffects: s.MaxAdvanceEffects, Frozen: req.Frozen}
	if req.At != "" {
		at, err := time.Parse(time.RFC3339, req.At)
		if err != nil {
			return 0, nil, kakao.Invalid("body.at", "%q is not an RFC 3339 time like 2026-01-08T09:00:00+09:00", req.At)
		}
		m.To = at
	}
	return s.moveClock(c, m, "body.at")
}

// moveClock runs m for an advance or a PUT, bounded by the write timeout,
// and answers the clock and what happened; field names the refused input.
func (s *Server) moveClock(c *gin.Context, m clock.Move, field string) (int, any, error) {
	ctx := c.Request.Context()
	if s.WriteTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadlineCause(ctx, callOf(c).start.Add(s.WriteTimeout*9/10), errWriteTimeout)
		defer cancel()
	}
	r, err := s.Clock.Move(ctx, m)
	if errors.Is(err, clock.ErrBackward) || errors.Is(err, clock.ErrOutOfRange) {
		return 0, nil, kakao.Invalid(field, "%v", err)
	}
	if tooMany := (*clock.TooManyEffects)(nil); errors.As(err, &tooMany) {
		return 0, nil, kakao.Invalid(field, "%v (--max-advance-effects)", tooMany)
	}
	body := advanceBody{clockBody: s.clockBody(), Happened: newHappenedBodies(r.Happened)}
	if r.Stopped != nil {
		body.Stopped = newStoppedBody(r, body.Now)
		if c.Request.Context().Err() != nil {
			cl := callOf(c)
			cl.warnings = append(cl.warnings, "the client went away: "+body.Stopped.Message)
		}
	}
	return http.StatusOK, body, err
}

func newStoppedBody(r clock.Result, now time.Time) *stoppedBody {
	reason := "cancelled"
	why := "the client went away"
	switch {
	case errors.Is(r.Stopped, clock.ErrCapReached):
		reason, why = "cap", r.Stopped.Error()+" (--max-advance-effects)"
	case errors.Is(r.Stopped, clock.ErrReset):
		reason, why = "reset", r.Stopped.Error()
	case errors.Is(r.Stopped, clock.ErrStopping):
		reason, why = "shutdown", r.Stopped.Error()
	case errors.Is(r.Stopped, errWriteTimeout):
		reason, why = "timeout", r.Stopped.Error()
	}
	return &stoppedBody{Reason: reason, Target: r.Target, Effects: r.Ran,
		Message: fmt.Sprintf("stopped at %s after %d effects, short of %s: %s; advance again to go on",
			now.Format(time.RFC3339Nano), r.Ran, r.Target.Format(time.RFC3339Nano), why)}
}

func (s *Server) clockBody() clockBody {
	return clockBody{Now: s.Clock.Now(), Frozen: s.Clock.Frozen()}
}
