package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/wallet"
)

// consoleMoneyRoutes are the console's charges, refund account and refunds.
func (s *Server) consoleMoneyRoutes() routes {
	return routes{
		"listCharges":      s.handleListCharges,
		"chargeWallet":     s.handleChargeWallet,
		"setRefundAccount": s.handleSetRefundAccount,
		"listRefunds":      s.handleListRefunds,
		"requestRefund":    s.handleRequestRefund,
	}
}

// handleListCharges handles GET /console/v1/wallets/{walletId}/charges.
func (s *Server) handleListCharges(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "walletId")
	if err != nil {
		return 0, nil, err
	}
	cs, err := s.Wallets.Charges(identity(c).UserID, id)
	return http.StatusOK, chargesBody{Charges: mapSlice(cs, newChargeBody)}, err
}

// handleChargeWallet handles POST /console/v1/wallets/{walletId}/charges.
func (s *Server) handleChargeWallet(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "walletId")
	if err != nil {
		return 0, nil, err
	}
	var req struct {
		Amount     int64  `json:"amount"`
		CardNumber string `json:"cardNumber"`
	}
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	ch, w, err := s.Wallets.ChargeCard(identity(c).UserID, id, req.Amount, req.CardNumber)
	return http.StatusCreated, chargedBody{Charge: newChargeBody(ch), Wallet: newWalletBody(w)}, err
}

// handleSetRefundAccount handles PUT /console/v1/wallets/{walletId}/refund-account.
func (s *Server) handleSetRefundAccount(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "walletId")
	if err != nil {
		return 0, nil, err
	}
	var req refundAccountBody
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	w, err := s.Wallets.SetRefundAccount(identity(c).UserID, id, wallet.RefundAccount{
		BankCode: req.BankCode, AccountNumber: req.AccountNumber, HolderName: req.HolderName})
	return http.StatusOK, newWalletBody(w), err
}

// handleListRefunds handles GET /console/v1/wallets/{walletId}/refunds.
func (s *Server) handleListRefunds(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "walletId")
	if err != nil {
		return 0, nil, err
	}
	rs, err := s.Wallets.Refunds(identity(c).UserID, id)
	return http.StatusOK, refundsBody{Refunds: mapSlice(rs, newRefundBody)}, err
}

// handleRequestRefund handles POST /console/v1/wallets/{walletId}/refunds.
func (s *Server) handleRequestRefund(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "walletId")
	if err != nil {
		return 0, nil, err
	}
	var req struct {
		Amount int64 `json:"amount"` // left out (0; the document's minimum is 1): a full refund
	}
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	r, err := s.Wallets.RequestRefund(identity(c).UserID, id, req.Amount)
	return http.StatusCreated, newRefundBody(r), err
}
