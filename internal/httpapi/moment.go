package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/moment"
)

// momentRoutes are the Kakao Moment Open API (apis.moment.kakao.com).
func (s *Server) momentRoutes() routes {
	return routes{
		"createVirtualAccount":        s.handleCreateVirtualAccount,
		"createVirtualAccountWithGet": s.handleCreateVirtualAccount,
		"getAdAccountBalance":         s.handleGetAdAccountBalance,
		"getAdAccounts":               s.handleGetAdAccounts,
		"getAdAccountPages":           s.handleGetAdAccountPages,
		"getAdAccount":                s.handleGetAdAccount,
		"getAdAccountBizRight":        s.handleGetAdAccountBizRight,
		"updateAdAccountOnOff":        s.handleUpdateAdAccountOnOff,
		"getAdAccountChannelProfiles": s.handleGetAdAccountChannelProfiles,
		"getAdAccountTrackers":        s.handleGetAdAccountTrackers,
	}
}

// handleCreateVirtualAccount handles POST /openapi/v4/billing/virtualAccount
// and its GET-with-body form (rules V01–V10).
func (s *Server) handleCreateVirtualAccount(c *gin.Context) (int, any, error) {
	var req struct {
		AdAccountID uint64 `json:"adAccountId"`
		Amount      int64  `json:"amount"`
		BankCode    string `json:"bankCode"`
	}
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	va, err := s.Moment.IssueVirtualAccount(moment.IssueParams{
		Caller: caller(c), HeaderAdAccountID: callOf(c).adAccountID,
		AdAccountID: req.AdAccountID, Amount: req.Amount, BankCode: req.BankCode,
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, newVirtualAccountBody(va), nil
}

// handleGetAdAccountBalance handles GET /openapi/v4/adAccounts/balance.
func (s *Server) handleGetAdAccountBalance(c *gin.Context) (int, any, error) {
	b, err := s.Moment.Balance(caller(c), callOf(c).adAccountID)
	return http.StatusOK, newBalanceBody(b), err
}

// handleGetAdAccounts handles GET /openapi/v4/adAccounts, the unpaged list.
func (s *Server) handleGetAdAccounts(c *gin.Context) (int, any, error) {
	configs, err := moment.ParseConfigs(c.Query("config"))
	if err != nil {
		return 0, nil, err
	}
	ms, err := s.Moment.List(caller(c), configs)
	return http.StatusOK, newAdAccountListBody(ms), err
}

// handleGetAdAccountPages handles GET /openapi/v4/adAccounts/pages.
func (s *Server) handleGetAdAccountPages(c *gin.Context) (int, any, error) {
	configs, err := moment.ParseConfigs(c.Query("config"))
	if err != nil {
		return 0, nil, err
	}
	page, size := queryInt(c, "page", 0), queryInt(c, "size", 10)
	p, err := s.Moment.Pages(caller(c), configs, page, size)
	return http.StatusOK, newPageBody(p), err
}

// handleGetAdAccount handles GET /openapi/v4/adAccounts/{adAccountId}.
func (s *Server) handleGetAdAccount(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "adAccountId")
	if err != nil {
		return 0, nil, err
	}
	callOf(c).adAccountID = id
	st, err := s.Moment.AdAccount(caller(c), id)
	return http.StatusOK, newAdAccountBody(st), err
}

// handleGetAdAccountBizRight handles GET /openapi/v4/adAccounts/bizRight.
func (s *Server) handleGetAdAccountBizRight(c *gin.Context) (int, any, error) {
	b, err := s.Moment.BizRight(caller(c), callOf(c).adAccountID)
	return http.StatusOK, newBizRightBody(b), err
}

// handleGetAdAccountChannelProfiles handles GET /openapi/v4/adAccounts/channel/profiles.
func (s *Server) handleGetAdAccountChannelProfiles(c *gin.Context) (int, any, error) {
	chs, err := s.Moment.ChannelProfiles(caller(c), callOf(c).adAccountID)
	return http.StatusOK, newChannelProfileBodies(chs), err
}

// handleGetAdAccountTrackers handles GET /openapi/v4/adAccounts/trackers.
func (s *Server) handleGetAdAccountTrackers(c *gin.Context) (int, any, error) {
	ts, err := s.Moment.Trackers(caller(c), callOf(c).adAccountID)
	return http.StatusOK, newTrackerBodies(ts), err
}

// handleUpdateAdAccountOnOff handles PUT /openapi/v4/adAccounts/onOff.
func (s *Server) handleUpdateAdAccountOnOff(c *gin.Context) (int, any, error) {
	var req struct {
		Config moment.Config `json:"config"`
	}
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	if err := s.Moment.SetConfig(caller(c), callOf(c).adAccountID, req.Config); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, rawBody{}, nil
}
