package httpapi

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/ads"
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
)

// Ad groups and creatives (docs/kakao-api.md §9.3, §9.4).

func (s *Server) handleGetAdGroups(c *gin.Context) (int, any, error) {
	campaignID, err := queryID(c, "campaignId")
	if err != nil {
		return 0, nil, err
	}
	configs, err := adsConfigs(c)
	if err != nil {
		return 0, nil, err
	}
	gs, err := s.Ads.AdGroups(caller(c), adAccount(c), campaignID, configs)
	return http.StatusOK, newAdGroupListBody(gs), err
}

func (s *Server) handleGetAdGroup(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "adGroupId")
	if err != nil {
		return 0, nil, err
	}
	v, err := s.Ads.AdGroup(caller(c), adAccount(c), id)
	return http.StatusOK, newAdGroupBody(v), err
}

// adGroupWrite is POST and PUT /adGroups' body. Clients re-send what GET
// answered (Kakao's PUT wants the whole object), so fields the sandbox does
// not model are ignored rather than refused: the document allows them.
type adGroupWrite struct {
	ID       uint64 `json:"id"`
	Campaign *struct {
		ID uint64 `json:"id"`
	} `json:"campaign"`
	Name              string         `json:"name"`
	Type              string         `json:"type"`
	PricingType       string         `json:"pricingType"`
	Pacing            string         `json:"pacing"`
	BidStrategy       string         `json:"bidStrategy"`
	BidAmount         int64          `json:"bidAmount"`
	DailyBudgetAmount *int64         `json:"dailyBudgetAmount"`
	Schedule          *scheduleBody  `json:"schedule"`
	DeviceTypes       []string       `json:"deviceTypes"`
	Placements        []string       `json:"placements"`
	Targeting         *targetingBody `json:"targeting"`
}

func bindAdGroup(c *gin.Context) (w adGroupWrite, p ads.AdGroupParams, err error) {
	if err := bindLenient(c, &w); err != nil {
		return w, p, err
	}
	p = ads.AdGroupParams{Name: w.Name, Type: w.Type, PricingType: w.PricingType, Pacing: w.Pacing,
		BidStrategy: w.BidStrategy, BidAmount: w.BidAmount, DailyBudget: w.DailyBudgetAmount,
		DeviceTypes: w.DeviceTypes, Placements: w.Placements}
	if w.Schedule != nil {
		p.Schedule = ads.Schedule{BeginDate: w.Schedule.BeginDate, EndDate: deref(w.Schedule.EndDate)}
	}
	if w.Targeting != nil {
		p.Targeting = ads.Targeting{Ages: w.Targeting.Ages, Genders: w.Targeting.Genders, Locations: w.Targeting.Locations}
	}
	return w, p, nil
}

func (s *Server) handleCreateAdGroup(c *gin.Context) (int, any, error) {
	w, p, err := bindAdGroup(c)
	if err != nil {
		return 0, nil, err
	}
	if w.Campaign == nil {
		return 0, nil, kakao.Invalid("body.campaign", "property \"campaign\" is missing: an ad group is created in campaign.id")
	}
	v, err := s.Ads.CreateAdGroup(caller(c), adAccount(c), w.Campaign.ID, p)
	return http.StatusOK, newAdGroupBody(v), err
}

func (s *Server) handleUpdateAdGroup(c *gin.Context) (int, any, error) {
	w, p, err := bindAdGroup(c)
	if err != nil {
		return 0, nil, err
	}
	if w.ID == 0 {
		return 0, nil, kakao.Invalid("body.id", "property \"id\" is missing: PUT changes the ad group id")
	}
	v, err := s.Ads.UpdateAdGroup(caller(c), adAccount(c), w.ID, p)
	return http.StatusOK, newAdGroupBody(v), err
}

func (s *Server) handleUpdateAdGroupDailyBudget(c *gin.Context) (int, any, error) {
	var req struct {
		ID                uint64 `json:"id"`
		DailyBudgetAmount *int64 `json:"dailyBudgetAmount"`
	}
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	return switched(s.Ads.SetAdGroupDailyBudget(caller(c), adAccount(c), req.ID, req.DailyBudgetAmount))
}

func (s *Server) handleUpdateAdGroupBidAmount(c *gin.Context) (int, any, error) {
	var req struct {
		ID        uint64 `json:"id"`
		BidAmount int64  `json:"bidAmount"`
	}
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	return switched(s.Ads.SetAdGroupBid(caller(c), adAccount(c), req.ID, req.BidAmount))
}

func (s *Server) handleUpdateAdGroupPacing(c *gin.Context) (int, any, error) {
	var req struct {
		ID     uint64 `json:"id"`
		Pacing string `json:"pacing"`
	}
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	return switched(s.Ads.SetAdGroupPacing(caller(c), adAccount(c), req.ID, req.Pacing))
}

func (s *Server) handleUpdateAdGroupOnOff(c *gin.Context) (int, any, error) {
	var req idConfig
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	return switched(s.Ads.SetAdGroupConfig(caller(c), adAccount(c), req.ID, req.Config))
}

func (s *Server) handleDeleteAdGroup(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "adGroupId")
	if err != nil {
		return 0, nil, err
	}
	return switched(struct{}{}, s.Ads.DeleteAdGroup(caller(c), adAccount(c), id))
}

func (s *Server) handleGetCreatives(c *gin.Context) (int, any, error) {
	adGroupID, err := queryID(c, "adGroupId")
	if err != nil {
		return 0, nil, err
	}
	configs, err := adsConfigs(c)
	if err != nil {
		return 0, nil, err
	}
	cs, err := s.Ads.Creatives(caller(c), adAccount(c), adGroupID, configs)
	return http.StatusOK, newCreativeListBody(cs), err
}

func (s *Server) handleGetCreative(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "creativeId")
	if err != nil {
		return 0, nil, err
	}
	v, err := s.Ads.Creative(caller(c), adAccount(c), id)
	return http.StatusOK, newCreativeBody(v), err
}

func (s *Server) handleUpdateCreativeOnOff(c *gin.Context) (int, any, error) {
	var req idConfig
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	return switched(s.Ads.SetCreativeConfig(caller(c), adAccount(c), req.ID, req.Config))
}

// queryID reads a required numeric query parameter (the document requires
// it; this says so again in Kakao's words should a caller skip validation).
func queryID(c *gin.Context, name string) (uint64, error) {
	id, err := strconv.ParseUint(c.Query(name), 10, 64)
	if err != nil || id == 0 {
		return 0, kakao.Invalid("query "+name, "is required: a positive integer")
	}
	return id, nil
}

// optional is a JSON field that may be absent, null or a value: PUT
// /campaigns' dailyBudgetAmount left out keeps the budget, null clears it.
type optional[T any] struct {
	Set   bool
	Value *T
}

func (o *optional[T]) UnmarshalJSON(b []byte) error {
	o.Set = true
	if string(b) == "null" {
		o.Value = nil
		return nil
	}
	o.Value = new(T)
	return json.Unmarshal(b, o.Value)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
