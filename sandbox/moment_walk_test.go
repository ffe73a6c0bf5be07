package sandbox_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMomentClientWalk walks the advertiser's tree as public Moment clients
// do (social-hub's adapters/kakaomoment): ad accounts → campaigns → ad
// groups → creatives, then a budget change and an OFF/ON. Every response is
// validated against the document by the sandbox (strict in tests); the walk
// only follows ids the previous answers gave.
func TestMomentClientWalk(t *testing.T) {
	t.Parallel()
	sb := newAdsSandbox(t)
	get := func(adAccount int64, path string) map[string]any {
		t.Helper()
		h := map[string]string{}
		if adAccount != 0 {
			h["adAccountId"] = fmt.Sprint(adAccount)
		}
		r := sb.Do(req{Method: "GET", Path: "/openapi/v4" + path, Token: adv, Header: h})
		require.Equal(t, 200, r.Status, "GET %s: %s", path, r.Body)
		return r.JSON(t)
	}
	content := func(m map[string]any) []map[string]any {
		var out []map[string]any
		for _, item := range m["content"].([]any) {
			out = append(out, item.(map[string]any))
		}
		return out
	}
	id := func(m map[string]any) int64 { return int64(m["id"].(float64)) }

	seen := map[string]int{}
	for _, account := range content(get(0, "/adAccounts/pages?config=ON&page=0&size=10")) {
		a := id(account)
		assert.Equal(t, "운영중", get(0, fmt.Sprintf("/adAccounts/%d", a))["statusDescription"])
		for _, c := range content(get(a, "/campaigns?config=ON,OFF")) {
			seen["campaigns"]++
			campaign := get(a, fmt.Sprintf("/campaigns/%d", id(c)))
			assert.Equal(t, c["name"], campaign["name"])
			get(a, fmt.Sprintf("/campaigns/%d/systemConfigHistories", id(c)))
			for _, g := range content(get(a, fmt.Sprintf("/adGroups?campaignId=%d", id(c)))) {
				seen["adGroups"]++
				group := get(a, fmt.Sprintf("/adGroups/%d", id(g)))
				assert.Equal(t, id(c), id(group["campaign"].(map[string]any)))
				for _, cr := range content(get(a, fmt.Sprintf("/creatives?adGroupId=%d", id(g)))) {
					seen["creatives"]++
					assert.Equal(t, float64(id(g)), get(a, fmt.Sprintf("/creatives/%d", id(cr)))["adGroupId"])
				}
			}
		}
	}
	assert.Equal(t, map[string]int{"campaigns": 3, "adGroups": 3, "creatives": 4}, seen)

	put := func(path string, body any) {
		t.Helper()
		r := sb.Do(momentCall(adv, adsA, "PUT", path, body))
		require.Equal(t, 200, r.Status, "PUT %s: %s", path, r.Body)
	}
	put("/campaigns/dailyBudgetAmount", map[string]any{"id": liveCampaign, "dailyBudgetAmount": 300000})
	put("/adGroups/dailyBudgetAmount", map[string]any{"id": liveGroup, "dailyBudgetAmount": 100000})
	put("/adGroups/bidAmount", map[string]any{"id": liveGroup, "bidAmount": 250})
	put("/adGroups/pacing", map[string]any{"id": liveGroup, "pacing": "NORMAL"})
	put("/campaigns/onOff", map[string]any{"id": liveCampaign, "config": "OFF"})
	put("/adGroups/onOff", map[string]any{"id": liveGroup, "config": "OFF"})
	put("/creatives/onOff", map[string]any{"id": 60001, "config": "OFF"})
	group := get(adsA, fmt.Sprintf("/adGroups/%d", liveGroup))
	assert.EqualValues(t, 300000, group["campaign"].(map[string]any)["dailyBudgetAmount"])
	assert.EqualValues(t, 100000, group["dailyBudgetAmount"])
	assert.EqualValues(t, 250, group["bidAmount"])
	assert.Equal(t, "NORMAL", group["pacing"])
	assert.Equal(t, "OFF", group["config"])
	assert.Equal(t, "OFF", group["campaign"].(map[string]any)["config"])
	assert.Equal(t, "OFF", get(adsA, "/creatives/60001")["config"])

	sb.Wall.Advance(time.Second) // Kakao's one call per second on each switch
	put("/campaigns/onOff", map[string]any{"id": liveCampaign, "config": "ON"})
	put("/adGroups/onOff", map[string]any{"id": liveGroup, "config": "ON"})
	put("/creatives/onOff", map[string]any{"id": 60001, "config": "ON"})
	assert.Equal(t, "ON", get(adsA, fmt.Sprintf("/adGroups/%d", liveGroup))["config"])
	assert.Equal(t, []string{"ON", "ON"}, []string{
		get(adsA, fmt.Sprintf("/campaigns/%d", liveCampaign))["config"].(string), get(adsA, "/creatives/60001")["config"].(string)})
}
