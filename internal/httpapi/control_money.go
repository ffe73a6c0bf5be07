package httpapi

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/auth"
	"github.com/kakao-sandbox/kakao-sandbox/internal/moment"
	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
)

// Control calls that stand in for what Kakao, a bank or an advertiser would
// do: mint a token, deposit into a virtual account, spend, sanction, grant.

// handleMintToken handles POST /_sandbox/tokens.
func (s *Server) handleMintToken(c *gin.Context) (int, any, error) {
	var p auth.MintParams
	if err := bind(c, &p); err != nil {
		return 0, nil, err
	}
	issued, err := s.Auth.MintToken(p)
	return http.StatusCreated, newTokenBody(issued), err
}

// handleGetVirtualAccount handles GET /_sandbox/virtual-accounts/{accountNumber}.
func (s *Server) handleGetVirtualAccount(c *gin.Context) (int, any, error) {
	va, err := s.Moment.GetVirtualAccount(c.Param("accountNumber"))
	return http.StatusOK, newSandboxVirtualAccountBody(va), err
}

// handleListVirtualAccounts handles GET /_sandbox/virtual-accounts.
func (s *Server) handleListVirtualAccounts(c *gin.Context) (int, any, error) {
	f := moment.VAFilter{Status: moment.VirtualAccountStatus(c.Query("status")), Limit: queryInt(c, "limit", 100)}
	f.AdAccount, _ = strconv.ParseUint(c.Query("adAccountId"), 10, 64)
	vas, total, err := s.Moment.VirtualAccounts(f)
	return http.StatusOK, virtualAccountsBody{Count: total, VirtualAccounts: mapSlice(vas, newSandboxVirtualAccountBody)}, err
}

type virtualAccountsBody struct {
	Count           int                         `json:"count"`
	VirtualAccounts []sandboxVirtualAccountBody `json:"virtualAccounts"`
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
	d, err := s.Moment.Deposit(c.Param("accountNumber"), req.Amount)
	return http.StatusOK, depositBody{VirtualAccount: newSandboxVirtualAccountBody(d.VirtualAccount), Wallet: newWalletBody(d.Wallet)}, err
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
	sp, err := s.Moment.Spend(id, req.Amount)
	return http.StatusOK, spendBody{Wallet: newWalletBody(sp.Wallet), FromFreeCash: sp.FromFree, FromPaidCash: sp.FromPaid}, err
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
	return http.StatusOK, newWalletBody(w), err
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
	return http.StatusCreated, grantedBody{Grant: newGrantBody(g), Wallet: newWalletBody(w)}, err
}
