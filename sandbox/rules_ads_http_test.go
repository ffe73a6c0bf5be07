package sandbox_test

import (
	_ "embed"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/openapi"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// adsFixture is the ads HTTP tests' own data: testdata/ads_http.yaml.
//
//go:embed testdata/ads_http.yaml
var adsFixture []byte

// Tokens, ad accounts and the campaign tree of testdata/ads_http.yaml.
const (
	adv         = "ads-biz-adv"        // MASTER of adsA and adsB; moment_management only
	advDelete   = "ads-biz-adv-delete" // the same user with moment_delete too
	adsStranger = "ads-biz-stranger"   // a member of nothing

	adsA = 30001 // campaigns 40001 (ON), 40002 (OFF), 40003 (DEL)
	adsB = 30002 // campaign 40101

	liveCampaign = 40001 // ad groups 50001 (ON) and 50002 (OFF)
	liveGroup    = 50001 // creatives 60001 (approved), 60002 (waiting), 60003 (OFF)
)

func newAdsSandbox(t *testing.T, opts ...sandboxtest.Option) *sandboxtest.Sandbox {
	t.Helper()
	return sandboxtest.New(t, append([]sandboxtest.Option{sandboxtest.WithFixtures(adsFixture)}, opts...)...)
}

// moment is a Moment call on an ad account, as clients send it.
func momentCall(token string, adAccount int, method, path string, body any) req {
	return req{Method: method, Path: "/openapi/v4" + path, Token: token,
		Header: map[string]string{"adAccountId": fmt.Sprint(adAccount)}, Body: body}
}

// contentIDs are the ids of a Moment list's content.
func contentIDs(t *testing.T, r sandboxtest.Response) []int64 {
	t.Helper()
	require.Equal(t, 200, r.Status, "%s", r.Body)
	var body struct {
		Content []struct {
			ID int64 `json:"id"`
		} `json:"content"`
	}
	r.Decode(t, &body)
	out := []int64{}
	for _, c := range body.Content {
		out = append(out, c.ID)
	}
	return out
}

func rulesAdsHTTP(t *testing.T) {
	t.Run("M01_lists_and_gets_answer_kakaos_shapes_and_filter_by_config", m01ListsAndGets)
	t.Run("M01_lists_need_their_parent", m01ListsNeedTheirParent)
	t.Run("M01_creatives_made_changed_and_deleted_over_http", m01CreativesOverHTTP)
	t.Run("M02_creation_budgets_and_deletes_over_http", m02OverHTTP)
	t.Run("M02_delete_needs_moment_delete_on_the_demo_too", m02DemoDeleteConsent)
	t.Run("M03_limits_per_operation_and_ad_account", m03LimitsPerOperationAndAdAccount)
	t.Run("M03_the_documents_limits_are_kakaos", m03DocumentLimits)
}

func m01ListsAndGets(t *testing.T) {
	t.Parallel()
	sb := newAdsSandbox(t)
	get := func(path string) sandboxtest.Response { return sb.Do(momentCall(adv, adsA, "GET", path, nil)) }

	assert.Equal(t, []int64{40001, 40002}, contentIDs(t, get("/campaigns")), "ON and OFF by default")
	assert.Equal(t, []int64{40003}, contentIDs(t, get("/campaigns?config=DEL")))
	assert.Equal(t, []int64{40001, 40002, 40003}, contentIDs(t, get("/campaigns?config=ON,OFF,DEL")), "a comma list, as clients send")
	assert.Equal(t, []int64{40001, 40003}, contentIDs(t, get("/campaigns?config=ON&config=DEL")), "the parameter repeated")
	contains(t, kakaoError(t, get("/campaigns?config=PAUSED"), 400, -2, 0), "config")
	assert.Equal(t, []int64{40101}, contentIDs(t, sb.Do(momentCall(adv, adsB, "GET", "/campaigns", nil))), "the header's ad account only")

	summary := get("/campaigns").JSON(t)["content"].([]any)[0].(map[string]any)
	assert.Equal(t, map[string]any{"id": 40001.0, "name": "상시 판매", "config": "ON", "userConfig": "ON", "systemConfig": "ON"}, summary)

	c := get(fmt.Sprintf("/campaigns/%d", liveCampaign)).JSON(t)
	assert.Equal(t, map[string]any{"campaignType": "DISPLAY", "goal": "VISITING"}, c["campaignTypeGoal"])
	assert.EqualValues(t, 100000, c["dailyBudgetAmount"])
	assert.EqualValues(t, adsA, c["adAccountId"])
	assert.NotEmpty(t, c["status"])
	assert.NotEmpty(t, c["statusDescription"])
	assert.Nil(t, get("/campaigns/40002").JSON(t)["dailyBudgetAmount"], "no cap is null")
	kakaoError(t, get("/campaigns/40101"), 400, -813, kakao.ErrCampaignNotFound.DetailCode) // adsB's, asked on adsA
	kakaoError(t, get("/campaigns/49999"), 400, -813, kakao.ErrCampaignNotFound.DetailCode)
	kakaoError(t, sb.Do(momentCall(adsStranger, adsA, "GET", "/campaigns", nil)), 400, -813, kakao.ErrNoPermission.DetailCode)

	assert.Equal(t, []int64{50001, 50002}, contentIDs(t, get("/adGroups?campaignId=40001")))
	assert.Equal(t, []int64{50002}, contentIDs(t, get("/adGroups?campaignId=40001&config=OFF")))
	g := get(fmt.Sprintf("/adGroups/%d", liveGroup)).JSON(t)
	assert.EqualValues(t, liveCampaign, g["campaign"].(map[string]any)["id"])
	assert.Equal(t, "CPC", g["pricingType"])
	assert.Equal(t, "QUICK", g["pacing"])
	assert.EqualValues(t, 200, g["bidAmount"])
	assert.EqualValues(t, 50000, g["dailyBudgetAmount"])
	assert.Equal(t, map[string]any{"beginDate": "2026-01-01", "endDate": nil}, g["schedule"])
	assert.Equal(t, true, g["isValidPeriod"])
	assert.Equal(t, []any{"ANDROID", "IOS"}, g["deviceTypes"])
	assert.Equal(t, false, g["allAvailableDeviceType"])

	assert.Equal(t, []int64{60001, 60002, 60003}, contentIDs(t, get("/creatives?adGroupId=50001")))
	assert.Equal(t, []int64{60003}, contentIDs(t, get("/creatives?adGroupId=50001&config=OFF")))
	approved, waiting := get("/creatives/60001").JSON(t), get("/creatives/60002").JSON(t)
	assert.Equal(t, "APPROVED", approved["reviewStatus"])
	assert.Equal(t, "WAITING", waiting["reviewStatus"])
	assert.Equal(t, "UNAPPROVED", waiting["creativeStatus"])
	assert.EqualValues(t, liveGroup, waiting["adGroupId"])
	kakaoError(t, get("/creatives/60101"), 400, -813, kakao.ErrCreativeNotFound.DetailCode)
}

func m01ListsNeedTheirParent(t *testing.T) {
	t.Parallel()
	sb := newAdsSandbox(t)
	get := func(path string) sandboxtest.Response { return sb.Do(momentCall(adv, adsA, "GET", path, nil)) }
	contains(t, kakaoError(t, get("/adGroups"), 400, -2, 0), "campaignId")
	contains(t, kakaoError(t, get("/adGroups?config=ON"), 400, -2, 0), "campaignId")
	contains(t, kakaoError(t, get("/creatives"), 400, -2, 0), "adGroupId")
	contains(t, kakaoError(t, get("/adGroups?campaignId=abc"), 400, -2, 0), "campaignId")
	kakaoError(t, get("/adGroups?campaignId=40101"), 400, -813, kakao.ErrCampaignNotFound.DetailCode) // another ad account's
	contains(t, kakaoError(t, sb.Do(req{Method: "GET", Path: "/openapi/v4/campaigns", Token: adv}), 400, -2, 0), "adAccountId")
}

func m01CreativesOverHTTP(t *testing.T) {
	t.Parallel()
	sb := newAdsSandbox(t)
	call := func(token, method, path string, body any) sandboxtest.Response {
		return sb.Do(momentCall(token, adsA, method, path, body))
	}
	r := call(adv, "POST", "/creatives", map[string]any{"adGroupId": liveGroup, "name": "새 배너", "format": "IMAGE_BANNER", "rspvLandingUrl": "https://adco.example/new"})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	made := r.JSON(t)
	assert.Equal(t, "WAITING", made["reviewStatus"], "a new creative waits for review")
	assert.Equal(t, "UNAPPROVED", made["creativeStatus"])
	assert.Equal(t, "ON", made["config"])
	assert.Equal(t, "https://adco.example/new", made["rspvLandingUrl"])
	id := int64(made["id"].(float64))
	assert.Contains(t, contentIDs(t, call(adv, "GET", "/creatives?adGroupId=50001", nil)), id)
	kakaoError(t, call(adv, "POST", "/creatives", map[string]any{"adGroupId": 50101, "name": "남의 그룹"}), 400, -813, kakao.ErrAdGroupNotFound.DetailCode)
	contains(t, kakaoError(t, call(adv, "POST", "/creatives", map[string]any{"name": "그룹 없음"}), 400, -2, 0), "adGroupId")

	changed := call(adv, "PUT", "/creatives", map[string]any{"id": 60001, "name": "배너 A 수정"})
	require.Equal(t, 200, changed.Status, "%s", changed.Body)
	assert.Equal(t, "MODIFICATION_WAITING", changed.JSON(t)["reviewStatus"], "a change to an approved creative waits too")
	assert.Equal(t, "WAITING", changed.JSON(t)["modifyReviewStatus"])
	assert.Equal(t, "배너 A 수정", call(adv, "GET", "/creatives/60001", nil).JSON(t)["name"])

	kakaoError(t, call(adv, "DELETE", fmt.Sprintf("/creatives/%d", id), nil), 403, -402, 0)
	require.Equal(t, 200, call(advDelete, "DELETE", fmt.Sprintf("/creatives/%d", id), nil).Status)
	kakaoError(t, call(adv, "GET", fmt.Sprintf("/creatives/%d", id), nil), 400, -813, kakao.ErrCreativeNotFound.DetailCode)
	assert.Contains(t, contentIDs(t, call(adv, "GET", "/creatives?adGroupId=50001&config=DEL", nil)), id)
}

func m02OverHTTP(t *testing.T) {
	t.Parallel()
	sb := newAdsSandbox(t, sandboxtest.NoRateLimits)
	call := func(token, method, path string, body any) sandboxtest.Response {
		return sb.Do(momentCall(token, adsA, method, path, body))
	}
	create := func(typ, goal string) sandboxtest.Response {
		return call(adv, "POST", "/campaigns", map[string]any{"name": typ + " " + goal,
			"campaignTypeGoal": map[string]any{"campaignType": typ, "goal": goal}})
	}
	kakaoError(t, create("DISPLAY", "REACH"), 400, -813, kakao.ErrCampaignTypeGoal.DetailCode)
	kakaoError(t, create("DAUM_SHOPPING", "CONVERSION"), 400, -813, kakao.ErrCampaignTypeGoal.DetailCode)
	contains(t, kakaoError(t, create("BILLBOARD", "REACH"), 400, -2, 0), "campaignType")
	before := contentIDs(t, call(adv, "GET", "/campaigns?config=ON,OFF,DEL", nil))

	made := create("TALK_CHANNEL", "REACH")
	require.Equal(t, 200, made.Status, "%s", made.Body)
	c := made.JSON(t)
	assert.Equal(t, "ON", c["config"], "a new campaign is ON, as at Kakao")
	assert.Nil(t, c["dailyBudgetAmount"])
	id := int64(c["id"].(float64))
	assert.Contains(t, contentIDs(t, call(adv, "GET", "/campaigns", nil)), id)
	assert.Len(t, contentIDs(t, call(adv, "GET", "/campaigns?config=ON,OFF,DEL", nil)), len(before)+1)
	withObjective := call(adv, "POST", "/campaigns", map[string]any{"name": "픽셀", "trackId": "track-1",
		"campaignTypeGoal": map[string]any{"campaignType": "DISPLAY", "goal": "CONVERSION"}, "objective": map[string]any{"type": "PIXEL_AND_SDK", "value": "track-1"}})
	require.Equal(t, 200, withObjective.Status, "%s", withObjective.Body)
	assert.Equal(t, map[string]any{"type": "PIXEL_AND_SDK", "value": "track-1"}, withObjective.JSON(t)["objective"])
	assert.Equal(t, "track-1", withObjective.JSON(t)["trackId"])

	budget := func(v any) sandboxtest.Response {
		return call(adv, "PUT", "/campaigns/dailyBudgetAmount", map[string]any{"id": id, "dailyBudgetAmount": v})
	}
	for _, bad := range []int64{49990, 50005, 1_000_000_010, 0, -50000} {
		kakaoError(t, budget(bad), 400, -813, kakao.ErrCampaignBudget.DetailCode)
	}
	for _, good := range []any{50000, 1_000_000_000, 123450, nil} {
		r := budget(good)
		require.Equal(t, 200, r.Status, "%v: %s", good, r.Body)
		assert.Equal(t, good, toInt(call(adv, "GET", fmt.Sprintf("/campaigns/%d", id), nil).JSON(t)["dailyBudgetAmount"]), "%v", good)
	}
	kakaoError(t, call(adv, "POST", "/campaigns", map[string]any{"name": "작은 예산",
		"campaignTypeGoal": map[string]any{"campaignType": "DISPLAY", "goal": "CONVERSION"}, "dailyBudgetAmount": 10}),
		400, -813, kakao.ErrCampaignBudget.DetailCode)
	kakaoError(t, call(adv, "PUT", "/campaigns", map[string]any{"id": id, "dailyBudgetAmount": 12345}),
		400, -813, kakao.ErrCampaignBudget.DetailCode)
	assert.Equal(t, 200, call(adv, "PUT", "/campaigns", map[string]any{"id": id, "name": "새 이름"}).Status)
	assert.Equal(t, "새 이름", call(adv, "GET", fmt.Sprintf("/campaigns/%d", id), nil).JSON(t)["name"])

	// Deletes need moment_delete and cascade.
	del := call(adv, "DELETE", fmt.Sprintf("/campaigns/%d", liveCampaign), nil)
	kakaoError(t, del, 403, -402, 0)
	assert.Equal(t, []any{"moment_delete"}, del.JSON(t)["required_scopes"])
	kakaoError(t, call(adv, "DELETE", fmt.Sprintf("/adGroups/%d", liveGroup), nil), 403, -402, 0)
	assert.Equal(t, 200, call(adv, "GET", fmt.Sprintf("/campaigns/%d", liveCampaign), nil).Status, "nothing deleted")

	r := call(advDelete, "DELETE", fmt.Sprintf("/campaigns/%d", liveCampaign), nil)
	require.Equal(t, 200, r.Status, "%s", r.Body)
	assert.Empty(t, r.Body)
	kakaoError(t, call(adv, "GET", fmt.Sprintf("/campaigns/%d", liveCampaign), nil), 400, -813, kakao.ErrCampaignNotFound.DetailCode)
	assert.Contains(t, contentIDs(t, call(adv, "GET", "/campaigns?config=DEL", nil)), int64(liveCampaign))
	assert.Equal(t, []int64{50001, 50002}, contentIDs(t, call(adv, "GET", "/adGroups?campaignId=40001&config=DEL", nil)), "ad groups cascade")
	assert.Empty(t, contentIDs(t, call(adv, "GET", "/adGroups?campaignId=40001", nil)))
	assert.Equal(t, []int64{60001, 60002, 60003}, contentIDs(t, call(adv, "GET", "/creatives?adGroupId=50001&config=DEL", nil)), "creatives cascade")
	kakaoError(t, call(adv, "GET", fmt.Sprintf("/adGroups/%d", liveGroup), nil), 400, -813, kakao.ErrAdGroupDeleted.DetailCode)
	kakaoError(t, call(adv, "GET", "/creatives/60001", nil), 400, -813, kakao.ErrCreativeNotFound.DetailCode)
	kakaoError(t, call(adv, "PUT", "/campaigns/onOff", map[string]any{"id": liveCampaign, "config": "ON"}), 400, -813, kakao.ErrCampaignNotFound.DetailCode)

	r = call(advDelete, "DELETE", "/adGroups/50101", nil) // adsB's ad group, asked on adsA
	assert.Equal(t, 400, r.Status, "%s", r.Body)
	assert.Equal(t, []int64{50101}, contentIDs(t, sb.Do(momentCall(adv, adsB, "GET", "/adGroups?campaignId=40101", nil))))
	sb.RequireLedger()
}

// toInt reads a JSON number as an int for comparing with a literal; other
// values pass through.
func toInt(v any) any {
	if f, ok := v.(float64); ok {
		return int(f)
	}
	return v
}

func m02DemoDeleteConsent(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	del := req{Method: "DELETE", Path: "/openapi/v4/campaigns/20001", Token: "sandbox-biz-alice", Header: map[string]string{"adAccountId": "10001"}}
	r := sb.Do(del)
	kakaoError(t, r, 403, -402, 0)
	assert.Equal(t, []any{"moment_delete"}, r.JSON(t)["required_scopes"], "the demo's business tokens keep their scopes")
	tok := sb.MintToken(sandboxtest.TokenParams{User: "alice", App: "demo", Type: "business", Scopes: []string{"moment_management", "moment_delete"}})
	del.Token = tok
	require.Equal(t, 200, sb.Do(del).Status, "the demo app may ask for moment_delete")
	get := req{Method: "GET", Path: "/openapi/v4/campaigns/20001", Token: "sandbox-biz-alice", Header: map[string]string{"adAccountId": "10001"}}
	kakaoError(t, sb.Do(get), 400, -813, 31001) // "does not exist or was deleted"
	get.Path = "/openapi/v4/campaigns?config=DEL"
	assert.Contains(t, string(sb.Do(get).Body), `"id":20001`, "listed as DEL, as Kakao lists deleted campaigns")
}

func m03LimitsPerOperationAndAdAccount(t *testing.T) {
	t.Parallel()
	sb := newAdsSandbox(t)
	onOff := func(adAccount int, id int64, config string) sandboxtest.Response {
		return sb.Do(momentCall(adv, adAccount, "PUT", "/campaigns/onOff", map[string]any{"id": id, "config": config}))
	}
	require.Equal(t, 200, onOff(adsA, liveCampaign, "OFF").Status)
	second := onOff(adsA, liveCampaign, "ON")
	msg := kakaoError(t, second, 429, -813, kakao.ErrRateLimited.DetailCode)
	contains(t, msg, "updateCampaignOnOff")
	assert.Equal(t, "1", second.Header.Get("Retry-After"))
	assert.Equal(t, 200, onOff(adsB, 40101, "OFF").Status, "another ad account has a limit of its own")
	budget := sb.Do(momentCall(adv, adsA, "PUT", "/campaigns/dailyBudgetAmount", map[string]any{"id": liveCampaign, "dailyBudgetAmount": 60000}))
	assert.Equal(t, 200, budget.Status, "another operation too: %s", budget.Body)
	assert.Equal(t, "OFF", sb.Do(momentCall(adv, adsA, "GET", "/campaigns/40001", nil)).JSON(t)["config"], "the refused call changed nothing")
	sb.Wall.Advance(time.Second)
	assert.Equal(t, 200, onOff(adsA, liveCampaign, "ON").Status, "a second later")

	group := func(adAccount int, campaign int64) sandboxtest.Response {
		return sb.Do(momentCall(adv, adAccount, "POST", "/adGroups", map[string]any{"campaign": map[string]any{"id": campaign},
			"name": "새 그룹", "pricingType": "CPC", "bidAmount": 100, "schedule": map[string]any{"beginDate": "2026-01-02"}}))
	}
	r := group(adsA, liveCampaign)
	require.Equal(t, 200, r.Status, "%s", r.Body)
	sb.Wall.Advance(4 * time.Second)
	r = group(adsA, liveCampaign)
	kakaoError(t, r, 429, -813, kakao.ErrRateLimited.DetailCode)
	assert.Equal(t, "1", r.Header.Get("Retry-After"))
	assert.Equal(t, 200, group(adsB, 40101).Status)
	sb.Wall.Advance(time.Second)
	assert.Equal(t, 200, group(adsA, liveCampaign).Status, "5 seconds on")
	assert.Len(t, contentIDs(t, sb.Do(momentCall(adv, adsA, "GET", "/adGroups?campaignId=40001", nil))), 4, "two made, one refused")

	// The billing call stays Kakao's one per second per user, whatever the ad account.
	va := func(adAccount int) sandboxtest.Response {
		return sb.Do(momentCall(adv, adAccount, "POST", "/billing/virtualAccount", vaBody(adAccount, 10000, "88")))
	}
	require.Equal(t, 200, va(adsA).Status)
	kakaoError(t, va(adsB), 429, -813, kakao.ErrRateLimited.DetailCode)
}

// m03DocumentLimits: the document carries Kakao's limits (docs/kakao-api.md
// §9.2–9.4; the reference table where clients say otherwise).
func m03DocumentLimits(t *testing.T) {
	t.Parallel()
	spec, err := openapi.Default()
	require.NoError(t, err)
	want := map[string]string{
		"updateCampaignDailyBudget": "1/s", "updateCampaignOnOff": "1/s",
		"createAdGroup": "1/5s", "updateAdGroup": "1/5s",
		"updateAdGroupDailyBudget": "1/s", "updateAdGroupBidAmount": "1/s", "updateAdGroupPacing": "1/s", "updateAdGroupOnOff": "1/s",
		"updateCreativeOnOff": "1/s",
		// the reports (§9.5; a multi-account ad-account report counts per app, rule P04)
		"getAdAccountReport": "1/5s", "getCampaignReport": "1/5s", "getAdGroupReport": "1/s", "getCreativeReport": "1/5s",
	}
	for _, op := range spec.Operations {
		if limit, ok := want[op.ID]; ok {
			require.NotNil(t, op.RateLimit, op.ID)
			assert.Equal(t, limit, op.RateLimit.String(), op.ID)
			assert.True(t, op.RatePerAdAccount, "%s counts each ad account apart", op.ID)
			delete(want, op.ID)
		} else if op.RateLimit != nil || op.RateBucket != op.ID {
			assert.False(t, op.RatePerAdAccount, "%s is Kakao's limit per user", op.ID)
		}
	}
	assert.Empty(t, want, "operations missing from the document")
}
