package sandbox_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
)

// TestSystemConfigOverHTTP: Kakao's staff stop a campaign or an ad group
// through the control plane (issue 21 item 2); the campaign's history says
// why, newest first, and an advertiser cannot undo it with onOff.
func TestSystemConfigOverHTTP(t *testing.T) {
	t.Parallel()
	sb := newAdsSandbox(t)
	get := func(path string) map[string]any {
		t.Helper()
		r := sb.Do(momentCall(adv, adsA, "GET", path, nil))
		require.Equal(t, 200, r.Status, "%s", r.Body)
		return r.JSON(t)
	}
	assert.Equal(t, map[string]any{}, get("/campaigns/40001/latestSystemConfigHistory"), "never changed")
	assert.Equal(t, []any{}, get("/campaigns/40001/systemConfigHistories")["content"])

	set := func(path, value, reason string) map[string]any {
		t.Helper()
		r := sb.Do(req{Method: "PUT", Path: path, Body: map[string]any{"systemConfig": value, "reason": reason}})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		return r.JSON(t)
	}
	stop := set("/_sandbox/campaigns/40001/systemConfig", "ADMIN_STOP", "광고 심사 정책 위반")
	assert.Equal(t, "ADMIN_STOP", stop["systemConfig"])
	assert.Equal(t, "2026-01-01T09:00:00.000", stop["createdDate"], "KST, as Moment writes dates")
	c := get("/campaigns/40001")
	assert.Equal(t, "ADMIN_STOP", c["systemConfig"])
	assert.Equal(t, "ON", c["config"], "the advertiser's switch is another")
	assert.NotContains(t, c["status"], "LIVE")
	sb.Advance("1h")
	set("/_sandbox/campaigns/40001/systemConfig", "ON", "소명 완료")
	latest := get("/campaigns/40001/latestSystemConfigHistory")
	assert.Equal(t, "ON", latest["systemConfig"])
	assert.Equal(t, "소명 완료", latest["reason"])
	hs := get("/campaigns/40001/systemConfigHistories")["content"].([]any)
	require.Len(t, hs, 2)
	assert.Equal(t, "광고 심사 정책 위반", hs[1].(map[string]any)["reason"], "newest first")

	set("/_sandbox/adGroups/50001/systemConfig", "EXTERNAL_SERVICE_STOP", "연동 서비스 제한")
	assert.Equal(t, "EXTERNAL_SERVICE_STOP", get("/adGroups/50001")["systemConfig"])
	assert.Equal(t, "EXTERNAL_SERVICE_STOP", get("/adGroups?campaignId=40001")["content"].([]any)[0].(map[string]any)["systemConfig"])

	r := sb.Do(req{Method: "PUT", Path: "/_sandbox/campaigns/40001/systemConfig", Body: map[string]any{"systemConfig": "OFF"}})
	contains(t, kakaoError(t, r, 400, -2, 0), "systemConfig")
	r = sb.Do(req{Method: "PUT", Path: "/_sandbox/campaigns/49999/systemConfig", Body: map[string]any{"systemConfig": "ADMIN_STOP"}})
	kakaoError(t, r, 400, -813, kakao.ErrCampaignNotFound.DetailCode)

	// A deleted campaign or ad group has no system switch, as every other
	// call on it answers.
	require.Equal(t, 200, sb.Do(momentCall(advDelete, adsA, "DELETE", "/campaigns/40001", nil)).Status)
	r = sb.Do(req{Method: "PUT", Path: "/_sandbox/adGroups/50001/systemConfig", Body: map[string]any{"systemConfig": "ON"}})
	kakaoError(t, r, 400, -813, kakao.ErrAdGroupDeleted.DetailCode)
	r = sb.Do(req{Method: "PUT", Path: "/_sandbox/campaigns/40001/systemConfig", Body: map[string]any{"systemConfig": "ON"}})
	contains(t, kakaoError(t, r, 400, -813, kakao.ErrCampaignNotFound.DetailCode), "deleted")
}
