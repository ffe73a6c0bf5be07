package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/fixtures"
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// controlRoutes are the sandbox's own control plane (/_sandbox).
func (s *Server) controlRoutes() routes {
	rs := routes{
		"getHealth":               s.handleHealth,
		"resetSandbox":            s.handleReset,
		"loadFixtures":            s.handleLoadFixtures,
		"getClock":                s.handleGetClock,
		"advanceClock":            s.handleAdvanceClock,
		"setClock":                s.handleSetClock,
		"mintToken":               s.handleMintToken,
		"listVirtualAccounts":     s.handleListVirtualAccounts,
		"getVirtualAccount":       s.handleGetVirtualAccount,
		"depositToVirtualAccount": s.handleDeposit,
		"spendAdAccount":          s.handleSpend,
		"sanctionWallet":          s.handleSanction,
		"grantFreeCash":           s.handleGrantFreeCash,
		"listRequests":            s.handleListRequests,
		"clearRequests":           s.handleClearRequests,
		"listScenarios":           s.handleListScenarios,
		"loadScenario":            s.handleLoadScenario,
		"activateScenario":        s.handleActivateScenario,
		"deactivateScenario":      s.handleDeactivateScenario,
	}
	maps.Copy(rs, s.controlReviewRoutes())
	maps.Copy(rs, s.cloudControlRoutes())
	maps.Copy(rs, s.oidcControlRoutes())
	maps.Copy(rs, s.dashboardRoutes())
	maps.Copy(rs, s.snapshotRoutes())
	maps.Copy(rs, s.eventControlRoutes())
	return rs
}

// handleHealth handles GET /_sandbox/health.
func (s *Server) handleHealth(*gin.Context) (int, any, error) {
	return http.StatusOK, newHealthBody(s.Admin.Version(), s.Admin.NotApplied(), s.Admin.Degraded()), nil
}

// ResetReport is what a reset put in place: which fixture set, how many
// entries of each list it holds, and their ids.
type ResetReport struct {
	Fixtures string
	Loaded   map[string]int
	IDs      fixtures.IDs
}

// resetBody answers a reset: counts always, ids only when asked, so the
// answer stays small whatever the fixture set holds.
type resetBody struct {
	Fixtures string         `json:"fixtures"`
	Loaded   map[string]int `json:"loaded"`
	IDs      *fixtures.IDs  `json:"ids,omitempty"`
}

// handleReset handles POST /_sandbox/reset. No body, or no fixtures, is
// the set the sandbox started with; the spelling before issue 20
// ({"fixture":"demo"}, which loaded the --fixtures set) is refused rather
// than guessed at.
func (s *Server) handleReset(c *gin.Context) (int, any, error) {
	var req struct {
		Fixtures string          `json:"fixtures"`
		Fixture  json.RawMessage `json:"fixture"`
	}
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	if req.Fixture != nil {
		return 0, nil, kakao.Invalid("fixture", `is the old spelling, no longer read; use {"fixtures":"builtin-demo"} for the embedded demo data, {"fixtures":"startup"} for what the sandbox started with (--fixtures), or {"fixtures":"empty"}`)
	}
	ctx, cancel := s.untilWriteTimeout(c)
	defer cancel()
	report, err := s.Admin.Reset(ctx, req.Fixtures, c.Query("ids") == "true")
	if err != nil {
		return 0, nil, stoppedLoad(c, err, "the reset stopped: %s; nothing was reset")
	}
	body := resetBody{Fixtures: report.Fixtures, Loaded: report.Loaded}
	if c.Query("ids") == "true" {
		ids := newIDsBody(report.IDs).IDs
		body.IDs = &ids
	}
	return http.StatusOK, body, nil
}

// handleLoadFixtures handles POST /_sandbox/fixtures.
func (s *Server) handleLoadFixtures(c *gin.Context) (int, any, error) {
	doc, err := fixtures.Parse(callOf(c).body)
	if err != nil {
		return 0, nil, err
	}
	ctx, cancel := s.untilWriteTimeout(c)
	defer cancel()
	start := time.Now()
	ids, err := s.Admin.LoadFixtures(ctx, doc, c.Query("replace") == "true")
	if err != nil {
		return 0, nil, stoppedLoad(c, err, "the load stopped: %s; nothing was loaded")
	}
	return http.StatusCreated, loadBody{idsBody: newIDsBody(ids), Loaded: doc.Counts(), ElapsedMs: time.Since(start).Milliseconds()}, nil
}

// untilWriteTimeout is the call's context, ended also at 9/10 of the write
// timeout, so a long control call answers before its client gets EOF
// (rule R09).
func (s *Server) untilWriteTimeout(c *gin.Context) (context.Context, context.CancelFunc) {
	ctx := c.Request.Context()
	if s.WriteTimeout <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithDeadlineCause(ctx, callOf(c).start.Add(s.WriteTimeout*9/10), errWriteTimeout)
}

// stoppedLoad turns a load that stopped (a *store.Stopped) into the
// catalogue's ErrLoadStopped, saying why and how far it got (format has one
// %s for that); the journal notes it when the client went away. Other errors
// pass as they are.
func stoppedLoad(c *gin.Context, err error, format string) error {
	var stopped *store.Stopped
	if !errors.As(err, &stopped) {
		return err
	}
	why := stopped.Cause.Error()
	if errors.Is(stopped.Cause, context.Canceled) {
		why = "the client went away"
	}
	msg := fmt.Sprintf(format, fmt.Sprintf("%s, after %d of %d entries", why, stopped.Done, stopped.Total))
	if errors.Is(stopped.Cause, errWriteTimeout) {
		msg += "; load a smaller document or raise --write-timeout"
	}
	if c.Request.Context().Err() != nil { // no one reads the answer: the journal says it
		warning := msg
		if !errors.Is(stopped.Cause, context.Canceled) {
			warning = "the client went away: " + msg
		}
		cl := callOf(c)
		cl.warnings = append(cl.warnings, warning)
	}
	return kakao.ErrLoadStopped.With("%s", msg)
}
