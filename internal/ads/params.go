package ads

// CampaignParams describe a campaign: POST /campaigns' body, and a
// fixture's campaigns entry (Key, ID, AdAccount, Config, SystemConfig are
// for fixtures: the API creates campaigns ON, in the header's ad account).
type CampaignParams struct {
	Key          string       `json:"key,omitempty" yaml:"key"`
	ID           uint64       `json:"id,omitempty" yaml:"id"`               // 0: assigned
	AdAccount    string       `json:"adAccount,omitempty" yaml:"adAccount"` // ad account key or id
	Name         string       `json:"name" yaml:"name"`
	Type         string       `json:"type" yaml:"type"`
	Goal         string       `json:"goal" yaml:"goal"`
	Objective    *Objective   `json:"objective,omitempty" yaml:"objective"`
	DailyBudget  *int64       `json:"dailyBudget,omitempty" yaml:"dailyBudget"` // nil: none
	TrackID      string       `json:"trackId,omitempty" yaml:"trackId"`
	Kclid        bool         `json:"kclid,omitempty" yaml:"kclid"`
	Config       Config       `json:"config,omitempty" yaml:"config"`             // default ON
	SystemConfig SystemConfig `json:"systemConfig,omitempty" yaml:"systemConfig"` // default ON
}

// CampaignUpdate is PUT /campaigns: the fields Kakao lets an update change.
// A nil field is left as it is.
type CampaignUpdate struct {
	ID          uint64
	Name        *string
	TrackID     *string
	Kclid       *bool
	DailyBudget **int64 // set: the new budget, itself nil for none
}

// AdGroupParams describe an ad group: POST and PUT /adGroups' body (PUT
// sends the whole object), and a fixture's adGroups entry.
type AdGroupParams struct {
	Key         string    `json:"key,omitempty" yaml:"key"`
	ID          uint64    `json:"id,omitempty" yaml:"id"`
	Campaign    string    `json:"campaign,omitempty" yaml:"campaign"` // fixtures: campaign key or id
	Name        string    `json:"name" yaml:"name"`
	Type        string    `json:"type,omitempty" yaml:"type"`               // default DISPLAY
	PricingType string    `json:"pricingType,omitempty" yaml:"pricingType"` // default CPC
	Pacing      string    `json:"pacing,omitempty" yaml:"pacing"`           // default NORMAL
	BidStrategy string    `json:"bidStrategy,omitempty" yaml:"bidStrategy"` // default MANUAL
	BidAmount   int64     `json:"bidAmount,omitempty" yaml:"bidAmount"`
	DailyBudget *int64    `json:"dailyBudget,omitempty" yaml:"dailyBudget"`
	Schedule    Schedule  `json:"schedule" yaml:"schedule"` // dates may be relative in fixtures ("today", "+30d")
	DeviceTypes []string  `json:"deviceTypes,omitempty" yaml:"deviceTypes"`
	Placements  []string  `json:"placements,omitempty" yaml:"placements"`
	Targeting   Targeting `json:"targeting" yaml:"targeting"`
	// kept and answered back, not acted on (Bidding)
	Adult               bool               `json:"adult,omitempty" yaml:"adult"`
	UseWifiOnly         bool               `json:"useWifiOnly,omitempty" yaml:"useWifiOnly"`
	BidStrategyTarget   *BidStrategyTarget `json:"bidStrategyTarget,omitempty" yaml:"bidStrategyTarget"`
	UseMaxAutoBidAmount bool               `json:"useMaxAutoBidAmount,omitempty" yaml:"useMaxAutoBidAmount"`
	AutoMaxBidAmount    *int64             `json:"autoMaxBidAmount,omitempty" yaml:"autoMaxBidAmount"`
	Config              Config             `json:"config,omitempty" yaml:"config"`
	SystemConfig        SystemConfig       `json:"systemConfig,omitempty" yaml:"systemConfig"`
}

// CreativeParams describe a creative: the create and update body, and a
// fixture's creatives entry, which may give its review outcome.
type CreativeParams struct {
	Key        string `json:"key,omitempty" yaml:"key"`
	ID         uint64 `json:"id,omitempty" yaml:"id"`
	AdGroup    string `json:"adGroup,omitempty" yaml:"adGroup"` // fixtures: ad group key or id
	Name       string `json:"name" yaml:"name"`
	Format     string `json:"format,omitempty" yaml:"format"` // default IMAGE_NATIVE
	LandingURL string `json:"landingUrl,omitempty" yaml:"landingUrl"`
	Config     Config `json:"config,omitempty" yaml:"config"`
	// Review is a fixture's review outcome: APPROVED (the default), WAITING
	// or REJECTED (with RejectedReason).
	Review         string `json:"review,omitempty" yaml:"review"`
	RejectedReason string `json:"rejectedReason,omitempty" yaml:"rejectedReason"`
}
