package ads

import "time"

// Campaign types and goals (docs/kakao-api.md §9.2).
const (
	TypeTalkBizBoard    = "TALK_BIZ_BOARD"
	TypeDisplay         = "DISPLAY"
	TypeVideo           = "VIDEO"
	TypeTalkChannel     = "TALK_CHANNEL"
	TypePersonalMessage = "PERSONAL_MESSAGE"

	GoalConversion = "CONVERSION"
	GoalVisiting   = "VISITING"
	GoalView       = "VIEW"
	GoalReach      = "REACH"
)

// Objective is what a campaign optimises towards: PIXEL_AND_SDK (a trackId),
// TALK_CHANNEL (a channel profile id) or CATALOG.
type Objective struct {
	Type  string `json:"type" yaml:"type"`
	Value string `json:"value,omitempty" yaml:"value"`
}

// Campaign is what the advertiser set on a campaign; CampaignView adds what
// follows from it.
type Campaign struct {
	ID           uint64       `json:"id"`
	Key          string       `json:"key,omitempty"`
	AdAccountID  uint64       `json:"adAccountId"`
	Name         string       `json:"name"`
	Type         string       `json:"type"`
	Goal         string       `json:"goal"`
	Objective    *Objective   `json:"objective,omitempty"`
	DailyBudget  *int64       `json:"dailyBudget,omitempty"` // nil: no campaign cap
	Config       Config       `json:"config"`
	SystemConfig SystemConfig `json:"systemConfig"`
	TrackID      string       `json:"trackId,omitempty"`
	Kclid        bool         `json:"kclid,omitempty"`
	CreatedAt    time.Time    `json:"createdAt"`
	ModifiedAt   time.Time    `json:"modifiedAt"`
}

// EntityRef gives Save the campaign's key and id.
func (c *Campaign) EntityRef() (string, *uint64) { return c.Key, &c.ID }

// Ad group types, pricing, pacing and bid strategies (§9.3).
const (
	AdGroupDisplay       = "DISPLAY"
	AdGroupDirectMessage = "DIRECT_MESSAGE"

	PricingCPC  = "CPC"
	PricingCPM  = "CPM"
	PricingCPA  = "CPA"
	PricingCPV  = "CPV"
	PricingCPT  = "CPT"
	PricingCPMS = "CPMS"

	PacingNone   = "NONE"
	PacingQuick  = "QUICK"
	PacingNormal = "NORMAL"

	BidManual  = "MANUAL"
	BidAutobid = "AUTOBID"
)

// Schedule is when an ad group runs: KST dates (yyyy-MM-dd), both days
// included; no EndDate runs on.
type Schedule struct {
	BeginDate string `json:"beginDate" yaml:"beginDate"`
	EndDate   string `json:"endDate,omitempty" yaml:"endDate"`
}

// Targeting is the summary of an ad group's audience the sandbox keeps:
// Kakao's object has many more parts, which the sandbox does not model.
type Targeting struct {
	Ages      []string `json:"ages,omitempty" yaml:"ages"`
	Genders   []string `json:"genders,omitempty" yaml:"genders"`
	Locations []string `json:"locations,omitempty" yaml:"locations"`
}

// Bidding is what §9.3's ad group says of automatic bidding and where it
// serves, which the sandbox keeps and answers back but does not act on:
// delivery reads bidStrategy and bidAmount only (docs/guesses.md).
type Bidding struct {
	Adult               bool               `json:"adult,omitempty" yaml:"adult"`
	UseWifiOnly         bool               `json:"useWifiOnly,omitempty" yaml:"useWifiOnly"`
	BidStrategyTarget   *BidStrategyTarget `json:"bidStrategyTarget,omitempty" yaml:"bidStrategyTarget"`
	UseMaxAutoBidAmount bool               `json:"useMaxAutoBidAmount,omitempty" yaml:"useMaxAutoBidAmount"`
	AutoMaxBidAmount    *int64             `json:"autoMaxBidAmount,omitempty" yaml:"autoMaxBidAmount"`
}

// BidStrategyTarget is an AUTOBID ad group's goal: TARGET_CPC or TARGET_CPA
// at value won (§9.3, official type-info).
type BidStrategyTarget struct {
	Type  string `json:"type" yaml:"type"`
	Value int64  `json:"value" yaml:"value"`
}

// AdGroup is what the advertiser set on an ad group.
type AdGroup struct {
	ID          uint64    `json:"id"`
	Key         string    `json:"key,omitempty"`
	CampaignID  uint64    `json:"campaignId"`
	AdAccountID uint64    `json:"adAccountId"`
	Name        string    `json:"name"`
	Type        string    `json:"type"`
	PricingType string    `json:"pricingType"`
	Pacing      string    `json:"pacing"`
	BidStrategy string    `json:"bidStrategy"`
	BidAmount   int64     `json:"bidAmount"`
	DailyBudget *int64    `json:"dailyBudget,omitempty"` // nil: no ad group cap
	Schedule    Schedule  `json:"schedule"`
	DeviceTypes []string  `json:"deviceTypes,omitempty"`
	Placements  []string  `json:"placements,omitempty"`
	Targeting   Targeting `json:"targeting"`
	Bidding
	Config       Config       `json:"config"`
	SystemConfig SystemConfig `json:"systemConfig"`
	CreatedAt    time.Time    `json:"createdAt"`
	ModifiedAt   time.Time    `json:"modifiedAt"`
}

// EntityRef gives Save the ad group's key and id.
func (g *AdGroup) EntityRef() (string, *uint64) { return g.Key, &g.ID }

// Creative formats (§9.4).
const (
	FormatImageBanner   = "IMAGE_BANNER"
	FormatImageNative   = "IMAGE_NATIVE"
	FormatVideoNative   = "VIDEO_NATIVE"
	FormatCatalogManual = "CATALOG_MANUAL"
)

// Review statuses of a creative (§9.4), worked out from its review.
const (
	ReviewApproved             = "APPROVED"
	ReviewWaiting              = "WAITING"
	ReviewRejected             = "REJECTED"
	ReviewModificationWaiting  = "MODIFICATION_WAITING"
	ReviewModificationRejected = "MODIFICATION_REJECTED"
)

// CreativeReview is what a creative stores of its latest review: which one,
// when, and whether it reviews a change to an approved creative. Whether it
// was approved or rejected, and why, is read from the review itself.
type CreativeReview struct {
	ReviewID     uint64    `json:"reviewId,omitempty"` // 0: approved with no review (fixtures)
	Round        uint64    `json:"round,omitempty"`    // how many reviews it has had
	SubmittedAt  time.Time `json:"submittedAt"`
	Modification bool      `json:"modification,omitempty"`
}

// Creative is what the advertiser set on a creative.
type Creative struct {
	ID          uint64         `json:"id"`
	Key         string         `json:"key,omitempty"`
	AdGroupID   uint64         `json:"adGroupId"`
	CampaignID  uint64         `json:"campaignId"`
	AdAccountID uint64         `json:"adAccountId"`
	Name        string         `json:"name"`
	Type        string         `json:"type"` // the ad group's type: DISPLAY or DIRECT_MESSAGE
	Format      string         `json:"format"`
	LandingURL  string         `json:"landingUrl,omitempty"`
	Config      Config         `json:"config"`
	Review      CreativeReview `json:"review"`
	CreatedAt   time.Time      `json:"createdAt"`
	ModifiedAt  time.Time      `json:"modifiedAt"`
}

// EntityRef gives Save the creative's key and id.
func (cr *Creative) EntityRef() (string, *uint64) { return cr.Key, &cr.ID }

// SystemConfigHistory is one change of a campaign's or ad group's system
// switch, made by Kakao's staff (here: the control plane).
type SystemConfigHistory struct {
	At           time.Time    `json:"at"`
	SystemConfig SystemConfig `json:"systemConfig"`
	Reason       string       `json:"reason,omitempty"`
}
