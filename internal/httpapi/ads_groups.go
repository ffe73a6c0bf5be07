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

// adGroupWrite is POST and PUT /adGroups' body: §9.3's ad group, every
// field of which the OpenAPI document lists, so a misspelt one is refused.
// Clients re-send what GET answered (Kakao's PUT wants the whole object):
// the read-only fields and the ones the sandbox does not model are taken
// and ignored (adGroupIgnored); campaign, schedule and targeting may carry
// more than the sandbox reads (the full campaign, Kakao's other targetings).
type adGroupWrite struct {
	ID                  uint64                  `json:"id"`
	Campaign            *lenient[idRef]         `json:"campaign"`
	Name                string                  `json:"name"`
	Type                string                  `json:"type"`
	PricingType         string                  `json:"pricingType"`
	Pacing              string                  `json:"pacing"`
	BidStrategy         string                  `json:"bidStrategy"`
	BidStrategyTarget   *ads.BidStrategyTarget  `json:"bidStrategyTarget"`
	BidAmount           int64                   `json:"bidAmount"`
	UseMaxAutoBidAmount bool                    `json:"useMaxAutoBidAmount"`
	AutoMaxBidAmount    *int64                  `json:"autoMaxBidAmount"`
	DailyBudgetAmount   *int64                  `json:"dailyBudgetAmount"`
	Schedule            *lenient[scheduleBody]  `json:"schedule"`
	DeviceTypes         []string                `json:"deviceTypes"`
	Placements          []string                `json:"placements"`
	Targeting           *lenient[targetingBody] `json:"targeting"`
	Adult               bool                    `json:"adult"`
	UseWifiOnly         bool                    `json:"useWifiOnly"`
	adGroupIgnored
}

// adGroupIgnored are the ad group fields a body may carry and the sandbox
// does not take: what GET answers (derived or switched elsewhere) and what
// it does not model (docs/guesses.md).
type adGroupIgnored struct {
	Config                  json.RawMessage `json:"config"`
	UserConfig              json.RawMessage `json:"userConfig"`
	SystemConfig            json.RawMessage `json:"systemConfig"`
	Status                  json.RawMessage `json:"status"`
	OptimizationStatus      json.RawMessage `json:"optimizationStatus"`
	StatusDescription       json.RawMessage `json:"statusDescription"`
	IsDailyBudgetAmountOver json.RawMessage `json:"isDailyBudgetAmountOver"`
	IsValidPeriod           json.RawMessage `json:"isValidPeriod"`
	AllAvailableDeviceType  json.RawMessage `json:"allAvailableDeviceType"`
	AllAvailablePlacement   json.RawMessage `json:"allAvailablePlacement"`
	CreativeCount           json.RawMessage `json:"creativeCount"`
	CreatedDate             json.RawMessage `json:"createdDate"`
	LastModifiedDate        json.RawMessage `json:"lastModifiedDate"`
	TotalBudget             json.RawMessage `json:"totalBudget"`
	TotalBudgetWithVAT      json.RawMessage `json:"totalBudgetWithVAT"`
	AdServingCategories     json.RawMessage `json:"adServingCategories"`
	SectionCategories       json.RawMessage `json:"sectionCategories"`
	SmartMessage            json.RawMessage `json:"smartMessage"`
	MessageSendingInfo      json.RawMessage `json:"messageSendingInfo"`
	ProfileID               json.RawMessage `json:"profileId"`
}

type idRef struct {
	ID uint64 `json:"id"`
}

// lenient decodes a nested object whatever else it carries, inside a body
// bind decodes strictly: the OpenAPI document says what it may carry.
type lenient[T any] struct{ V T }

func (l *lenient[T]) UnmarshalJSON(b []byte) error { return json.Unmarshal(b, &l.V) }

func bindAdGroup(c *gin.Context) (w adGroupWrite, p ads.AdGroupParams, err error) {
	if err := bind(c, &w); err != nil {
		return w, p, err
	}
	p = ads.AdGroupParams{Name: w.Name, Type: w.Type, PricingType: w.PricingType, Pacing: w.Pacing,
		BidStrategy: w.BidStrategy, BidAmount: w.BidAmount, DailyBudget: w.DailyBudgetAmount,
		DeviceTypes: w.DeviceTypes, Placements: w.Placements,
		Adult: w.Adult, UseWifiOnly: w.UseWifiOnly, BidStrategyTarget: w.BidStrategyTarget,
		UseMaxAutoBidAmount: w.UseMaxAutoBidAmount, AutoMaxBidAmount: w.AutoMaxBidAmount}
	if w.Schedule != nil {
		p.Schedule = ads.Schedule{BeginDate: w.Schedule.V.BeginDate, EndDate: deref(w.Schedule.V.EndDate)}
	}
	if t := w.Targeting; t != nil {
		p.Targeting = ads.Targeting{Ages: t.V.Ages, Genders: t.V.Genders, Locations: t.V.Locations}
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
	v, err := s.Ads.CreateAdGroup(caller(c), adAccount(c), w.Campaign.V.ID, p)
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
