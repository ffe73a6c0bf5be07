package httpapi

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/cloud"
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
)

// cloudRoutes are KakaoCloud's billing console: organisation, billing
// groups, payment methods and projects.
func (s *Server) cloudRoutes() routes {
	return routes{
		"getCloudOrganization":    s.handleGetCloudOrganization,
		"listBillingGroups":       s.handleListBillingGroups,
		"createBillingGroup":      s.handleCreateBillingGroup,
		"getBillingGroup":         s.handleGetBillingGroup,
		"deleteBillingGroup":      s.handleDeleteBillingGroup,
		"setPaymentMethod":        s.handleSetPaymentMethod,
		"requestDedicatedAccount": s.handleRequestDedicatedAccount,
		"listPaymentMethods":      s.handleListPaymentMethods,
		"listProjects":            s.handleListProjects,
		"moveProject":             s.handleMoveProject,
	}
}

// organizationParam is the optional organizationId query parameter: 0 lets
// the sandbox pick the user's only organisation.
func organizationParam(c *gin.Context) (uint64, error) {
	v := c.Query("organizationId")
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		return 0, kakao.Invalid("organizationId", "must be a positive integer")
	}
	return id, nil
}

// handleGetCloudOrganization handles GET /console/cloud/v1/organization.
func (s *Server) handleGetCloudOrganization(c *gin.Context) (int, any, error) {
	org, err := organizationParam(c)
	if err != nil {
		return 0, nil, err
	}
	v, err := s.Cloud.OrganizationOf(identity(c).UserID, org)
	return http.StatusOK, newOrganizationBody(v), err
}

// handleListBillingGroups handles GET /console/cloud/v1/billing-groups.
func (s *Server) handleListBillingGroups(c *gin.Context) (int, any, error) {
	org, err := organizationParam(c)
	if err != nil {
		return 0, nil, err
	}
	gs, role, err := s.Cloud.MyGroups(identity(c).UserID, org)
	return http.StatusOK, billingGroupsBody{BillingGroups: mapSlice(gs, billingGroupAs(role))}, err
}

// handleCreateBillingGroup handles POST /console/cloud/v1/billing-groups.
func (s *Server) handleCreateBillingGroup(c *gin.Context) (int, any, error) {
	org, err := organizationParam(c)
	if err != nil {
		return 0, nil, err
	}
	var req struct {
		Name    string   `json:"name"`
		Members []uint64 `json:"members"`
	}
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	g, err := s.Cloud.CreateGroup(identity(c).UserID, cloud.NewGroupParams{OrgID: org, Name: req.Name, Members: req.Members})
	return http.StatusCreated, newBillingGroupBody(g, cloud.BillingAdmin), err
}

// handleGetBillingGroup handles GET /console/cloud/v1/billing-groups/{billingGroupId}.
func (s *Server) handleGetBillingGroup(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "billingGroupId")
	if err != nil {
		return 0, nil, err
	}
	g, role, err := s.Cloud.GroupOf(identity(c).UserID, id)
	return http.StatusOK, newBillingGroupBody(g, role), err
}

// handleDeleteBillingGroup handles DELETE /console/cloud/v1/billing-groups/{billingGroupId}.
func (s *Server) handleDeleteBillingGroup(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "billingGroupId")
	if err != nil {
		return 0, nil, err
	}
	if err := s.Cloud.DeleteGroup(identity(c).UserID, id); err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, rawBody{}, nil
}

// handleSetPaymentMethod handles PUT
// /console/cloud/v1/billing-groups/{billingGroupId}/payment-method.
func (s *Server) handleSetPaymentMethod(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "billingGroupId")
	if err != nil {
		return 0, nil, err
	}
	var req struct {
		CardNumber                 string          `json:"cardNumber"`
		OwnerType                  cloud.OwnerType `json:"ownerType"`
		VerificationCode           string          `json:"verificationCode"`
		BusinessRegistrationNumber string          `json:"businessRegistrationNumber"`
	}
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	g, err := s.Cloud.SetPaymentMethod(identity(c).UserID, id, cloud.CardParams{CardNumber: req.CardNumber, OwnerType: req.OwnerType,
		VerificationCode: req.VerificationCode, BusinessRegistrationNumber: req.BusinessRegistrationNumber})
	return http.StatusOK, newBillingGroupBody(g, cloud.BillingAdmin), err
}

// handleRequestDedicatedAccount handles POST
// /console/cloud/v1/billing-groups/{billingGroupId}/dedicated-account-requests.
func (s *Server) handleRequestDedicatedAccount(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "billingGroupId")
	if err != nil {
		return 0, nil, err
	}
	var req struct {
		Reason string `json:"reason"`
	}
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	rv, err := s.Cloud.RequestDedicatedAccount(identity(c).UserID, id, req.Reason)
	return http.StatusAccepted, newReviewBody(rv), err
}

// handleListPaymentMethods handles GET /console/cloud/v1/payment-methods.
func (s *Server) handleListPaymentMethods(c *gin.Context) (int, any, error) {
	org, err := organizationParam(c)
	if err != nil {
		return 0, nil, err
	}
	rows, err := s.Cloud.PaymentMethods(identity(c).UserID, org)
	return http.StatusOK, paymentMethodsBody{PaymentMethods: mapSlice(rows, newPaymentMethodRowBody)}, err
}

// handleListProjects handles GET /console/cloud/v1/projects.
func (s *Server) handleListProjects(c *gin.Context) (int, any, error) {
	org, err := organizationParam(c)
	if err != nil {
		return 0, nil, err
	}
	ps, err := s.Cloud.MyProjects(identity(c).UserID, org)
	return http.StatusOK, projectsBody{Projects: mapSlice(ps, newProjectBody)}, err
}

// handleMoveProject handles PUT /console/cloud/v1/projects/{projectId}/billing-group.
func (s *Server) handleMoveProject(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "projectId")
	if err != nil {
		return 0, nil, err
	}
	var req struct {
		BillingGroupID uint64 `json:"billingGroupId"`
	}
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	p, err := s.Cloud.MoveProject(identity(c).UserID, id, req.BillingGroupID)
	return http.StatusOK, newProjectBody(p), err
}
