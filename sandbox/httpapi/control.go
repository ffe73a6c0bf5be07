package httpapi

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/fixtures"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/auth"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/clock"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/wallet"
)

// handleHealth handles GET /_sandbox/health.
func (s *Server) handleHealth(*gin.Context) (int, any, error) {
	return http.StatusOK, gin.H{"status": "ok", "version": s.Admin.Version()}, nil
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
	return http.StatusOK, gin.H{"ids": nonNil(ids)}, err
}

// handleLoadFixtures handles POST /_sandbox/fixtures.
func (s *Server) handleLoadFixtures(c *gin.Context) (int, any, error) {
	doc, err := fixtures.Parse(callOf(c).body)
	if err != nil {
		return 0, nil, err
	}
	ids, err := s.Admin.LoadFixtures(doc, c.Query("replace") == "true")
	return http.StatusCreated, gin.H{"ids": nonNil(ids)}, err
}

func nonNil(ids fixtures.IDs) fixtures.IDs {
	if ids == nil {
		return fixtures.IDs{}
	}
	return ids
}

type clockResponse struct {
	Now    time.Time `json:"now"`
	Frozen bool      `json:"frozen"`
}

type advanceResponse struct {
	clockResponse
	Happened []clock.Happened `json:"happened"`
}

// handleGetClock handles GET /_sandbox/clock.
func (s *Server) handleGetClock(*gin.Context) (int, any, error) {
	return http.StatusOK, clockResponse{Now: s.Clock.Now(), Frozen: s.Clock.Frozen()}, nil
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
	if happened == nil {
		happened = []clock.Happened{}
	}
	return http.StatusOK, advanceResponse{clockResponse{Now: s.Clock.Now(), Frozen: s.Clock.Frozen()}, happened}, err
}

// handleMintToken handles POST /_sandbox/tokens.
func (s *Server) handleMintToken(c *gin.Context) (int, any, error) {
	var p auth.MintParams
	if err := bind(c, &p); err != nil {
		return 0, nil, err
	}
	m, err := s.Auth.MintToken(p)
	if err != nil {
		return 0, nil, err
	}
	resp := gin.H{"access_token": m.Text, "token_type": "bearer", "scope": strings.Join(m.Scopes, " ")}
	if p.ExpiresIn > 0 {
		resp["expires_in"] = p.ExpiresIn
	}
	return http.StatusCreated, resp, nil
}

// handleGetVirtualAccount handles GET /_sandbox/virtual-accounts/{accountNumber}.
func (s *Server) handleGetVirtualAccount(c *gin.Context) (int, any, error) {
	va, err := s.Moment.GetVirtualAccount(c.Param("accountNumber"))
	return http.StatusOK, va, err
}

type amountRequest struct {
	Amount int64 `json:"amount"`
}

// handleDeposit handles POST /_sandbox/virtual-accounts/{accountNumber}/deposits.
func (s *Server) handleDeposit(c *gin.Context) (int, any, error) {
	var req amountRequest
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	out, err := s.Moment.Deposit(c.Param("accountNumber"), req.Amount)
	return http.StatusOK, out, err
}

// handleSpend handles POST /_sandbox/ad-accounts/{adAccountId}/spend.
func (s *Server) handleSpend(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "adAccountId")
	if err != nil {
		return 0, nil, err
	}
	var req amountRequest
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	out, err := s.Moment.Spend(id, req.Amount)
	return http.StatusOK, out, err
}

// handleSanction handles PUT /_sandbox/wallets/{walletId}/sanction.
func (s *Server) handleSanction(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "walletId")
	if err != nil {
		return 0, nil, err
	}
	var req struct {
		Suspended bool `json:"suspended"`
	}
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	w, err := s.Wallets.Sanction(id, req.Suspended)
	return http.StatusOK, w, err
}

// handleGrantFreeCash handles POST /_sandbox/wallets/{walletId}/free-cash.
func (s *Server) handleGrantFreeCash(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "walletId")
	if err != nil {
		return 0, nil, err
	}
	var p wallet.GrantParams
	if err := bind(c, &p); err != nil {
		return 0, nil, err
	}
	g, w, err := s.Wallets.GrantFreeCash(id, p)
	return http.StatusCreated, gin.H{"grant": g, "wallet": w}, err
}

// handleOpenAPIDocument handles GET /openapi.yaml.
func (s *Server) handleOpenAPIDocument(*gin.Context) (int, any, error) {
	return http.StatusOK, rawBody{contentType: "application/yaml", data: s.Spec.Raw}, nil
}
