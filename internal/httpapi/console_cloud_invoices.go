package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/cloud"
)

// cloudInvoiceRoutes are KakaoCloud's invoices, on the console surface.
func (s *Server) cloudInvoiceRoutes() routes {
	return routes{
		"listCloudInvoices": s.handleListCloudInvoices,
		"getCloudInvoice":   s.handleGetCloudInvoice,
	}
}

// cloudControlRoutes are the control plane's usage and deposits, which
// stand in for KakaoCloud's metering and the bank.
func (s *Server) cloudControlRoutes() routes {
	return routes{
		"addCloudUsage":       s.handleAddCloudUsage,
		"depositCloudInvoice": s.handleDepositCloudInvoice,
	}
}

// handleListCloudInvoices handles GET
// /console/cloud/v1/billing-groups/{billingGroupId}/invoices.
func (s *Server) handleListCloudInvoices(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "billingGroupId")
	if err != nil {
		return 0, nil, err
	}
	invs, err := s.Cloud.Invoices(identity(c).UserID, id)
	return http.StatusOK, cloudInvoicesBody{Invoices: mapSlice(invs, newCloudInvoiceBody)}, err
}

// handleGetCloudInvoice handles GET
// /console/cloud/v1/billing-groups/{billingGroupId}/invoices/{month}.
func (s *Server) handleGetCloudInvoice(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "billingGroupId")
	if err != nil {
		return 0, nil, err
	}
	inv, err := s.Cloud.Invoice(identity(c).UserID, id, c.Param("month"))
	return http.StatusOK, newCloudInvoiceBody(inv), err
}

// handleAddCloudUsage handles POST /_sandbox/cloud/usage.
func (s *Server) handleAddCloudUsage(c *gin.Context) (int, any, error) {
	var p cloud.UsageParams
	if err := bind(c, &p); err != nil {
		return 0, nil, err
	}
	mu, err := s.Cloud.AddUsage(p)
	return http.StatusCreated, newCloudUsageBody(mu), err
}

// handleDepositCloudInvoice handles POST
// /_sandbox/cloud/billing-groups/{billingGroupId}/invoices/{month}/deposits.
func (s *Server) handleDepositCloudInvoice(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "billingGroupId")
	if err != nil {
		return 0, nil, err
	}
	var req amountRequest
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	inv, err := s.Cloud.Deposit(id, c.Param("month"), req.Amount)
	return http.StatusOK, newCloudInvoiceBody(inv), err
}
