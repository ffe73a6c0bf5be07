package httpapi

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/scenarios"
)

// handleListScenarios handles GET /_sandbox/scenarios.
func (s *Server) handleListScenarios(*gin.Context) (int, any, error) {
	return http.StatusOK, newScenarioListBody(s.Scenarios.List()), nil
}

// handleLoadScenario handles POST /_sandbox/scenarios.
func (s *Server) handleLoadScenario(c *gin.Context) (int, any, error) {
	sc, err := scenarios.Parse(callOf(c).body)
	if err != nil {
		return 0, nil, err
	}
	if err := s.Scenarios.Load(sc); err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, newScenarioBody(sc), nil
}

type scopeRequest struct {
	Scope       string `json:"scope"`
	Token       string `json:"token"`
	AdAccountID uint64 `json:"adAccountId"`
}

func (r scopeRequest) scope() (scenarios.Scope, error) {
	switch r.Scope {
	case "", scenarios.Global:
		return scenarios.Scope{Kind: scenarios.Global}, nil
	case scenarios.ByToken:
		if r.Token == "" {
			return scenarios.Scope{}, kakao.Invalid("token", "a token scope names the token")
		}
		return scenarios.Scope{Kind: scenarios.ByToken, TokenHash: scenarios.TokenHash(r.Token)}, nil
	case scenarios.ByAccount:
		if r.AdAccountID == 0 {
			return scenarios.Scope{}, kakao.Invalid("adAccountId", "an adAccount scope names the ad account")
		}
		return scenarios.Scope{Kind: scenarios.ByAccount, AdAccount: r.AdAccountID}, nil
	}
	return scenarios.Scope{}, kakao.Invalid("scope", "must be global, token or adAccount")
}

// handleActivateScenario handles PUT /_sandbox/scenarios/{name}/activation.
func (s *Server) handleActivateScenario(c *gin.Context) (int, any, error) {
	var r scopeRequest
	if err := bind(c, &r); err != nil {
		return 0, nil, err
	}
	sc, err := r.scope()
	if err == nil {
		err = s.Scenarios.Activate(c.Param("name"), sc)
	}
	return http.StatusOK, activationBody{Name: c.Param("name"), Scope: newScopeBody(sc)}, err
}

// handleDeactivateScenario handles DELETE /_sandbox/scenarios/{name}/activation.
func (s *Server) handleDeactivateScenario(c *gin.Context) (int, any, error) {
	id, _ := strconv.ParseUint(c.Query("adAccountId"), 10, 64)
	sc, err := scopeRequest{Scope: c.Query("scope"), Token: c.Query("token"), AdAccountID: id}.scope()
	if err == nil {
		err = s.Scenarios.Deactivate(c.Param("name"), sc)
	}
	return http.StatusOK, activationBody{Name: c.Param("name"), Scope: newScopeBody(sc)}, err
}
