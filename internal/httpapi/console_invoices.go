package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// consoleInvoiceRoutes are the console's tax invoices and the requests that
// Kakao reviews.
func (s *Server) consoleInvoiceRoutes() routes {
	return routes{
		"listTaxInvoices":             s.handleListTaxInvoices,
		"requestTaxInvoiceCorrection": s.handleRequestTaxInvoiceCorrection,
		"requestBusinessInfoChange":   s.handleRequestBusinessInfoChange,
	}
}

// handleListTaxInvoices handles GET /console/v1/wallets/{walletId}/tax-invoices.
func (s *Server) handleListTaxInvoices(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "walletId")
	if err != nil {
		return 0, nil, err
	}
	invs, err := s.Wallets.TaxInvoices(identity(c).UserID, id)
	return http.StatusOK, taxInvoicesBody{TaxInvoices: mapSlice(invs, newTaxInvoiceBody)}, err
}

// handleRequestTaxInvoiceCorrection handles POST
// /console/v1/wallets/{walletId}/tax-invoices/{month}/corrections.
func (s *Server) handleRequestTaxInvoiceCorrection(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "walletId")
	if err != nil {
		return 0, nil, err
	}
	var req struct {
		Reason string `json:"reason"`
	}
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	rv, err := s.Wallets.RequestCorrection(identity(c).UserID, id, c.Param("month"), req.Reason)
	return http.StatusAccepted, newReviewBody(rv), err
}

// handleRequestBusinessInfoChange handles POST
// /console/v1/wallets/{walletId}/business-info-changes.
func (s *Server) handleRequestBusinessInfoChange(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "walletId")
	if err != nil {
		return 0, nil, err
	}
	var req struct {
		Name               string `json:"name"`
		RepresentativeName string `json:"representativeName"`
	}
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	rv, err := s.Wallets.RequestBusinessInfoChange(identity(c).UserID, id, req.Name, req.RepresentativeName)
	return http.StatusAccepted, newReviewBody(rv), err
}
