package sandbox_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/ads"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// What a typed Moment client written from Kakao's docs found walking the
// demo (issue 21 follow-up): each test failed before its fix.

// A wallet that is OFF stops the ad account's ads, and the ad account says
// so itself, in the words its ads use (one definition in moment.Standing).
func TestAdAccountDescriptionSaysItsWalletIsOff(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	acc := demoGet(t, sb, demoAlice, 0, "/adAccounts/10004")
	assert.Equal(t, false, acc["isOutOfBalance"], "the OFF wallet still holds cash")
	assert.Equal(t, "월렛 OFF", acc["statusDescription"])
	for _, c := range demoGet(t, sb, demoAlice, 10004, "/campaigns")["content"].([]any) {
		v := demoGet(t, sb, demoAlice, 10004, fmt.Sprintf("/campaigns/%v", c.(map[string]any)["id"]))
		assert.Equal(t, "광고계정 운영불가(월렛 OFF)", v["statusDescription"])
	}
	assert.Equal(t, "운영중", demoGet(t, sb, demoAlice, 0, "/adAccounts/10001")["statusDescription"])
}

// §9.4 lists systemConfig on a creative, in the list and the detail.
func TestCreativesAnswerTheirSystemConfig(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	for _, c := range demoGet(t, sb, demoAlice, 10001, "/creatives?adGroupId=30001")["content"].([]any) {
		assert.Equal(t, "ON", c.(map[string]any)["systemConfig"])
	}
	assert.Equal(t, "ON", demoGet(t, sb, demoAlice, 10001, "/creatives/40001")["systemConfig"])
}

// A review of a creative deleted (itself or its ad group) before the
// decision approves nothing, automatically or by hand, and says why.
func TestDeletedCreativesReviewApprovesNothing(t *testing.T) {
	t.Parallel()
	b := newAdsBox(t, runningAds, nil) // the default delay: an hour
	g := b.id("adGroups", "run-g")
	gone, err := b.ads.CreateCreative(masterCaller, mainAds, g, ads.CreativeParams{Name: "지울 소재"})
	require.NoError(t, err)
	require.NoError(t, b.ads.DeleteCreative(masterCaller, mainAds, gone.ID))
	b.advance("1h")
	approved := b.reviews("APPROVED")
	require.Len(t, approved, 1, "the automatic approval still decides the review")
	assert.Contains(t, approved[0]["outcome"], fmt.Sprintf("creative %d was deleted before this approval", gone.ID))

	never := time.Duration(0)
	b = newAdsBox(t, runningAds, &never)
	cr, err := b.ads.CreateCreative(masterCaller, mainAds, g, ads.CreativeParams{Name: "그룹째 지울 소재"})
	require.NoError(t, err)
	require.NoError(t, b.ads.DeleteAdGroup(masterCaller, mainAds, g))
	r := b.do(req{Method: "POST", Path: fmt.Sprintf("/_sandbox/reviews/%d/approve", cr.Review.ReviewID), Body: map[string]any{}})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	assert.Contains(t, r.JSON(t)["outcome"], fmt.Sprintf("creative %d was deleted before this approval", cr.ID), "deleting its ad group deleted it")
}

// demoWrite is a Moment write on the demo as alice.
func demoWrite(sb *sandboxtest.Sandbox, method, path string, body any) sandboxtest.Response {
	return sb.Do(momentCall(demoAlice, 10001, method, "/"+path, body))
}

// An ad group body lists §9.3's fields: a misspelt or unknown one is a -2
// naming it, not a silently dropped setting.
func TestAdGroupBodiesRefuseUnknownFields(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t, sandboxtest.NoRateLimits)
	for _, body := range []map[string]any{
		{"campaign": map[string]any{"id": 20001}, "name": "오타", "bidAmount": 200, "dailyBudgetAmout": 10000},
		{"id": 30001, "name": "오타", "bidAmount": 200, "bidAmont": 300},
	} {
		method := "POST"
		if body["id"] != nil {
			method = "PUT"
		}
		r := demoWrite(sb, method, "adGroups", body)
		msg := kakaoError(t, r, 400, -2, 0)
		for k := range body {
			if k != "campaign" && k != "name" && k != "bidAmount" && k != "id" {
				assert.Contains(t, msg, k, "the refusal names the misspelt field")
			}
		}
	}
	g := demoGet(t, sb, demoAlice, 10001, "/adGroups/30001")
	assert.Equal(t, "서울 20–30대", g["name"], "nothing half-written")
}

// Clients re-send the whole object GET answered (the full campaign, the
// statuses, the dates): PUT takes it and changes nothing.
func TestAdGroupGetThenPutRoundTrips(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t, sandboxtest.NoRateLimits)
	before := demoGet(t, sb, demoAlice, 10001, "/adGroups/30001")
	r := demoWrite(sb, "PUT", "adGroups", before)
	require.Equal(t, 200, r.Status, "%s", r.Body)
	after := demoGet(t, sb, demoAlice, 10001, "/adGroups/30001")
	delete(before, "lastModifiedDate")
	delete(after, "lastModifiedDate")
	assert.Equal(t, before, after)
}

// adult, useWifiOnly and the automatic bidding fields are kept and answered
// back, on POST and on PUT.
func TestAdGroupKeepsBiddingFields(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t, sandboxtest.NoRateLimits)
	r := demoWrite(sb, "POST", "adGroups", map[string]any{"campaign": map[string]any{"id": 20001}, "name": "자동 입찰",
		"bidStrategy": "AUTOBID", "bidStrategyTarget": map[string]any{"type": "TARGET_CPC", "value": 500},
		"useMaxAutoBidAmount": true, "autoMaxBidAmount": 900, "adult": true, "useWifiOnly": true})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	g := r.JSON(t)
	assert.Equal(t, map[string]any{"type": "TARGET_CPC", "value": 500.0}, g["bidStrategyTarget"])
	assert.Equal(t, true, g["useMaxAutoBidAmount"])
	assert.Equal(t, 900.0, g["autoMaxBidAmount"])
	assert.Equal(t, true, g["adult"])
	assert.Equal(t, true, g["useWifiOnly"])

	g["adult"], g["bidStrategyTarget"] = false, map[string]any{"type": "TARGET_CPA", "value": 7000}
	require.Equal(t, 200, demoWrite(sb, "PUT", "adGroups", g).Status)
	got := demoGet(t, sb, demoAlice, 10001, fmt.Sprintf("/adGroups/%v", g["id"]))
	assert.Equal(t, false, got["adult"])
	assert.Equal(t, map[string]any{"type": "TARGET_CPA", "value": 7000.0}, got["bidStrategyTarget"])
	assert.Equal(t, true, got["useWifiOnly"])

	r = demoWrite(sb, "POST", "adGroups", map[string]any{"campaign": map[string]any{"id": 20001}, "name": "나쁜 목표",
		"bidStrategy": "AUTOBID", "bidStrategyTarget": map[string]any{"type": "TARGET_ROAS", "value": 5}})
	assert.Contains(t, kakaoError(t, r, 400, -2, 0), "bidStrategyTarget.type")
}

// A MANUAL ad group sent without a bid is told the bid is required, not
// that 0 won is out of range.
func TestManualAdGroupWithoutBidSaysItIsRequired(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t, sandboxtest.NoRateLimits)
	r := demoWrite(sb, "POST", "adGroups", map[string]any{"campaign": map[string]any{"id": 20001}, "name": "minimal"})
	msg := kakaoError(t, r, 400, -813, 99343)
	assert.Contains(t, msg, "입찰금액이 필요합니다")
	assert.NotContains(t, msg, "0원은")
}

// A campaign's trackId and objective name one of its ad account's trackers
// or channel profiles (demo 10001: two trackers, profiles 1 and 4).
func TestCampaignTrackingMustBeTheAdAccounts(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t, sandboxtest.NoRateLimits)
	const pixel = "6371862350493612081"
	create := func(goal string, extra map[string]any) sandboxtest.Response {
		body := map[string]any{"name": "추적 " + goal, "campaignTypeGoal": map[string]any{"campaignType": "DISPLAY", "goal": goal}}
		for k, v := range extra {
			body[k] = v
		}
		return demoWrite(sb, "POST", "campaigns", body)
	}
	obj := func(typ, v string) map[string]any { return map[string]any{"type": typ, "value": v} }
	for _, bad := range []struct {
		field, has string
		extra      map[string]any
	}{
		{"trackId", pixel + ", 6371862350493612082", map[string]any{"trackId": "123"}},
		{"objective.value", pixel + ", 6371862350493612082", map[string]any{"objective": obj("PIXEL_AND_SDK", "123")}},
		{"objective.value", pixel + ", 6371862350493612082", map[string]any{"objective": obj("PIXEL_AND_SDK", "7215530981274406913")}}, // 10003's
		{"objective.value", "1, 4", map[string]any{"objective": obj("TALK_CHANNEL", "2")}},
	} {
		msg := kakaoError(t, create("CONVERSION", bad.extra), 400, -813, 99349)
		assert.Contains(t, msg, bad.field)
		assert.Contains(t, msg, bad.has, "the refusal lists what the ad account has")
	}
	r := create("CONVERSION", map[string]any{"trackId": pixel, "objective": obj("PIXEL_AND_SDK", pixel)})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	id := r.JSON(t)["id"]
	require.Equal(t, 200, create("VISITING", map[string]any{"objective": obj("TALK_CHANNEL", "4")}).Status)
	require.Equal(t, 200, create("CONVERSION", nil).Status, "CONVERSION without a tracker stays allowed (docs/guesses.md)")

	kakaoError(t, demoWrite(sb, "PUT", "campaigns", map[string]any{"id": id, "trackId": "999"}), 400, -813, 99349)
	assert.Equal(t, pixel, demoGet(t, sb, demoAlice, 10001, fmt.Sprintf("/campaigns/%v", id))["trackId"], "nothing stored")
}

// The demo's Bizboard campaign 20002 has a banner, Bizboard's format (§9.4).
func TestDemoBizboardCreativeIsABanner(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	assert.Equal(t, "TALK_BIZ_BOARD", demoGet(t, sb, demoAlice, 10001, "/campaigns/20002")["campaignTypeGoal"].(map[string]any)["campaignType"])
	assert.Equal(t, "IMAGE_BANNER", demoGet(t, sb, demoAlice, 10001, "/creatives/40003")["format"])
}
