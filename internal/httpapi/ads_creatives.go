package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/ads"
)

// Creatives (docs/kakao-api.md §9.4). Kakao creates and changes them with
// multipart bodies carrying the media; the sandbox takes JSON without media
// (its guess, the document says so).

type creativeWrite struct {
	ID             uint64 `json:"id"`
	AdGroupID      uint64 `json:"adGroupId"`
	Name           string `json:"name"`
	Format         string `json:"format"`
	RspvLandingURL string `json:"rspvLandingUrl"`
}

func (w creativeWrite) params() ads.CreativeParams {
	return ads.CreativeParams{Name: w.Name, Format: w.Format, LandingURL: w.RspvLandingURL}
}

func (s *Server) handleCreateCreative(c *gin.Context) (int, any, error) {
	var w creativeWrite
	if err := bind(c, &w); err != nil {
		return 0, nil, err
	}
	v, err := s.Ads.CreateCreative(caller(c), adAccount(c), w.AdGroupID, w.params())
	return http.StatusOK, newCreativeBody(v), err
}

func (s *Server) handleUpdateCreative(c *gin.Context) (int, any, error) {
	var w creativeWrite
	if err := bind(c, &w); err != nil {
		return 0, nil, err
	}
	v, err := s.Ads.UpdateCreative(caller(c), adAccount(c), w.ID, w.params())
	return http.StatusOK, newCreativeBody(v), err
}

func (s *Server) handleDeleteCreative(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "creativeId")
	if err != nil {
		return 0, nil, err
	}
	return switched(struct{}{}, s.Ads.DeleteCreative(caller(c), adAccount(c), id))
}
