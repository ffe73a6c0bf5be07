package httpapi

import (
	"maps"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kakao-sandbox/kakao-sandbox/internal/ads"
	"github.com/kakao-sandbox/kakao-sandbox/internal/moment"
)

// adsRoutes are Moment's campaigns, ad groups and creatives
// (docs/kakao-api.md §9.2–9.4), on the moment surface.
func (s *Server) adsRoutes() routes {
	return routes{
		"getCampaigns":                         s.handleGetCampaigns,
		"getCampaign":                          s.handleGetCampaign,
		"createCampaign":                       s.handleCreateCampaign,
		"updateCampaign":                       s.handleUpdateCampaign,
		"updateCampaignDailyBudget":            s.handleUpdateCampaignDailyBudget,
		"updateCampaignOnOff":                  s.handleUpdateCampaignOnOff,
		"deleteCampaign":                       s.handleDeleteCampaign,
		"getCampaignLatestSystemConfigHistory": s.handleGetCampaignLatestSystemConfigHistory,
		"getCampaignSystemConfigHistories":     s.handleGetCampaignSystemConfigHistories,
		"getAdGroups":                          s.handleGetAdGroups,
		"getAdGroup":                           s.handleGetAdGroup,
		"createAdGroup":                        s.handleCreateAdGroup,
		"updateAdGroup":                        s.handleUpdateAdGroup,
		"updateAdGroupDailyBudget":             s.handleUpdateAdGroupDailyBudget,
		"updateAdGroupBidAmount":               s.handleUpdateAdGroupBidAmount,
		"updateAdGroupPacing":                  s.handleUpdateAdGroupPacing,
		"updateAdGroupOnOff":                   s.handleUpdateAdGroupOnOff,
		"deleteAdGroup":                        s.handleDeleteAdGroup,
		"getCreatives":                         s.handleGetCreatives,
		"getCreative":                          s.handleGetCreative,
		"updateCreativeOnOff":                  s.handleUpdateCreativeOnOff,
		"createCreative":                       s.handleCreateCreative,
		"updateCreative":                       s.handleUpdateCreative,
		"deleteCreative":                       s.handleDeleteCreative,
	}
}

// adsControlRoutes are the sandbox's own switches above the advertiser's.
func (s *Server) adsControlRoutes() routes {
	return routes{
		"setCampaignSystemConfig": s.handleSetSystemConfig(ads.KindCampaign, "campaignId"),
		"setAdGroupSystemConfig":  s.handleSetSystemConfig(ads.KindAdGroup, "adGroupId"),
	}
}

// merged is one surface's table made of several files' tables.
func merged(tables ...routes) routes {
	all := routes{}
	for _, t := range tables {
		maps.Copy(all, t)
	}
	return all
}

// adsConfigs reads the config filter: a comma list, or the parameter
// repeated (?config=ON&config=OFF), which clients also send.
func adsConfigs(c *gin.Context) ([]moment.Config, error) {
	return moment.ParseConfigs(strings.Join(c.QueryArray("config"), ","))
}

// adAccount is the ad account the call acts on: the adAccountId header,
// required and validated by the document.
func adAccount(c *gin.Context) uint64 { return callOf(c).adAccountID }

// switched is the answer of Kakao's sub-resource PUTs and deletes: 200, no
// body; what changed is read with a GET.
func switched[T any](_ T, err error) (int, any, error) {
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, rawBody{}, nil
}

// idConfig is the body of every onOff.
type idConfig struct {
	ID     uint64        `json:"id"`
	Config moment.Config `json:"config"`
}

func (s *Server) handleGetCampaigns(c *gin.Context) (int, any, error) {
	configs, err := adsConfigs(c)
	if err != nil {
		return 0, nil, err
	}
	cs, err := s.Ads.Campaigns(caller(c), adAccount(c), configs)
	return http.StatusOK, newCampaignListBody(cs), err
}

func (s *Server) handleGetCampaign(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "campaignId")
	if err != nil {
		return 0, nil, err
	}
	v, err := s.Ads.Campaign(caller(c), adAccount(c), id)
	return http.StatusOK, newCampaignBody(v), err
}

func (s *Server) handleCreateCampaign(c *gin.Context) (int, any, error) {
	var req struct {
		Name              string               `json:"name"`
		CampaignTypeGoal  campaignTypeGoalBody `json:"campaignTypeGoal"`
		Objective         *ads.Objective       `json:"objective"`
		DailyBudgetAmount *int64               `json:"dailyBudgetAmount"`
		TrackID           *string              `json:"trackId"`
		Kclid             bool                 `json:"kclid"`
	}
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	v, err := s.Ads.CreateCampaign(caller(c), adAccount(c), ads.CampaignParams{
		Name: req.Name, Type: req.CampaignTypeGoal.CampaignType, Goal: req.CampaignTypeGoal.Goal,
		Objective: req.Objective, DailyBudget: req.DailyBudgetAmount, TrackID: deref(req.TrackID), Kclid: req.Kclid,
	})
	return http.StatusOK, newCampaignBody(v), err
}

func (s *Server) handleUpdateCampaign(c *gin.Context) (int, any, error) {
	var req struct {
		ID                uint64          `json:"id"`
		Name              *string         `json:"name"`
		TrackID           *string         `json:"trackId"`
		Kclid             *bool           `json:"kclid"`
		DailyBudgetAmount optional[int64] `json:"dailyBudgetAmount"`
	}
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	u := ads.CampaignUpdate{ID: req.ID, Name: req.Name, TrackID: req.TrackID, Kclid: req.Kclid}
	if req.DailyBudgetAmount.Set {
		u.DailyBudget = &req.DailyBudgetAmount.Value
	}
	v, err := s.Ads.UpdateCampaign(caller(c), adAccount(c), u)
	return http.StatusOK, newCampaignBody(v), err
}

func (s *Server) handleUpdateCampaignDailyBudget(c *gin.Context) (int, any, error) {
	var req struct {
		ID                uint64 `json:"id"`
		DailyBudgetAmount *int64 `json:"dailyBudgetAmount"`
	}
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	return switched(s.Ads.SetCampaignDailyBudget(caller(c), adAccount(c), req.ID, req.DailyBudgetAmount))
}

func (s *Server) handleUpdateCampaignOnOff(c *gin.Context) (int, any, error) {
	var req idConfig
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	return switched(s.Ads.SetCampaignConfig(caller(c), adAccount(c), req.ID, req.Config))
}

func (s *Server) handleDeleteCampaign(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "campaignId")
	if err != nil {
		return 0, nil, err
	}
	return switched(struct{}{}, s.Ads.DeleteCampaign(caller(c), adAccount(c), id))
}

func (s *Server) handleGetCampaignSystemConfigHistories(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "campaignId")
	if err != nil {
		return 0, nil, err
	}
	hs, err := s.Ads.SystemConfigHistories(caller(c), adAccount(c), id)
	return http.StatusOK, newSystemConfigHistoriesBody(hs), err
}

// handleGetCampaignLatestSystemConfigHistory answers {} when the system
// switch never changed (the sandbox's guess: Kakao's shape is not known).
func (s *Server) handleGetCampaignLatestSystemConfigHistory(c *gin.Context) (int, any, error) {
	id, err := pathID(c, "campaignId")
	if err != nil {
		return 0, nil, err
	}
	hs, err := s.Ads.SystemConfigHistories(caller(c), adAccount(c), id)
	if err != nil || len(hs) == 0 {
		return http.StatusOK, struct{}{}, err
	}
	return http.StatusOK, newSystemConfigHistoryBody(hs[0]), nil
}

func (s *Server) handleSetSystemConfig(kind, param string) handler {
	return func(c *gin.Context) (int, any, error) {
		id, err := pathID(c, param)
		if err != nil {
			return 0, nil, err
		}
		var req struct {
			SystemConfig ads.SystemConfig `json:"systemConfig"`
			Reason       string           `json:"reason"`
		}
		if err := bind(c, &req); err != nil {
			return 0, nil, err
		}
		h, err := s.Ads.SetSystemConfig(kind, id, req.SystemConfig, req.Reason)
		return http.StatusOK, newSystemConfigHistoryBody(h), err
	}
}
