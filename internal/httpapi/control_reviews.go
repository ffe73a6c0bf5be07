package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/review"
)

// controlReviewRoutes stand in for Kakao's staff: they decide the requests
// Kakao reviews by hand (rule W10), and mark businesses closed.
func (s *Server) controlReviewRoutes() routes {
	return routes{
		"listReviews":       s.handleListReviews,
		"approveReview":     s.handleDecideReview(true),
		"rejectReview":      s.handleDecideReview(false),
		"setCompanyClosure": s.handleSetCompanyClosure,
	}
}

// handleListReviews handles GET /_sandbox/reviews.
func (s *Server) handleListReviews(c *gin.Context) (int, any, error) {
	rvs, err := s.Reviews.List(review.Status(c.Query("status")))
	return http.StatusOK, reviewsBody{Reviews: mapSlice(rvs, newReviewBody)}, err
}

// handleDecideReview handles POST /_sandbox/reviews/{reviewId}/approve and
// .../reject.
func (s *Server) handleDecideReview(approve bool) handler {
	return func(c *gin.Context) (int, any, error) {
		id, err := pathID(c, "reviewId")
		if err != nil {
			return 0, nil, err
		}
		var req struct {
			Note string `json:"note"`
		}
		if err := bind(c, &req); err != nil {
			return 0, nil, err
		}
		rv, err := s.Reviews.Decide(id, approve, req.Note)
		return http.StatusOK, newReviewBody(rv), err
	}
}

// handleSetCompanyClosure handles PUT /_sandbox/companies/{companyId}/closure.
func (s *Server) handleSetCompanyClosure(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "companyId")
	if err != nil {
		return 0, nil, err
	}
	var req struct {
		Closed bool `json:"closed"`
	}
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	co, err := s.Wallets.SetCompanyClosure(id, req.Closed)
	return http.StatusOK, newSandboxCompanyBody(co), err
}
