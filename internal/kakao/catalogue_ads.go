package kakao

// Moment's errors for campaigns, ad groups and creatives (docs/kakao-api.md
// §9.6). Kakao's detail codes for these are seen in client code, their
// wording is not published; the rest are the sandbox's own, 99340–99359.
var (
	ErrCampaignNotFound = momentErr(SourceKakao, 31001, "존재하지 않거나 삭제된 캠페인입니다.")
	ErrAdGroupNotFound  = momentErr(SourceKakao, 32001, "존재하지 않는 광고그룹입니다.")
	ErrAdGroupDeleted   = momentErr(SourceKakao, 32026, "삭제된 광고그룹입니다.")
	ErrCreativeNotFound = momentErr(SourceKakao, 33003, "존재하지 않거나 삭제된 소재입니다.")

	// M02: only the API-creatable campaign type × goal pairs.
	ErrCampaignTypeGoal = momentErr(SourceSandbox, 99340, "API로 만들 수 없는 캠페인 유형과 목표입니다. (M02)")
	// M02: a campaign's daily budget.
	ErrCampaignBudget = momentErr(SourceSandbox, 99341, "캠페인 일예산은 50,000원 이상 1,000,000,000원 이하, 10원 단위입니다. (M02)")
	ErrAdGroupBudget  = momentErr(SourceSandbox, 99342, "광고그룹 일예산은 10,000원 이상 500,000,000원 이하, 10원 단위입니다.")
	ErrBidAmount      = momentErr(SourceSandbox, 99343, "입찰금액은 1원 이상 100,000원 이하입니다.")
	// M02: only an ON or OFF campaign (ad group, creative) can switch.
	ErrConfigLocked = momentErr(SourceSandbox, 99344, "ON 또는 OFF 상태에서만 변경할 수 있습니다. (M02)")
	// A campaign, ad group or creative under a deleted one cannot be made.
	ErrParentDeleted = momentErr(SourceSandbox, 99345, "삭제된 캠페인 또는 광고그룹에는 만들 수 없습니다.")
	// A campaign's trackId or objective names a tracker (픽셀&SDK) or a
	// channel profile the ad account does not have.
	ErrUnknownTracking = momentErr(SourceSandbox, 99349, "광고계정에 없는 픽셀&SDK 또는 카카오톡 채널입니다.")
)

func adsCatalogue() map[string]*Error {
	return map[string]*Error{
		"ErrCampaignNotFound": ErrCampaignNotFound, "ErrAdGroupNotFound": ErrAdGroupNotFound,
		"ErrAdGroupDeleted": ErrAdGroupDeleted, "ErrCreativeNotFound": ErrCreativeNotFound,
		"ErrCampaignTypeGoal": ErrCampaignTypeGoal, "ErrCampaignBudget": ErrCampaignBudget,
		"ErrAdGroupBudget": ErrAdGroupBudget, "ErrBidAmount": ErrBidAmount,
		"ErrConfigLocked": ErrConfigLocked, "ErrParentDeleted": ErrParentDeleted,
		"ErrUnknownTracking": ErrUnknownTracking,
	}
}
