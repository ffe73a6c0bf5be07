package ads

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/moment"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
)

// The limits below come from client code, not from Kakao's own text
// (docs/kakao-api.md §9.2, §9.3: [secondary], low confidence); they are
// package values so that one place changes them (docs/guesses.md).
var (
	CampaignBudgetMin, CampaignBudgetMax int64 = 50_000, 1_000_000_000
	AdGroupBudgetMin, AdGroupBudgetMax   int64 = 10_000, 500_000_000
	BudgetStep                           int64 = 10
	BidMin, BidMax                       int64 = 1, 100_000
)

// creatable are the campaign type × goal pairs the API may create (§9.0,
// §9.2; rule M02).
var creatable = map[[2]string]bool{
	{TypeTalkBizBoard, GoalConversion}: true, {TypeTalkBizBoard, GoalVisiting}: true,
	{TypeDisplay, GoalConversion}: true, {TypeDisplay, GoalVisiting}: true,
	{TypeVideo, GoalView}: true, {TypeTalkChannel, GoalReach}: true, {TypePersonalMessage, GoalReach}: true,
}

// checkTypeGoal is rule M02's type × goal check.
func checkTypeGoal(typ, goal string) error {
	if !creatable[[2]string{typ, goal}] {
		return kakao.ErrCampaignTypeGoal.With("campaignTypeGoal: %s × %s는 API로 만들 수 없습니다. 가능한 조합: TALK_BIZ_BOARD×CONVERSION, TALK_BIZ_BOARD×VISITING, DISPLAY×CONVERSION, DISPLAY×VISITING, VIDEO×VIEW, TALK_CHANNEL×REACH, PERSONAL_MESSAGE×REACH (M02)", typ, goal)
	}
	return nil
}

// checkCampaignBudget is rule M02's daily budget: none, or within the
// limits in steps of BudgetStep.
func checkCampaignBudget(b *int64) error {
	if b != nil && (*b < CampaignBudgetMin || *b > CampaignBudgetMax || *b%BudgetStep != 0) {
		return kakao.ErrCampaignBudget.With("dailyBudgetAmount: %d원은 %d원 이상 %d원 이하, %d원 단위여야 합니다. (M02)", *b, CampaignBudgetMin, CampaignBudgetMax, BudgetStep)
	}
	return nil
}

func checkAdGroupBudget(b *int64) error {
	if b != nil && (*b < AdGroupBudgetMin || *b > AdGroupBudgetMax || *b%BudgetStep != 0) {
		return kakao.ErrAdGroupBudget.With("dailyBudgetAmount: %d원은 %d원 이상 %d원 이하, %d원 단위여야 합니다.", *b, AdGroupBudgetMin, AdGroupBudgetMax, BudgetStep)
	}
	return nil
}

func checkBid(field string, b int64) error {
	if b < BidMin || b > BidMax {
		return kakao.ErrBidAmount.With("%s: %d원은 %d원 이상 %d원 이하여야 합니다.", field, b, BidMin, BidMax)
	}
	return nil
}

// checkManualBid is a MANUAL ad group's bid: one must be given.
func checkManualBid(b int64) error {
	if b == 0 {
		return kakao.ErrBidAmount.With("bidAmount: 수동 입찰(MANUAL)에는 입찰금액이 필요합니다: %d원 이상 %d원 이하로 보내 주세요.", BidMin, BidMax)
	}
	return checkBid("bidAmount", b)
}

// checkBidding checks what the sandbox keeps of automatic bidding.
func checkBidding(b Bidding) error {
	if t := b.BidStrategyTarget; t != nil {
		if err := oneOf("bidStrategyTarget.type", t.Type, "TARGET_CPC", "TARGET_CPA"); err != nil {
			return err
		}
		if t.Value < 1 {
			return kakao.Invalid("bidStrategyTarget.value", "must be a positive amount in won")
		}
	}
	if b.AutoMaxBidAmount != nil {
		return checkBid("autoMaxBidAmount", *b.AutoMaxBidAmount)
	}
	return nil
}

// checkTracking: a campaign's trackId and objective name what its ad
// account has, a tracker (픽셀&SDK) or a channel profile; CATALOG values are
// not checked, as the sandbox keeps no catalogs (docs/guesses.md).
func checkTracking(tx *store.Tx, adAccountID uint64, obj *Objective, trackID string) error {
	st, _, err := moment.StandingIn(tx, adAccountID)
	if err != nil {
		return err
	}
	var trackers, channels []string
	for _, t := range st.Trackers {
		trackers = append(trackers, t.TrackID)
	}
	for _, id := range st.ChannelIDs {
		channels = append(channels, strconv.FormatUint(id, 10))
	}
	if trackID != "" && !slices.Contains(trackers, trackID) {
		return unknownTracking("trackId", trackID, adAccountID, "픽셀&SDK", trackers)
	}
	switch {
	case obj == nil:
	case obj.Type == "PIXEL_AND_SDK" && !slices.Contains(trackers, obj.Value):
		return unknownTracking("objective.value", obj.Value, adAccountID, "픽셀&SDK", trackers)
	case obj.Type == "TALK_CHANNEL" && !slices.Contains(channels, obj.Value):
		return unknownTracking("objective.value", obj.Value, adAccountID, "카카오톡 채널 프로필", channels)
	}
	return nil
}

func unknownTracking(field, v string, adAccountID uint64, what string, have []string) error {
	list := "없음"
	if len(have) > 0 {
		list = strings.Join(have, ", ")
	}
	return kakao.ErrUnknownTracking.With("%s: %q는 광고계정 %d에 없는 %s입니다. 광고계정의 %s: %s", field, v, adAccountID, what, what, list)
}

func checkPacing(p string) error {
	return oneOf("pacing", p, PacingNone, PacingQuick, PacingNormal)
}

// checkSwitch allows ON and OFF, and only from ON or OFF (rule M02).
func checkSwitch(from, to Config) error {
	if to != moment.ConfigOn && to != moment.ConfigOff {
		return kakao.Invalid("config", "must be ON or OFF")
	}
	if from != moment.ConfigOn && from != moment.ConfigOff {
		return kakao.ErrConfigLocked.With("config가 %s인 항목은 ON/OFF를 변경할 수 없습니다. (M02)", from)
	}
	return nil
}

func oneOf(field, v string, allowed ...string) error {
	if !slices.Contains(allowed, v) {
		return kakao.Invalid(field, "%q is none of %s", v, strings.Join(allowed, ", "))
	}
	return nil
}

func checkName(name string) error {
	if strings.TrimSpace(name) == "" {
		return kakao.Invalid("name", "must not be empty")
	}
	if len([]rune(name)) > 50 {
		return kakao.Invalid("name", "at most 50 characters (the sandbox's limit)")
	}
	return nil
}

// checkTargets refuses a targeted value that is empty, long or holds a
// control character: reports answer them as dimension values.
func checkTargets(field string, values []string) error {
	for _, v := range values {
		if strings.TrimSpace(v) == "" || len([]rune(v)) > 50 || strings.IndexFunc(v, unicode.IsControl) >= 0 {
			return kakao.Invalid(field, "%q is not a value: 1 to 50 characters, no control characters (the sandbox's limit)", v)
		}
	}
	return nil
}

// checkAdGroupFields checks what an ad group sets itself (rule M02), on
// create and update and in a stored one (shapes.go).
func checkAdGroupFields(g *AdGroup) error {
	checks := []error{
		checkName(g.Name),
		oneOf("type", g.Type, AdGroupDisplay, AdGroupDirectMessage),
		oneOf("pricingType", g.PricingType, PricingCPC, PricingCPM, PricingCPA, PricingCPV, PricingCPT, PricingCPMS),
		checkPacing(g.Pacing),
		oneOf("bidStrategy", g.BidStrategy, BidManual, BidAutobid),
		checkAdGroupBudget(g.DailyBudget),
		checkBidding(g.Bidding),
	}
	switch {
	case g.BidStrategy == BidManual:
		checks = append(checks, checkManualBid(g.BidAmount))
	case g.BidAmount != 0:
		checks = append(checks, checkBid("bidAmount", g.BidAmount))
	}
	for _, d := range g.DeviceTypes {
		checks = append(checks, oneOf("deviceTypes", d, "ANDROID", "IOS", "PC"))
	}
	checks = append(checks, checkTargets("targeting.ages", g.Targeting.Ages), checkTargets("targeting.genders", g.Targeting.Genders),
		checkTargets("targeting.locations", g.Targeting.Locations), checkTargets("placements", g.Placements))
	for _, err := range checks {
		if err != nil {
			return err // the first, as Kakao answers one detailCode
		}
	}
	return nil
}

func checkLandingURL(s string) error {
	if u, err := url.Parse(s); s != "" && (err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "") {
		return kakao.Invalid("landingUrl", "%q is not an http or https URL", s)
	}
	return nil
}
