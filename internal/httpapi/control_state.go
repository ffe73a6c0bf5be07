package httpapi

import (
	"maps"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/fixtures"
)

// controlRoutes are the sandbox's own control plane (/_sandbox).
func (s *Server) controlRoutes() routes {
	rs := routes{
		"getHealth":               s.handleHealth,
		"resetSandbox":            s.handleReset,
		"loadFixtures":            s.handleLoadFixtures,
		"getClock":                s.handleGetClock,
		"advanceClock":            s.handleAdvanceClock,
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
	return rs
}

// handleHealth handles GET /_sandbox/health.
func (s *Server) handleHealth(*gin.Context) (int, any, error) {
	return http.StatusOK, newHealthBody(s.Admin.Version(), s.Admin.NotApplied(), s.Admin.Degraded()), nil
}

// handleReset handles POST /_sandbox/reset.
func (s *Server) handleReset(c *gin.Context) (int, any, error) {
	req := struct {
		Fixture string `json:"fixture"`
	}{Fixture: "demo"}
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	ids, err := s.Admin.Reset(req.Fixture)
	return http.StatusOK, newIDsBody(ids), err
}

// handleLoadFixtures handles POST /_sandbox/fixtures.
func (s *Server) handleLoadFixtures(c *gin.Context) (int, any, error) {
	doc, err := fixtures.Parse(callOf(c).body)
	if err != nil {
		return 0, nil, err
	}
	start := time.Now()
	ids, err := s.Admin.LoadFixtures(doc, c.Query("replace") == "true")
	return http.StatusCreated, loadBody{idsBody: newIDsBody(ids), Loaded: doc.Counts(), ElapsedMs: time.Since(start).Milliseconds()}, err
}
