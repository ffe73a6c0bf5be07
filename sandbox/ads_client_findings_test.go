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
