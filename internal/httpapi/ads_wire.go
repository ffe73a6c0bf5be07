package httpapi

import (
	"time"

	"github.com/kakao-sandbox/kakao-sandbox/internal/ads"
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/moment"
)

// Kakao Moment's campaign, ad group and creative wire types
// (docs/kakao-api.md §9.2–9.4): the field names are Kakao's. userConfig
// repeats config, as Kakao still sends it (deprecated).

type adsSummaryBody struct {
	ID           uint64           `json:"id"`
	Name         string           `json:"name"`
	Config       moment.Config    `json:"config"`
	UserConfig   moment.Config    `json:"userConfig"`
	SystemConfig ads.SystemConfig `json:"systemConfig"`
}

type adsListBody[T any] struct {
	Content []T `json:"content"`
}

func newCampaignListBody(cs []ads.CampaignView) adsListBody[adsSummaryBody] {
	out := []adsSummaryBody{} // [] rather than null when there are none
	for _, c := range cs {
		out = append(out, adsSummaryBody{ID: c.ID, Name: c.Name, Config: c.Config, UserConfig: c.Config, SystemConfig: c.SystemConfig})
	}
	return adsListBody[adsSummaryBody]{Content: out}
}

func newAdGroupListBody(gs []ads.AdGroupView) adsListBody[adsSummaryBody] {
	out := []adsSummaryBody{}
	for _, g := range gs {
		out = append(out, adsSummaryBody{ID: g.ID, Name: g.Name, Config: g.Config, UserConfig: g.Config, SystemConfig: g.SystemConfig})
	}
	return adsListBody[adsSummaryBody]{Content: out}
}

type creativeSummaryBody struct {
	ID           uint64           `json:"id"`
	Name         string           `json:"name"`
	Config       moment.Config    `json:"config"`
	SystemConfig ads.SystemConfig `json:"systemConfig"`
}

// creativeSystemConfig is every creative's system switch: the control plane
// stops campaigns and ad groups only (docs/guesses.md), so none applies.
const creativeSystemConfig = ads.SystemOn

func newCreativeListBody(cs []ads.CreativeView) adsListBody[creativeSummaryBody] {
	out := []creativeSummaryBody{}
	for _, c := range cs {
		out = append(out, creativeSummaryBody{ID: c.ID, Name: c.Name, Config: c.Config, SystemConfig: creativeSystemConfig})
	}
	return adsListBody[creativeSummaryBody]{Content: out}
}

type campaignTypeGoalBody struct {
	CampaignType string `json:"campaignType"`
	Goal         string `json:"goal"`
}

type campaignBody struct {
	ID                      uint64               `json:"id"`
	Name                    string               `json:"name"`
	AdAccountID             uint64               `json:"adAccountId"`
	CampaignTypeGoal        campaignTypeGoalBody `json:"campaignTypeGoal"`
	Objective               *objectiveBody       `json:"objective"`
	DailyBudgetAmount       *int64               `json:"dailyBudgetAmount"`
	Config                  moment.Config        `json:"config"`
	UserConfig              moment.Config        `json:"userConfig"`
	SystemConfig            ads.SystemConfig     `json:"systemConfig"`
	Status                  []string             `json:"status"`
	StatusDescription       string               `json:"statusDescription"`
	TrackID                 *string              `json:"trackId"`
	Kclid                   bool                 `json:"kclid"`
	IsDailyBudgetAmountOver bool                 `json:"isDailyBudgetAmountOver"`
}

func newCampaignBody(c ads.CampaignView) campaignBody {
	return campaignBody{ID: c.ID, Name: c.Name, AdAccountID: c.AdAccountID,
		CampaignTypeGoal: campaignTypeGoalBody{CampaignType: c.Type, Goal: c.Goal}, Objective: newObjectiveBody(c.Objective),
		DailyBudgetAmount: c.DailyBudget, Config: c.Config, UserConfig: c.Config, SystemConfig: c.SystemConfig,
		Status: nonNil(c.Status), StatusDescription: c.StatusDescription, TrackID: orNull(c.TrackID), Kclid: c.Kclid,
		IsDailyBudgetAmountOver: c.IsDailyBudgetAmountOver}
}

// objectiveBody always carries value, "" when none was given, as the
// document requires both fields.
type objectiveBody struct {
	Type  string `json:"type"`
	Value string `json:"value"`
}

func newObjectiveBody(o *ads.Objective) *objectiveBody {
	if o == nil {
		return nil
	}
	return &objectiveBody{Type: o.Type, Value: o.Value}
}

type scheduleBody struct {
	BeginDate string  `json:"beginDate"`
	EndDate   *string `json:"endDate"`
}

type targetingBody struct {
	Ages      []string `json:"ages,omitempty"`
	Genders   []string `json:"genders,omitempty"`
	Locations []string `json:"locations,omitempty"`
}

type adGroupBody struct {
	ID                      uint64                 `json:"id"`
	Name                    string                 `json:"name"`
	Type                    string                 `json:"type"`
	Config                  moment.Config          `json:"config"`
	UserConfig              moment.Config          `json:"userConfig"`
	SystemConfig            ads.SystemConfig       `json:"systemConfig"`
	Status                  []string               `json:"status"`
	StatusDescription       string                 `json:"statusDescription"`
	Campaign                campaignBody           `json:"campaign"`
	PricingType             string                 `json:"pricingType"`
	Pacing                  string                 `json:"pacing"`
	BidStrategy             string                 `json:"bidStrategy"`
	BidStrategyTarget       *ads.BidStrategyTarget `json:"bidStrategyTarget"`
	BidAmount               int64                  `json:"bidAmount"`
	UseMaxAutoBidAmount     bool                   `json:"useMaxAutoBidAmount"`
	AutoMaxBidAmount        *int64                 `json:"autoMaxBidAmount"`
	DailyBudgetAmount       *int64                 `json:"dailyBudgetAmount"`
	IsDailyBudgetAmountOver bool                   `json:"isDailyBudgetAmountOver"`
	Schedule                scheduleBody           `json:"schedule"`
	IsValidPeriod           bool                   `json:"isValidPeriod"`
	DeviceTypes             []string               `json:"deviceTypes"`
	AllAvailableDeviceType  bool                   `json:"allAvailableDeviceType"`
	Placements              []string               `json:"placements"`
	AllAvailablePlacement   bool                   `json:"allAvailablePlacement"`
	Targeting               targetingBody          `json:"targeting"`
	Adult                   bool                   `json:"adult"`
	UseWifiOnly             bool                   `json:"useWifiOnly"`
	CreativeCount           int                    `json:"creativeCount"`
	CreatedDate             string                 `json:"createdDate"`
	LastModifiedDate        string                 `json:"lastModifiedDate"`
}

// newAdGroupBody: no device types or placements set means all of them, as
// Kakao's allAvailable… flags say.
func newAdGroupBody(g ads.AdGroupView) adGroupBody {
	return adGroupBody{ID: g.ID, Name: g.Name, Type: g.Type, Config: g.Config, UserConfig: g.Config, SystemConfig: g.SystemConfig,
		Status: nonNil(g.Status), StatusDescription: g.StatusDescription, Campaign: newCampaignBody(g.Campaign),
		PricingType: g.PricingType, Pacing: g.Pacing, BidStrategy: g.BidStrategy, BidAmount: g.BidAmount,
		BidStrategyTarget: g.BidStrategyTarget, UseMaxAutoBidAmount: g.UseMaxAutoBidAmount, AutoMaxBidAmount: g.AutoMaxBidAmount,
		Adult: g.Adult, UseWifiOnly: g.UseWifiOnly,
		DailyBudgetAmount: g.DailyBudget, IsDailyBudgetAmountOver: g.IsDailyBudgetAmountOver,
		Schedule:      scheduleBody{BeginDate: g.Schedule.BeginDate, EndDate: orNull(g.Schedule.EndDate)},
		IsValidPeriod: g.IsValidPeriod, DeviceTypes: nonNil(g.DeviceTypes), AllAvailableDeviceType: len(g.DeviceTypes) == 0,
		Placements: nonNil(g.Placements), AllAvailablePlacement: len(g.Placements) == 0,
		Targeting:     targetingBody{Ages: g.Targeting.Ages, Genders: g.Targeting.Genders, Locations: g.Targeting.Locations},
		CreativeCount: g.CreativeCount, CreatedDate: dttm(g.CreatedAt), LastModifiedDate: dttm(g.ModifiedAt)}
}

type creativeBody struct {
	ID                 uint64           `json:"id"`
	CreativeID         uint64           `json:"creativeId"`
	AdGroupID          uint64           `json:"adGroupId"`
	Name               string           `json:"name"`
	Type               string           `json:"type"`
	Format             string           `json:"format"`
	Config             moment.Config    `json:"config"`
	SystemConfig       ads.SystemConfig `json:"systemConfig"`
	ReviewStatus       string           `json:"reviewStatus"`
	ModifyReviewStatus string           `json:"modifyReviewStatus"`
	CreativeStatus     string           `json:"creativeStatus"`
	Status             []string         `json:"status"`
	StatusDescription  string           `json:"statusDescription"`
	RejectedReason     *string          `json:"rejectedReason"`
	RspvLandingURL     string           `json:"rspvLandingUrl,omitempty"`
	CreatedDate        string           `json:"createdDate"`
	LastModifiedDate   string           `json:"lastModifiedDate"`
}

// newCreativeBody: the sandbox keeps one creative per id, so id and
// creativeId are the same; modifyReviewStatus follows a change's review.
func newCreativeBody(c ads.CreativeView) creativeBody {
	return creativeBody{ID: c.ID, CreativeID: c.ID, AdGroupID: c.AdGroupID, Name: c.Name, Type: c.Type, Format: c.Format,
		Config: c.Config, SystemConfig: creativeSystemConfig, ReviewStatus: c.ReviewStatus, ModifyReviewStatus: modifyReviewStatus(c.ReviewStatus),
		CreativeStatus: c.CreativeStatus, Status: nonNil(c.Status), StatusDescription: c.StatusDescription,
		RejectedReason: orNull(c.RejectedReason), RspvLandingURL: c.LandingURL,
		CreatedDate: dttm(c.CreatedAt), LastModifiedDate: dttm(c.ModifiedAt)}
}

func modifyReviewStatus(review string) string {
	switch review {
	case ads.ReviewModificationWaiting:
		return "WAITING"
	case ads.ReviewModificationRejected:
		return "REJECTED"
	}
	return "NONE"
}

type systemConfigHistoryBody struct {
	SystemConfig ads.SystemConfig `json:"systemConfig"`
	Reason       string           `json:"reason"`
	CreatedDate  string           `json:"createdDate"`
}

func newSystemConfigHistoryBody(h ads.SystemConfigHistory) systemConfigHistoryBody {
	return systemConfigHistoryBody{SystemConfig: h.SystemConfig, Reason: h.Reason, CreatedDate: dttm(h.At)}
}

func newSystemConfigHistoriesBody(hs []ads.SystemConfigHistory) adsListBody[systemConfigHistoryBody] {
	out := []systemConfigHistoryBody{}
	for _, h := range hs {
		out = append(out, newSystemConfigHistoryBody(h))
	}
	return adsListBody[systemConfigHistoryBody]{Content: out}
}

func dttm(t time.Time) string { return kakao.FormatDttm(t) }

// orNull is Kakao's null for a string the sandbox keeps empty.
func orNull(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
