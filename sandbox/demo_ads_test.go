package sandbox_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// dana's token on the demo data (demoAlice is contract_test.go's); the
// demo's ads are in internal/fixtures/demo.yaml, docs/test-data.md "Ads".
const demoDana = "sandbox-biz-dana"

// demoGet reads a Moment path on the demo as a client does, and fails the
// test on anything but 200.
func demoGet(t *testing.T, sb *sandboxtest.Sandbox, token string, adAccount int64, path string) map[string]any {
	t.Helper()
	h := map[string]string{}
	if adAccount != 0 {
		h["adAccountId"] = fmt.Sprint(adAccount)
	}
	r := sb.Do(req{Method: "GET", Path: "/openapi/v4" + path, Token: token, Header: h})
	require.Equal(t, 200, r.Status, "GET %s: %s", path, r.Body)
	return r.JSON(t)
}

// TestMomentClientWalkOnTheDemo is the social-hub walk (ad accounts →
// campaigns → ad groups → creatives, a budget change, OFF and ON again) on
// the demo data, only following ids the answers give: what a client
// pointed at a freshly started sandbox sees.
func TestMomentClientWalkOnTheDemo(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	id := func(m any) int64 { return int64(m.(map[string]any)["id"].(float64)) }
	items := func(m map[string]any) []any { return m["content"].([]any) }

	seen := map[string][]int64{}
	for _, a := range items(demoGet(t, sb, demoAlice, 0, "/adAccounts/pages?page=0&size=20")) {
		acc := id(a)
		demoGet(t, sb, demoAlice, 0, fmt.Sprintf("/adAccounts/%d", acc))
		for _, c := range items(demoGet(t, sb, demoAlice, acc, "/campaigns?config=ON,OFF")) {
			seen["campaigns"] = append(seen["campaigns"], id(c))
			demoGet(t, sb, demoAlice, acc, fmt.Sprintf("/campaigns/%d", id(c)))
			for _, g := range items(demoGet(t, sb, demoAlice, acc, fmt.Sprintf("/adGroups?campaignId=%d", id(c)))) {
				seen["adGroups"] = append(seen["adGroups"], id(g))
				demoGet(t, sb, demoAlice, acc, fmt.Sprintf("/adGroups/%d", id(g)))
				for _, cr := range items(demoGet(t, sb, demoAlice, acc, fmt.Sprintf("/creatives?adGroupId=%d", id(g)))) {
					seen["creatives"] = append(seen["creatives"], id(cr))
					demoGet(t, sb, demoAlice, acc, fmt.Sprintf("/creatives/%d", id(cr)))
				}
			}
		}
	}
	assert.Equal(t, map[string][]int64{"campaigns": {20001, 20002}, "adGroups": {30001, 30002}, "creatives": {40001, 40002, 40003}}, seen,
		"alice's tree: dana's campaign 20003 is not hers")

	put := func(path string, body map[string]any) {
		t.Helper()
		r := sb.Do(req{Method: "PUT", Path: "/openapi/v4" + path, Token: demoAlice, Header: map[string]string{"adAccountId": "10001"}, Body: body})
		require.Equal(t, 200, r.Status, "PUT %s: %s", path, r.Body)
	}
	put("/campaigns/dailyBudgetAmount", map[string]any{"id": 20001, "dailyBudgetAmount": 200000})
	put("/adGroups/dailyBudgetAmount", map[string]any{"id": 30001, "dailyBudgetAmount": 50000})
	put("/campaigns/onOff", map[string]any{"id": 20001, "config": "OFF"})
	g := demoGet(t, sb, demoAlice, 10001, "/adGroups/30001")
	assert.EqualValues(t, 50000, g["dailyBudgetAmount"])
	assert.EqualValues(t, 200000, g["campaign"].(map[string]any)["dailyBudgetAmount"])
	assert.Contains(t, g["status"], "CAMPAIGN_UNAVAILABLE", "its campaign is OFF")
	sb.Wall.Advance(time.Second) // Kakao's one call per second on each switch
	put("/campaigns/onOff", map[string]any{"id": 20001, "config": "ON"})
	assert.Equal(t, []any{"LIVE"}, demoGet(t, sb, demoAlice, 10001, "/campaigns/20001")["status"])
}

// TestDemoAdsRun: the demo's ads do what docs/test-data.md says. At the
// load nothing has spent; a day later alice's wallet paid for her ads, the
// brand ad group is stopped by its budget, the waiting creative was
// approved by the review delay, and dana's wallet ran dry.
func TestDemoAdsRun(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	balance := func(token string, adAccount int64) int64 {
		b := demoGet(t, sb, token, adAccount, "/adAccounts/balance")
		return int64(b["cash"].(float64) + b["freeCash"].(float64))
	}
	require.EqualValues(t, 510000, balance(demoAlice, 10001), "nothing spends at the load")
	require.EqualValues(t, 30000, balance(demoDana, 10002))
	assert.Equal(t, []any{"LIVE"}, demoGet(t, sb, demoAlice, 10001, "/campaigns/20001")["status"])
	waiting := demoGet(t, sb, demoAlice, 10001, "/creatives/40002")
	assert.Equal(t, "WAITING", waiting["reviewStatus"])
	assert.Equal(t, []any{"UNAPPROVED"}, waiting["status"])

	sb.Advance("1d")
	sb.RequireLedger()
	assert.Less(t, balance(demoAlice, 10001), int64(510000), "alice's ads spent")
	brand := demoGet(t, sb, demoAlice, 10001, "/adGroups/30002")
	assert.Equal(t, []any{"EXCEED_DAILY_BUDGET"}, brand["status"])
	assert.Equal(t, true, brand["isDailyBudgetAmountOver"])
	assert.Equal(t, "APPROVED", demoGet(t, sb, demoAlice, 10001, "/creatives/40002")["reviewStatus"], "approved after the review delay")
	assert.EqualValues(t, 0, balance(demoDana, 10002), "dana's ads spent her wallet")
	assert.Equal(t, true, demoGet(t, sb, demoDana, 0, "/adAccounts/10002")["isOutOfBalance"])
	assert.Contains(t, demoGet(t, sb, demoDana, 10002, "/creatives/40004")["status"], "ADACCOUNT_UNAVAILABLE")
}
