package sandbox_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/ads"
	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/moment"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// The ads domain's rules: M02, M04–M08 (docs/rules.md). Until the Moment
// endpoints for campaigns, ad groups and creatives exist, statuses are read
// from the ads service in process; everything else goes over HTTP.
func rulesAdsCore(t *testing.T) {
	t.Run("M02_only_api_creatable_type_goal_pairs", m02TypeGoalPairs)
	t.Run("M02_daily_budget_range_and_steps", m02DailyBudget)
	t.Run("M02_only_on_or_off_switches_and_delete_cascades", m02SwitchAndDelete)
	t.Run("M04_a_creative_serves_only_after_review", m04Review)
	t.Run("M04_automatic_approval_after_the_delay", m04AutoApproval)
	t.Run("M05_one_function_derives_every_status", m05Statuses)
	t.Run("M06_ads_spend_the_wallet_every_hour", m06Spend)
	t.Run("M06_normal_pacing_spreads_the_daily_budget", m06Pacing)
	t.Run("M07_out_of_cash_stops_and_a_deposit_resumes", m07OutOfCash)
	t.Run("M07_daily_budget_stops_until_midnight", m07DailyBudget)
	t.Run("M08_same_state_and_clock_same_delivery", m08Reproducible)
}

// runningAds is one campaign, ad group and approved creative per ad account
// of adsBase, CPC at 200 won, spending as fast as it can.
const runningAds = `
campaigns:
  - {key: run, adAccount: ads-main, name: 상시 캠페인, type: DISPLAY, goal: CONVERSION}
  - {key: thin-c, adAccount: ads-thin, name: 잔액 부족 캠페인, type: DISPLAY, goal: VISITING}
adGroups:
  - {key: run-g, campaign: run, name: 상시 그룹, pricingType: CPC, pacing: QUICK, bidAmount: 200}
  - {key: thin-g, campaign: thin-c, name: 잔액 부족 그룹, pricingType: CPC, pacing: QUICK, bidAmount: 200}
creatives:
  - {key: run-cr, adGroup: run-g, name: 상시 소재, landingUrl: "https://example.com/run"}
  - {key: thin-cr, adGroup: thin-g, name: 잔액 부족 소재, landingUrl: "https://example.com/thin"}
`

func m02TypeGoalPairs(t *testing.T) {
	t.Parallel()
	b := newAdsBox(t, "", nil)
	for _, pair := range [][2]string{{"TALK_BIZ_BOARD", "CONVERSION"}, {"TALK_BIZ_BOARD", "VISITING"}, {"DISPLAY", "CONVERSION"},
		{"DISPLAY", "VISITING"}, {"VIDEO", "VIEW"}, {"TALK_CHANNEL", "REACH"}, {"PERSONAL_MESSAGE", "REACH"}} {
		v, err := b.ads.CreateCampaign(masterCaller, mainAds, ads.CampaignParams{Name: pair[0] + " " + pair[1], Type: pair[0], Goal: pair[1]})
		require.NoError(t, err, "%v", pair)
		assert.Equal(t, moment.ConfigOn, v.Config, "a new campaign is ON, as Kakao creates it")
		assert.Equal(t, ads.SystemOn, v.SystemConfig)
	}
	for _, pair := range [][2]string{{"DISPLAY", "REACH"}, {"VIDEO", "CONVERSION"}, {"TALK_BIZ_BOARD_RESERVED", "REACH"}, {"DAUM_SHOPPING", "CONVERSION"}, {"TALK_CHANNEL", "VIEW"}} {
		_, err := b.ads.CreateCampaign(masterCaller, mainAds, ads.CampaignParams{Name: "x", Type: pair[0], Goal: pair[1]})
		require.ErrorIs(t, err, kakao.ErrCampaignTypeGoal, "%v", pair)
		assert.Contains(t, kakao.Words(err), pair[0])
	}
	all, err := b.ads.Campaigns(masterCaller, mainAds, nil)
	require.NoError(t, err)
	assert.Len(t, all, 7, "a refused campaign leaves nothing behind")
	_, err = b.ads.CreateCampaign(moment.Caller{UserID: 4}, mainAds, ads.CampaignParams{Name: "x", Type: "DISPLAY", Goal: "VISITING"})
	assert.ErrorIs(t, err, kakao.ErrNoPermission, "an outsider may not create in someone's ad account (V05)")

	r := b.do(req{Method: "POST", Path: "/_sandbox/fixtures", Header: map[string]string{"Content-Type": "application/yaml"}, Body: []byte(`
campaigns:
  - {key: fine, adAccount: ads-main, name: 괜찮은 캠페인, type: VIDEO, goal: VIEW}
  - {key: reach, adAccount: ads-main, name: 도달 디스플레이, type: DISPLAY, goal: REACH}
`)})
	msg := kakaoError(t, r, 400, -2, 0)
	contains(t, msg, "campaigns[1] (reach)", "DISPLAY × REACH")
	all, err = b.ads.Campaigns(masterCaller, mainAds, nil)
	require.NoError(t, err)
	assert.Len(t, all, 7, "a fixture is all or nothing: the good entry before the bad one is not stored")
}

func m02DailyBudget(t *testing.T) {
	t.Parallel()
	b := newAdsBox(t, runningAds, nil)
	id := b.id("campaigns", "run")
	for _, bad := range []int64{0, 49_990, 50_005, 1_000_000_010, -50_000} {
		_, err := b.ads.SetCampaignDailyBudget(masterCaller, mainAds, id, &bad)
		require.ErrorIs(t, err, kakao.ErrCampaignBudget, "%d", bad)
	}
	for _, good := range []int64{50_000, 50_010, 1_000_000_000} {
		v, err := b.ads.SetCampaignDailyBudget(masterCaller, mainAds, id, &good)
		require.NoError(t, err, "%d", good)
		assert.Equal(t, good, *v.DailyBudget)
	}
	v, err := b.ads.SetCampaignDailyBudget(masterCaller, mainAds, id, nil)
	require.NoError(t, err)
	assert.Nil(t, v.DailyBudget, "null removes the campaign's cap")
	bad := int64(60_001)
	_, err = b.ads.CreateCampaign(masterCaller, mainAds, ads.CampaignParams{Name: "x", Type: "DISPLAY", Goal: "VISITING", DailyBudget: &bad})
	assert.ErrorIs(t, err, kakao.ErrCampaignBudget, "creating checks it too")
}

func m02SwitchAndDelete(t *testing.T) {
	t.Parallel()
	b := newAdsBox(t, runningAds, nil)
	c, g, cr := b.id("campaigns", "run"), b.id("adGroups", "run-g"), b.id("creatives", "run-cr")
	v, err := b.ads.SetCampaignConfig(masterCaller, mainAds, c, moment.ConfigOff)
	require.NoError(t, err)
	assert.Equal(t, []string{ads.StatusOff}, v.Status)
	_, err = b.ads.SetCampaignConfig(masterCaller, mainAds, c, moment.ConfigDel)
	require.Error(t, err, "onOff takes ON or OFF only")
	_, err = b.ads.SetCampaignConfig(masterCaller, mainAds, c, moment.ConfigOn)
	require.NoError(t, err)

	require.NoError(t, b.ads.DeleteCampaign(masterCaller, mainAds, c))
	_, err = b.ads.SetCampaignConfig(masterCaller, mainAds, c, moment.ConfigOn)
	require.ErrorIs(t, err, kakao.ErrCampaignNotFound, "a deleted campaign no longer switches (31001)")
	_, err = b.ads.Campaign(masterCaller, mainAds, c)
	require.ErrorIs(t, err, kakao.ErrCampaignNotFound)
	listed, err := b.ads.Campaigns(masterCaller, mainAds, []ads.Config{moment.ConfigDel})
	require.NoError(t, err)
	require.Len(t, listed, 1, "Kakao lists deleted campaigns under config=DEL")
	assert.Equal(t, []string{ads.StatusDeleted}, listed[0].Status)
	groups, err := b.ads.AdGroups(masterCaller, mainAds, c, []ads.Config{moment.ConfigDel})
	require.NoError(t, err)
	require.Len(t, groups, 1, "the delete cascades to the ad groups")
	_, err = b.ads.AdGroup(masterCaller, mainAds, g)
	require.ErrorIs(t, err, kakao.ErrAdGroupDeleted, "32026")
	creatives, err := b.ads.Creatives(masterCaller, mainAds, g, []ads.Config{moment.ConfigDel})
	require.NoError(t, err)
	require.Len(t, creatives, 1, "and to the creatives")
	assert.Equal(t, cr, creatives[0].ID)
	_, err = b.ads.Creative(masterCaller, mainAds, cr)
	require.ErrorIs(t, err, kakao.ErrCreativeNotFound, "33003")
}

// reviews lists the control plane's reviews of creatives.
func (b *adsBox) reviews(status string) []map[string]any {
	b.t.Helper()
	r := b.do(req{Method: "GET", Path: "/_sandbox/reviews?status=" + status})
	require.Equal(b.t, 200, r.Status, "%s", r.Body)
	var out struct {
		Reviews []map[string]any `json:"reviews"`
	}
	r.Decode(b.t, &out)
	var mine []map[string]any
	for _, rv := range out.Reviews {
		if rv["kind"] == "ads.creativeReview" {
			mine = append(mine, rv)
		}
	}
	return mine
}

func (b *adsBox) decide(reviewID uint64, verb, note string) {
	b.t.Helper()
	r := b.do(req{Method: "POST", Path: fmt.Sprintf("/_sandbox/reviews/%d/%s", reviewID, verb), Body: map[string]any{"note": note}})
	require.Equal(b.t, 200, r.Status, "%s", r.Body)
}

func m04Review(t *testing.T) {
	t.Parallel()
	never := time.Duration(0)
	b := newAdsBox(t, runningAds, &never)
	g := b.id("adGroups", "run-g")
	fresh, err := b.ads.CreateCreative(masterCaller, mainAds, g, ads.CreativeParams{Name: "새 소재", LandingURL: "https://example.com/new"})
	require.NoError(t, err)
	assert.Equal(t, ads.ReviewWaiting, fresh.ReviewStatus, "a new creative waits for review")
	assert.Equal(t, ads.StatusUnapproved, fresh.CreativeStatus)
	assert.Equal(t, moment.ConfigOn, fresh.Config)
	pending := b.reviews("PENDING")
	require.Len(t, pending, 1, "its review is a sandbox review")

	b.advance("3h")
	assert.Equal(t, ads.ReviewWaiting, b.creative(mainAds, fresh.ID).ReviewStatus, "with the delay off, only a decision approves it")
	for _, d := range b.deliveries(mainAds) {
		assert.NotEqual(t, fresh.ID, d.CreativeID, "a creative under review never serves")
	}
	b.decide(fresh.Review.ReviewID, "approve", "")
	v := b.creative(mainAds, fresh.ID)
	assert.Equal(t, ads.ReviewApproved, v.ReviewStatus)
	assert.Equal(t, ads.CreativeOperating, v.CreativeStatus)
	b.advance("1h")
	assert.True(t, slices.ContainsFunc(b.deliveries(mainAds), func(d ads.Delivery) bool { return d.CreativeID == fresh.ID && d.Impressions > 0 }),
		"approved, it serves from the next hour")

	changed, err := b.ads.UpdateCreative(masterCaller, mainAds, fresh.ID, ads.CreativeParams{Name: "고친 소재", LandingURL: "https://example.com/changed"})
	require.NoError(t, err)
	assert.Equal(t, ads.ReviewModificationWaiting, changed.ReviewStatus, "a change to an approved creative is reviewed again")
	assert.Equal(t, ads.StatusUnapproved, changed.CreativeStatus, "and it stops serving until approved")
	b.decide(changed.Review.ReviewID, "reject", "랜딩 페이지가 소재와 다릅니다")
	v = b.creative(mainAds, fresh.ID)
	assert.Equal(t, ads.ReviewModificationRejected, v.ReviewStatus)
	assert.Equal(t, "랜딩 페이지가 소재와 다릅니다", v.RejectedReason, "a rejection carries the reviewer's reason")
	before := costOf(b.deliveries(mainAds), func(d ads.Delivery) bool { return d.CreativeID == fresh.ID })
	b.advance("2h")
	assert.Equal(t, before, costOf(b.deliveries(mainAds), func(d ads.Delivery) bool { return d.CreativeID == fresh.ID }), "rejected, it does not serve")

	twice, err := b.ads.CreateCreative(masterCaller, mainAds, g, ads.CreativeParams{Name: "두 번 고친 소재"})
	require.NoError(t, err)
	again, err := b.ads.UpdateCreative(masterCaller, mainAds, twice.ID, ads.CreativeParams{Name: "두 번째 판"})
	require.NoError(t, err)
	assert.Equal(t, ads.ReviewWaiting, again.ReviewStatus, "a change before the first review is still a new creative's review")
	r := b.do(req{Method: "POST", Path: fmt.Sprintf("/_sandbox/reviews/%d/approve", twice.Review.ReviewID), Body: map[string]any{}})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	assert.Contains(t, r.JSON(t)["outcome"], "changed again", "approving a superseded review says so")
	assert.Equal(t, ads.ReviewWaiting, b.creative(mainAds, twice.ID).ReviewStatus, "and changes nothing: the newer review decides")
	b.decide(again.Review.ReviewID, "approve", "")
	assert.Equal(t, ads.ReviewApproved, b.creative(mainAds, twice.ID).ReviewStatus)

	other, err := b.ads.CreateCreative(masterCaller, mainAds, g, ads.CreativeParams{Name: "거절될 소재"})
	require.NoError(t, err)
	b.decide(other.Review.ReviewID, "reject", "심사 기준 위반")
	v = b.creative(mainAds, other.ID)
	assert.Equal(t, ads.ReviewRejected, v.ReviewStatus)
	assert.Equal(t, "심사 기준 위반", v.RejectedReason)
	b.requireLedger()
}

func m04AutoApproval(t *testing.T) {
	t.Parallel()
	b := newAdsBox(t, runningAds, nil) // the default delay: an hour
	cr, err := b.ads.CreateCreative(masterCaller, mainAds, b.id("adGroups", "run-g"), ads.CreativeParams{Name: "자동 승인 소재"})
	require.NoError(t, err)
	b.advance("59m")
	assert.Equal(t, ads.ReviewWaiting, b.creative(mainAds, cr.ID).ReviewStatus)
	b.advance("1m")
	assert.Equal(t, ads.ReviewApproved, b.creative(mainAds, cr.ID).ReviewStatus, "approved by itself an hour after it was submitted")
	assert.Empty(t, b.reviews("PENDING"), "the automatic approval decides the review itself")
	assert.Len(t, b.reviews("APPROVED"), 1)
}

func m05Statuses(t *testing.T) {
	t.Parallel()
	b := newAdsBox(t, runningAds, nil)
	b.load(`
adGroups:
  - {key: later-g, campaign: run, name: 예정 그룹, bidAmount: 100, schedule: {beginDate: "+2d"}}
  - {key: done-g, campaign: run, name: 종료 그룹, bidAmount: 100, schedule: {beginDate: "-5d", endDate: "-1d"}}
  - {key: lonely-g, campaign: run, name: 소재 없는 그룹, bidAmount: 100}
creatives:
  - {key: wait-cr, adGroup: lonely-g, name: 심사중 소재, review: WAITING}
  - {key: later-cr, adGroup: later-g, name: 예정 소재}
  - {key: done-cr, adGroup: done-g, name: 종료 소재}
  - {key: off-cr, adGroup: run-g, name: 꺼진 소재, config: OFF}
`)
	c := b.id("campaigns", "run")
	group := func(key string) ads.AdGroupView { return b.adGroup(mainAds, b.id("adGroups", key)) }
	creative := func(key string) ads.CreativeView { return b.creative(mainAds, b.id("creatives", key)) }

	cv := b.campaign(mainAds, c)
	assert.Equal(t, []string{ads.StatusLive}, cv.Status)
	assert.Equal(t, "운영중", cv.StatusDescription)
	assert.Equal(t, []string{ads.StatusLive}, group("run-g").Status)
	assert.True(t, group("run-g").IsValidPeriod)
	assert.Equal(t, 2, group("run-g").CreativeCount)
	assert.Equal(t, []string{ads.StatusReady}, group("later-g").Status)
	assert.False(t, group("later-g").IsValidPeriod)
	assert.Equal(t, []string{ads.StatusFinished}, group("done-g").Status)
	assert.Equal(t, []string{ads.StatusNoAvailableCreative}, group("lonely-g").Status, "its one creative is under review")
	assert.Equal(t, ads.StatusUnapproved, creative("wait-cr").CreativeStatus)
	assert.Equal(t, ads.StatusInvalidDate, creative("later-cr").CreativeStatus)
	assert.Equal(t, ads.StatusInvalidDate, creative("done-cr").CreativeStatus)
	assert.Equal(t, ads.StatusOff, creative("off-cr").CreativeStatus)
	assert.Equal(t, ads.CreativeOperating, creative("run-cr").CreativeStatus)

	_, err := b.ads.SetCampaignConfig(masterCaller, mainAds, c, moment.ConfigOff)
	require.NoError(t, err)
	assert.Equal(t, []string{ads.StatusCampaignUnavailable}, group("run-g").Status, "a switch above shows below")
	assert.Equal(t, ads.StatusAdGroupUnavailable, creative("run-cr").CreativeStatus)
	_, err = b.ads.SetCampaignConfig(masterCaller, mainAds, c, moment.ConfigOn)
	require.NoError(t, err)

	_, err = b.ads.SetSystemConfig(ads.KindCampaign, c, ads.SystemAdminStop, "광고 심사 정책 위반")
	require.NoError(t, err)
	cv = b.campaign(mainAds, c)
	assert.Equal(t, []string{ads.StatusAdminStop}, cv.Status)
	assert.Equal(t, "관리자 정지", cv.StatusDescription)
	assert.Equal(t, []string{ads.StatusCampaignUnavailable}, group("run-g").Status)
	_, err = b.ads.SetSystemConfig(ads.KindCampaign, c, ads.SystemOn, "정책 위반 해소")
	require.NoError(t, err)
	hs, err := b.ads.SystemConfigHistories(masterCaller, mainAds, c)
	require.NoError(t, err)
	require.Len(t, hs, 2)
	assert.Equal(t, ads.SystemOn, hs[0].SystemConfig, "newest first")
	assert.Equal(t, "광고 심사 정책 위반", hs[1].Reason)

	// Time alone changes what is derived: nothing is written to later-g.
	b.advance("2d")
	assert.Equal(t, []string{ads.StatusLive}, group("later-g").Status, "its begin date came")
	assert.Equal(t, ads.CreativeOperating, creative("later-cr").CreativeStatus)
	b.checkFile()
}

func m06Spend(t *testing.T) {
	t.Parallel()
	b := newAdsBox(t, runningAds, nil)
	w := b.walletOf(mainAds)
	start, err := sandbox.SpendableOf(b.sb, w)
	require.NoError(t, err)
	b.advance("3h") // 10:00, 11:00 and 12:00 deliver (the fixture loaded at 09:00)
	ds := b.deliveries(mainAds)
	require.Len(t, ds, 3, "one record per creative and hour")
	for i, d := range ds {
		assert.Equal(t, sandboxtest.Start().Add(time.Duration(i+1)*time.Hour), d.Hour)
		assert.Positive(t, d.Impressions)
		assert.LessOrEqual(t, d.Cost, 200*d.Clicks, "CPC: cost within the bid times the clicks")
		assert.LessOrEqual(t, d.Clicks, d.Impressions)
	}
	spent := costOf(ds, nil)
	require.Positive(t, spent)
	left, err := sandbox.SpendableOf(b.sb, w)
	require.NoError(t, err)
	assert.Equal(t, start-spent, left, "the wallet paid exactly what was delivered")
	assert.Equal(t, spent, b.spendEntries(w, nil), "through the wallet's spend entries, one per ad account and hour")
	b.requireLedger()
	assert.Equal(t, spent, b.campaign(mainAds, b.id("campaigns", "run")).SpentToday)
	b.checkFile()
}

// checkFile closes the data file and checks it as kakao-sandbox check and
// the start-up check do (rule R10): every ads bucket and effect has a shape.
func (b *adsBox) checkFile() {
	b.t.Helper()
	b.close()
	report, err := sandbox.Check(b.cfg.DataPath)
	require.NoError(b.t, err)
	require.True(b.t, report.OK(), "%v %v", report.Problems, report.Mismatches)
	again, err := sandbox.Open(b.cfg)
	require.NoError(b.t, err)
	require.NoError(b.t, again.Close())
}

func m06Pacing(t *testing.T) {
	t.Parallel()
	b := newAdsBox(t, `
campaigns:
  - {key: paced-c, adAccount: ads-main, name: 균등 캠페인, type: DISPLAY, goal: VISITING}
adGroups:
  - {key: normal-g, campaign: paced-c, name: 균등 그룹, pricingType: CPM, pacing: NORMAL, bidAmount: 100000, dailyBudget: 10000}
  - {key: quick-g, campaign: paced-c, name: 빠른 그룹, pricingType: CPM, pacing: QUICK, bidAmount: 100000, dailyBudget: 10000}
creatives:
  - {key: normal-cr, adGroup: normal-g, name: 균등 소재}
  - {key: quick-cr, adGroup: quick-g, name: 빠른 소재}
`, nil)
	b.advance("15h") // 10:00 to 24:00, the rest of the day and the next day's first hour
	normal, quick := b.id("adGroups", "normal-g"), b.id("adGroups", "quick-g")
	var spent, beforeLast, quickSpent int64
	day := sandboxtest.Start().Format(kakao.DateLayout)
	for _, d := range b.deliveries(mainAds) {
		if d.Hour.Format(kakao.DateLayout) != day {
			continue
		}
		switch d.AdGroupID {
		case normal:
			hoursLeft := int64(24 - d.Hour.Hour())
			assert.LessOrEqual(t, d.Cost, (10_000-spent)/hoursLeft, "at %s NORMAL spends at most what is left over the hours left", d.Hour)
			spent += d.Cost
			if d.Hour.Hour() < 23 {
				beforeLast += d.Cost
			}
		case quick:
			quickSpent += d.Cost
		}
	}
	assert.Equal(t, int64(10_000), quickSpent, "QUICK spends it all as soon as it can")
	assert.Less(t, beforeLast, int64(10_000), "NORMAL keeps some for every hour left: only the day's last hour may spend the rest")
	assert.LessOrEqual(t, spent, int64(10_000))
}

func m07OutOfCash(t *testing.T) {
	t.Parallel()
	// A seed whose clicks spend the 3,000 won in an hour or two. With a
	// random one, a slow seed (1 in a few hundred) spends for more than a
	// day, and its hours cross 08:00, where the correction gives cash back
	// (P03's own tests cover that).
	b := newAdsBoxWith(t, func(c *sandbox.Config) { c.AdsSeed = 1 })
	b.load(runningAds)
	w := b.walletOf(thinAds)
	cr := b.id("creatives", "thin-cr")
	var left int64
	for i := 0; i < 24; i++ { // 3,000 won lasts an hour or two
		b.advance("1h")
		var err error
		left, err = sandbox.SpendableOf(b.sb, w)
		require.NoError(t, err)
		if left == 0 {
			break
		}
	}
	assert.Zero(t, left, "3,000 won paid for what it could")
	assert.Equal(t, int64(3000), costOf(b.deliveries(thinAds), nil), "and the rest was not served")
	v := b.creative(thinAds, cr)
	assert.Contains(t, v.Status, ads.StatusAdAccountUnavailable)
	assert.Contains(t, v.StatusDescription, "잔액 부족")
	g := b.adGroup(thinAds, b.id("adGroups", "thin-g"))
	assert.Contains(t, g.Status, ads.StatusAdAccountUnavailable)
	assert.Contains(t, b.campaign(thinAds, b.id("campaigns", "thin-c")).Status, ads.StatusAdAccountUnavailable)
	n := len(b.deliveries(thinAds))
	b.advance("5h")
	assert.Len(t, b.deliveries(thinAds), n, "out of balance, nothing serves")

	b.deposit(thinAds, 100_000)
	v = b.creative(thinAds, cr)
	assert.Equal(t, []string{ads.StatusLive}, v.Status, "a deposit puts the account back in balance at once")
	b.advance("1h")
	assert.Greater(t, len(b.deliveries(thinAds)), n, "and its ads serve from the next hour")
	b.requireLedger()
	assert.Equal(t, costOf(b.deliveries(thinAds), nil), b.spendEntries(w, nil))
}

// deposit charges an ad account's wallet through a virtual account.
func (b *adsBox) deposit(adAccount uint64, amount int64) {
	b.t.Helper()
	r := b.do(vaRequest(master, int(adAccount), vaBody(int(adAccount), amount, "88")))
	require.Equal(b.t, 200, r.Status, "%s", r.Body)
	var va struct {
		AccountNumber string `json:"accountNumber"`
	}
	r.Decode(b.t, &va)
	r = b.do(req{Method: "POST", Path: "/_sandbox/virtual-accounts/" + va.AccountNumber + "/deposits", Body: map[string]any{"amount": amount}})
	require.Equal(b.t, 200, r.Status, "%s", r.Body)
}

func m07DailyBudget(t *testing.T) {
	t.Parallel()
	b := newAdsBox(t, `
campaigns:
  - {key: capped-c, adAccount: ads-main, name: 캠페인 일예산, type: DISPLAY, goal: VISITING, dailyBudget: 50000}
  - {key: open-c, adAccount: ads-main, name: 그룹 일예산, type: DISPLAY, goal: VISITING}
adGroups:
  - {key: capped-g, campaign: capped-c, name: 비싼 그룹, pricingType: CPM, pacing: QUICK, bidAmount: 100000}
  - {key: group-g, campaign: open-c, name: 일예산 그룹, pricingType: CPM, pacing: QUICK, bidAmount: 100000, dailyBudget: 10000}
creatives:
  - {key: capped-cr, adGroup: capped-g, name: 캠페인 일예산 소재}
  - {key: capped-cr2, adGroup: capped-g, name: 캠페인 일예산 소재 2}
  - {key: capped-cr3, adGroup: capped-g, name: 캠페인 일예산 소재 3}
  - {key: capped-cr4, adGroup: capped-g, name: 캠페인 일예산 소재 4}
  - {key: group-cr, adGroup: group-g, name: 그룹 일예산 소재}
`, nil)
	cc, cg := b.id("campaigns", "capped-c"), b.id("adGroups", "capped-g")
	gg := b.id("adGroups", "group-g")
	// 10:00 to 21:00 on a first day (docs/ads.md "The delivery model": a new
	// ad serves 30%): the least a creative could cost is about 19,000 won.
	b.advance("12h")
	day := func(keep func(ads.Delivery) bool) int64 { return costOf(b.deliveries(mainAds), keep) }
	assert.Equal(t, int64(50_000), day(func(d ads.Delivery) bool { return d.CampaignID == cc }), "QUICK spends the campaign's budget exactly, never past it")
	assert.Equal(t, int64(10_000), day(func(d ads.Delivery) bool { return d.AdGroupID == gg }), "and the ad group's")
	cv := b.campaign(mainAds, cc)
	assert.True(t, cv.IsDailyBudgetAmountOver)
	assert.Equal(t, []string{ads.StatusExceedDailyBudget}, cv.Status)
	assert.Equal(t, "일예산 초과", cv.StatusDescription)
	assert.Equal(t, []string{ads.StatusCampaignUnavailable}, b.adGroup(mainAds, cg).Status)
	g := b.adGroup(mainAds, gg)
	assert.True(t, g.IsDailyBudgetAmountOver)
	assert.Equal(t, []string{ads.StatusExceedDailyBudget}, g.Status)

	raised := int64(20_000)
	_, err := b.ads.SetAdGroupDailyBudget(masterCaller, mainAds, gg, &raised)
	require.NoError(t, err)
	assert.Equal(t, []string{ads.StatusLive}, b.adGroup(mainAds, gg).Status, "a raised budget lets it serve again the same day")
	_, err = b.ads.SetAdGroupDailyBudget(masterCaller, mainAds, gg, new(int64(10_000)))
	require.NoError(t, err)

	b.advance("2h") // 23:00
	assert.Equal(t, []string{ads.StatusExceedDailyBudget}, b.campaign(mainAds, cc).Status, "until midnight")
	n := len(b.deliveries(mainAds))
	b.advance("59m")
	assert.Len(t, b.deliveries(mainAds), n)
	b.advance("1m") // 00:00 KST: a new day, and its first hour delivers
	assert.Greater(t, len(b.deliveries(mainAds)), n, "from 00:00 KST it serves again")
	b.requireLedger()
}

func m08Reproducible(t *testing.T) {
	t.Parallel()
	b := newAdsBox(t, runningAds, nil)
	snap := b.do(req{Method: "GET", Path: "/_sandbox/snapshot"})
	require.Equal(t, 200, snap.Status, "%s", snap.Body)
	b.advance("6h")
	first := b.deliveries(mainAds)
	require.Len(t, first, 6)
	assert.NotEqual(t, [3]int64{first[0].Impressions, first[0].Clicks, first[0].Cost}, [3]int64{first[1].Impressions, first[1].Clicks, first[1].Cost},
		"each hour draws its own figures")

	r := b.do(req{Method: "PUT", Path: "/_sandbox/snapshot", Body: snap.Body})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	require.Empty(t, b.deliveries(mainAds), "the snapshot predates every delivery")
	b.advance("6h")
	assert.Equal(t, first, b.deliveries(mainAds), "the same data file and clock give the same delivery")
}
