package sandbox_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// The ads scenarios only answer (docs/scenarios.md): the state a client
// meets with them is the control plane's. Each test sets that state the way
// the scenario's description says, then checks the scenario's answer and
// that the refused call changed nothing. Called from TestShippedScenarios.

// scenarioAdminStop: campaign-admin-stop refuses every campaign change with
// 99346; an ADMIN_STOP set through the control plane shows in the reads.
func scenarioAdminStop(t *testing.T) {
	t.Parallel()
	sb := newAdsSandbox(t, sandboxtest.NoRateLimits) // the refused calls count too
	r := sb.Do(req{Method: "PUT", Path: fmt.Sprintf("/_sandbox/campaigns/%d/systemConfig", liveCampaign),
		Body: map[string]any{"systemConfig": "ADMIN_STOP", "reason": "광고 심사 정책 위반"}})
	require.Equal(t, 200, r.Status, "%s", r.Body)

	for _, call := range []req{
		momentCall(adv, adsA, "PUT", "/campaigns/onOff", map[string]any{"id": liveCampaign, "config": "OFF"}),
		momentCall(adv, adsA, "PUT", "/campaigns/dailyBudgetAmount", map[string]any{"id": liveCampaign, "dailyBudgetAmount": 70000}),
	} {
		contains(t, kakaoError(t, sb.Do(withScenario(call, "campaign-admin-stop")), 400, -813, 99346), "관리자에 의해 정지된 캠페인")
	}
	c := sb.Do(momentCall(adv, adsA, "GET", fmt.Sprintf("/campaigns/%d", liveCampaign), nil)).JSON(t)
	assert.Equal(t, "ON", c["config"], "the refused switch changed nothing")
	assert.EqualValues(t, 100000, c["dailyBudgetAmount"], "nor the budget")
	assert.Contains(t, c["status"], "ADMIN_STOP", "the control plane's stop shows")
	// Without the scenario the same switch works: the refusal is the scenario's.
	ok := sb.Do(momentCall(adv, adsA, "PUT", "/campaigns/onOff", map[string]any{"id": liveCampaign, "config": "OFF"}))
	assert.Equal(t, 200, ok.Status, "%s", ok.Body)
}

// scenarioCreativeRejected: creative-rejected refuses ON/OFF with 99347; a
// review rejected through the control plane shows REJECTED with its note.
func scenarioCreativeRejected(t *testing.T) {
	t.Parallel()
	sb := newAdsSandbox(t, sandboxtest.NoRateLimits)                           // the refused calls count too
	cr := sb.Do(momentCall(adv, adsA, "GET", "/creatives/60002", nil)).JSON(t) // the waiting one
	require.Equal(t, "WAITING", cr["reviewStatus"])
	var reviews struct {
		Reviews []struct {
			ID      int64          `json:"id"`
			Kind    string         `json:"kind"`
			Request map[string]any `json:"request"`
		} `json:"reviews"`
	}
	sb.Do(req{Method: "GET", Path: "/_sandbox/reviews"}).Decode(t, &reviews)
	var id int64
	for _, rv := range reviews.Reviews {
		if rv.Kind == "ads.creativeReview" && rv.Request["c"] == float64(60002) {
			id = rv.ID
		}
	}
	require.NotZero(t, id, "creative 60002's review is listed")
	r := sb.Do(req{Method: "POST", Path: fmt.Sprintf("/_sandbox/reviews/%d/reject", id), Body: map[string]any{"note": "랜딩 페이지 불일치"}})
	require.Equal(t, 200, r.Status, "%s", r.Body)

	call := momentCall(adv, adsA, "PUT", "/creatives/onOff", map[string]any{"id": 60002, "config": "OFF"})
	contains(t, kakaoError(t, sb.Do(withScenario(call, "creative-rejected")), 400, -813, 99347), "심사가 보류된 소재")
	cr = sb.Do(momentCall(adv, adsA, "GET", "/creatives/60002", nil)).JSON(t)
	assert.Equal(t, "REJECTED", cr["reviewStatus"])
	assert.Equal(t, "랜딩 페이지 불일치", cr["rejectedReason"])
	assert.Equal(t, "ON", cr["config"], "the refused switch changed nothing")
}

// scenarioOutOfBalance: ad-account-out-of-balance refuses every ON/OFF with
// 99348; a wallet spent to zero through the control plane shows
// isOutOfBalance and ADACCOUNT_UNAVAILABLE.
func scenarioOutOfBalance(t *testing.T) {
	t.Parallel()
	sb := newAdsSandbox(t, sandboxtest.NoRateLimits) // the refused calls count too
	bal := sb.Do(momentCall(adv, adsA, "GET", "/adAccounts/balance", nil)).JSON(t)
	sb.Spend(adsA, int64(bal["cash"].(float64)+bal["freeCash"].(float64)))

	for _, call := range []req{
		momentCall(adv, adsA, "PUT", "/adAccounts/onOff", map[string]any{"config": "OFF"}),
		momentCall(adv, adsA, "PUT", "/campaigns/onOff", map[string]any{"id": liveCampaign, "config": "OFF"}),
		momentCall(adv, adsA, "PUT", "/adGroups/onOff", map[string]any{"id": liveGroup, "config": "OFF"}),
		momentCall(adv, adsA, "PUT", "/creatives/onOff", map[string]any{"id": 60001, "config": "OFF"}),
	} {
		contains(t, kakaoError(t, sb.Do(withScenario(call, "ad-account-out-of-balance")), 400, -813, 99348), "잔액이 부족한 광고계정")
	}
	a := sb.Do(momentCall(adv, adsA, "GET", fmt.Sprintf("/adAccounts/%d", adsA), nil)).JSON(t)
	assert.Equal(t, true, a["isOutOfBalance"])
	g := sb.Do(momentCall(adv, adsA, "GET", fmt.Sprintf("/adGroups/%d", liveGroup), nil)).JSON(t)
	assert.Equal(t, "ON", g["config"], "the refused switch changed nothing")
	assert.Contains(t, g["status"], "ADACCOUNT_UNAVAILABLE")
	assert.Equal(t, 200, sb.Do(momentCall(adv, adsA, "GET", "/campaigns", nil)).Status, "reads are not refused")
}
