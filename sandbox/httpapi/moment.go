package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/moment"
)

type virtualAccountResponse struct {
	AccountNumber    string `json:"accountNumber"`
	AccountOwnerName string `json:"accountOwnerName"`
	Amount           int64  `json:"amount"`
	BankCode         string `json:"bankCode"`
	BankName         string `json:"bankName"`
	ExpireDttm       string `json:"expireDttm"`
}

// handleCreateVirtualAccount handles POST /openapi/v4/billing/virtualAccount
// and its GET-with-body form (RULES V01–V10).
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
		UserID: identity(c).UserID, HeaderAdAccountID: callOf(c).adAccountID,
		AdAccountID: req.AdAccountID, Amount: req.Amount, BankCode: req.BankCode,
	})
	if err != nil {
		return 0, nil, err
	}
	bank, _ := kakao.BankByCode(va.BankCode)
	return http.StatusOK, virtualAccountResponse{
		AccountNumber: va.AccountNumber, AccountOwnerName: va.AccountOwnerName, Amount: va.Amount,
		BankCode: va.BankCode, BankName: bank.ShortName, ExpireDttm: kakao.FormatDttm(va.ExpiresAt),
	}, nil
}

// handleGetAdAccountBalance handles GET /openapi/v4/adAccounts/balance.
func (s *Server) handleGetAdAccountBalance(c *gin.Context) (int, any, error) {
	b, err := s.Moment.Balance(identity(c).UserID, callOf(c).adAccountID)
	return http.StatusOK, b, err
}
